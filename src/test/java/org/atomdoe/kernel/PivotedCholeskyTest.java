package org.atomdoe.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lazy pivoted Cholesky against brute-force greedy log det (a fresh factorisation per candidate and step). */
class PivotedCholeskyTest {

    /** log det of K restricted to {@code idx}, by a plain Cholesky; -inf when not positive definite. */
    static double logDet(double[] k, int n, int[] idx, int count) {
        double[] a = new double[count * count];
        for (int r = 0; r < count; r++) for (int c = 0; c < count; c++) a[r * count + c] = k[idx[r] * n + idx[c]];
        double s = 0;
        for (int j = 0; j < count; j++) {
            double v = a[j * count + j];
            for (int t = 0; t < j; t++) v -= a[j * count + t] * a[j * count + t];
            if (!(v > 0)) return Double.NEGATIVE_INFINITY;
            double l = Math.sqrt(v);
            a[j * count + j] = l;
            s += 2 * Math.log(l);
            for (int i = j + 1; i < count; i++) {
                double w = a[i * count + j];
                for (int t = 0; t < j; t++) w -= a[i * count + t] * a[j * count + t];
                a[i * count + j] = w / l;
            }
        }
        return s;
    }

    /** Brute-force greedy: at each step the candidate whose addition gives the largest log det (ties: lower index). */
    static int[] bruteForce(double[] k, int n, int m, double[] logDets) {
        return bruteForce(k, n, new int[0], m, logDets);
    }

    /** The same, continued from the set {@code start}. */
    static int[] bruteForce(double[] k, int n, int[] start, int m, double[] logDets) {
        int[] sel = java.util.Arrays.copyOf(start, m);
        boolean[] in = new boolean[n];
        for (int s : start) in[s] = true;
        for (int step = start.length; step < m; step++) {
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int i = 0; i < n; i++) {
                if (in[i]) continue;
                sel[step] = i;
                double v = logDet(k, n, sel, step + 1);
                if (v > best) {
                    best = v;
                    arg = i;
                }
            }
            sel[step] = arg;
            in[arg] = true;
            logDets[step] = best;
        }
        return sel;
    }

    static KernelRows soapLike(Random r, Kernel k, int n, int d) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(r.nextGaussian()) + 0.3;
        return k.prepare(x, n, d, null);
    }

    @Test
    void equalsBruteForceGreedyOnKernelMatrices() {
        Random r = new Random(3);
        for (Kernel kern : new Kernel[] {new Kernel.DotProduct(2), new Kernel.DotProduct(4), new Kernel.SquaredExponential(0.8)}) {
            int n = 70, d = 12, m = 25;
            KernelRows x = soapLike(r, kern, n, d);
            double[] kmat = KernelMatrix.compute(kern, x, x, 1);
            // the exact diagonal (1): the first step is a tie among equal diagonals, resolved to the lowest index
            SymmetricSource src = SymmetricSource.kernel(kern, x, 0);
            for (int i = 0; i < n; i++) kmat[i * n + i] = src.diagonal(i);
            double[] ref = new double[m];
            int[] expected = bruteForce(kmat, n, m, ref);
            for (int threads : new int[] {1, 2}) {
                PivotedCholesky.Result res = PivotedCholesky.select(SymmetricSource.kernel(kern, x, 0), m, threads);
                assertArrayEquals(expected, res.pivots(), kern.describe() + " threads " + threads);
                assertEquals(ref[m - 1], res.logDet(), 1e-10 * Math.max(1, Math.abs(ref[m - 1])), kern.describe());
                double partial = 0;
                for (int s = 0; s < m; s++) {
                    partial += Math.log(res.residuals()[s]);
                    assertEquals(ref[s], partial, 1e-10 * Math.max(1, Math.abs(ref[s])), "step " + s);
                }
                assertFalse(res.exhausted());
                assertTrue(res.refreshed() < (long) n * m, "lazy evaluation should skip work: " + res.refreshed());
                // the factor reproduces K_SS
                double[] l = res.factor();
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b <= a; b++) {
                        double s = 0;
                        for (int t = 0; t <= b; t++) s += l[a * m + t] * l[b * m + t];
                        assertEquals(kmat[res.pivots()[a] * n + res.pivots()[b]], s, 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void denseSourceWithShiftAndForcedPivots() {
        Random r = new Random(9);
        int n = 40;
        Kernel kern = new Kernel.DotProduct(4);
        KernelRows x = soapLike(r, kern, n, 6);
        double[] k = KernelMatrix.compute(kern, x, x, 1);
        double sigma2 = 0.05;
        double[] shifted = k.clone();
        for (int i = 0; i < n; i++) shifted[i * n + i] += sigma2;
        int[] forced = {7, 3};
        PivotedCholesky.Result res = PivotedCholesky.select(SymmetricSource.dense(k, n, sigma2), 12, forced, 1e-12, 2,
                org.atomdoe.util.Progress.NONE);
        assertArrayEquals(forced, Arrays.copyOf(res.pivots(), 2));
        // the rest is the brute-force greedy continued from the forced set
        int[] sel = bruteForce(shifted, n, forced, 12, new double[12]);
        assertArrayEquals(sel, res.pivots());
        assertEquals(logDet(shifted, n, sel, 12), res.logDet(), 1e-10);
    }

    @Test
    void stopsWhenTheSpanIsExhausted() {
        // zeta = 1 on 4-dimensional rows: the kernel has rank 4, whatever the number of rows
        Random r = new Random(1);
        Kernel kern = new Kernel.DotProduct(1);
        KernelRows x = soapLike(r, kern, 30, 4);
        PivotedCholesky.Result res = PivotedCholesky.select(SymmetricSource.kernel(kern, x, 0), 10, null, 1e-10, 1,
                org.atomdoe.util.Progress.NONE);
        assertTrue(res.exhausted());
        assertEquals(4, res.size());
        // duplicates are never chosen twice: rows 0..9 repeated three times
        double[] raw = new double[30 * 5];
        double[] distinct = new double[10 * 5];
        for (int i = 0; i < distinct.length; i++) distinct[i] = r.nextDouble();
        for (int i = 0; i < 30; i++) System.arraycopy(distinct, (i % 10) * 5, raw, i * 5, 5);
        KernelRows dup = new Kernel.DotProduct(3).prepare(raw, 30, 5, null);
        PivotedCholesky.Result rd = PivotedCholesky.select(SymmetricSource.kernel(new Kernel.DotProduct(3), dup, 0), 10, 1);
        assertEquals(10, rd.size());
        boolean[] seen = new boolean[10];
        for (int p : rd.pivots()) {
            assertFalse(seen[p % 10], "a duplicate environment was chosen twice");
            seen[p % 10] = true;
        }
        assertThrows(IllegalArgumentException.class, () -> PivotedCholesky.select(SymmetricSource.kernel(kern, x, 0), 31, 1));
    }
}
