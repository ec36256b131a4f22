package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtXyzReaderTest {
    static final Path MO_TEST = Path.of("src/test/resources/io/Mo_test.xyz");

    static List<Structure> parse(String text) throws IOException {
        List<Structure> out = new java.util.ArrayList<>();
        try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.xyz")) {
            for (Structure s; (s = r.next()) != null; ) out.add(s);
        }
        return out;
    }

    static InputFormatException bad(String text) {
        return assertThrows(InputFormatException.class, () -> parse(text));
    }

    @Test
    void readsRealMoTestSet() throws IOException {
        List<Structure> frames = ExtXyzReader.readAll(MO_TEST);
        assertEquals(23, frames.size());
        assertEquals(1189, frames.stream().mapToInt(Structure::natoms).sum());
        for (Structure s : frames) {
            assertTrue(s.energy().isPresent());
            assertNotNull(s.forces());
            assertEquals(6, s.stressVoigt().length);
            assertTrue(s.isPeriodic());
            assertEquals("Mo", s.symbol(0));
            assertNotNull(s.configType());
        }
    }

    @Test
    void parsesAseKeyValueDialect() throws IOException {
        String t = """
                2
                Lattice="4 0 0 0 4 0 0 0 5" Properties=species:S:1:pos:R:3:tag:I:1:fixed:L:1:label:S:1 energy=-1.5 n=3 \
                name="two words" flag arr="1 2 3" v=[1.5, 2.5] b=F pbc=[T, T, F] esc="a\\"b"
                Cu 0 0 0 7 T a
                Ni 1 1 1 -2 F bb
                """;
        Structure s = parse(t).get(0);
        assertEquals(-1.5, s.energy().getAsDouble());
        assertEquals(3L, s.info().get("n"));
        assertEquals("two words", s.info().get("name"));
        assertEquals(Boolean.TRUE, s.info().get("flag"));
        assertArrayEquals(new long[] {1, 2, 3}, (long[]) s.info().get("arr"));
        assertArrayEquals(new double[] {1.5, 2.5}, (double[]) s.info().get("v"));
        assertEquals(Boolean.FALSE, s.info().get("b"));
        assertEquals("a\"b", s.info().get("esc"));
        assertTrue(s.pbc(0) && s.pbc(1) && !s.pbc(2));
        assertEquals(80.0, s.cell().volume(), 1e-12);
        assertArrayEquals(new long[] {7, -2}, s.arrays().get("tag").ints());
        assertArrayEquals(new boolean[] {true, false}, s.arrays().get("fixed").logicals());
        assertArrayEquals(new String[] {"a", "bb"}, s.arrays().get("label").strings());
        assertEquals("Ni", s.symbol(1));
        assertEquals(2, s.speciesCount());
    }

    @Test
    void pbcQuotedAndLatticeDefault() throws IOException {
        Structure a = parse("1\nLattice=\"3 0 0 0 3 0 0 0 3\" pbc=\"T F T\"\nW 0 0 0\n").get(0);
        assertTrue(a.pbc(0) && !a.pbc(1) && a.pbc(2));
        Structure b = parse("1\nLattice=\"3 0 0 0 3 0 0 0 3\"\nW 0 0 0\n").get(0);
        assertTrue(b.pbc(0) && b.pbc(1) && b.pbc(2));
    }

    @Test
    void spacesAroundEqualsAsAse() throws IOException {
        Structure s = parse("1\nLattice = \"3 0 0 0 3 0 0 0 3\" energy= -2.0 tag =x\nW 0 0 0\n").get(0);
        assertEquals(27.0, s.cell().volume(), 1e-12);
        assertEquals(-2.0, s.energy().getAsDouble());
        assertEquals("x", s.info().get("tag"));
    }

    @Test
    void plainXyzIsACluster() throws IOException {
        List<Structure> f = parse("3\nwater molecule\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n\n");
        assertEquals(1, f.size());
        assertFalse(f.get(0).isPeriodic());
        assertTrue(f.get(0).cell().isZero());
        assertEquals(Boolean.TRUE, f.get(0).info().get("water"));
    }

    @Test
    void atomicNumbersColumnGivesSpecies() throws IOException {
        Structure s = parse("2\nProperties=Z:I:1:pos:R:3\n14 0 0 0\n8 1 0 0\n").get(0);
        assertEquals("Si", s.symbol(0));
        assertEquals("O", s.symbol(1));
    }

    @Test
    void stressVoigtFrom9And6() throws IOException {
        Structure a = parse("1\nLattice=\"3 0 0 0 3 0 0 0 3\" stress=\"1 6 5 6 2 4 5 4 3\"\nW 0 0 0\n").get(0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.stressVoigt());
        Structure b = parse("1\nLattice=\"3 0 0 0 3 0 0 0 3\" stress=\"1 2 3 4 5 6\"\nW 0 0 0\n").get(0);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, b.stressVoigt());
    }

    @Test
    void readsGzipAndRecordsOffsets() throws IOException {
        byte[] raw = Files.readAllBytes(MO_TEST);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        try (ExtXyzReader r = new ExtXyzReader(new ByteArrayInputStream(bos.toByteArray()), "Mo_test.xyz.gz")) {
            int n = 0;
            long expectedOffset = 0;
            for (Structure s; (s = r.next()) != null; n++) {
                assertEquals(expectedOffset, r.frameOffset());
                String head = new String(raw, (int) r.frameOffset(), 8, StandardCharsets.UTF_8);
                assertTrue(head.strip().startsWith(Integer.toString(s.natoms())), head);
                expectedOffset = r.frameOffset() + r.frameLength();
            }
            assertEquals(23, n);
            assertEquals(raw.length, expectedOffset);
        }
    }

    // --- one test per class of bad input: file:line: expected ..., found ...

    @Test
    void truncatedFrame() {
        InputFormatException e = bad("3\nLattice=\"3 0 0 0 3 0 0 0 3\"\nW 0 0 0\nW 1 1 1\n");
        assertEquals("t.xyz", e.source());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith("t.xyz:4: truncated frame: expected 3 atom lines"), e.getMessage());
    }

    @Test
    void missingCommentLine() {
        assertTrue(bad("2\n").getMessage().contains("expected the comment line"));
    }

    @Test
    void atomCountNotAnInteger() {
        InputFormatException e = bad("two\ncomment\nW 0 0 0\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("expected the number of atoms") && e.getMessage().contains("'two'"), e.getMessage());
    }

    @Test
    void atomCountNotMatching() {
        // one atom line too many: it is read where the next frame's count is expected
        InputFormatException e = bad("1\nc\nW 0 0 0\nW 1 1 1\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("expected the number of atoms"), e.getMessage());
    }

    @Test
    void tooFewColumns() {
        InputFormatException e = bad("1\nProperties=species:S:1:pos:R:3:forces:R:3\nW 0 0 0 1 2\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected 7 columns") && e.getMessage().contains("found 6"), e.getMessage());
    }

    @Test
    void tooManyColumns() {
        InputFormatException e = bad("1\nc\nW 0 0 0 9\n");
        assertTrue(e.getMessage().contains("expected 4 columns") && e.getMessage().contains("found 5"), e.getMessage());
    }

    @Test
    void nonNumericValue() {
        InputFormatException e = bad("1\nc\nW 0 zero 0\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("expected a real number") && e.getMessage().contains("'zero'"), e.getMessage());
    }

    @Test
    void nonFiniteCoordinate() {
        assertTrue(bad("1\nc\nW 0 NaN 0\n").getMessage().contains("finite coordinate"));
    }

    @Test
    void unknownPropertiesType() {
        InputFormatException e = bad("1\nProperties=species:S:1:pos:R:3:q:X:1\nW 0 0 0 1\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unknown type 'X'"), e.getMessage());
    }

    @Test
    void latticeWithWrongCount() {
        InputFormatException e = bad("1\nLattice=\"3 0 0 0 3 0 0 0\"\nW 0 0 0\n");
        assertTrue(e.getMessage().contains("Lattice: expected 9 numbers") && e.getMessage().contains("found 8"), e.getMessage());
    }

    @Test
    void pbcWithoutLattice() {
        InputFormatException e = bad("1\npbc=\"T T T\"\nW 0 0 0\n");
        assertTrue(e.getMessage().contains("Lattice key is missing"), e.getMessage());
    }

    @Test
    void singularPeriodicCell() {
        assertTrue(bad("1\nLattice=\"3 0 0 6 0 0 0 0 3\"\nW 0 0 0\n").getMessage().contains("singular"));
    }

    @Test
    void unterminatedQuote() {
        InputFormatException e = bad("1\nLattice=\"3 0 0 0 3 0 0 0 3 energy=1\nW 0 0 0\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unterminated \" opened at column 9"), e.getMessage());
    }

    @Test
    void badInteger() {
        assertTrue(bad("1\nProperties=species:S:1:pos:R:3:t:I:1\nW 0 0 0 1.5\n").getMessage().contains("expected an integer"));
    }

    @Test
    void badLogical() {
        assertTrue(bad("1\nProperties=species:S:1:pos:R:3:t:L:1\nW 0 0 0 maybe\n").getMessage().contains("expected a logical"));
    }

    @Test
    void missingPosColumn() {
        assertTrue(bad("1\nProperties=species:S:1:forces:R:3\nW 0 0 0\n").getMessage().contains("expected a pos:R:3 column"));
    }

    @Test
    void roundTripIsExact(@TempDir Path dir) throws IOException {
        String t = """
                2
                Lattice="4.1 0.2 0 0 4 0 0.3 0 5" Properties=species:S:1:pos:R:3:tag:I:1:fixed:L:1:label:S:1:forces:R:3 energy=-1.25e-7 name="two words" pbc="T T F"
                Cu 0.1 0.30000000000000004 1e-300 7 T a 1 2 3
                Ni 1 1 1 -2 F bb -0.1 0.2 0.3
                """;
        List<Structure> first = parse(t);
        first.addAll(ExtXyzReader.readAll(MO_TEST));
        Path out = dir.resolve("rt.xyz");
        AtomicFiles.write(out, o -> {
            java.io.Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            ExtXyzWriter xw = new ExtXyzWriter(w);
            for (Structure s : first) xw.write(s);
            w.flush();
        });
        List<Structure> second = ExtXyzReader.readAll(out);
        assertEquals(first.size(), second.size());
        for (int k = 0; k < first.size(); k++) {
            Structure a = first.get(k), b = second.get(k);
            assertEquals(a.cell(), b.cell());
            assertArrayEquals(a.pbc(), b.pbc());
            assertArrayEquals(a.x(), b.x());
            assertArrayEquals(a.y(), b.y());
            assertArrayEquals(a.z(), b.z());
            for (int i = 0; i < a.natoms(); i++) assertEquals(a.symbol(i), b.symbol(i));
            assertEquals(a.arrays(), b.arrays());
            assertEquals(a.info().keySet(), b.info().keySet());
            for (String key : a.info().keySet()) {
                Object va = a.info().get(key), vb = b.info().get(key);
                if (va instanceof double[] da) assertArrayEquals(da, (double[]) vb, key);
                else if (va instanceof long[] la) assertArrayEquals(la, (long[]) vb, key);
                else if (va instanceof boolean[] ba) assertArrayEquals(ba, (boolean[]) vb, key);
                else assertEquals(va, vb, key);
            }
        }
    }

    @Test
    void selectedFramesAreCopiedByteForByte(@TempDir Path dir) throws IOException {
        Pool pool = Pool.read(MO_TEST);
        byte[] raw = Files.readAllBytes(MO_TEST);
        int[] pick = {5, 0, 22, 7};
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        pool.copyFrames(pick, bos);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i : pick) expected.write(raw, (int) pool.offset(i), (int) pool.length(i));
        assertArrayEquals(expected.toByteArray(), bos.toByteArray());
        // and the copy parses to the same frames
        Path out = dir.resolve("sel.xyz");
        Files.write(out, bos.toByteArray());
        List<Structure> back = ExtXyzReader.readAll(out);
        assertEquals(4, back.size());
        assertArrayEquals(pool.get(22).x(), back.get(2).x());
    }

    @Test
    void byteAndStringCommentParsersAgree() throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "Lattice=\"4 0 0 0 4 0 0 0 5\" Properties=species:S:1:pos:R:3 energy=-1.5 n=3 name=\"two words\" flag",
                "a = 1 b= 2 c =3 d=\"x y\" e={1 2 3} f=[T, F, T] g='q' h= ",
                "x=1.5e-3 y=-0 z=nan w=inf v=\"1, 2, 3\" u=abc=def t=a\"b\" uid=007",
                "  leading=1   trailing=2   ",
                "k=\"esc \\\" quote\" m=ü"));
        for (String l : Files.readAllLines(MO_TEST)) if (l.contains("=")) lines.add(l);
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            java.util.Map<String, Object> fromBytes = ExtXyzKeyValues.parse(b, 0, b.length), fromString = ExtXyzKeyValues.parse(l);
            assertEquals(fromString.keySet().stream().toList(), fromBytes.keySet().stream().toList(), l);
            for (String k : fromString.keySet()) {
                Object a = fromString.get(k), c = fromBytes.get(k);
                if (a instanceof double[] da) assertArrayEquals(da, (double[]) c, l);
                else if (a instanceof long[] la) assertArrayEquals(la, (long[]) c, l);
                else if (a instanceof boolean[] ba) assertArrayEquals(ba, (boolean[]) c, l);
                else assertEquals(a, c, l + " key " + k);
            }
        }
        for (String bad : List.of("a=\"open", "a={1 2")) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThrows(IllegalArgumentException.class, () -> ExtXyzKeyValues.parse(b, 0, b.length), bad);
        }
    }

    @Test
    void infoValuesAreTyped() {
        assertEquals(3L, ExtXyzKeyValues.typed("3"));
        assertEquals(2.5, ExtXyzKeyValues.typed("2.5"));
        assertEquals("001FreeSurf", ExtXyzKeyValues.typed("001FreeSurf"));
        assertEquals("1.0d", ExtXyzKeyValues.typed("1.0d"));
        assertEquals(Boolean.TRUE, ExtXyzKeyValues.typed("True"));
        assertNull(ExtXyzKeyValues.bool("yes"));
        assertTrue(Double.isNaN((Double) ExtXyzKeyValues.typed("nan")));
        assertArrayEquals(new double[] {1, 2.5}, (double[]) ExtXyzKeyValues.typed("1, 2.5"));
    }

    @Test
    void extraAnnotationsAreWritten(@TempDir Path dir) throws IOException {
        Structure s = ExtXyzReader.readAll(MO_TEST).get(0);
        s.putInfo("doe_leverage", 0.25);
        double[] g = new double[s.natoms()];
        for (int i = 0; i < g.length; i++) g[i] = i * 0.5;
        s.putArray("doe_gamma", AtomArray.ofReals(1, g));
        Path out = dir.resolve("a.xyz");
        AtomicFiles.write(out, o -> {
            java.io.Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            new ExtXyzWriter(w).write(s);
            w.flush();
        });
        Structure b = ExtXyzReader.readAll(out).get(0);
        assertEquals(0.25, b.info().get("doe_leverage"));
        assertArrayEquals(g, b.arrays().get("doe_gamma").reals());
    }
}
