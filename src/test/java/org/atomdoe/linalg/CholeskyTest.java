package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    /** Rebuilds A_k exactly from A0 and the vectors (all exact in binary64 by construction). */
    private static double[] matrixAtStep(double[] a0, double[][] up, double[][] down, int n, int step) {
        double[] a = a0.clone();
        for (int s = 1; s <= step; s++) {
            double[] v = s <= 5 ? up[s - 1] : down[s - 6];
            double sign = s <= 5 ? 1 : -1;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] += sign * v[i] * v[j];
        }
        return a;
    }

    @Test
    void spd64FactorUpdatesAndDowndatesMatchNumpyAndMpmath() {
        int n = 64;
        double[] a0 = Csv.flat(Csv.read("/linalg/spd64_A0.csv", false));
        double[][] up = Csv.read("/linalg/spd64_update_vectors.csv", false);
        double[][] down = Csv.read("/linalg/spd64_downdate_vectors.csv", false);
        double[][] steps = Csv.read("/linalg/spd64_steps.csv", true);
        double[] l = a0.clone();
        Cholesky.factor(l, n);
        for (int step = 0; step <= 10; step++) {
            if (step > 0) {
                double[] v = (step <= 5 ? up[step - 1] : down[step - 6]).clone();
                if (step <= 5) Cholesky.update(l, 0, n, n, v, 0);
                else Cholesky.downdate(l, 0, n, n, v, 0);
            }
            double[] ref = Csv.flat(Csv.read(String.format("/linalg/spd64_L_step%02d.csv", step), false));
            double maxDiff = 0;
            for (int i = 0; i < n * n; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i] - l[i]));
            assertTrue(maxDiff < 2e-12, "step " + step + " |L_updated - L_numpy| = " + maxDiff);
            double exact = steps[step][5];
            assertEquals(exact, Cholesky.logDet(l, n), 5e-12, "log det at step " + step);
            // fresh factorisation of the exactly rebuilt matrix
            double[] fresh = matrixAtStep(a0, up, down, n, step);
            Cholesky.factor(fresh, n);
            assertEquals(exact, Cholesky.logDet(fresh, n), 5e-12, "fresh log det at step " + step);
        }
    }

    @Test
    void spd300BlockedFactorAndHardDowndates() {
        int n = 300; // > BLOCK: exercises the panel solve and the trailing update
        double[] a0 = Csv.flat(Csv.read("/linalg/spd300_A0.csv", false));
        double[][] up = Csv.read("/linalg/spd300_update_vectors.csv", false);
        double[][] down = Csv.read("/linalg/spd300_downdate_vectors.csv", false);
        double[][] steps = Csv.read("/linalg/spd300_steps.csv", true);
        double[][] diags = Csv.read("/linalg/spd300_L_diagonals.csv", false);
        double[] l = a0.clone();
        Cholesky.factor(l, 0, n, n, 2);
        for (int step = 0; step <= 10; step++) {
            if (step > 0) {
                double[] v = (step <= 5 ? up[step - 1] : down[step - 6]).clone();
                if (step <= 5) Cholesky.update(l, 0, n, n, v, 0);
                else Cholesky.downdate(l, 0, n, n, v, 0);
            }
            double exact = steps[step][5];
            assertEquals(exact, Cholesky.logDet(l, n), 2e-9, "updated log det at step " + step);
            double maxRel = 0;
            for (int i = 0; i < n; i++) maxRel = Math.max(maxRel, Math.abs(diags[step][i] - l[i * n + i]) / diags[step][i]);
            assertTrue(maxRel < 1e-8, "step " + step + " diag rel diff " + maxRel);
            double[] fresh = matrixAtStep(a0, up, down, n, step);
            Cholesky.factor(fresh, 0, n, n, 1);
            assertEquals(exact, Cholesky.logDet(fresh, n), 2e-9, "fresh log det at step " + step);
        }
    }

    static double[] randomSpd(int n, Random rnd) {
        int k = n + 3;
        double[] b = new double[n * k];
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextGaussian();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += b[i * k + t] * b[j * k + t];
                a[i * n + j] = s;
                a[j * n + i] = s;
            }
            a[i * n + i] += 0.5;
        }
        return a;
    }

    @Test
    void blockedFactorReproducesMatrixAtBlockBoundaries() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 2, 7, 127, 128, 129, 257, 331}) {
            double[] a = randomSpd(n, rnd);
            double[] l = a.clone();
            Cholesky.factor(l, 0, n, n, 2);
            double[] l1 = a.clone();
            Cholesky.factor(l1, 0, n, n, 1);
            double maxErr = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int t = 0; t <= j; t++) s += l[i * n + t] * l[j * n + t];
                    maxErr = Math.max(maxErr, Math.abs(s - a[i * n + j]));
                    scale = Math.max(scale, Math.abs(a[i * n + j]));
                }
                for (int j = i + 1; j < n; j++) assertEquals(0.0, l[i * n + j], "upper triangle zeroed");
            }
            assertTrue(maxErr < 1e-12 * scale * n, "n=" + n + " |LL'-A| = " + maxErr);
            assertArrayEquals(l1, l, 0.0, "1 and 2 threads give identical factors (same operation order)");
        }
    }

    /** Symmetric, diagonally dominant (so SPD), O(n^2) to build: entries uniform in (-0.5, 0.5), n on the diagonal. */
    static double[] dominantSpd(int n, Random rnd) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = rnd.nextDouble() - 0.5;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] = n;
        }
        return a;
    }

    @Test
    void lookAheadGivesTheSameBitsAsTheStepByStepFactor() {
        Random rnd = new Random(17);
        for (DenseKernels k : new DenseKernels[] {Dense.kernels(), new ScalarDenseKernels()}) {
            for (int n : new int[] {1, 2, 37, 70, 255, 256, 257, 300, 512, 513, 769, 1021}) {
                double[] a = dominantSpd(n, rnd);
                double[] ref = a.clone();
                Cholesky.factor(k, ref, 0, n, n, 1, true, Integer.MAX_VALUE);
                for (int threads : new int[] {2, 3}) {
                    double[] l = a.clone();
                    Cholesky.factor(k, l, 0, n, n, threads, true, 1); // look-ahead at every step
                    assertArrayEquals(ref, l, 0.0, "n=" + n + ", " + threads + " threads, look-ahead");
                }
                if (n > 256) { // the substitution panel solve under look-ahead (its own operation order)
                    double[] sref = a.clone(), sla = a.clone();
                    Cholesky.factor(k, sref, 0, n, n, 1, false, Integer.MAX_VALUE);
                    Cholesky.factor(k, sla, 0, n, n, 2, false, 1);
                    assertArrayEquals(sref, sla, 0.0, "n=" + n + ", substitution panel, look-ahead");
                }
                double[] d = a.clone();
                Cholesky.factor(k, d, 0, n, n, 2); // the default threshold
                assertArrayEquals(ref, d, 0.0, "n=" + n + ", default look-ahead threshold");
                // and the factor is right: L L' = A on the last row and a few more (all rows would be O(n^3))
                for (int i : new int[] {0, n / 2, n - 1}) {
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int t = 0; t <= j; t++) s += ref[i * n + t] * ref[j * n + t];
                        assertEquals(a[i * n + j], s, 1e-12 * n * n, "n=" + n + " (LL')_" + i + "," + j);
                    }
                    for (int j = i + 1; j < n; j++) assertEquals(0.0, ref[i * n + j], "upper triangle zeroed");
                }
            }
        }
    }

    @Test
    void aFailingPivotInALookAheadPanelIsReported() {
        int n = 700, bad = 300; // in the second panel, which is factored during the first step's update
        double[] a = dominantSpd(n, new Random(3));
        a[bad * n + bad] = -1;
        for (int threads : new int[] {1, 2}) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> Cholesky.factor(Dense.kernels(), a.clone(), 0, n, n, threads, true, 1));
            assertEquals(bad, e.pivot(), threads + " threads");
        }
    }

    @Test
    void notPositiveDefiniteIsReported() {
        double[] a = {1, 2, 2, 1};
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(a, 2));
        assertEquals(1, e.pivot());
        double[] l = {1, 0, 0, 1};
        assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.downdate(l, 0, 2, 2, new double[] {1.5, 0}, 0));
    }

    @Test
    void solvesAndRowTransformAgree() {
        Random rnd = new Random(9);
        int p = 37, rows = 250;
        double[] a = randomSpd(p, rnd);
        double[] l = a.clone();
        Cholesky.factor(l, p);
        double[] x = new double[rows * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        double[] z = new double[rows * p];
        double[] d = new double[rows];
        Cholesky.solveRows(l, 0, p, p, x, 0, p, rows, z, 0, p, d, 0, 2);
        for (int r = 0; r < rows; r++) {
            double[] y = new double[p];
            System.arraycopy(x, r * p, y, 0, p);
            Cholesky.solveLower(l, 0, p, p, y, 0);
            double dd = 0;
            for (int t = 0; t < p; t++) {
                assertEquals(y[t], z[r * p + t], 1e-10 * (1 + Math.abs(y[t])));
                dd += y[t] * y[t];
            }
            assertEquals(dd, d[r], 1e-10 * dd);
            // full solve: A (A^-1 x) = x
            double[] s = new double[p];
            System.arraycopy(x, r * p, s, 0, p);
            Cholesky.solve(l, 0, p, p, s, 0);
            for (int i = 0; i < p; i++) {
                double ax = 0;
                for (int j = 0; j < p; j++) ax += a[i * p + j] * s[j];
                assertEquals(x[r * p + i], ax, 1e-9);
            }
        }
    }
}
