package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * The reader's fast paths against their plain definitions: the SWAR eight-digit step against
 * {@link Long#parseLong}, the one-pass atom-line numbers against {@link Double#parseDouble} at the
 * edges of the fast case (digit counts around 8, 15, 18, mantissas around 2^53), and the comment-line
 * memo against frames whose fields change, repeat, or are modified by the caller.
 */
class ExtXyzFastPathTest {

    private static long le(byte[] b, int p) {
        long w = 0;
        for (int k = 7; k >= 0; k--) w = (w << 8) | (b[p + k] & 0xFF);
        return w;
    }

    @Test
    void eightDigitsAgreesWithParseLong() {
        Random rnd = new Random(7);
        byte[] b = new byte[8];
        for (int t = 0; t < 20000; t++) {
            for (int k = 0; k < 8; k++) b[k] = (byte) ('0' + rnd.nextInt(10));
            if (t < 10) java.util.Arrays.fill(b, (byte) ('0' + t)); // 00000000 .. 99999999
            long w = Swar.eightBytes(b, 0);
            assertEquals(le(b, 0), w);
            assertTrue(FastReal.isEightDigits(w));
            assertEquals(Long.parseLong(new String(b, StandardCharsets.US_ASCII)), FastReal.eightDigits(w));
        }
    }

    @Test
    void isEightDigitsRejectsEveryNonDigitInEveryLane() {
        byte[] b = "01234567".getBytes(StandardCharsets.US_ASCII);
        for (int lane = 0; lane < 8; lane++) {
            byte keep = b[lane];
            for (int v = 0; v < 256; v++) {
                b[lane] = (byte) v;
                boolean digit = v >= '0' && v <= '9';
                assertEquals(digit, FastReal.isEightDigits(Swar.eightBytes(b, 0)), "lane " + lane + " byte " + v);
            }
            b[lane] = keep;
        }
    }

    static List<Structure> parse(String text) throws IOException {
        return ExtXyzReaderTest.parse(text);
    }

    @Test
    void atomLineNumbersMatchJavaAtTheFastPathEdges() throws IOException {
        List<String> vals = new ArrayList<>(List.of("0", "-0", "+0.0", "-0.00000000", "1.", ".5", "-.25", "3.6576000",
                "3.65760000", "3.657600001", "-0.00683500", "12345678901.5", "1234567890.12345678", "123456789012.12345678",
                "9007199254740992", "9007199254740993", "900719925474099.3", "9007199254740993.0", "0.9007199254740993",
                "123456789012345678", "1234567890123456789", "0.123456789012345678901", "0.1234567890123456789012",
                "0.12345678901234567890123", "00000000000000000001.5", "1e5", "-2.5E-3", "1.00000000e+01", "4.9e-324",
                "1.7976931348623157e308", "0.000000000000000000000001"));
        Random rnd = new Random(11);
        for (int t = 0; t < 300; t++) {
            int intDigits = 1 + rnd.nextInt(12), fracDigits = rnd.nextInt(20);
            StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "-" : "");
            for (int k = 0; k < intDigits; k++) sb.append((char) ('0' + rnd.nextInt(10)));
            if (fracDigits > 0 || rnd.nextBoolean()) sb.append('.');
            for (int k = 0; k < fracDigits; k++) sb.append((char) ('0' + rnd.nextInt(10)));
            vals.add(sb.toString());
        }
        StringBuilder xyz = new StringBuilder();
        xyz.append(vals.size()).append("\nProperties=species:S:1:pos:R:3:q:R:1\n");
        for (int i = 0; i < vals.size(); i++) {
            String v = vals.get(i);
            // the value in every column, and last on the line (the token then ends at the line's end)
            xyz.append("H ").append(v).append('\t').append(v).append("  ").append(v).append(' ').append(v).append('\n');
        }
        Structure s = parse(xyz.toString()).get(0);
        for (int i = 0; i < vals.size(); i++) {
            double want = Double.parseDouble(vals.get(i));
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(s.x()[i]), vals.get(i));
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(s.z()[i]), vals.get(i));
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(s.arrays().get("q").reals()[i]), vals.get(i));
        }
    }

    @Test
    void commentLineMemoFollowsChangingFields() throws IOException {
        String t = """
                1
                Lattice="2 0 0 0 2 0 0 0 2" uid=12 energy=-1.5 pbc="T T T" config_type=a stress="1.5 2 3 4 5 6"
                H 0 0 0
                1
                Lattice="2 0 0 0 2 0 0 0 2" n=12 energy=-1.5 pbc="T T F" config_type=a stress="1.5 2 3 4 5 6"
                H 0 0 0
                1
                Lattice="3 0 0 0 2 0 0 0 2" n=12 energy=-1.5 pbc="T T F" config_type=b stress="1.5 2 3 4 5 6" Properties=species:S:1:pos:R:3:m:I:1
                H 0 0 0 4
                1
                Lattice="3 0 0 0 2 0 0 0 2" n=12 energy=-1.5 pbc="T T F" config_type=b stress="1.5 2 3 4 5 6"
                H 0 0 0
                1
                n=12 energy=-1.5 pbc="F F F"
                He 1 1 1
                """;
        List<Structure> f = parse(t);
        assertEquals(5, f.size());
        assertEquals("12", f.get(0).info().get("uid")); // uid stays text, n=12 (same bytes) is typed
        assertEquals(12L, f.get(1).info().get("n"));
        assertArrayEquals(new boolean[] {true, true, true}, f.get(0).pbc());
        assertArrayEquals(new boolean[] {true, true, false}, f.get(1).pbc());
        assertEquals(2.0, f.get(1).cell().get(0, 0));
        assertEquals(3.0, f.get(2).cell().get(0, 0));
        assertEquals("a", f.get(1).configType());
        assertEquals("b", f.get(3).configType());
        assertTrue(f.get(2).arrays().containsKey("m"));
        assertFalse(f.get(3).arrays().containsKey("m")); // Properties changed back to the default layout
        assertFalse(f.get(4).isPeriodic());
        assertEquals("He", f.get(4).symbol(0));
        // repeated array values are equal but never shared between frames
        double[] s1 = (double[]) f.get(1).info().get("stress"), s2 = (double[]) f.get(2).info().get("stress");
        assertArrayEquals(s1, s2);
        assertNotSame(s1, s2);
        s1[0] = 99;
        assertEquals(1.5, ((double[]) f.get(2).info().get("stress"))[0]);
    }
    /** Hands out at most a few bytes per read, so lines and frames straddle every buffer refill point. */
    private static final class Trickle extends java.io.FilterInputStream {
        private int k;

        Trickle(byte[] data) {
            super(new java.io.ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + (k++ % 13)));
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    @Test
    void framesSplitAcrossBufferEdgesParseTheSame() throws IOException {
        byte[] data = java.nio.file.Files.readAllBytes(ExtXyzReaderTest.MO_TEST);
        List<Structure> want = ExtXyzReader.readAll(ExtXyzReaderTest.MO_TEST);
        int[] sizes = {1, 2, 7, 8, 9, 15, 16, 17, 31, 64, 70, 1021};
        for (int size : sizes) {
            for (boolean trickle : new boolean[] {false, true}) {
                java.io.InputStream in = trickle ? new Trickle(data) : new java.io.ByteArrayInputStream(data);
                List<Structure> got = new ArrayList<>();
                long offset = 0;
                try (ExtXyzReader r = new ExtXyzReader(in, "Mo_test.xyz", size)) {
                    for (Structure s; (s = r.next()) != null; ) {
                        assertEquals(offset, r.frameOffset(), "buffer " + size);
                        offset += r.frameLength();
                        got.add(s);
                    }
                }
                assertEquals(want.size(), got.size());
                for (int f = 0; f < want.size(); f++) {
                    Structure a = want.get(f), b = got.get(f);
                    assertArrayEquals(a.x(), b.x());
                    assertArrayEquals(a.y(), b.y());
                    assertArrayEquals(a.z(), b.z());
                    assertArrayEquals(a.forces(), b.forces());
                    assertEquals(a.energy(), b.energy());
                    assertEquals(a.configType(), b.configType());
                }
            }
        }
    }
    @Test
    void byteTypingAgreesWithStringTyping() {
        List<String> vals = new ArrayList<>(List.of("1", "-0", "+5", "00012", "123456789012345678", "1234567890123456789",
                "-1.5", "1e5", "1E-5", ".5", "5.", "-.25e+3", "1e400", "-1e-400", "4.5720000267 0.0 0.0 0.0 7.9 0.0 0.0 0.0 44.79",
                "1 2 3", "1 2.5 3", "  1  2 ", "1-2", "-", ".", "e5", "E5 1", "1.5 -", "1,2", "1\t2", "T T F", "nan", "inf",
                "1.2.3", "--1", "+-1", "1e", "1e+", "abc", " ", "0x10", "1d", "9223372036854775807", "-9223372036854775808"));
        Random rnd = new Random(5);
        String alphabet = "0123456789.-+eE  ";
        for (int t = 0; t < 3000; t++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(12);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            vals.add(sb.toString());
        }
        for (String v : vals) {
            byte[] b = ("xx" + v + "yy").getBytes(StandardCharsets.ISO_8859_1);
            Object want = ExtXyzKeyValues.typed(v), got = ExtXyzKeyValues.typed(b, 2, b.length - 2);
            assertTrue(java.util.Objects.deepEquals(want, got), "'" + v + "': " + describe(want) + " vs " + describe(got));
        }
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + java.util.Arrays.deepToString(new Object[] {o});
    }
}
