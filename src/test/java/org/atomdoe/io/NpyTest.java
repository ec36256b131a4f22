package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @Test
    void roundTripAndHeaderAlignment(@TempDir Path dir) throws Exception {
        double[] v = {1, -2.5, Math.PI, 1e-300, Double.MAX_VALUE, 0};
        Path f = dir.resolve("a.npy");
        Npy.write(f, v, 2, 3);
        byte[] raw = Files.readAllBytes(f);
        int headerLen = (raw[8] & 0xff) | (raw[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data start aligned to 64 bytes as numpy writes it");
        Npy.Matrix m = Npy.read(f);
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertArrayEquals(v, m.values());
    }

    @Test
    void readsDScribeReferenceFiles() throws Exception {
        Path dir = Path.of("src/test/resources/dscribe");
        if (!Files.isDirectory(dir)) return;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".npy")).toList();
        }
        assertTrue(!files.isEmpty());
        for (Path p : files) {
            Npy.Matrix m = Npy.read(p);
            assertTrue(m.rows() > 0 && m.cols() > 0, p.toString());
            assertTrue(Arrays.stream(m.values()).allMatch(Double::isFinite), p.toString());
        }
    }

    @Test
    void fortranOrderAndIntegersAndErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f.npy");
        String dict = "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }";
        String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(10 + header.length() + 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length()).put(header.getBytes());
        for (long x : new long[] {1, 4, 2, 5, 3, 6}) bb.putLong(x); // column-major of [[1,2,3],[4,5,6]]
        Files.write(f, bb.array());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Npy.read(f).values());

        Path g = dir.resolve("g.npy");
        Files.write(g, Arrays.copyOf(bb.array(), bb.array().length - 8));
        InputFormatException e = assertThrows(InputFormatException.class, () -> Npy.read(g));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path h = dir.resolve("h.npy");
        Files.writeString(h, "not numpy at all");
        assertTrue(assertThrows(InputFormatException.class, () -> Npy.read(h)).getMessage().contains("expected a NumPy .npy file"));
    }
}
