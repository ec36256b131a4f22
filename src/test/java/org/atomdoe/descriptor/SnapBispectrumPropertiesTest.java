package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.simd.VectorSupport;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Invariances, continuity, flags, threads and SIMD/scalar equivalence of {@link SnapBispectrum}. */
class SnapBispectrumPropertiesTest {
    static final List<String> INP = List.of("In", "P");

    static SnapSettings inp(int twojmax) {
        return new SnapSettings(INP, 0.62, 0.99363, 0.0, twojmax, List.of(3.8, 3.83), List.of(1.0, 0.93),
                true, false, false, false, false, false);
    }

    /** Random periodic In/P box of n atoms with a minimum distance, density about bulk InP. */
    static Structure randomInP(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double side = Math.cbrt(n * 25.0);
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                x[i] = rnd.nextDouble(side);
                y[i] = rnd.nextDouble(side);
                z[i] = rnd.nextDouble(side);
                boolean ok = true;
                for (int k = 0; k < i && ok; k++) {
                    double dx = x[i] - x[k], dy = y[i] - y[k], dz = z[i] - z[k];
                    dx -= side * Math.rint(dx / side);
                    dy -= side * Math.rint(dy / side);
                    dz -= side * Math.rint(dz / side);
                    ok = dx * dx + dy * dy + dz * dz > 1.5 * 1.5;
                }
                if (ok || attempt > 200) break;
            }
            sym[i] = rnd.nextInt(3) == 0 ? "P" : "In";
        }
        sym[0] = "In";
        return Structure.of(Cell.orthorhombic(side, side, side), new boolean[] {true, true, true}, sym, x, y, z);
    }

    static double[] compute(SnapBispectrum d, Structure s) {
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff(), false);
        double[] out = new double[s.natoms() * d.featureCount()];
        d.compute(s, nl, out);
        return out;
    }

    static void assertClose(double[] expected, double[] actual, int features, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length / features; i++) {
            double scale = 1.0;
            for (int f = 0; f < features; f++) scale = Math.max(scale, Math.abs(expected[i * features + f]));
            for (int f = 0; f < features; f++) {
                double e = expected[i * features + f], a = actual[i * features + f];
                // message built only on failure: gradient arrays hold millions of entries
                if (!(Math.abs(e - a) <= tol * scale)) {
                    throw new AssertionError(what + ": row " + i + " column " + f + " expected " + e + " got " + a);
                }
            }
        }
    }

    /**
     * The Panama kernel, loaded by name; the test is skipped when the Vector API is absent, and fails if it is
     * present in the run that must be scalar ({@code -Datomdoe.expectScalar=true}).
     */
    static SnapKernel panamaOrSkip() {
        SnapKernel panama = VectorSupport.panamaOrNull(SnapKernel.class, "org.atomdoe.descriptor.PanamaSnapKernel");
        if (Boolean.getBoolean("atomdoe.expectScalar")) {
            assertTrue(panama == null, "the scalar run must not load the Vector API kernel");
        }
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        return panama;
    }

    /** Panama kernel vs scalar twin at every batch boundary (1..70 atoms, primes), plain and chem. */
    @Test
    void panamaMatchesScalarAtLaneBoundaries() {
        SnapKernel panama = panamaOrSkip();
        assertTrue(panama.lanes() >= 2);
        ScalarSnapKernel scalar = new ScalarSnapKernel();
        for (int n = 1; n <= 70; n += (n < 20 ? 1 : 7)) {
            Structure s = randomInP(n, 1000 + n);
            for (SnapSettings st : List.of(inp(4), inp(5).withChemflag(true).withBzeroflag(true))) {
                double[] a = compute(new SnapBispectrum(st, 1, scalar), s);
                double[] b = compute(new SnapBispectrum(st, 1, panama), s);
                assertClose(a, b, st.chemflag() ? 8 * SnapIndex.of(5).nb : SnapIndex.of(4).nb, 1e-12, "n=" + n + " chem=" + st.chemflag());
            }
        }
        for (int n : new int[] {31, 37, 61, 67}) {
            Structure s = randomInP(n, 77 + n);
            SnapSettings st = inp(8).withBzeroflag(true);
            assertClose(compute(new SnapBispectrum(st, 1, scalar), s), compute(new SnapBispectrum(st, 1, panama), s),
                    SnapIndex.of(8).nb, 1e-12, "2J=8 n=" + n);
        }
    }

    /** B is invariant under rotation, translation and permutation of the atoms. */
    @Test
    void invariantUnderRotationTranslationPermutation() {
        int n = 23;
        Structure s = randomInP(n, 5);
        // a cluster (non periodic) copy, so that rotating the positions is a pure rigid motion
        Structure cluster = Structure.of(Cell.NONE, new boolean[3], symbols(s), s.x(), s.y(), s.z());
        double[][] rot = rotation(0.3, -1.1, 2.0);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (7 * i + 3) % n;
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        String[] orig = symbols(s);
        for (int i = 0; i < n; i++) {
            int p = perm[i];
            double px = s.x()[p], py = s.y()[p], pz = s.z()[p];
            x[i] = rot[0][0] * px + rot[0][1] * py + rot[0][2] * pz + 1.7;
            y[i] = rot[1][0] * px + rot[1][1] * py + rot[1][2] * pz - 3.2;
            z[i] = rot[2][0] * px + rot[2][1] * py + rot[2][2] * pz + 0.4;
            sym[i] = orig[p];
        }
        Structure moved = Structure.of(Cell.NONE, new boolean[3], sym, x, y, z);
        for (SnapSettings st : List.of(inp(10), inp(6).withChemflag(true).withQuadraticflag(true))) {
            SnapBispectrum d = new SnapBispectrum(st);
            double[] a = compute(d, cluster), b = compute(d, moved);
            int f = d.featureCount();
            double[] bBack = new double[a.length];
            for (int i = 0; i < n; i++) System.arraycopy(b, i * f, bBack, perm[i] * f, f);
            assertClose(a, bBack, f, 1e-11, "rotated " + st.twojmax());
            // and it is not trivially constant: atoms differ
            assertTrue(Math.abs(a[0 * f + 5] - a[1 * f + 5]) > 1e-6);
        }
    }

    static String[] symbols(Structure s) {
        String[] out = new String[s.natoms()];
        for (int i = 0; i < out.length; i++) out[i] = s.symbol(i);
        return out;
    }

    static double[][] rotation(double a, double b, double c) {
        double[][] rx = {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
        double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
        double[][] rz = {{Math.cos(c), -Math.sin(c), 0}, {Math.sin(c), Math.cos(c), 0}, {0, 0, 1}};
        return mul(rz, mul(ry, rx));
    }

    static double[][] mul(double[][] p, double[][] q) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i][j] += p[i][k] * q[k][j];
        return r;
    }

    static Structure dimer(double r) {
        return Structure.of(Cell.NONE, new boolean[3], new String[] {"Ta", "Ta"},
                new double[] {0, r * 0.6}, new double[] {0, r * 0.8}, new double[] {0, 0});
    }

    /** With switchflag the bispectrum goes continuously to the isolated-atom value at the cutoff. */
    @Test
    void continuousAtCutoffWithSwitching() {
        SnapSettings st = SnapReference.settings("Ta_2J8_bzero1");
        double rc = st.maxCutoff();
        SnapBispectrum d = new SnapBispectrum(st);
        double[] inside = compute(d, dimer(rc - 1e-6));
        double[] outside = compute(d, dimer(rc + 1e-6));
        double[] far = compute(d, dimer(rc * 0.9));
        for (int k = 0; k < d.featureCount(); k++) {
            assertEquals(0.0, outside[k], 1e-13, "bzero: isolated atom gives 0, component " + k);
            assertEquals(outside[k], inside[k], 1e-9, "jump at the cutoff, component " + k);
        }
        assertTrue(Math.abs(far[0]) > 1e-3, "a neighbour well inside the cutoff must count");
        // without switching the neighbour enters with full weight: a real jump
        SnapBispectrum hard = new SnapBispectrum(st.withSwitchflag(false));
        double[] hardInside = compute(hard, dimer(rc - 1e-6));
        assertTrue(Math.abs(hardInside[0]) > 1.0, "switchflag 0 must jump, B_000 - 1 = " + hardInside[0]);
        // and the limit of a slowly approaching neighbour: B - B0 ~ (rc - r)^2
        double[] near = compute(d, dimer(rc - 1e-3));
        assertTrue(Math.abs(near[0]) < 1e-4 && Math.abs(near[0]) > 0, "B_000 - 1 near the cutoff: " + near[0]);
    }

    @Test
    void bzeroShiftIsTwojPlusOne() {
        Structure s = randomInP(9, 3);
        SnapSettings st = inp(6);
        SnapBispectrum d0 = new SnapBispectrum(st), d1 = new SnapBispectrum(st.withBzeroflag(true));
        double[] a = compute(d0, s), b = compute(d1, s);
        SnapIndex ix = SnapIndex.of(6);
        for (int i = 0; i < 9; i++) {
            for (int k = 0; k < ix.nb; k++) assertEquals(-(ix.bJ[k] + 1), b[i * ix.nb + k] - a[i * ix.nb + k], 1e-12);
        }
    }

    /** qSNAP columns: the linear block, then ½B_k², B_k B_l (l > k) row by row (LAMMPS compute sna/atom). */
    @Test
    void quadraticTermsFollowLammpsOrder() {
        Structure s = randomInP(5, 11);
        SnapSettings st = inp(4).withBzeroflag(true);
        SnapBispectrum lin = new SnapBispectrum(st), quad = new SnapBispectrum(st.withQuadraticflag(true));
        int k = lin.featureCount();
        assertEquals(k + k * (k + 1) / 2, quad.featureCount());
        assertEquals(quad.featureCount(), quad.labels().size());
        assertEquals("B[0,0,0]*B[1,0,1]", quad.labels().get(k + 1));
        double[] a = compute(lin, s), q = compute(quad, s);
        int f = quad.featureCount();
        for (int i = 0; i < 5; i++) {
            int c = i * f + k;
            for (int p = 0; p < k; p++) {
                double bp = a[i * k + p];
                assertEquals(bp, q[i * f + p], 0.0);
                assertEquals(0.5 * bp * bp, q[c++], 1e-15 * Math.max(1, bp * bp));
                for (int r = p + 1; r < k; r++) {
                    double v = bp * a[i * k + r];
                    assertEquals(v, q[c++], 1e-15 * Math.max(1, Math.abs(v)));
                }
            }
            assertEquals((i + 1) * f, c);
        }
    }

    @Test
    void threadsGiveIdenticalResults() {
        Structure s = randomInP(203, 8);
        SnapSettings st = inp(6);
        double[] one = compute(new SnapBispectrum(st, 1), s);
        double[] two = compute(new SnapBispectrum(st, 2), s);
        double[] all = compute(new SnapBispectrum(st, 0), s);
        assertArrayEquals(one, two);
        assertArrayEquals(one, all);
    }

    @Test
    void chemLabelsAndCounts() {
        SnapBispectrum d = new SnapBispectrum(inp(6).withChemflag(true));
        assertEquals(8 * 30, d.featureCount());
        assertEquals("B[In,In,In;0,0,0]", d.labels().get(0));
        assertEquals("B[In,In,P;0,0,0]", d.labels().get(30));
        assertEquals("B[P,P,P;6,6,6]", d.labels().get(239));
        assertEquals("snap", d.name());
        assertEquals(0.62 * (3.83 + 3.83), d.cutoff(), 1e-15);
    }

    @Test
    void twojmaxTenAndOddBandLimits() {
        Structure s = randomInP(6, 21);
        for (int tj : new int[] {0, 1, 3, 7, 10}) {
            SnapBispectrum d = new SnapBispectrum(inp(tj));
            double[] out = compute(d, s);
            assertEquals(s.natoms() * d.featureCount(), out.length);
            for (double v : out) assertTrue(Double.isFinite(v));
            // B_000 = (1 + Σ w fc)^3 > 1 for an atom with neighbours
            assertTrue(out[0] >= 1.0);
        }
        assertEquals(91, SnapIndex.of(10).nb);
    }

    @Test
    void rejectsBadInput() {
        Structure s = randomInP(4, 2);
        SnapBispectrum d = new SnapBispectrum(inp(4));
        double[] out = new double[4 * d.featureCount()];
        NeighborList half = BruteForceNeighbors.build(s, d.cutoff(), true);
        assertThrows(IllegalArgumentException.class, () -> d.compute(s, half, out));
        NeighborList small = BruteForceNeighbors.build(s, d.cutoff() - 0.5, false);
        assertThrows(IllegalArgumentException.class, () -> d.compute(s, small, out));
        NeighborList ok = BruteForceNeighbors.build(s, d.cutoff(), false);
        assertThrows(IllegalArgumentException.class, () -> d.compute(s, ok, new double[3]));
        Structure ta = dimer(2.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.compute(ta, BruteForceNeighbors.build(ta, d.cutoff(), false), new double[2 * d.featureCount()]));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("Ta"));
        assertThrows(IllegalArgumentException.class, () -> new SnapSettings(INP, 1, 0.99, 0, 6, List.of(1.0), List.of(1.0, 1.0),
                true, true, false, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> inp(6).withTwojmax(-1));
        assertThrows(IllegalArgumentException.class, () -> new SnapSettings(INP, 1, 1.5, 0, 6, List.of(1.0, 1.0), List.of(1.0, 1.0),
                true, true, false, false, false, false));
    }
}
