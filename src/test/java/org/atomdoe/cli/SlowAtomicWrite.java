package org.atomdoe.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.atomdoe.io.AtomicFiles;

/**
 * Test helper run in a forked JVM by {@link InterruptionTest}: writes {@code CHUNKS} lines to a
 * file through {@link AtomicFiles}, slowly, announcing on stdout when the write has begun, so that
 * the test can kill it half-way through.
 */
public final class SlowAtomicWrite {
    static final int CHUNKS = 400;

    private SlowAtomicWrite() {}

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        AtomicFiles.write(target, out -> {
            System.out.println("writing");
            System.out.flush();
            byte[] line = ("x".repeat(4000) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < CHUNKS; k++) {
                out.write(line);
                out.flush();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            out.write("complete\n".getBytes(StandardCharsets.US_ASCII));
        });
    }
}
