package org.atomdoe.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines as byte ranges of an internal buffer, tracking each line's number and absolute
 * byte offset, with memory bounded by the longest line. Avoids decoding to {@code String} on the
 * hot path: callers parse straight from {@link #buffer()}.
 */
final class ByteLineReader {
    private final InputStream in;
    private byte[] buf;
    private int pos;        // start of unread data
    private int limit;      // end of valid data
    private long bufOffset; // absolute offset of buf[0]
    private boolean eof;
    private long lineNumber;
    private int lineStart, lineEnd; // current line, without terminator
    private long nextOffset;        // absolute offset just after the current line's terminator
    private final int maxLine;

    /** A line longer than the reader's limit: the caller turns it into a format error with the line number. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    ByteLineReader(InputStream in, int bufferSize) {
        this(in, bufferSize, 0, 0);
    }

    /** A reader whose first line is line {@code firstLine} (1-based) at absolute byte {@code firstOffset}. */
    ByteLineReader(InputStream in, int bufferSize, long firstLine, long firstOffset) {
        this(in, bufferSize, firstLine, firstOffset, Integer.MAX_VALUE - 16);
    }

    /** As above, refusing lines longer than {@code maxLine} bytes instead of growing the buffer without bound. */
    ByteLineReader(InputStream in, int bufferSize, long firstLine, long firstOffset, int maxLine) {
        this.maxLine = maxLine;
        this.in = in;
        this.buf = new byte[bufferSize];
        this.lineNumber = firstLine - 1;
        this.bufOffset = firstOffset;
    }

    /** Advances to the next line; false at end of input. */
    boolean next() throws IOException {
        while (true) {
            int i = Swar.indexOfNewline(buf, pos, limit);
            if (i < limit) {
                setLine(pos, i, i + 1);
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit, limit);
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int start, int newline, int after) {
        int end = newline;
        if (end > start && buf[end - 1] == '\r') end--;
        lineStart = start;
        lineEnd = end;
        pos = after;
        nextOffset = bufOffset + after;
        lineNumber++;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufOffset += pos;
            limit -= pos;
            lineStart -= pos;
            lineEnd -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= maxLine) {
                lineNumber++; // the error is about the line being read
                throw new LineTooLongException(maxLine);
            }
            byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, maxLine)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    int end() {
        return lineEnd;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Absolute byte offset of the current line's first byte. */
    long lineOffset() {
        return bufOffset + lineStart;
    }

    /** Absolute byte offset just after the current line's terminator. */
    long nextOffset() {
        return nextOffset;
    }

    /** The current line decoded as UTF-8. */
    String lineString() {
        return new String(buf, lineStart, lineEnd - lineStart, java.nio.charset.StandardCharsets.UTF_8);
    }

    boolean lineIsBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }
}
