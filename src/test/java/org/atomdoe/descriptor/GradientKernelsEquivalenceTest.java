package org.atomdoe.descriptor;

import static org.atomdoe.descriptor.DescriptorKernels.GEO_SLOTS;
import static org.atomdoe.descriptor.DescriptorKernels.NB_DFC;
import static org.atomdoe.descriptor.DescriptorKernels.NB_FC;
import static org.atomdoe.descriptor.DescriptorKernels.NB_IR;
import static org.atomdoe.descriptor.DescriptorKernels.NB_R;
import static org.atomdoe.descriptor.DescriptorKernels.NB_SLOTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivative kernels of {@link PanamaDescriptorKernels} against their scalar twin at lane and block
 * boundaries (sizes 1..70, primes, 1021), with offsets and entries beyond the cutoff; and the scalar harmonics'
 * gradient against central differences.
 */
class GradientKernelsEquivalenceTest {
    /** The sizes of {@link DescriptorKernelsEquivalenceTest}. */
    static final String SIZES = "org.atomdoe.descriptor.DescriptorKernelsEquivalenceTest#sizes";
    static final DescriptorKernels SCALAR = new ScalarDescriptorKernels();
    static final DescriptorKernels panama = VectorSupport.panamaOrNull(DescriptorKernels.class, "org.atomdoe.descriptor.PanamaDescriptorKernels");

    private static double[] random(SplittableRandom rnd, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rnd.nextDouble();
        return a;
    }

    /** Entry by entry to {@code rel} of its magnitude, with a floor of 1e-3 of the largest entry (cancellations, ~0 past the cutoff). */
    private static void close(double[] expected, double[] actual, double rel, String what) {
        double max = 0;
        for (double v : expected) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0, what + ": all zero, the comparison checks nothing");
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= rel * Math.max(Math.abs(expected[i]), 1e-3 * max) + 1e-300,
                    what + " [" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    private static void requirePanama() {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
    }

    @ParameterizedTest
    @MethodSource(SIZES)
    void radialDerivatives(int n) {
        requirePanama();
        SplittableRandom rnd = new SplittableRandom(n);
        double[] r = random(rnd, n + 3, 0.5, 5.6); // offset 3, some beyond r_cut = 5
        int stride = n + 4;
        double[] a = new double[11], b = new double[11], da = new double[9 * stride + 2], db = new double[da.length];
        SCALAR.chebyshevCutoffGradient(r, 3, n + 3, 5.0, 9, a, 1, da, 2, stride);
        panama.chebyshevCutoffGradient(r, 3, n + 3, 5.0, 9, b, 1, db, 2, stride);
        close(a, b, 1e-12, "chebyshev values");
        close(da, db, 1e-12, "chebyshev derivatives");
        double[] eta = {0.003, 0.5, 1.4}, rs = {0, 2, 2.5}, kappa = {1.0, 2.5};
        double[] c = new double[8], d = new double[8], dc = new double[6 * stride + 2], dd = new double[dc.length];
        SCALAR.acsfRadialGradient(r, 3, n + 3, 5.0, true, eta, rs, kappa, c, 1, dc, 2, stride);
        panama.acsfRadialGradient(r, 3, n + 3, 5.0, true, eta, rs, kappa, d, 1, dd, 2, stride);
        close(c, d, 1e-12, "acsfRadial values");
        close(dc, dd, 1e-12, "acsfRadial derivatives");
    }

    /**
     * A per-neighbour buffer (NB_* slots, stride cap) of m random neighbours in a cube of half-edge {@code spread}
     * around {@code centre} (some beyond the cutoff).
     */
    private static double[] neighbours(SplittableRandom rnd, int m, int cap, double rCut, double[] centre, double spread) {
        double[] nb = new double[NB_SLOTS * cap];
        double w = Math.PI / rCut;
        for (int t = 0; t < m; t++) {
            double x = centre[0] + rnd.nextDouble(-spread, spread), y = centre[1] + rnd.nextDouble(-spread, spread);
            double z = centre[2] + rnd.nextDouble(-spread, spread), r = Math.sqrt(x * x + y * y + z * z);
            nb[t] = x;
            nb[cap + t] = y;
            nb[2 * cap + t] = z;
            nb[NB_R * cap + t] = r;
            nb[NB_FC * cap + t] = DescriptorKernels.cutoff(r, rCut);
            nb[NB_DFC * cap + t] = r <= rCut ? -0.5 * w * Math.sin(w * r) / r : 0.0;
            nb[NB_IR * cap + t] = 1 / r;
        }
        return nb;
    }

