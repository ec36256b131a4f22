package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Panama kernels against their scalar twin at lane and block boundaries (loaded by name only). */
class DescriptorKernelsEquivalenceTest {
    static DescriptorKernels panama;
    static final DescriptorKernels SCALAR = new ScalarDescriptorKernels();

    @BeforeAll
    static void load() {
        panama = VectorSupport.panamaOrNull(DescriptorKernels.class, "org.atomdoe.descriptor.PanamaDescriptorKernels");
    }

    static IntStream sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(73, 97, 127, 251, 1021));
    }

    @Test
    void defaultKernelsMatchTheJvm() {
        boolean expectScalar = Boolean.getBoolean("atomdoe.expectScalar");
        assertEquals(!expectScalar && VectorSupport.isAvailable(), DescriptorKernels.DEFAULT instanceof ScalarDescriptorKernels == false);
    }

    private static double[] random(SplittableRandom rnd, int n, double lo, double hi, int pad) {
        double[] a = new double[n + pad];
        for (int i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * rnd.nextDouble();
        return a;
    }

    private static void close(double[] expected, double[] actual, double rel, String what) {
        double max = 0;
        for (double v : expected) max = Math.max(max, Math.abs(v));
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= rel * Math.max(Math.abs(expected[i]), 1e-3 * max) + 1e-300,
                    what + " [" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void radialKernels(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(n);
        // offset 3 and values beyond the cutoff exercise masks and the r <= r_cut condition
        double[] r = random(rnd, n + 3, 0.5, 5.6, 0);
        double[] a = new double[11], b = new double[11];
        SCALAR.chebyshevCutoffSum(r, 3, n + 3, 5.0, 9, a, 1);
        panama.chebyshevCutoffSum(r, 3, n + 3, 5.0, 9, b, 1);
        close(a, b, 1e-12, "chebyshev");
        double[] eta = {0.003, 0.5, 1.4}, rs = {0, 2, 2.5}, kappa = {1.0, 2.5};
        double[] c = new double[8], d = new double[8];
        SCALAR.acsfRadial(r, 3, n + 3, 5.0, true, eta, rs, kappa, c, 1);
        panama.acsfRadial(r, 3, n + 3, 5.0, true, eta, rs, kappa, d, 1);
        close(c, d, 1e-12, "acsfRadial");
        // a common R_s and at least a vector of etas: the vector twin's table path (lanes over the etas)
        double[] eta8 = {0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426, 2.5};
        for (int ne : new int[] {4, 8, 9}) {
            for (double rs0 : new double[] {0.0, 1.5}) {
                double[] e = java.util.Arrays.copyOf(eta8, ne), rsa = new double[ne];
                java.util.Arrays.fill(rsa, rs0);
                double[] g = new double[ne + 4], h = new double[ne + 4];
                SCALAR.acsfRadial(r, 3, n + 3, 5.0, true, e, rsa, kappa, g, 1);
                panama.acsfRadial(r, 3, n + 3, 5.0, true, e, rsa, kappa, h, 1);
                close(g, h, 1e-12, "acsfRadial by table, " + ne + " etas, R_s " + rs0);
                double[] g0 = new double[ne + 1], h0 = new double[ne + 1];
                SCALAR.acsfRadial(r, 3, n + 3, 5.0, false, e, rsa, new double[0], g0, 0);
                panama.acsfRadial(r, 3, n + 3, 5.0, false, e, rsa, new double[0], h0, 0);
                close(g0, h0, 1e-12, "acsfRadial by table without G1, " + ne + " etas, R_s " + rs0);
            }
        }
    }

    /** G1 and G2 with the cutoff values given (the vector twin's table path) against the scalar twin making its own. */
    @ParameterizedTest
    @MethodSource("sizes")
    void radialWithCutoffs(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(800 + n);
        double[] r = random(rnd, n + 3, 0.5, 5.6, 0);
        double[] fc = new double[n + 5];
        SCALAR.cutoffValues(r, 3, n + 3, 5.0, fc, 2);
        double[] eta8 = {0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426, 2.5};
        double[] kappa = {1.0, 2.5};
        for (int ne : new int[] {2, 4, 8, 9}) {
            for (double rs0 : new double[] {0.0, 1.5}) {
                double[] e = java.util.Arrays.copyOf(eta8, ne), rsa = new double[ne];
                java.util.Arrays.fill(rsa, rs0);
                for (double[] k : new double[][] {new double[0], kappa}) {
                    double[] g = new double[ne + 4], h = new double[ne + 4];
                    SCALAR.acsfRadialWithCutoffs(r, fc, 2, 3, n + 3, 5.0, true, e, rsa, k, g, 1);
                    panama.acsfRadialWithCutoffs(r, fc, 2, 3, n + 3, 5.0, true, e, rsa, k, h, 1);
                    close(g, h, 1e-12, "acsfRadialWithCutoffs, " + ne + " etas, R_s " + rs0 + ", " + k.length + " kappas");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void cutoffValues(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(200 + n);
        double[] r = random(rnd, n + 3, 0.0, 5.6, 0);
        r[3] = 5.0; // exactly at the cutoff: 0
        double[] a = new double[n + 2], b = new double[n + 2];
        SCALAR.cutoffValues(r, 3, n + 3, 5.0, a, 1);
        panama.cutoffValues(r, 3, n + 3, 5.0, b, 1);
        for (int j = 0; j < n; j++) {
            assertTrue(Math.abs(a[1 + j] - b[1 + j]) <= 1e-15, "cutoffValues [" + j + "]: " + a[1 + j] + " vs " + b[1 + j]);
            assertTrue(b[1 + j] >= 0 && b[1 + j] <= 1, "fc in [0, 1]");
            if (r[3 + j] >= 5.0) assertEquals(0.0, a[1 + j]);
        }
        assertEquals(0.0, a[0]);
        assertEquals(0.0, b[0]);
        assertEquals(0.0, b[n + 1]);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void angularKernel(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(100 + n);
        double[] cos = random(rnd, n + 2, -1, 1, 0), rsq = random(rnd, n + 2, 1, 50, 0);
        double[] rjk = random(rnd, n + 2, 1, 6, 0), fc = random(rnd, n + 2, 0, 1, 0);
        for (int t = 0; t < rjk.length; t++) rjk[t] *= rjk[t]; // the kernels take squared j-k distances
        double[] eta = {0.01, 0.01, 0.05, 0.05, 0.2}, zeta = {1, 2, 4, 1.5, 16}, lambda = {1, -1, 1, -1, 1};
        for (boolean g4 : new boolean[] {true, false}) {
            double[] a = new double[6], b = new double[6];
            SCALAR.acsfAngular(cos, rsq, rjk, fc, 2, n + 2, 5.0, g4, eta, zeta, lambda, a, 1);
            panama.acsfAngular(cos, rsq, rjk, fc, 2, n + 2, 5.0, g4, eta, zeta, lambda, b, 1);
            close(a, b, 1e-12, "acsfAngular g4=" + g4);
        }
    }

    /**
     * zeta in {1, 2, 4, 8, 16} (the vector twin's fused powers and sums), up to five squaring levels, etas with one or
     * both lambdas, the cutoff polynomial of G4 near and beyond r_cut; and a pair exactly at r_cut adds exactly 0.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void angularKernelPowersOfTwo(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(500 + n);
        double[] cos = random(rnd, n + 2, -1, 1, 0), rsq = random(rnd, n + 2, 1, 50, 0);
        double[] rjk = random(rnd, n + 2, 0.5, 5.3, 0), fc = random(rnd, n + 2, 0, 1, 0);
        for (int t = 0; t < rjk.length; t++) rjk[t] *= rjk[t];
        double[][] sets = {
            {0.000357, 1, -1, 0.000357, 1, 1, 0.028569, 2, -1, 0.028569, 4, 1, 0.089277, 16, -1, 0.089277, 8, 1, 0.3, 1, 1},
            {0.01, 1, 1},
            {0.05, 2, -1, 0.05, 2, 1},
            {0.02, 16, 1, 0.02, 16, -1, 0.02, 1, 1, 0.7, 4, -1},
        };
        for (double[] set : sets) {
            int np = set.length / 3;
            double[] eta = new double[np], zeta = new double[np], lambda = new double[np];
            for (int p = 0; p < np; p++) {
                eta[p] = set[3 * p];
                zeta[p] = set[3 * p + 1];
                lambda[p] = set[3 * p + 2];
            }
            for (boolean g4 : new boolean[] {true, false}) {
                double[] a = new double[np + 2], b = new double[np + 2];
                SCALAR.acsfAngular(cos, rsq, rjk, fc, 2, n + 2, 5.0, g4, eta, zeta, lambda, a, 1);
                panama.acsfAngular(cos, rsq, rjk, fc, 2, n + 2, 5.0, g4, eta, zeta, lambda, b, 1);
                close(a, b, 1e-12, "acsfAngular powers of two g4=" + g4 + " set " + np);
            }
        }
        // every pair exactly at the cutoff: no G4 term at all in either twin
        double[] at = new double[n + 2];
        java.util.Arrays.fill(at, 25.0);
        double[] a = new double[3], b = new double[3];
        SCALAR.acsfAngular(cos, rsq, at, fc, 2, n + 2, 5.0, true, new double[] {0.01}, new double[] {1}, new double[] {1}, a, 1);
        panama.acsfAngular(cos, rsq, at, fc, 2, n + 2, 5.0, true, new double[] {0.01}, new double[] {1}, new double[] {1}, b, 1);
        assertEquals(0.0, a[1]);
        assertEquals(0.0, b[1]);
    }

    /** The unit-vector pair geometry: both twins keep the same pairs with the same bits, and match pairGeometry. */
    @ParameterizedTest
    @MethodSource("sizes")
    void pairGeometryWithinUnit(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(600 + n);
        double[] x = random(rnd, n + 2, -5, 5, 0), y = random(rnd, n + 2, -5, 5, 0), z = random(rnd, n + 2, -5, 5, 0);
        double[] r = new double[n + 2], f = random(rnd, n + 2, 0, 1, 0);
        double[] ux = new double[n + 2], uy = new double[n + 2], uz = new double[n + 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
            ux[i] = x[i] / r[i];
            uy[i] = y[i] / r[i];
            uz[i] = z[i] / r[i];
        }
        double xj = 1.0, yj = -2.0, zj = 0.5, rj = Math.sqrt(5.25), rCut = 4.0;
        double[][] a = new double[4][n + 3];
        SCALAR.pairGeometry(xj, yj, zj, rj, 0.7, x, y, z, r, f, 2, n + 2, a[0], a[1], a[2], a[3], 1);
        double[][] c = new double[4][n + 3 + 8], d = new double[4][n + 3 + 8];
        int mc = SCALAR.pairGeometryWithinUnit(xj / rj, yj / rj, zj / rj, rj, 0.7, ux, uy, uz, r, f, 2, n + 2, rCut, c[0], c[1], c[2], c[3], 1);
        int md = panama.pairGeometryWithinUnit(xj / rj, yj / rj, zj / rj, rj, 0.7, ux, uy, uz, r, f, 2, n + 2, rCut, d[0], d[1], d[2], d[3], 1);
        assertEquals(mc, md, "kept pairs, scalar vs vector");
        for (int q = 0; q < 4; q++) {
            for (int t = 1; t <= mc; t++) assertEquals(c[q][t], d[q][t], "pairGeometryWithinUnit slot " + q + " entry " + t);
        }
        // against the difference-vector geometry: the same pairs (none within 1e-9 of the cutoff here), values to ~1e-14
        int kept = 0;
        for (int t = 1; t <= n; t++) {
            if (Math.abs(a[2][t] - rCut * rCut) < 1e-9) continue;
            if (!(a[2][t] <= rCut * rCut)) continue;
            kept++;
            for (int q = 0; q < 4; q++) {
                double e = a[q][t], v = c[q][kept];
                assertTrue(Math.abs(e - v) <= 1e-12 * Math.max(1.0, Math.abs(e)), "slot " + q + ": " + e + " vs " + v);
            }
        }
        assertEquals(kept, mc, "kept pairs vs pairGeometry");
    }

    /**
     * All rows of a species pair in one call: the vector twin against the interface's row-by-row default (the scalar
     * twin's), same pairs and bits; unordered pairs of one set and all pairs of two sets; rows padded to 1, 4 and 8
     * with far entries (never kept) as Acsf pads them.
     */
    @ParameterizedTest
    @MethodSource("sizes")
    void pairRowsWithinUnit(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(700 + n);
        int na = Math.max(1, n / 3), nb = n, pad = 8;
        double[][] a = unitNeighbours(rnd, na, pad), b = unitNeighbours(rnd, nb, pad);
        int cap = 1 + (na * nb + 8) * 2 + nb * 8;
        for (int block : new int[] {1, 4, 8}) {
            for (boolean triangle : new boolean[] {true, false}) {
                double[][] x = triangle ? b : a;
                int nx = triangle ? nb : na;
                double[][] c = new double[4][cap], d = new double[4][cap];
                int mc = SCALAR.pairRowsWithinUnit(x[0], x[1], x[2], x[3], x[4], nx, b[0], b[1], b[2], b[3], b[4], nb, triangle, block, 4.0,
                        c[0], c[1], c[2], c[3], 1);
                int md = panama.pairRowsWithinUnit(x[0], x[1], x[2], x[3], x[4], nx, b[0], b[1], b[2], b[3], b[4], nb, triangle, block, 4.0,
                        d[0], d[1], d[2], d[3], 1);
                assertEquals(mc, md, "pairs kept, block " + block + " triangle " + triangle);
                for (int q = 0; q < 4; q++) {
                    for (int t = 1; t <= mc; t++) assertEquals(c[q][t], d[q][t], "slot " + q + " pair " + t);
                }
                int expected = 0;
                for (int j = 0; j < nx; j++) {
                    for (int k = triangle ? j + 1 : 0; k < nb; k++) {
                        double dx = x[5][j] - b[5][k], dy = x[6][j] - b[6][k], dz = x[7][j] - b[7][k];
                        if (dx * dx + dy * dy + dz * dz <= 16.0) expected++;
                    }
                }
                assertEquals(expected, mc, "kept pairs vs the direct count");
            }
        }
    }

    /** Rows ux, uy, uz, r, f, x, y, z of n random neighbours within 5 of the centre, then pad far entries (u = 0, r = 1e100, f = 0). */
    private static double[][] unitNeighbours(SplittableRandom rnd, int n, int pad) {
        double[][] v = new double[8][n + pad];
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble(-5, 5), y = rnd.nextDouble(-5, 5), z = rnd.nextDouble(-5, 5), r = Math.sqrt(x * x + y * y + z * z);
            v[0][i] = x / r;
            v[1][i] = y / r;
            v[2][i] = z / r;
            v[3][i] = r;
            v[4][i] = rnd.nextDouble();
            v[5][i] = x;
            v[6][i] = y;
            v[7][i] = z;
        }
        for (int i = n; i < n + pad; i++) v[3][i] = 1e100;
        return v;
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void pairGeometry(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(300 + n);
        double[] x = random(rnd, n + 2, -5, 5, 0), y = random(rnd, n + 2, -5, 5, 0), z = random(rnd, n + 2, -5, 5, 0);
        double[] r = new double[n + 2], f = random(rnd, n + 2, 0, 1, 0);
        for (int i = 0; i < r.length; i++) r[i] = Math.sqrt(x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
        double[][] a = new double[4][n + 3], b = new double[4][n + 3];
        SCALAR.pairGeometry(1.0, -2.0, 0.5, Math.sqrt(5.25), 0.7, x, y, z, r, f, 2, n + 2, a[0], a[1], a[2], a[3], 1);
        panama.pairGeometry(1.0, -2.0, 0.5, Math.sqrt(5.25), 0.7, x, y, z, r, f, 2, n + 2, b[0], b[1], b[2], b[3], 1);
        for (int q = 0; q < 4; q++) close(a[q], b[q], 1e-14, "pairGeometry " + q);
    }

    /**
     * SOAP's contraction, radial product and power spectrum are laid out for nMax 8 = two vectors of four lanes: a JVM whose
     * preferred shape is wider (AVX-512) must still take their vector path (256-bit vectors), not the scalar twin
     * (branch soap10 measured the fallback ~5x slower end to end), and the sums must stay those of four lanes.
     */
    @Test
    void soapKernelsVectorisedOnWideShapes() {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        Assumptions.assumeTrue(PanamaDescriptorKernels.preferredBits() >= 256, "preferred vectors narrower than 256 bits");
        assertTrue(PanamaDescriptorKernels.soapVectorised(8), "SOAP kernels fell back to the scalar twin for nMax 8 with "
                + PanamaDescriptorKernels.preferredBits() + "-bit vectors");
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void soapKernels(int n) {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(200 + n);
        int lMax = 6, stride = n + 5;
        double[] x = random(rnd, n, -6, 6, 5), y = random(rnd, n, -6, 6, 5), z = random(rnd, n, -6, 6, 5);
        double[] a = new double[49 * stride], b = new double[49 * stride];
        SCALAR.solidHarmonics(x, y, z, 1, n, lMax, a, stride);
        panama.solidHarmonics(x, y, z, 1, n, lMax, b, stride);
        close(a, b, 1e-12, "solidHarmonics");
        // the normalised recurrence: the same operations in both twins, so the same bits
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, "solidHarmonics bits");
        // the general loops (l_max != 6) and the unrolled l_max = 6 path: the same bits as the scalar twin
        for (int lm = 0; lm <= 8; lm++) {
            int nc = (lm + 1) * (lm + 1);
            double[] sa = random(rnd, nc * stride, -1, 1, 0), sb = sa.clone();
            SCALAR.solidHarmonics(x, y, z, 1, n, lm, sa, stride);
            panama.solidHarmonics(x, y, z, 1, n, lm, sb, stride);
            org.junit.jupiter.api.Assertions.assertArrayEquals(sa, sb, "solidHarmonics bits lMax=" + lm);
            // SOAP's scaled harmonics (displacements read from an offset, columns written from 1): the same bits in both
            // twins (general loops and the unrolled l_max 6), times soapScale the normalised harmonics, columns outside
            // [1, n) untouched
            int hn = Math.max(n - 1, 1); // columns [1, hn) from displacements 3..hn+1
            double[] ha = random(rnd, nc * stride, -1, 1, 0), hb = ha.clone(), h0 = ha.clone();
            SCALAR.soapHarmonics(x, y, z, 2, 1, hn, lm, ha, stride);
            panama.soapHarmonics(x, y, z, 2, 1, hn, lm, hb, stride);
            org.junit.jupiter.api.Assertions.assertArrayEquals(ha, hb, "soapHarmonics bits lMax=" + lm);
            double[] ref = new double[nc * stride];
            SCALAR.solidHarmonics(x, y, z, 3, n + 1, lm, ref, stride);
            double[] scale = SolidHarmonicsTable.of(lm).soapScale;
            for (int c = 0; c < nc; c++) {
                for (int j = 1; j < hn; j++) {
                    double e = ref[c * stride + j + 2], got = scale[c] * hb[c * stride + j];
                    // relative to the size of the l-th harmonics at this radius (a component can cancel to ~0)
                    int l = (int) Math.sqrt(c);
                    double r = Math.sqrt(x[j + 2] * x[j + 2] + y[j + 2] * y[j + 2] + z[j + 2] * z[j + 2]);
                    assertEquals(e, got, 1e-13 * (Math.abs(e) + Math.pow(r, l) * 0.3), "soapHarmonics * soapScale lMax=" + lm + " lm=" + c);
                }
                assertEquals(h0[c * stride], hb[c * stride], "column 0 untouched");
                assertEquals(h0[c * stride + hn], hb[c * stride + hn], "column hn untouched");
            }
        }
        double[] r2 = random(rnd, n, 0.1, 70, 0), gamma = {0.1, 0.5, 1.2, 3.0};
        double[] g1 = new double[4 * stride], g2 = new double[4 * stride];
        SCALAR.gaussians(r2, 0, n, gamma, g1, stride);
        panama.gaussians(r2, 0, n, gamma, g2, stride);
        close(g1, g2, 1e-14, "gaussians");
        // the tabulated Gaussians: identical operations, so identical bits (and from an offset)
        GaussianTable tab = GaussianTable.of(gamma, 70);
        double[] t1 = new double[4 * stride], t2 = new double[4 * stride];
        SCALAR.gaussianTable(r2, 1, n, tab, t1, stride);
        panama.gaussianTable(r2, 1, n, tab, t2, stride);
        org.junit.jupiter.api.Assertions.assertArrayEquals(t1, t2, "gaussianTable");
        java.util.Arrays.fill(g1, 0.0);
        SCALAR.gaussians(r2, 1, n, gamma, g1, stride);
        close(g1, t1, 1e-14, "gaussianTable vs exp"); // exp(-gamma * r2) itself carries gamma r2 1.1e-16 relative error
        // neighbour-major tabulated Gaussians: the same bits as the scalar twin and as the panel layout, for 4 and 5
        // exponents (a full vector, and one left over for the scalar part)
        double[] soapGamma = new double[56]; // SOAP's 56 exponents (r_cut 5, n_max 8, l_max 6, sigma 1)
        double[][] alpha = RadialBases.gtoAlphas(5.0, 8, 6);
        for (int q = 0; q < 56; q++) soapGamma[q] = alpha[q / 8][q % 8] / (1 + 2 * alpha[q / 8][q % 8]);
        for (double[] gam : new double[][] {gamma, {0.1, 0.5, 1.2, 3.0, 0.7}, soapGamma}) {
            GaussianTable tg = GaussianTable.of(gam, 70);
            int nq = gam.length;
            double[] q1 = new double[n * nq + 3], q2 = new double[n * nq + 3], panel = new double[nq * stride];
            SCALAR.gaussianTableRows(r2, 1, n, tg, q1, 3);
            panama.gaussianTableRows(r2, 1, n, tg, q2, 3);
            org.junit.jupiter.api.Assertions.assertArrayEquals(q1, q2, "gaussianTableRows");
            SCALAR.gaussianTable(r2, 1, n, tg, panel, stride);
            for (int j = 1; j < n; j++)
                for (int q = 0; q < nq; q++) assertEquals(panel[q * stride + j], q2[3 + (j - 1) * nq + q], "rows vs panel");
            // SOAP's rows from a forRows table (degree-5 polynomial in delta): same bits in both twins, each value the
            // table's own definition, untouched outside [3, 3 + (n - 1) nq); SOAP's 56 exponents take the vector kernel's
            // constant-length path (soapGaussianRows56)
            GaussianTable tr = GaussianTable.forRows(gam, 70);
            double[] p1 = new double[n * nq + 5], p2 = new double[n * nq + 5];
            java.util.Arrays.fill(p1, -7.0);
            java.util.Arrays.fill(p2, -7.0);
            SCALAR.soapGaussianRows(r2, 1, n, tr, p1, 3);
            panama.soapGaussianRows(r2, 1, n, tr, p2, 3);
            org.junit.jupiter.api.Assertions.assertArrayEquals(p1, p2, "soapGaussianRows");
            for (int j = 1; j < n; j++)
                for (int q = 0; q < nq; q++) {
                    assertEquals(tr.rowValue(q, r2[j]), p2[3 + (j - 1) * nq + q], "rowValue");
                    assertEquals(q2[3 + (j - 1) * nq + q], p2[3 + (j - 1) * nq + q], 2e-15 * q2[3 + (j - 1) * nq + q], "vs Taylor");
                }
            assertEquals(-7.0, p2[2]);
            assertEquals(-7.0, p2[3 + (n - 1) * nq]);
        }
        // C += A^T B^T with A by rows j (na = 8, 7 and 13 columns: two vectors, one vector and scalar columns), B with
        // unit and non-unit steps along j
        for (int na : new int[] {8, 7, 13}) {
            for (int step : new int[] {1, 3}) {
                int aStride = na + 2, nb = 9;
                double[] ta = random(rnd, n * aStride + 5, -1, 1, 0), tb = random(rnd, nb * stride + n * step + 2, -1, 1, 0);
                double[] d0 = random(rnd, na * nb + 2, -1, 1, 0), d1 = d0.clone(), d2 = d0.clone();
                SCALAR.columnDots(ta, 4, aStride, na, tb, 2, stride, step, nb, n, d1, 1);
                panama.columnDots(ta, 4, aStride, na, tb, 2, stride, step, nb, n, d2, 1);
                close(d1, d2, 1e-12, "columnDots na=" + na + " step=" + step);
                // the last entry by the definition: accumulated onto its old value
                int last = 1 + (na - 1) * nb + nb - 1;
                double expect = 0;
                for (int j = 0; j < n; j++) expect += ta[4 + j * aStride + na - 1] * tb[2 + (nb - 1) * stride + j * step];
                assertEquals(d0[last] + expect, d2[last], 1e-12 * (Math.abs(expect) + 1));
            }
        }
        // SOAP's contraction of every l at once: n neighbours (rows of 8 exponents per l, at an offset and a padded
        // stride), harmonics over neighbours; l_max 6 (groups of four columns across l boundaries and one column left
        // over), 2 and 0; nMax 8 (the vector path on AVX2) and 5 (the scalar twin)
        for (int lm : new int[] {6, 2, 0}) {
            for (int nMax : new int[] {8, 5}) {
                int ncol = (lm + 1) * (lm + 1), rowStride = (lm + 1) * nMax + 3;
                double[] rows = random(rnd, n * rowStride + 2, -1, 1, 0), shv = random(rnd, ncol * stride + 1, -2, 2, 0);
                double[] e0 = random(rnd, ncol * nMax + 3, -1, 1, 0), e1 = e0.clone(), e2 = e0.clone();
                SCALAR.soapContract(rows, 2, rowStride, shv, 1, stride, n, nMax, lm, e1, 3);
                panama.soapContract(rows, 2, rowStride, shv, 1, stride, n, nMax, lm, e2, 3);
                close(e1, e2, 1e-12, "soapContract lMax=" + lm + " nMax=" + nMax);
                // one entry by the definition: l = lm, m = l, k = nMax - 1, accumulated onto its old value
                int col = ncol - 1, k = nMax - 1;
                double expect = 0;
                for (int j = 0; j < n; j++) expect += rows[2 + j * rowStride + lm * nMax + k] * shv[1 + col * stride + j];
                assertEquals(e0[3 + col * nMax + k] + expect, e2[3 + col * nMax + k], 1e-12 * (Math.abs(expect) + 1));
                assertEquals(e0[0], e2[0]); // nothing written before the offset
            }
        }
        // the l_max 6 contraction specialised on SOAP's strides (rows of 7 x 8 exponents, harmonics panel of stride
        // SoapPowerSpectrum.BLOCK): against the scalar twin, and bit for bit against the general vector path (the same
        // harmonics at a panel stride one wider)
        {
            int nMax = 8, ncol = 49, rowStride = 7 * nMax, panel = SoapPowerSpectrum.BLOCK;
            double[] rows = random(rnd, n * rowStride + 2, -1, 1, 0);
            // (beyond a block, n > panel, the columns overlap as read: the wider panel holds every column as read)
            int ws = Math.max(panel, n) + 1;
            double[] shv = random(rnd, ncol * panel + n + 1, -2, 2, 0), wide = new double[ncol * ws + n + 1];
            for (int c = 0; c < ncol; c++)
                for (int j = 0; j < n; j++) wide[1 + c * ws + j] = shv[1 + c * panel + j];
            double[] e0 = random(rnd, ncol * nMax + 3, -1, 1, 0), e1 = e0.clone(), e2 = e0.clone(), e3 = e0.clone();
            SCALAR.soapContract(rows, 2, rowStride, shv, 1, panel, n, nMax, 6, e1, 3);
            panama.soapContract(rows, 2, rowStride, shv, 1, panel, n, nMax, 6, e2, 3);
            panama.soapContract(rows, 2, rowStride, wide, 1, ws, n, nMax, 6, e3, 3);
            close(e1, e2, 1e-12, "soapContract at SOAP's strides");
            assertArrayEquals(e3, e2, 0.0, "specialised and general contraction");
            // the groups of eight columns (taken with AVX-512's 32 registers) against the groups of four, bit for bit, on
            // every machine
            double[] e4 = e0.clone(), e5 = e0.clone();
            PanamaDescriptorKernels.soapContract6Four(rows, 2, shv, 1, n, e4, 3);
            PanamaDescriptorKernels.soapContract6Eight(rows, 2, shv, 1, n, e5, 3);
            for (int t = 0; t < e4.length; t++)
                assertEquals(Double.doubleToRawLongBits(e4[t]), Double.doubleToRawLongBits(e5[t]), "groups of eight: bits at " + t);
            assertArrayEquals(e2, e5, 0.0, "the dispatched contraction is one of the two");
        }
        // C = A B^T with 7 x 9 rows of length n at an offset
        double[] ma = random(rnd, 7 * stride + 2, -1, 1, 0), mb = random(rnd, 9 * stride + 3, -1, 1, 0);
        double[] c1 = new double[64 + 1], c2 = new double[64 + 1];
        SCALAR.rowDots(ma, 2, 7, mb, 3, 9, n, stride, c1, 1);
        panama.rowDots(ma, 2, 7, mb, 3, 9, n, stride, c2, 1);
        close(c1, c2, 1e-12, "rowDots");
    }

    /**
     * SOAP's per-centre kernels ({@code soapRadialProduct}, {@code soapPower}): the Panama versions against the scalar twin
     * bit for bit, and both against the definitions, for n_max 1..12 (8 = two AVX2 vectors, the vector path; others
     * the scalar twin), l_max 0..8, at offsets; the triangle (one species) and the full block (two species); entries
     * around the written range untouched.
     */
    @Test
    void soapCentreKernels() {
        Assumptions.assumeTrue(panama != null, "Vector API not available in this JVM");
        SplittableRandom rnd = new SplittableRandom(4);
        for (int nMax = 1; nMax <= 12; nMax++) {
            for (int lMax = 0; lMax <= 8; lMax++) {
                int nc = (lMax + 1) * (lMax + 1) * nMax;
                double[] bt = random(rnd, (lMax + 1) * nMax * nMax + 2, -1, 1, 0), g = random(rnd, nc + 3, -2, 2, 0);
                double[] c1 = random(rnd, nc + 5, -1, 1, 0), c2 = c1.clone();
                SCALAR.soapRadialProduct(bt, 2, g, 3, nMax, lMax, null, c1, 4);
                panama.soapRadialProduct(bt, 2, g, 3, nMax, lMax, null, c2, 4);
                org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2, "soapRadialProduct nMax=" + nMax + " lMax=" + lMax);
                // with a scale per (l, m) column: the same bits in both twins, each column the unscaled one times its scale
                double[] sc = random(rnd, (lMax + 1) * (lMax + 1), 0.5, 3, 0);
                double[] c3 = c1.clone(), c4 = c1.clone();
                SCALAR.soapRadialProduct(bt, 2, g, 3, nMax, lMax, sc, c3, 4);
                panama.soapRadialProduct(bt, 2, g, 3, nMax, lMax, sc, c4, 4);
                org.junit.jupiter.api.Assertions.assertArrayEquals(c3, c4, "scaled soapRadialProduct nMax=" + nMax + " lMax=" + lMax);
                for (int t = 0; t < (lMax + 1) * (lMax + 1) * nMax; t++) assertEquals(c2[4 + t] * sc[t / nMax], c4[4 + t], "scaled column");
                for (int l = 0; l <= lMax; l++) {
                    for (int lm = l * l; lm < (l + 1) * (l + 1); lm++) {
                        for (int n = 0; n < nMax; n++) {
                            double expect = 0;
                            for (int k = 0; k < nMax; k++) expect += bt[2 + l * nMax * nMax + k * nMax + n] * g[3 + lm * nMax + k];
                            assertEquals(expect, c2[4 + lm * nMax + n], 1e-13 * (1 + Math.abs(expect)), "product definition");
                        }
                    }
                }
                assertEquals(c1[3], c2[3]); // before the offset: untouched, as after the end
                assertEquals(c1[nc + 4], c2[nc + 4]);
                double[] fac = random(rnd, lMax + 1, 0.5, 2, 0);
                for (boolean triangle : new boolean[] {true, false}) {
                    int block = triangle ? nMax * (nMax + 1) / 2 : nMax * nMax, len = block * (lMax + 1);
                    double[] ca = random(rnd, nc + 1, -1, 1, 0), cb = triangle ? ca : random(rnd, nc + 2, -1, 1, 0);
                    int bOff = triangle ? 1 : 2;
                    double[] p1 = random(rnd, len + 6, -1, 1, 0), p2 = p1.clone();
                    SCALAR.soapPower(ca, 1, cb, bOff, nMax, lMax, fac, triangle, p1, 3);
                    panama.soapPower(ca, 1, cb, bOff, nMax, lMax, fac, triangle, p2, 3);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(p1, p2, "soapPower nMax=" + nMax + " lMax=" + lMax + " " + triangle);
                    int f = 3;
                    for (int l = 0; l <= lMax; l++) {
                        for (int n = 0; n < nMax; n++) {
                            for (int n2 = triangle ? n : 0; n2 < nMax; n2++) {
                                double expect = 0;
                                for (int lm = l * l; lm < (l + 1) * (l + 1); lm++) expect += ca[1 + lm * nMax + n] * cb[bOff + lm * nMax + n2];
                                expect *= fac[l];
                                assertEquals(expect, p2[f++], 1e-13 * (1 + Math.abs(expect)), "power definition");
                            }
                        }
                    }
                    assertEquals(f, 3 + len);
                    for (int t : new int[] {0, 1, 2, len + 3, len + 4, len + 5}) assertEquals(p1[t], p2[t], "outside the blocks");
                }
            }
        }
    }
}
