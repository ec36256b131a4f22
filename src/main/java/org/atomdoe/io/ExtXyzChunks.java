package org.atomdoe.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an uncompressed extended-XYZ file into parts that start at frame boundaries, so that
 * several threads can parse one file: a quick sequential pass reads only each frame's atom count
 * and skips that many lines plus the comment line (a newline scan), placing a boundary whenever
 * the next target size is passed. Where the scan meets something that is not a count it stops
 * splitting, and the last part carries the rest so that the parser reports the error with the
 * right line.
 *
 * <p>Files are read through positional channel reads with a small buffer, not memory-mapped: a
 * mapping counts the whole file in the process's resident memory and cannot exceed 2 GiB, and
 * pools are larger than that.
 */
public final class ExtXyzChunks {
    private static final int BUFFER = 1 << 20;

    private ExtXyzChunks() {}

    /** A part of the file: bytes {@code [start, end)}, beginning with line {@code firstLine}. */
    public record Chunk(long start, long end, long firstLine) {}

    /** Sequential byte access to a file through a window buffer (forward scans reload rarely). */
    private static final class Window {
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        private long base = 0;

        Window(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
            buf.limit(0);
        }

        int get(long pos) throws IOException {
            if (pos < base || pos >= base + buf.limit()) {
                buf.clear();
                base = pos;
                while (buf.hasRemaining() && base + buf.position() < size) {
                    if (ch.read(buf, base + buf.position()) < 0) break;
                }
                buf.flip();
                if (pos >= base + buf.limit()) throw new IOException("file shorter than its size while splitting");
            }
            return buf.get((int) (pos - base));
        }
    }

    /** Up to {@code parts} chunks covering the whole file, in order. */
    public static List<Chunk> split(Path file, int parts) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            List<Chunk> out = new ArrayList<>();
            if (parts <= 1) {
                out.add(new Chunk(0, size, 1));
                return out;
            }
            Window b = new Window(ch, size);
            long start = 0, line = 1, startLine = 1;
            long pos = 0;
            long n = size;
            long target = size / parts;
            while (pos < n && out.size() < parts - 1) {
                // atom count line
                long count = 0;
                int digits = 0;
                long p = pos;
                while (p < n && (b.get(p) == ' ' || b.get(p) == '\t')) p++;
                while (p < n && b.get(p) >= '0' && b.get(p) <= '9' && digits < 10) {
                    count = count * 10 + (b.get(p) - '0');
                    p++;
                    digits++;
                }
                while (p < n && (b.get(p) == ' ' || b.get(p) == '\t' || b.get(p) == '\r')) p++;
                if (digits == 0 || p >= n || b.get(p) != '\n') break; // not a count: let the parser say so
                long skip = count + 2; // count line, comment line, atom lines
                long q = pos;
                long seen = 0;
                while (seen < skip && q < n) {
                    if (b.get(q) == '\n') seen++;
                    q++;
                }
                if (seen < skip) break; // truncated: the parser reports it
                pos = q;
                line += skip;
                if (pos - start >= target && pos < n) {
                    out.add(new Chunk(start, pos, startLine));
                    start = pos;
                    startLine = line;
                }
            }
            out.add(new Chunk(start, size, startLine));
            return out;
        }
    }

    /** An input stream over bytes {@code [start, end)} of the file (closing it closes the file). */
    public static InputStream open(Path file, Chunk c) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new InputStream() {
            private long pos = c.start();

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] dst, int off, int len) throws IOException {
                if (pos >= c.end()) return -1;
                int k = (int) Math.min(len, c.end() - pos);
                int r = ch.read(ByteBuffer.wrap(dst, off, k), pos);
                if (r < 0) return -1;
                pos += r;
                return r;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
