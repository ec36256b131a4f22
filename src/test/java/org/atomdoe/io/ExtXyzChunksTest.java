package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atomdoe.report.PoolSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtXyzChunksTest {
    @Test
    void chunksStartAtFramesAndKeepLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.xyz");
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 30000; k++) sb.append("2\nLattice=\"3 0 0 0 3 0 0 0 3\" energy=").append(k).append("\nW 0 0 0\nW 1.5 1.5 1.5\n");
        Files.writeString(f, sb.toString());
        List<ExtXyzChunks.Chunk> c = ExtXyzChunks.split(f, 4);
        assertEquals(4, c.size());
        assertEquals(0, c.get(0).start());
        assertEquals(Files.size(f), c.get(3).end());
        for (int k = 1; k < c.size(); k++) {
            assertEquals(c.get(k - 1).end(), c.get(k).start());
            assertEquals(0, (c.get(k).firstLine() - 1) % 4, "a chunk starts at a count line");
        }
        // a bad frame late in the file is reported with its line number by the parallel path too
        Files.writeString(f, sb + "2\nLattice=\"3 0 0 0 3 0 0 0 3\"\nW 0 0 0\nW 1.5 x 1.5\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> PoolSummary.of(f, 4));
        assertEquals(30000 * 4 + 4, e.line());
        assertTrue(e.getMessage().contains("'x'"));
    }

    @Test
    void filesBeyondTwoGibibytesAreSplitAndRead(@TempDir Path dir) throws Exception {
        // a sparse 3 GiB file (no disk used): a frame at the start, NUL bytes, a frame at the very end;
        // memory-mapping it used to fail (a mapping cannot exceed 2 GiB)
        Path f = dir.resolve("huge.xyz");
        byte[] frame = "1\nenergy=-1.5\nSi 0 0 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long size = 3L << 30;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap(frame), 0);
            ch.write(java.nio.ByteBuffer.wrap(frame), size - frame.length);
        }
        assertEquals(size, Files.size(f));
        List<ExtXyzChunks.Chunk> c = ExtXyzChunks.split(f, 2);
        assertEquals(0, c.get(0).start());
        assertEquals(size, c.get(c.size() - 1).end(), "the chunks cover the whole file");
        ExtXyzChunks.Chunk last = new ExtXyzChunks.Chunk(size - frame.length, size, 99);
        try (ExtXyzReader r = new ExtXyzReader(ExtXyzChunks.open(f, last), f.toString(), last.firstLine(), last.start())) {
            org.atomdoe.structure.Structure s = r.next();
            assertEquals(1, s.natoms());
            assertEquals(-1.5, s.energy().getAsDouble());
            assertEquals(size - frame.length, r.frameOffset());
            assertEquals(null, r.next());
        }
    }
}
