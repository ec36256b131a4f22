package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Test;

/**
 * The packed GEMM ({@link Gemm}) and what is built on it (blocked Cholesky, leverages) against
 * plain loops, for the scalar kernels and, when the Vector API is present, the Panama kernels, at
 * tile, block and panel boundaries (sizes 1..70, primes, 1021), with offsets and strides.
 */
class GemmTest {
    private static final DenseKernels SCALAR = new ScalarDenseKernels();

    private static List<DenseKernels> kernels() {
        List<DenseKernels> ks = new ArrayList<>();
        ks.add(SCALAR);
        ks.add(new WideTileKernels()); // the 5 x 16 tile of 8-lane vectors, on any machine
        DenseKernels p = VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels");
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertNull(p, "scalar run must not load Panama kernels");
        if (p != null) {
            assertEquals(p.gemmNr(), 2 * p.gemmMr() - 2, "the process-wide Panama kernels keep the 5 x 8 tile");
            ks.addAll(panamaTiles()); // both tiles of the Panama kernels (8 x 16 of 512 bits and 5 x 8 of 256), whatever the machine
        }
        return ks;
    }

    /** The Panama kernels with the wide (8 x 16, 512-bit) and the narrow (5 x 8, 256-bit) GEMM tile, or none without the Vector API. */
    private static List<DenseKernels> panamaTiles() {
        if (VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels") == null) return List.of();
        try {
            var ctor = Class.forName("org.atomdoe.linalg.PanamaDenseKernels").getDeclaredConstructor(boolean.class);
            ctor.setAccessible(true);
            return List.of((DenseKernels) ctor.newInstance(true), (DenseKernels) ctor.newInstance(false));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The wide tile computes each element by the same fused multiply-adds in the same order as the narrow one, so
     * products of every shape, the Cholesky factor (1 and 2 threads) and the leverages are bit for bit the same: the
     * design engine's choices must not depend on the machine's vector width.
     */
    @Test
    void wideAndNarrowTilesGiveTheSameBits() {
        List<DenseKernels> two = panamaTiles();
        org.junit.jupiter.api.Assumptions.assumeTrue(!two.isEmpty(), "Vector API not available in this JVM");
        DenseKernels wide = two.get(0), narrow = two.get(1);
        assertEquals(16, wide.gemmNr());
        assertEquals(8, narrow.gemmNr());
        Random r = new Random(17);
        int[] sizes = IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 257, 263, 1021)).toArray();
        for (int s : sizes) {
            for (int shape : new int[] {0, Gemm.LOWER_C, Gemm.LOWER_B, Gemm.LOWER_C | Gemm.LOWER_B}) {
                int m = s, n = shape == 0 ? 3 + (s * 5) % 71 : s, k = (shape & Gemm.LOWER_B) != 0 ? n : 1 + (s * 7) % 300;
                if (s == 1021) { m = 1021; n = 300; k = shape == 0 ? 600 : 300; }
                if ((shape & Gemm.LOWER_C) != 0) n = Math.min(n, m);
                int lda = k + 1, ldb = k + 2, ldc = n + 3;
                double[] a = rnd(r, 1 + m * lda), b = rnd(r, 2 + n * ldb), c = rnd(r, 3 + m * ldc);
                for (double alpha : new double[] {1.0, -1.0, 0.75}) {
                    for (boolean acc : new boolean[] {false, true}) {
                        double[] cw = c.clone(), cn = c.clone();
                        Gemm.nt(wide, m, n, k, alpha, a, 1, lda, b, 2, ldb, acc, cw, 3, ldc, shape, 2);
                        Gemm.nt(narrow, m, n, k, alpha, a, 1, lda, b, 2, ldb, acc, cn, 3, ldc, shape, 1);
                        for (int i = 0; i < cw.length; i++) {
                            assertEquals(Double.doubleToLongBits(cn[i]), Double.doubleToLongBits(cw[i]),
                                    "m=" + m + " n=" + n + " k=" + k + " shape=" + shape + " alpha=" + alpha + " acc=" + acc + " at " + i);
                        }
                    }
                }
            }
        }
        for (int n : IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 255, 256, 257, 263, 513, 769, 1021)).toArray()) {
            int ld = n + 3, off = 4;
            double[] a = spd(r, n, ld, off);
            for (int i = 0; i < a.length; i++) if (Double.isNaN(a[i])) a[i] = 0;
            double[] gn = a.clone(), gw1 = a.clone(), gw2 = a.clone();
            Cholesky.factor(narrow, gn, off, n, ld, 1, true, Cholesky.LOOKAHEAD_ROWS);
            Cholesky.factor(wide, gw1, off, n, ld, 1, true, Cholesky.LOOKAHEAD_ROWS);
            Cholesky.factor(wide, gw2, off, n, ld, 2, true, 256); // look-ahead from the first step
            for (int i = 0; i < gn.length; i++) {
                assertEquals(Double.doubleToLongBits(gn[i]), Double.doubleToLongBits(gw1[i]), "factor n=" + n + " at " + i);
                assertEquals(Double.doubleToLongBits(gn[i]), Double.doubleToLongBits(gw2[i]), "factor n=" + n + ", 2 threads, at " + i);
            }
            if (n > 120) continue;
            int rows = Cholesky.GEMM_ROWS_PER_COLUMN * n + 241;
            double[] x = rnd(r, rows * n), dn = new double[rows], dw = new double[rows], zn = new double[rows * n], zw = new double[rows * n];
            Cholesky.solveRows(narrow, gn, off, n, ld, x, 0, n, rows, zn, 0, n, dn, 0, 1);
            Cholesky.solveRows(wide, gn, off, n, ld, x, 0, n, rows, zw, 0, n, dw, 0, 2);
            for (int i = 0; i < rows; i++) assertEquals(Double.doubleToLongBits(dn[i]), Double.doubleToLongBits(dw[i]), "leverage n=" + n + " row " + i);
            for (int i = 0; i < zn.length; i++) assertEquals(Double.doubleToLongBits(zn[i]), Double.doubleToLongBits(zw[i]), "z n=" + n + " at " + i);
        }
    }

    private static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 257, 263)).toArray();
    }

    private static double[] rnd(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }

    /** Plain C = (acc ? C : 0) + alpha A B' on the given shape, for reference. */
    private static void reference(int m, int n, int k, double alpha, double[] a, int ao, int lda, double[] b, int bo, int ldb,
                                  boolean acc, double[] c, int co, int ldc, int shape) {
        for (int i = 0; i < m; i++) {
            int jEnd = (shape & Gemm.LOWER_C) != 0 ? Math.min(n, i + 1) : n;
            for (int j = 0; j < jEnd; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    if ((shape & Gemm.LOWER_B) != 0 && t > j) break;
                    s += a[ao + i * lda + t] * b[bo + j * ldb + t];
                }
                int o = co + i * ldc + j;
                c[o] = (acc ? c[o] : 0) + alpha * s;
            }
        }
    }

    private static void check(DenseKernels kern, Random r, int m, int n, int k, int shape, boolean acc, double alpha) {
        int lda = k + 3, ldb = k + 1, ldc = n + 2, ao = 5, bo = 2, co = 7;
        double[] a = rnd(r, ao + m * lda), b = rnd(r, bo + n * ldb);
        if ((shape & Gemm.LOWER_B) != 0) {
            for (int j = 0; j < n; j++) for (int t = j + 1; t < k; t++) b[bo + j * ldb + t] = Double.NaN; // must not be read
        }
        double[] c0 = rnd(r, co + m * ldc + 3);
        double[] want = c0.clone(), got = c0.clone(), got3 = c0.clone();
        reference(m, n, k, alpha, a, ao, lda, b, bo, ldb, acc, want, co, ldc, shape);
        Gemm.nt(kern, m, n, k, alpha, a, ao, lda, b, bo, ldb, acc, got, co, ldc, shape, 1);
        Gemm.nt(kern, m, n, k, alpha, a, ao, lda, b, bo, ldb, acc, got3, co, ldc, shape, 3);
        // operands packed once (ntPacked): A, B or both pre-packed, several thread counts, same bits as nt
        boolean lowB = (shape & Gemm.LOWER_B) != 0;
        double[] garbage = rnd(r, 7 + ((m + 7) + (n + 15)) * (k + 1)); // reused buffers may hold anything
        Gemm.Packed pa = Gemm.packOperand(a, ao, lda, m, k, kern.gemmMr(), false, garbage.clone(), 2);
        Gemm.Packed pb = Gemm.packOperand(b, bo, ldb, n, k, kern.gemmNr(), lowB, null, 3);
        if (!lowB) { // packing twice in one pass gives the same layouts as packing each alone
            Gemm.Packed[] two = Gemm.packOperandTwice(a, ao, lda, m, k, kern.gemmMr(), kern.gemmNr(), null, garbage.clone(), 2);
            Gemm.Packed pa2 = Gemm.packOperand(a, ao, lda, m, k, kern.gemmNr(), false, null, 1);
            int lenA = ((m + kern.gemmMr() - 1) / kern.gemmMr()) * kern.gemmMr() * k, lenB = ((m + kern.gemmNr() - 1) / kern.gemmNr()) * kern.gemmNr() * k;
            assertArrayEquals(java.util.Arrays.copyOf(pa.data(), lenA), java.util.Arrays.copyOf(two[0].data(), lenA), "packOperandTwice A m=" + m + " k=" + k);
            assertArrayEquals(java.util.Arrays.copyOf(pa2.data(), lenB), java.util.Arrays.copyOf(two[1].data(), lenB), "packOperandTwice B m=" + m + " k=" + k);
        }
        double[] gotAB = c0.clone(), gotA = c0.clone(), gotB = c0.clone();
        Gemm.ntPacked(kern, m, n, k, alpha, pa, null, 0, 0, pb, null, 0, 0, acc, gotAB, co, ldc, shape, 2);
        Gemm.ntPacked(kern, m, n, k, alpha, pa, null, 0, 0, null, b, bo, ldb, acc, gotA, co, ldc, shape, 1);
        Gemm.ntPacked(kern, m, n, k, alpha, null, a, ao, lda, pb, null, 0, 0, acc, gotB, co, ldc, shape, 3);
        String what = kern.getClass().getSimpleName() + " m=" + m + " n=" + n + " k=" + k + " shape=" + shape + " acc=" + acc;
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-13 * (k + 1) + 1e-14 * Math.abs(want[i]);
            assertEquals(want[i], got[i], tol, what + " at " + i);
            long bits = Double.doubleToLongBits(got[i]);
            assertEquals(bits, Double.doubleToLongBits(got3[i]), what + ": thread count changed element " + i);
            assertEquals(bits, Double.doubleToLongBits(gotAB[i]), what + ": packed A and B changed element " + i);
            assertEquals(bits, Double.doubleToLongBits(gotA[i]), what + ": packed A changed element " + i);
            assertEquals(bits, Double.doubleToLongBits(gotB[i]), what + ": packed B changed element " + i);
        }
    }

    @Test
    void microKernelsAgreeOnTheirTiles() {
        Random r = new Random(3);
        for (DenseKernels kern : kernels()) {
            int mr = kern.gemmMr(), nr = kern.gemmNr();
            for (int kc : sizes()) {
                double[] ap = rnd(r, kc * mr + 1), bp = rnd(r, kc * nr + 2);
                double[] c = rnd(r, 3 + mr * (nr + 1));
                double[] want = c.clone();
                for (int i = 0; i < mr; i++) {
                    for (int j = 0; j < nr; j++) {
                        double s = 0;
                        for (int t = 0; t < kc; t++) s += ap[1 + t * mr + i] * bp[2 + t * nr + j];
                        want[3 + i * (nr + 1) + j] -= s;
                    }
                }
                kern.gemmTile(kc, ap, 1, bp, 2, true, true, c, 3, nr + 1);
                for (int i = 0; i < c.length; i++) assertEquals(want[i], c[i], 1e-13 * kc, kern.getClass().getSimpleName() + " kc=" + kc + " at " + i);
            }
        }
    }

    @Test
    void fullProductsMatchPlainLoops() {
        Random r = new Random(5);
        for (DenseKernels kern : kernels()) {
            for (int s : sizes()) {
                check(kern, r, s, s, s, 0, false, 1.0);
                check(kern, r, s, 3 + s / 2, 1 + (s * 7) % 67, 0, true, -1.0);
                check(kern, r, 1 + (s * 13) % 71, s, 2, 0, true, 0.75);
            }
            // panel, task and depth boundaries: 256-column panels, 480-row tasks, 256-deep slices
            check(kern, r, 481, 257, 300, 0, true, -1.0);
            check(kern, r, 1021, 37, 513, 0, false, 1.0);
            check(kern, r, 5, 1021, 11, 0, true, 2.0);
        }
    }

    @Test
    void lowerTriangleAndTriangularOperandMatchPlainLoops() {
        Random r = new Random(7);
        for (DenseKernels kern : kernels()) {
            for (int s : sizes()) {
                check(kern, r, s, s, 1 + s % 13, Gemm.LOWER_C, true, -1.0);
                check(kern, r, s + 4, s, 17, Gemm.LOWER_C, false, 1.0);
                check(kern, r, s, s, s, Gemm.LOWER_B, false, 1.0);
                check(kern, r, 2 * s + 1, s, s + 5, Gemm.LOWER_B, true, -1.0);
            }
            check(kern, r, 1021, 1021, 64, Gemm.LOWER_C, true, -1.0);
            // few tasks for the threads: row groups shrink to whole 120-row blocks (same bits)
            check(kern, r, 300, 300, 40, Gemm.LOWER_C, true, -1.0);
            check(kern, r, 263, 263, 257, Gemm.LOWER_C, false, 1.0);
            check(kern, r, 241, 100, 100, Gemm.LOWER_B, false, 1.0);
            check(kern, r, 700, 600, 600, Gemm.LOWER_B, false, 1.0);
            check(kern, r, 0, 5, 5, 0, false, 1.0);
            check(kern, r, 4, 5, 0, Gemm.LOWER_C, false, 1.0);
        }
    }

    /**
     * The Cholesky's fused panel solve: X := X W' in place, then X packed as A and as B, gives the
     * bits of a packed copy of X multiplied into X ({@link Gemm#ntPacked}) and packed twice, at
     * tile, row-block (120) and lane boundaries, on 1 and 3 threads, with reused buffers.
     */
    @Test
    void panelSolveInPlaceMatchesPackMultiplyPack() {
        Random r = new Random(11);
        for (DenseKernels kern : kernels()) {
            int mr = kern.gemmMr(), nr = kern.gemmNr();
            int[] ms = IntStream.concat(IntStream.of(sizes()), IntStream.of(119, 120, 121, 239, 240, 241, 1021)).toArray();
            for (int m : ms) {
                for (int k : new int[] {1 + m % 9, 1 + (m * 7) % 70, m == 1021 ? 256 : 1 + (m * 37) % 256}) {
                    int ld = k + 3, off = 4;
                    double[] w = rnd(r, k * k);
                    for (int j = 0; j < k; j++) for (int t = j + 1; t < k; t++) w[j * k + t] = Double.NaN; // not read
                    Gemm.Packed pw = Gemm.packOperand(w, 0, k, k, k, nr, true, null, 1);
                    double[] x = rnd(r, off + m * ld + 2);
                    double[] want = x.clone();
                    Gemm.Packed px = Gemm.packOperand(want, off, ld, m, k, mr, false, null, 1);
                    Gemm.ntPacked(kern, m, k, k, 1.0, px, null, 0, 0, pw, null, 0, 0, false, want, off, ld, Gemm.LOWER_B, 1);
                    Gemm.Packed[] wantP = Gemm.packOperandTwice(want, off, ld, m, k, mr, nr, null, null, 1);
                    for (int threads : new int[] {1, 3}) {
                        double[] got = x.clone();
                        double[] garbageA = rnd(r, (m + mr) * k + 5), garbageB = rnd(r, (m + nr) * k + 5);
                        Gemm.Packed[] gotP = Gemm.solvePanelInPlace(kern, m, k, pw, got, off, ld, garbageA, garbageB, threads);
                        String what = kern.getClass().getSimpleName() + " m=" + m + " k=" + k + " threads=" + threads;
                        assertArrayEquals(want, got, 0.0, what + ": X W' in place");
                        int lenA = (m + mr - 1) / mr * mr * k, lenB = (m + nr - 1) / nr * nr * k;
                        assertArrayEquals(java.util.Arrays.copyOf(wantP[0].data(), lenA), java.util.Arrays.copyOf(gotP[0].data(), lenA), what + ": packed A");
                        assertArrayEquals(java.util.Arrays.copyOf(wantP[1].data(), lenB), java.util.Arrays.copyOf(gotP[1].data(), lenB), what + ": packed B");
                        assertEquals(m, gotP[0].rows());
                        assertEquals(nr, gotP[1].width());
                    }
                    // and the product is right (not only the same as the other path)
                    for (int i : new int[] {0, m - 1}) {
                        for (int j = 0; j < k; j++) {
                            double s = 0;
                            for (int t = 0; t <= j; t++) s += x[off + i * ld + t] * w[j * k + t];
                            assertEquals(s, want[off + i * ld + j], 1e-13 * (k + 1), "m=" + m + " k=" + k + " (X W')(" + i + "," + j + ")");
                        }
                    }
                }
            }
            Gemm.Packed pw = Gemm.packOperand(new double[4], 0, 2, 2, 2, nr, true, null, 1);
            assertThrows(IllegalArgumentException.class, () -> Gemm.solvePanelInPlace(kern, 5, 3, pw, new double[20], 0, 3, null, null, 1));
        }
    }

    private static double[] spd(Random r, int n, int ld, int off) {
        double[] b = rnd(r, n * n);
        double[] a = new double[off + n * ld + 1];
        java.util.Arrays.fill(a, Double.NaN); // outside the lower triangle nothing is read
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) s += b[i * n + t] * b[j * n + t];
                a[off + i * ld + j] = s / n + (i == j ? 1 : 0);
            }
        }
        return a;
    }

    @Test
    void blockedCholeskyMatchesUnblockedAndReconstructs() {
        Random r = new Random(9);
        int[] ns = IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 127, 257, 263, 300, 513, 1021)).toArray();
        for (DenseKernels kern : kernels()) {
            for (int n : ns) {
                if (n == 1021 && kern == SCALAR) continue; // the largest case once is enough
                int ld = n + 3, off = 4;
                double[] a = spd(r, n, ld, off);
                double[] ref = a.clone(), got = a.clone(), got2 = a.clone(), sub = a.clone();
                Cholesky.factorUnblocked(SCALAR, ref, off, n, ld, 0);
                Cholesky.factor(kern, got, off, n, ld, 1, true);   // panel solve by L11^-1 and GEMM
                Cholesky.factor(kern, got2, off, n, ld, 2, true);
                Cholesky.factor(kern, sub, off, n, ld, 3, false);  // panel solve by recursive substitution
                double amax = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) amax = Math.max(amax, Math.abs(a[off + i * ld + j]));
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        int o = off + i * ld + j;
                        assertEquals(ref[o], got[o], 1e-12 * Math.max(1, Math.abs(ref[o])), "n=" + n + " L(" + i + "," + j + ")");
                        assertEquals(ref[o], sub[o], 1e-12 * Math.max(1, Math.abs(ref[o])), "n=" + n + " substitution L(" + i + "," + j + ")");
                        assertEquals(Double.doubleToLongBits(got[o]), Double.doubleToLongBits(got2[o]), "threads changed L(" + i + "," + j + ")");
                        double s = 0;
                        for (int t = 0; t <= j; t++) s += got[off + i * ld + t] * got[off + j * ld + t];
                        assertEquals(a[o], s, 1e-12 * amax, "n=" + n + ": (L L')(" + i + "," + j + ")");
                    }
                    for (int j = i + 1; j < n; j++) assertEquals(0.0, got[off + i * ld + j], "upper triangle zeroed");
                }
            }
        }
    }

    @Test
    void leveragesByInverseProductMatchSubstitution() {
        Random r = new Random(13);
        for (DenseKernels kern : kernels()) {
            for (int p : new int[] {1, 2, 5, 8, 13, 31, 64, 65, 100, 257, 300}) {
                double[] l = spd(r, p, p, 0);
                for (int i = 0; i < p * p; i++) if (Double.isNaN(l[i])) l[i] = 0;
                Cholesky.factor(kern, l, 0, p, p, 1);
                int rows = Cholesky.GEMM_ROWS_PER_COLUMN * p + 241, ldx = p + 2, ldz = p + 1;
                double[] x = rnd(r, 3 + rows * ldx);
                double[] dg = new double[rows + 1], ds = new double[rows + 1];
                double[] zg = new double[2 + rows * ldz], zs = new double[2 + rows * ldz];
                Cholesky.solveRows(kern, l, 0, p, p, x, 3, ldx, rows, zg, 2, ldz, dg, 1, 2);
                Cholesky.solveRowsBySubstitution(SCALAR, l, 0, p, p, x, 3, ldx, rows, zs, 2, ldz, ds, 1, 1);
                for (int i = 0; i < rows; i++) {
                    assertEquals(ds[1 + i], dg[1 + i], 1e-11 * Math.max(1, ds[1 + i]), "p=" + p + " d[" + i + "]");
                    for (int t = 0; t < p; t++) {
                        int o = 2 + i * ldz + t;
                        assertEquals(zs[o], zg[o], 1e-11 * Math.max(1, Math.abs(zs[o])), "p=" + p + " z[" + i + "][" + t + "]");
                    }
                }
                assertEquals(0.0, dg[0]);
                // leverages without z, and z without leverages, give the same values
                double[] d2 = new double[rows + 1];
                Cholesky.solveRows(kern, l, 0, p, p, x, 3, ldx, rows, null, 0, 0, d2, 1, 1);
                for (int i = 0; i < rows; i++) assertEquals(Double.doubleToLongBits(dg[1 + i]), Double.doubleToLongBits(d2[1 + i]));
            }
        }
    }
}
