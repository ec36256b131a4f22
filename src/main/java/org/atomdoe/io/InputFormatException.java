package org.atomdoe.io;

/**
 * The one error a reader lets escape on bad input: names the source, the 1-based line, what was
 * expected and what was found, as {@code file:line: message}.
 */
public final class InputFormatException extends RuntimeException {
    private final String source;
    private final long line;
    private final String detail;

    public InputFormatException(String source, long line, String detail) {
        super(source + (line > 0 ? ":" + line : "") + ": " + detail);
        this.source = source;
        this.line = line;
        this.detail = detail;
    }

    public InputFormatException(String source, long line, String detail, Throwable cause) {
        this(source, line, detail);
        initCause(cause);
    }

    /** The file name (or {@code <stdin>}) the error was found in. */
    public String source() {
        return source;
    }

    /** 1-based line number, or 0 when the error is about the whole file. */
    public long line() {
        return line;
    }

    /** The message without the {@code file:line:} prefix. */
    public String detail() {
        return detail;
    }
}
