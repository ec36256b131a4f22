package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * The readers' limits: declared sizes are checked against the input before anything is allocated,
 * and no input makes them quadratic. Each case here was a way to get an OutOfMemoryError, another
 * exception or a multi-second stall out of the readers before they were hardened (RELIABILITY.md).
 */
class ReaderLimitsTest {
    private static InputFormatException xyzError(String text) {
        return ExtXyzReaderTest.bad(text);
    }

    private static int readAll(byte[] bytes) throws Exception {
        try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(bytes), "t.xyz")) {
            int n = 0;
            while (r.next() != null) n++;
            return n;
        }
    }

    @Test
    void hugeDeclaredAtomCountIsATruncationErrorNotAnOutOfMemoryError() {
        // 2e9 atoms would be 48 GB of positions if allocated from the count line
        InputFormatException e = xyzError("2000000000\nProperties=species:S:1:pos:R:3:forces:R:3\nSi 0 0 0 1 2 3\nSi 1 1 1 1 2 3\n");
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("expected 2000000000 atom lines") && e.getMessage().contains("found 2"), e.getMessage());
    }

    @Test
    void hugeDeclaredColumnCountIsRejectedFromTheCommentLine() {
        InputFormatException e = xyzError("1\nProperties=species:S:1:pos:R:3:big:R:2000000000\nSi 0 0 0 1\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("at most 65536 values per atom line"), e.getMessage());
        // the sum of several counts must not overflow int either
        e = xyzError("1\nProperties=species:S:1:pos:R:3:a:R:2147483647:b:R:2147483647\nSi 0 0 0\n");
        assertTrue(e.getMessage().contains("at most 65536"), e.getMessage());
    }

    @Test
    void manyAtomsAreStillReadExactly() throws Exception {
        // growth from the small start capacity must keep every atom and per-atom value in place
        int n = 5000;
        StringBuilder sb = new StringBuilder().append(n).append("\nProperties=species:S:1:pos:R:3:q:I:1:tag:S:1\n");
        for (int i = 0; i < n; i++) sb.append(i % 3 == 0 ? "O" : "H").append(' ').append(i).append(" 0.5 -1 ").append(-i).append(" t").append(i).append('\n');
        try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), "t.xyz")) {
            Structure s = r.next();
            assertEquals(n, s.natoms());
            assertEquals(n, s.arrays().get("q").ints().length);
            for (int i = 0; i < n; i += 997) {
                assertEquals(i, s.x()[i]);
                assertEquals(-i, s.arrays().get("q").ints()[i]);
                assertEquals("t" + i, s.arrays().get("tag").strings()[i]);
                assertEquals(i % 3 == 0 ? "O" : "H", s.symbol(i));
            }
        }
    }

    @Test
    void longBlankRunsInACommentLineStayLinear() {
        // the String path of the comment parser (taken here because of the backslash) used to rescan
        // each blank run from every blank in it: 400k blanks were ~8e10 steps
        String line = "a=1" + " ".repeat(400_000) + "b=x\\y";
        Structure s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(("1\n" + line + "\nH 0 0 0\n").getBytes(StandardCharsets.UTF_8)), "t.xyz")) {
                return r.next();
            }
        });
        assertEquals(1L, s.info().get("a"));
        assertEquals("xy", s.info().get("b"));
    }

    @Test
    void manyDistinctSpeciesStayLinear() {
        // one symbol per atom: the species table lookup used to scan the whole table per atom
        int n = 200_000;
        StringBuilder sb = new StringBuilder().append(n).append("\n\n");
        for (int i = 0; i < n; i++) sb.append('X').append(i).append(" 0 0 0\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Structure s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(bytes), "t.xyz")) {
                return r.next();
            }
        });
        assertEquals(n, s.speciesCount());
        assertEquals("X123456", s.symbol(123456));
    }

    @Test
    void corruptGzipIsAFormatErrorNamingTheFile() {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        InputFormatException e = assertThrows(InputFormatException.class, () -> readAll(bad));
        assertTrue(e.getMessage().startsWith("t.xyz") && e.getMessage().contains("gzip"), e.getMessage());
        byte[] cut = {0x1f, (byte) 0x8b, 8};
        e = assertThrows(InputFormatException.class, () -> readAll(cut));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void nonFiniteLatticeIsRejected() {
        InputFormatException e = xyzError("1\nLattice=\"nan 0 0 0 5 0 0 0 5\" pbc=\"F F F\"\nH 0 0 0\n");
        assertTrue(e.getMessage().contains("Lattice: expected 9 finite numbers"), e.getMessage());
    }

    private static byte[] npy(String shape, int dataBytes) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        return bb.array();
    }

    private static InputFormatException npyError(byte[] b) {
        return assertThrows(InputFormatException.class, () -> Npy.read(new ByteArrayInputStream(b), "t.npy", b.length));
    }

    @Test
    void npyShapeLargerThanTheFileIsATruncationErrorBeforeAllocating() {
        // (2e8, 10) passes the one-Java-array check but would be a 16 GB allocation for a 200-byte file
        InputFormatException e = npyError(npy("(200000000, 10)", 16));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("16000000000 data bytes"), e.getMessage());
    }

    @Test
    void npyShapesWhoseProductOverflowsAreRejected() {
        // 2^40 x 2^40 wraps to 0 in a long product: it used to read as an empty matrix
        assertTrue(npyError(npy("(1099511627776, 1099511627776)", 0)).getMessage().contains("too large"));
        // a zero dimension next to a dimension beyond int used to give a negative column count
        assertTrue(npyError(npy("(0, 3000000000)", 0)).getMessage().contains("too large"));
        assertTrue(npyError(npy("(3000000000,)", 0)).getMessage().contains("too large"));
    }

    @Test
    void npyHeaderLongerThanTheFileIsTruncation() {
        byte[] b = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, 0x0f, 0};
        assertTrue(npyError(b).getMessage().contains("truncated"));
    }
}
