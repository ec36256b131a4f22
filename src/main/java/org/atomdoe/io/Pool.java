package org.atomdoe.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.atomdoe.structure.Structure;

/**
 * The frames of one extended-XYZ file held in memory, with each frame's byte range and first line
 * in the (decompressed) source, so that chosen frames can be copied out byte for byte.
 */
public final class Pool {
    private final Path source;
    private final List<Structure> frames;
    private final long[] offsets, lengths, lines;
    private final long bytes;

    private Pool(Path source, List<Structure> frames, long[] offsets, long[] lengths, long[] lines, long bytes) {
        this.source = source;
        this.frames = Collections.unmodifiableList(frames);
        this.offsets = offsets;
        this.lengths = lengths;
        this.lines = lines;
        this.bytes = bytes;
    }

    /** Reads every frame of {@code path} ({@code -} for standard input). */
    public static Pool read(Path path) throws IOException {
        List<Structure> frames = new ArrayList<>();
        long[] off = new long[64], len = new long[64], ln = new long[64];
        long end = 0;
        try (ExtXyzReader r = ExtXyzReader.open(path)) {
            for (Structure s; (s = r.next()) != null; ) {
                int k = frames.size();
                if (k == off.length) {
                    off = Arrays.copyOf(off, 2 * k);
                    len = Arrays.copyOf(len, 2 * k);
                    ln = Arrays.copyOf(ln, 2 * k);
                }
                frames.add(s);
                off[k] = r.frameOffset();
                len[k] = r.frameLength();
                ln[k] = r.frameLine();
                end = r.frameOffset() + r.frameLength();
            }
        }
        int n = frames.size();
        return new Pool(path, frames, Arrays.copyOf(off, n), Arrays.copyOf(len, n), Arrays.copyOf(ln, n), end);
    }

    public Path source() {
        return source;
    }

    public List<Structure> frames() {
        return frames;
    }

    public int size() {
        return frames.size();
    }

    public Structure get(int i) {
        return frames.get(i);
    }

    /** Total atoms over all frames. */
    public long totalAtoms() {
        long n = 0;
        for (Structure s : frames) n += s.natoms();
        return n;
    }

    /** Byte offset of frame {@code i} in the decompressed source. */
    public long offset(int i) {
        return offsets[i];
    }

    public long length(int i) {
        return lengths[i];
    }

    /** 1-based line of frame {@code i}'s atom-count line. */
    public long line(int i) {
        return lines[i];
    }

    /** Decompressed bytes read up to the end of the last frame. */
    public long bytes() {
        return bytes;
    }

    /**
     * Writes the given frames, in the given order, copied byte for byte from the source file.
     * A source that cannot be read again (standard input) is written with {@link ExtXyzWriter}.
     */
    public void copyFrames(int[] indices, OutputStream out) throws IOException {
        for (int i : indices) {
            if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("frame " + i + " of " + size());
        }
        if (source.toString().equals("-")) {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            ExtXyzWriter xw = new ExtXyzWriter(w);
            for (int i : indices) xw.write(frames.get(i));
            w.flush();
            return;
        }
        if (isGzip(source)) {
            copyFromStream(indices, out);
            return;
        }
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            byte[] buf = new byte[1 << 16];
            for (int i : indices) {
                copyRange(ch, offsets[i], lengths[i], buf, out);
                ensureNewline(ch, offsets[i], lengths[i], out);
            }
        }
    }

    private static void copyRange(FileChannel ch, long from, long len, byte[] buf, OutputStream out) throws IOException {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
        long done = 0;
        while (done < len) {
            bb.clear();
            bb.limit((int) Math.min(buf.length, len - done));
            int n = ch.read(bb, from + done);
            if (n < 0) throw new IOException("source file changed while copying frames (shorter than expected)");
            out.write(buf, 0, n);
            done += n;
        }
    }

    /** The last frame of a file may lack its final newline; the copy always ends with one. */
    private static void ensureNewline(FileChannel ch, long from, long len, OutputStream out) throws IOException {
        if (len == 0) return;
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
        ch.read(one, from + len - 1);
        if (one.get(0) != '\n') out.write('\n');
    }

    private void copyFromStream(int[] indices, OutputStream out) throws IOException {
        byte[][] chunks = new byte[size()][];
        boolean[] wanted = new boolean[size()];
        for (int i : indices) wanted[i] = true;
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(source), 1 << 16)) {
            long pos = 0;
            for (int i = 0; i < size(); i++) {
                if (!wanted[i]) continue;
                long skip = offsets[i] - pos;
                while (skip > 0) {
                    long s = in.skip(skip);
                    if (s <= 0) throw new IOException("source file changed while copying frames");
                    skip -= s;
                }
                chunks[i] = in.readNBytes((int) lengths[i]);
                pos = offsets[i] + lengths[i];
            }
        }
        for (int i : indices) {
            out.write(chunks[i]);
            if (chunks[i].length > 0 && chunks[i][chunks[i].length - 1] != '\n') out.write('\n');
        }
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
