package org.atomdoe.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
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
 */
public final class ExtXyzChunks {
    private ExtXyzChunks() {}

    /** A part of the file: bytes {@code [start, end)}, beginning with line {@code firstLine}. */
    public record Chunk(long start, long end, long firstLine) {}

    /** Up to {@code parts} chunks covering the whole file, in order. */
    public static List<Chunk> split(Path file, int parts) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            List<Chunk> out = new ArrayList<>();
            if (parts <= 1 || size > Integer.MAX_VALUE) {
                out.add(new Chunk(0, size, 1));
                return out;
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            long start = 0, line = 1, startLine = 1;
            int pos = 0;
            int n = (int) size;
            long target = size / parts;
            while (pos < n && out.size() < parts - 1) {
                // atom count line
                int count = 0, digits = 0, p = pos;
                while (p < n && (b.get(p) == ' ' || b.get(p) == '\t')) p++;
                while (p < n && b.get(p) >= '0' && b.get(p) <= '9' && digits < 10) {
                    count = count * 10 + (b.get(p) - '0');
                    p++;
                    digits++;
                }
                while (p < n && (b.get(p) == ' ' || b.get(p) == '\t' || b.get(p) == '\r')) p++;
                if (digits == 0 || p >= n || b.get(p) != '\n') break; // not a count: let the parser say so
                int skip = count + 2; // count line, comment line, atom lines
                int q = pos;
                int seen = 0;
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

    /** An input stream over bytes {@code [start, end)} of a mapped file. */
    public static InputStream open(Path file, Chunk c) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, c.start(), c.end() - c.start());
            return new InputStream() {
                @Override
                public int read() {
                    return b.hasRemaining() ? b.get() & 0xff : -1;
                }

                @Override
                public int read(byte[] dst, int off, int len) {
                    if (!b.hasRemaining()) return -1;
                    int k = Math.min(len, b.remaining());
                    b.get(dst, off, k);
                    return k;
                }
            };
        }
    }
}
