package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {

    /** Random N x p matrix whose columns have very different scales (1e-3 .. 1e3). */
    static double[] randomMatrix(SplittableRandom rnd, int n, int p) {
        double[] x = new double[n * p];
        double[] scale = new double[p];
        double[] shift = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = Math.pow(10, -3 + 6.0 * j / Math.max(1, p - 1));
            shift[j] = rnd.nextDouble(-2, 2);
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) x[i * p + j] = scale[j] * (shift[j] + rnd.nextGaussian());
        return x;
    }

    static double[] times(double[] x, int n, int p, double[] c) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) y[i] += x[i * p + j] * c[j];
        return y;
    }

    @Test
    void recoversExactCoefficientsWithTinyLambdaAndWithGcv() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 80, p = 12;
        double[] x = randomMatrix(rnd, n, p);
        double[] c = new double[p];
        for (int j = 0; j < p; j++) c[j] = rnd.nextDouble(-3, 3) / Math.pow(10, -3 + 6.0 * j / (p - 1));
        double[] y = times(x, n, p, c);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rnd.nextDouble(0.1, 2);
        boolean[] pen = new boolean[p];
        java.util.Arrays.fill(pen, true);
        pen[0] = false;
        pen[3] = false;
        RowBlock b = new RowBlock("e", x, n, p, y, w);
        for (RidgeSettings s : List.of(RidgeSettings.fixed(1e-14), RidgeSettings.gcv())) {
            RidgeSolution sol = RidgeRegression.fit(b, pen, s);
            for (int j = 0; j < p; j++) {
                assertEquals(c[j], sol.coefficients()[j], 1e-8 * Math.abs(c[j]) + 1e-12, "coefficient " + j + " " + s);
            }
            assertEquals(0, sol.droppedColumns().length);
            assertEquals(p - 2, sol.penalisedRank());
        }
    }

    @Test
    void matchesNormalEquationsOfTheStatedObjective() {
        // min sum w r^2 + lambda sum_j (t_j b_j)^2, t_j = weighted norm of column j of P with U projected out
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 40, p = 6;
        double[] x = randomMatrix(rnd, n, p);
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian() * 5;
            w[i] = rnd.nextDouble(0.5, 1.5);
        }
        boolean[] pen = {false, true, true, true, true, true};
        double lambda = 0.37;
        RidgeSolution sol = RidgeRegression.fit(new RowBlock("e", x, n, p, y, w), pen, RidgeSettings.fixed(lambda));
        // projection of P columns off u (single unpenalised column 0), weighted
        double uu = 0;
        for (int i = 0; i < n; i++) uu += w[i] * x[i * p] * x[i * p];
        double[] t = new double[p];
        for (int j = 1; j < p; j++) {
            double up = 0;
            for (int i = 0; i < n; i++) up += w[i] * x[i * p] * x[i * p + j];
            double s = 0;
            for (int i = 0; i < n; i++) {
                double r = x[i * p + j] - up / uu * x[i * p];
                s += w[i] * r * r;
            }
            t[j] = Math.sqrt(s);
        }
        double[][] a = new double[p][p];
        double[] rhs = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                rhs[j] += w[i] * x[i * p + j] * y[i];
                for (int k = 0; k < p; k++) a[j][k] += w[i] * x[i * p + j] * x[i * p + k];
            }
        }
        for (int j = 1; j < p; j++) a[j][j] += lambda * t[j] * t[j];
        RealMatrix m = new Array2DRowRealMatrix(a);
        double[] ref = new LUDecomposition(m).getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
        for (int j = 0; j < p; j++) assertEquals(ref[j], sol.coefficients()[j], 1e-9 * (1 + Math.abs(ref[j])));
        // reported RSS and degrees of freedom
        double[] pred = sol.predict(x, n);
        double rss = 0;
        for (int i = 0; i < n; i++) rss += w[i] * (y[i] - pred[i]) * (y[i] - pred[i]);
        assertEquals(rss, sol.weightedRss(), 1e-9 * rss);
        // df = trace of W^1/2 X (X'WX + Lambda)^-1 X' W^1/2 = trace((X'WX + Lambda)^-1 X'WX)
        double[][] g = new double[p][p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) g[j][k] += w[i] * x[i * p + j] * x[i * p + k];
        RealMatrix h = new LUDecomposition(m).getSolver().getInverse().multiply(new Array2DRowRealMatrix(g));
        assertEquals(h.getTrace(), sol.effectiveDegreesOfFreedom(), 1e-9);
        assertEquals(n * rss / Math.pow(n - h.getTrace(), 2), sol.gcv(), 1e-9 * sol.gcv());
    }

    @Test
    void leaveOneOutScoreEqualsRefitsWithoutEachRow() {
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 30, p = 6;
        double[] x = randomMatrix(rnd, n, p);
        for (int i = 0; i < n; i++) x[i * p + 1] = 1 + (i % 4); // a second unpenalised, intercept-like column
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian() * 3 + x[i * p + 2] / 100;
            w[i] = rnd.nextDouble(0.5, 1.5);
        }
        boolean[] pen = {false, false, true, true, true, true};
        double lambda = 0.05;
        RidgeSolution sol = RidgeRegression.fit(new RowBlock("e", x, n, p, y, w), pen,
                new RidgeSettings(RidgeSettings.Criterion.LOOCV, Double.NaN, new double[] {lambda}, 1.0));
        // penalty lambda t_j^2 with t_j the weighted norm of P column j after projecting out U = cols 0, 1
        RealMatrix xu = new Array2DRowRealMatrix(n, 2);
        for (int i = 0; i < n; i++) for (int j = 0; j < 2; j++) xu.setEntry(i, j, Math.sqrt(w[i]) * x[i * p + j]);
        RealMatrix proj = xu.multiply(new LUDecomposition(xu.transpose().multiply(xu)).getSolver().getInverse()).multiply(xu.transpose());
        double[] pendiag = new double[p];
        for (int j = 2; j < p; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = Math.sqrt(w[i]) * x[i * p + j];
            double[] pc = proj.operate(col);
            double t2 = 0;
            for (int i = 0; i < n; i++) t2 += (col[i] - pc[i]) * (col[i] - pc[i]);
            pendiag[j] = lambda * t2;
        }
        double sum = 0;
        for (int out = 0; out < n; out++) {
            double[][] a = new double[p][p];
            double[] rhs = new double[p];
            for (int i = 0; i < n; i++) {
                if (i == out) continue;
                for (int j = 0; j < p; j++) {
                    rhs[j] += w[i] * x[i * p + j] * y[i];
                    for (int k = 0; k < p; k++) a[j][k] += w[i] * x[i * p + j] * x[i * p + k];
                }
            }
            for (int j = 0; j < p; j++) a[j][j] += pendiag[j];
            double[] cf = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                    .solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
            double pred = 0;
            for (int j = 0; j < p; j++) pred += x[out * p + j] * cf[j];
            sum += w[out] * (y[out] - pred) * (y[out] - pred);
        }
        assertEquals(sum / n, sol.score(), 1e-9 * sum / n);
        assertEquals(RidgeSettings.Criterion.LOOCV, sol.criterion());
        // and on noise-free data leave-one-out also recovers the coefficients
        double[] c = {500, -1, 2, 0.3, -0.004, 0.001}; // each column contributes O(1)
        double[] yc = times(x, n, p, c);
        RidgeSolution exact = RidgeRegression.fit(new RowBlock("e", x, n, p, yc, w), pen, RidgeSettings.leaveOneOut());
        for (int j = 0; j < p; j++) assertEquals(c[j], exact.coefficients()[j], 1e-8 * Math.abs(c[j]));
    }

    @Test
    void parsesLambdaChoices() {
        assertEquals(RidgeSettings.Criterion.GCV, RidgeSettings.parse("gcv").criterion());
        assertEquals(1.4, RidgeSettings.parse("GCV:1.4").gcvDofFactor());
        assertEquals(RidgeSettings.Criterion.LOOCV, RidgeSettings.parse("loocv").criterion());
        assertEquals(0.01, RidgeSettings.parse("1e-2").fixedLambda());
        assertThrows(IllegalArgumentException.class, () -> RidgeSettings.parse("best"));
    }

    @Test
    void gcvBeatsTinyAndHugeLambdaOnNoisyData() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 60, nt = 2000, p = 40;
        double[] c = new double[p];
        for (int j = 0; j < p; j++) c[j] = rnd.nextGaussian() / Math.pow(10, -3 + 6.0 * j / (p - 1));
        double[] xAll = randomMatrix(new SplittableRandom(4), n + nt, p);
        double[] yAll = times(xAll, n + nt, p, c);
        double noise = 0;
        for (double v : yAll) noise += v * v;
        noise = 0.3 * Math.sqrt(noise / yAll.length);
        double[] x = java.util.Arrays.copyOf(xAll, n * p);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = yAll[i] + noise * rnd.nextGaussian();
        double[] xt = java.util.Arrays.copyOfRange(xAll, n * p, (n + nt) * p);
        double[] yt = java.util.Arrays.copyOfRange(yAll, n, n + nt);
        boolean[] pen = new boolean[p];
        java.util.Arrays.fill(pen, true);
        RowBlock b = new RowBlock("e", x, n, p, y, null);
        RidgeSolution gcv = RidgeRegression.fit(b, pen, RidgeSettings.gcv());
        double eGcv = testRmse(gcv, xt, yt, nt);
        double eTiny = testRmse(RidgeRegression.fit(b, pen, RidgeSettings.fixed(1e-12)), xt, yt, nt);
        double eHuge = testRmse(RidgeRegression.fit(b, pen, RidgeSettings.fixed(1e4)), xt, yt, nt);
        assertTrue(gcv.lambda() > 1e-6 && gcv.lambda() < 1e2, "lambda " + gcv.lambda());
        assertTrue(eGcv < 0.9 * eTiny, "gcv " + eGcv + " tiny " + eTiny);
        assertTrue(eGcv < 0.5 * eHuge, "gcv " + eGcv + " huge " + eHuge);
        // and close to the best lambda of the grid in hindsight (the oracle)
        double oracle = Double.MAX_VALUE;
        for (double l : gcv.lambdaGrid()) oracle = Math.min(oracle, testRmse(RidgeRegression.fit(b, pen, RidgeSettings.fixed(l)), xt, yt, nt));
        assertTrue(eGcv < 1.15 * oracle, "gcv " + eGcv + " oracle " + oracle);
        // the chosen lambda minimises the reported GCV curve
        double min = java.util.Arrays.stream(gcv.scoreCurve()).min().orElseThrow();
        assertEquals(min, gcv.score());
    }

    @Test
    void modifiedGcvKeepsAwayFromInterpolation() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 20, p = 25, nt = 1000;
        double[] xAll = randomMatrix(rnd, n + nt, p);
        double[] c = new double[p];
        for (int j = 0; j < p; j++) c[j] = rnd.nextGaussian() / Math.pow(10, -3 + 6.0 * j / (p - 1));
        double[] yAll = times(xAll, n + nt, p, c);
        double[] y = java.util.Arrays.copyOf(yAll, n); // rows n.. are spare (same generator as the other tests)
        for (int i = 0; i < n; i++) y[i] += 0.5 * rnd.nextGaussian();
        boolean[] pen = new boolean[p];
        java.util.Arrays.fill(pen, true);
        RowBlock b = new RowBlock("e", java.util.Arrays.copyOf(xAll, n * p), n, p, y, null);
        RidgeSolution classic = RidgeRegression.fit(b, pen, RidgeSettings.gcv());
        RidgeSolution modified = RidgeRegression.fit(b, pen, RidgeSettings.modifiedGcv(1.4));
        assertTrue(modified.effectiveDegreesOfFreedom() < n / 1.4, "df " + modified.effectiveDegreesOfFreedom());
        assertTrue(modified.lambda() >= classic.lambda());
        double denom = n - 1.4 * modified.effectiveDegreesOfFreedom();
        assertEquals(n * modified.weightedRss() / (denom * denom), modified.score(), 1e-9 * modified.score());
        assertThrows(IllegalArgumentException.class, () -> RidgeSettings.modifiedGcv(0.9));
        // classic GCV interpolates here (df = m); whether that predicts worse depends on the problem,
        // so only the defining property of the modified criterion is asserted
        assertTrue(classic.effectiveDegreesOfFreedom() > n - 1e-3, "classic df " + classic.effectiveDegreesOfFreedom());
    }

    static double testRmse(RidgeSolution s, double[] xt, double[] yt, int nt) {
        double[] pr = s.predict(xt, nt);
        double e = 0;
        for (int i = 0; i < nt; i++) e += (pr[i] - yt[i]) * (pr[i] - yt[i]);
        return Math.sqrt(e / nt);
    }

    @Test
    void blocksStackLikeOneMatrix() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 30, p = 5;
        double[] x = randomMatrix(rnd, n, p);
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextGaussian();
            w[i] = rnd.nextDouble(0.2, 3);
        }
        boolean[] pen = {false, true, true, true, true};
        RidgeSolution whole = RidgeRegression.fit(new RowBlock("all", x, n, p, y, w), pen, RidgeSettings.gcv());
        int n1 = 11;
        RowBlock b1 = new RowBlock("a", java.util.Arrays.copyOf(x, n1 * p), n1, p, java.util.Arrays.copyOf(y, n1),
                java.util.Arrays.copyOf(w, n1));
        RowBlock b2 = new RowBlock("b", java.util.Arrays.copyOfRange(x, n1 * p, n * p), n - n1, p,
                java.util.Arrays.copyOfRange(y, n1, n), java.util.Arrays.copyOfRange(w, n1, n));
        RidgeSolution split = RidgeRegression.fit(List.of(b1, b2), pen, RidgeSettings.gcv());
        assertEquals(whole.lambda(), split.lambda());
        assertArrayEquals(whole.coefficients(), split.coefficients(), 1e-10);
    }

    @Test
    void zeroWeightRowsAreIgnoredAndZeroOrDependentColumnsDropped() {
        SplittableRandom rnd = new SplittableRandom(6);
        int n = 25, p = 5;
        double[] x = randomMatrix(rnd, n, p);
        for (int i = 0; i < n; i++) {
            x[i * p + 2] = 0;                     // zero column
            x[i * p + 4] = 2.5 * x[i * p];        // penalised column = multiple of unpenalised column 0
        }
        double[] c = {1.5, -2, 0, 0.7, 0};
        double[] y = times(x, n, p, c);
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        w[3] = 0;
        y[3] = 1e6; // would spoil the fit if used
        boolean[] pen = {false, true, true, true, true};
        RidgeSolution sol = RidgeRegression.fit(new RowBlock("e", x, n, p, y, w), pen, RidgeSettings.gcv());
        assertArrayEquals(new int[] {2, 4}, sol.droppedColumns());
        assertEquals(n - 1, sol.rows());
        assertArrayEquals(c, sol.coefficients(), 1e-8);
    }

    @Test
    void moreColumnsThanRowsStillFits() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 8, p = 30;
        double[] x = randomMatrix(rnd, n, p);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = rnd.nextGaussian();
        boolean[] pen = new boolean[p];
        java.util.Arrays.fill(pen, true);
        pen[0] = false;
        RidgeSolution sol = RidgeRegression.fit(new RowBlock("e", x, n, p, y, null), pen, RidgeSettings.gcv());
        assertTrue(sol.penalisedRank() <= n - 1);
        for (double v : sol.coefficients()) assertTrue(Double.isFinite(v));
        assertTrue(sol.effectiveDegreesOfFreedom() < n);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new RowBlock("e", new double[5], 2, 3, new double[2], null));
        assertThrows(IllegalArgumentException.class,
                () -> new RowBlock("e", new double[6], 2, 3, new double[2], new double[] {1, -1}));
        RowBlock b = new RowBlock("e", new double[] {1, 2, 3, 4}, 2, 2, new double[2], new double[2]);
        assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(b, new boolean[2], RidgeSettings.gcv()));
        RowBlock ok = new RowBlock("e", new double[] {1, 2, 3, 4}, 2, 2, new double[2], null);
        assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(ok, new boolean[3], RidgeSettings.gcv()));
        assertThrows(IllegalArgumentException.class, () -> RidgeSettings.fixed(-1));
        assertThrows(IllegalArgumentException.class, () -> RidgeSettings.gcv(new double[] {0}));
    }
}
