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
}