    @ParameterizedTest
    @MethodSource(SIZES)
    void angularDerivatives(int n) {
        requirePanama();
        SplittableRandom rnd = new SplittableRandom(100 + n);
        int cap = n + 3;
        // the k neighbours around neighbour j = 1 of buffer A (near (2, 1, -1)), so that most pairs have r_jk < r_cut
        double[] nbA = neighbours(rnd, 3, cap, 5.0, new double[] {2, 1, -1}, 0.3);
        double[] nbB = neighbours(rnd, n + 2, cap, 5.0, new double[] {2, 1, -1}, 2.5);
        int gs = n + 4;
        double[] ga = new double[GEO_SLOTS * gs], gb = new double[ga.length];
        SCALAR.pairGeometryGradient(nbA, 1, nbB, 2, n + 2, cap, ga, gs, 1);
        panama.pairGeometryGradient(nbA, 1, nbB, 2, n + 2, cap, gb, gs, 1);
        close(ga, gb, 1e-14, "pairGeometryGradient");
        // integer zeta (vector path) and a non-integer one (scalar fallback), repeated eta, both lambdas
        double[][][] sets = {
            {{0.01, 0.01, 0.05, 0.05, 0.2}, {1, 2, 4, 1, 16}, {1, -1, 1, -1, 1}},
            {{0.01, 0.03}, {1, 2.5}, {-1, 1}}};
        for (double[][] set : sets) {
            int np = set[0].length;
            for (boolean g4 : new boolean[] {true, false}) {
                double[] va = new double[np + 1], vb = new double[np + 1];
                double[] ca = new double[2 + 3 * np * gs], cb = new double[ca.length];
                SCALAR.acsfAngularGradient(ga, gs, 1, n + 1, 5.0, g4, set[0], set[1], set[2], va, 1, ca, 2, gs);
                panama.acsfAngularGradient(ga, gs, 1, n + 1, 5.0, g4, set[0], set[1], set[2], vb, 1, cb, 2, gs);
                close(va, vb, 1e-12, "acsfAngularGradient values g4=" + g4 + " np=" + np);
                close(ca, cb, 1e-12, "acsfAngularGradient coefficients g4=" + g4 + " np=" + np);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(SIZES)
    void pairRows(int n) {
        requirePanama();
        SplittableRandom rnd = new SplittableRandom(200 + n);
        int cap = n + 3, np = 5, cs = n + 7;
        double[] nb = neighbours(rnd, n + 2, cap, 5.0, new double[3], 4.0), coef = random(rnd, 3 * np * cs, -1, 1);
        // separate accumulators, then the same array (j outside [kFrom, kTo), as for one species)
        double[] a1 = random(rnd, 3 * np * cap, -1, 1), b1 = random(rnd, a1.length, -1, 1), a2 = a1.clone(), b2 = b1.clone();
        SCALAR.pairGradientRow(coef, cs, np, 4, nb, 0, nb, 2, n + 2, cap, a1, b1, cap);
        panama.pairGradientRow(coef, cs, np, 4, nb, 0, nb, 2, n + 2, cap, a2, b2, cap);
        close(a1, a2, 1e-12, "pairGradientRow ga");
        close(b1, b2, 1e-12, "pairGradientRow gb");
        double[] s1 = random(rnd, a1.length, -1, 1), s2 = s1.clone();
        SCALAR.pairGradientRow(coef, cs, np, 1, nb, 1, nb, 2, n + 2, cap, s1, s1, cap);
        panama.pairGradientRow(coef, cs, np, 1, nb, 1, nb, 2, n + 2, cap, s2, s2, cap);
        close(s1, s2, 1e-12, "pairGradientRow aliased");
    }

    @ParameterizedTest
    @MethodSource(SIZES)
    void soapDerivatives(int n) {
        requirePanama();
        SplittableRandom rnd = new SplittableRandom(300 + n);
        int lMax = 6, stride = n + 5;
        double[] x = random(rnd, n + 1, -6, 6), y = random(rnd, n + 1, -6, 6), z = random(rnd, n + 1, -6, 6);
        double[][] a = new double[4][49 * stride], b = new double[4][49 * stride];
        SCALAR.solidHarmonicsGradient(x, y, z, 1, n + 1, lMax, a[0], a[1], a[2], a[3], stride);
        panama.solidHarmonicsGradient(x, y, z, 1, n + 1, lMax, b[0], b[1], b[2], b[3], stride);
        for (int q = 0; q < 4; q++) close(a[q], b[q], 1e-12, "solidHarmonicsGradient " + q);
        // 7 rows (a block of four and three single rows) x inner 5, panel over [1, n + 1)
        double[] m = random(rnd, 2 + 7 * 5, -1, 1), p = random(rnd, 3 + 5 * stride, -1, 1);
        double[] o1 = new double[1 + 7 * stride], o2 = new double[o1.length];
        SCALAR.panelProduct(m, 2, 7, 5, p, 3, stride, 1, n + 1, o1, 1, stride);
        panama.panelProduct(m, 2, 7, 5, p, 3, stride, 1, n + 1, o2, 1, stride);
        close(o1, o2, 1e-13, "panelProduct");
        // rank-two blocks of side n (the n_max of SOAP), three blocks (the l of SOAP) from four interleaved vector sets
        double[] u = random(rnd, 12 * n + 8, -1, 1);
        for (boolean triangle : new boolean[] {false, true}) {
            double[] r1 = new double[3 + 3 * n * n], r2 = new double[r1.length];
            SCALAR.rankTwo(u, 1, u, 3 * n + 2, u, 6 * n + 3, u, 9 * n + 4, n, 3, triangle, r1, 3);
            panama.rankTwo(u, 1, u, 3 * n + 2, u, 6 * n + 3, u, 9 * n + 4, n, 3, triangle, r2, 3);
            close(r1, r2, 1e-13, "rankTwo triangle=" + triangle);
        }
        double[] unit = random(rnd, n + 2, -1, 1), g1 = random(rnd, n + 3, -1, 1), g2 = g1.clone();
        SCALAR.projectOut(unit, 2, g1, 3, n, 0.7);
        panama.projectOut(unit, 2, g2, 3, n, 0.7);
        close(g1, g2, 1e-12, "projectOut");
    }

    @Test
    void solidHarmonicsGradientEqualsFiniteDifferences() {
        SplittableRandom rnd = new SplittableRandom(7);
        int lMax = 7, nS = 64, n = 9;
        double[] x = random(rnd, n, -3, 3), y = random(rnd, n, -3, 3), z = random(rnd, n, -3, 3);
        double[] s = new double[nS * n];
        double[][] g = new double[3][nS * n];
        SCALAR.solidHarmonicsGradient(x, y, z, 0, n, lMax, s, g[0], g[1], g[2], n);
        double[] plain = new double[nS * n];
        SCALAR.solidHarmonics(x, y, z, 0, n, lMax, plain, n);
        // two recurrences (the value kernel folds its constants, soap5): equal up to rounding, not bit for bit
        for (int i = 0; i < s.length; i++) assertEquals(plain[i], s[i], 1e-12 * (1 + Math.abs(plain[i])), "value " + i);
        double h = 1e-4;
        for (int a = 0; a < 3; a++) {
            double[][] pm = new double[2][nS * n];
            for (int sign = 0; sign < 2; sign++) {
                double[] xx = x.clone(), yy = y.clone(), zz = z.clone();
                double[] moved = a == 0 ? xx : a == 1 ? yy : zz;
                for (int j = 0; j < n; j++) moved[j] += sign == 0 ? h : -h;
                SCALAR.solidHarmonics(xx, yy, zz, 0, n, lMax, pm[sign], n);
            }
            for (int i = 0; i < s.length; i++) {
                // S_lm is a polynomial of degree l <= 7: the central difference is exact up to h^2 S''' ~ 1e-8 of |S|/r^3
                double fd = (pm[0][i] - pm[1][i]) / (2 * h);
                assertEquals(fd, g[a][i], 1e-6 * (1 + Math.abs(fd)), "d S[" + i / n + "] / d" + "xyz".charAt(a) + " at point " + i % n);
            }
        }
    }
}
