package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.stream.IntStream;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Panama vs scalar kernels at lane and tile boundaries (sizes 1..70, primes, 1021). */
class DenseKernelsEquivalenceTest {
    private static final DenseKernels SCALAR = new ScalarDenseKernels();

    private static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 1021)).toArray();
    }

    private static DenseKernels panama() {
        DenseKernels p = VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels");
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertNull(p, "scalar run must not load Panama kernels");
        Assumptions.assumeTrue(p != null, "Vector API not available in this JVM");
        return p;
    }

    /**
     * The Panama dot product in its specified order: lane accumulators over pairs of vectors
     * (fused multiply-add), the two accumulators added lane by lane, lanes summed first to last,
     * then the scalar tail. Bit for bit, so that results never depend on JIT state.
     */
    private static double specifiedDot(int vl, double[] a, int ao, double[] b, int bo, int n) {
        double[] s0 = new double[vl], s1 = new double[vl];
        int t = 0;
        for (; t + 2 * vl <= n; t += 2 * vl) {
            for (int k = 0; k < vl; k++) {
                s0[k] = Math.fma(a[ao + t + k], b[bo + t + k], s0[k]);
                s1[k] = Math.fma(a[ao + t + vl + k], b[bo + t + vl + k], s1[k]);
            }
        }
        for (; t + vl <= n; t += vl) for (int k = 0; k < vl; k++) s0[k] = Math.fma(a[ao + t + k], b[bo + t + k], s0[k]);
        double s = 0;
        for (int k = 0; k < vl; k++) s += s0[k] + s1[k];
        for (; t < n; t++) s += a[ao + t] * b[bo + t];
        return s;
    }

    @Test
    void panamaDotIsBitIdenticalColdAndAfterWarmUp() {
        DenseKernels p = panama();
        int vl = panamaLanes(); // the kernels' own lanes (256 bits at most), not the preferred shape's
        Random r = new Random(11);
        double[] a = rnd(r, 4096), b = rnd(r, 4096);
        // 300k calls: the first run interpreted, later ones compiled by C1 and C2; reduceLanes used to
        // associate differently once intrinsified, changing the last bit (and batched results)
        for (int call = 0; call < 300_000; call++) {
            int n = 1 + call % 40, off = (call * 7) % 4000;
            double got = p.dot(n, a, off, b, off + 3);
            double want = specifiedDot(vl, a, off, b, off + 3, n);
            if (Double.doubleToLongBits(got) != Double.doubleToLongBits(want)) {
                fail("call " + call + ": dot of length " + n + " at offset " + off + " is " + got + ", the specified order gives " + want);
            }
        }
    }

    /** {@code PanamaDenseKernels.VL} (the GEMM tile can be wider than the other kernels' vectors). */
    private static int panamaLanes() {
        try {
            java.lang.reflect.Field f = Class.forName("org.atomdoe.linalg.PanamaDenseKernels").getDeclaredField("VL");
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static double[] rnd(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    private static double[] lowerWellConditioned(Random r, int p) {
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) l[i * p + j] = 0.3 * r.nextGaussian() / Math.sqrt(p);
            l[i * p + i] = 1 + r.nextDouble();
        }
        return l;
    }

    @Test
    void dotMatches() {
        DenseKernels pk = panama();
        Random r = new Random(1);
        for (int n : sizes()) {
            double[] a = rnd(r, n + 3), b = rnd(r, n + 5);
            assertEquals(SCALAR.dot(n, a, 3, b, 5), pk.dot(n, a, 3, b, 5), 1e-12 * n, "n=" + n);
        }
    }

    @Test
    void dotRows2Matches() {
        DenseKernels pk = panama();
        Random r = new Random(11);
        for (int p : sizes()) {
            for (int rows : new int[] {1, 3, 4, 5, 9, 13}) {
                double[] x = rnd(r, rows * p + 2), u = rnd(r, p + 1), v = rnd(r, p + 4);
                double[] su = new double[rows + 3], sv = new double[rows + 3], pu = new double[rows + 3], pv = new double[rows + 3];
                SCALAR.dotRows2(rows, p, x, 2, u, 1, v, 4, su, sv, 3);
                pk.dotRows2(rows, p, x, 2, u, 1, v, 4, pu, pv, 3);
                for (int i = 0; i < rows + 3; i++) {
                    assertEquals(su[i], pu[i], 1e-12 * p, "p=" + p + " rows=" + rows + " u row " + i);
                    assertEquals(sv[i], pv[i], 1e-12 * p, "p=" + p + " rows=" + rows + " v row " + i);
                }
                // and each is the plain dot product of its row
                for (int i = 0; i < rows; i++) {
                    assertEquals(SCALAR.dot(p, x, 2 + i * p, u, 1), su[3 + i], 1e-12 * p, "p=" + p + " row " + i);
                    assertEquals(SCALAR.dot(p, x, 2 + i * p, v, 4), sv[3 + i], 1e-12 * p, "p=" + p + " row " + i);
                }
                assertEquals(0.0, pu[0]); assertEquals(0.0, pv[2]); // nothing written before outOff
            }
        }
    }

    /** The loop the greedy's incremental refresh replaced: squares of this kernel's own dot products, added in row order. */
    private static double squaredDotsLoop(DenseKernels k, int rows, int n, double[] u, int uOff, int ldu, double[] x, int xOff) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double c = k.dot(n, x, xOff, u, uOff + r * ldu);
            sum += c * c;
        }
        return sum;
    }

    @Test
    void sumSquaredDotsEqualsTheDotLoopBitForBit() {
        DenseKernels pk = panama();
        Random r = new Random(23);
        for (int n : sizes()) {
            for (int rows : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 50}) {
                int ldu = n + (rows % 3); // rows packed (ldu = n) and with gaps
                double[] u = rnd(r, 2 + rows * ldu + 3), x = rnd(r, n + 5);
                double s = SCALAR.sumSquaredDots(rows, n, u, 2, ldu, x, 5);
                double v = pk.sumSquaredDots(rows, n, u, 2, ldu, x, 5);
                String at = "n=" + n + " rows=" + rows;
                assertEquals(Double.doubleToLongBits(squaredDotsLoop(SCALAR, rows, n, u, 2, ldu, x, 5)), Double.doubleToLongBits(s), at);
                assertEquals(Double.doubleToLongBits(squaredDotsLoop(pk, rows, n, u, 2, ldu, x, 5)), Double.doubleToLongBits(v), at);
                assertEquals(s, v, 1e-12 * n * Math.max(1, s), at);
                // and the formula written out
                double want = 0;
                for (int q = 0; q < rows; q++) {
                    double c = 0;
                    for (int t = 0; t < n; t++) c += x[5 + t] * u[2 + q * ldu + t];
                    want += c * c;
                }
                assertEquals(want, v, 1e-12 * n * Math.max(1, want), at);
            }
        }
        // after warm-up (C2) still bit for bit the Panama dot loop
        double[] u = rnd(r, 64 * 101), x = rnd(r, 101);
        for (int call = 0; call < 60_000; call++) {
            int rows = 1 + call % 13, n = 1 + call % 101;
            double got = pk.sumSquaredDots(rows, n, u, call % 7, n, x, 0);
            double want = squaredDotsLoop(pk, rows, n, u, call % 7, n, x, 0);
            if (Double.doubleToLongBits(got) != Double.doubleToLongBits(want)) fail("call " + call + ": rows " + rows + ", n " + n + ": " + got + " vs " + want);
        }
    }

    @Test
    void lowerSolveColumnsMatches() {
        DenseKernels pk = panama();
        Random r = new Random(2);
        for (int n : sizes()) {
            int p = Math.min(n, 70), cols = n;
            double[] l = lowerWellConditioned(r, p);
            int ldz = cols + 2;
            double[] z = rnd(r, p * ldz + 1);
            double[] zs = z.clone(), zp = z.clone();
            SCALAR.lowerSolveColumns(p, l, 0, p, zs, 1, ldz, cols);
            pk.lowerSolveColumns(p, l, 0, p, zp, 1, ldz, cols);
            for (int i = 0; i < z.length; i++) assertEquals(zs[i], zp[i], 1e-11 * (1 + Math.abs(zs[i])), "p=" + p + " cols=" + cols + " i=" + i);
            double[] os = new double[cols + 1], op = new double[cols + 1];
            SCALAR.columnSquares(p, zs, 1, ldz, cols, os, 1);
            pk.columnSquares(p, zs, 1, ldz, cols, op, 1);
            for (int i = 0; i < os.length; i++) assertEquals(os[i], op[i], 1e-11 * (1 + os[i]));
        }
    }

    @Test
    void gemmSubMatchesLowerAndFull() {
        DenseKernels pk = panama();
        Random r = new Random(3);
        for (int n : sizes()) {
            int m = n, k = 1 + n % 23, cols = n;
            double[] a = rnd(r, m * (k + 1));
            double[] at = rnd(r, k * (cols + 3));
            for (boolean lower : new boolean[] {true, false}) {
                double[] c = rnd(r, m * (cols + 1));
                double[] cs = c.clone(), cp = c.clone();
                SCALAR.gemmSub(0, m, 0, cols, k, a, 0, k + 1, at, 0, cols + 3, cs, 0, cols + 1, lower);
                pk.gemmSub(0, m, 0, cols, k, a, 0, k + 1, at, 0, cols + 3, cp, 0, cols + 1, lower);
                for (int i = 0; i < c.length; i++) assertEquals(cs[i], cp[i], 1e-12 * (k + 1) * 10, "n=" + n + " lower=" + lower + " i=" + i);
            }
        }
    }
}
