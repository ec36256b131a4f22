package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The isotropic (sparse-GP) ridge fit against its normal equations and a brute-force GCV. */
class IsotropicRidgeTest {

    /** Rows [n_A, n_B, features...] with weights; species B absent when {@code absentB}. */
    private static RowBlock block(Random r, int rows, int p, boolean absentB, double noise) {
        int cols = 2 + p;
        double[] x = new double[rows * cols];
        double[] y = new double[rows];
        double[] w = new double[rows];
        double[] truth = new double[p];
        for (int c = 0; c < p; c++) truth[c] = r.nextGaussian();
        for (int i = 0; i < rows; i++) {
            int na = 2 + r.nextInt(8), nb = absentB ? 0 : r.nextInt(5);
            x[i * cols] = na;
            x[i * cols + 1] = nb;
            double e = -3.1 * na - 1.7 * nb;
            for (int c = 0; c < p; c++) {
                double f = (na + nb) * (0.5 + r.nextDouble()) * (c % 3 == 0 ? 3 : 1);
                x[i * cols + 2 + c] = f;
                e += 0.1 * truth[c] * f;
            }
            y[i] = e + noise * r.nextGaussian();
            w[i] = 1.0 / ((na + nb) * (na + nb));
        }
        w[rows / 2] = 0; // a row without weight must not count
        return new RowBlock("energy", x, rows, cols, y, w);
    }

    private static boolean[] penalised(int cols) {
        boolean[] p = new boolean[cols];
        for (int j = 2; j < cols; j++) p[j] = true;
        return p;
    }

    /** Solution of the normal equations (X'WX + lambda D) c = X'Wy over the given columns, D = diag(penalised). */
    private static double[] normalEquations(RowBlock b, boolean[] pen, double lambda, int[] use) {
        int k = use.length, cols = b.cols();
        double[][] m = new double[k][k];
        double[] rhs = new double[k];
        for (int i = 0; i < b.rows(); i++) {
            double w = b.weight(i);
            for (int a = 0; a < k; a++) {
                rhs[a] += w * b.x()[i * cols + use[a]] * b.targets()[i];
                for (int c = 0; c < k; c++) m[a][c] += w * b.x()[i * cols + use[a]] * b.x()[i * cols + use[c]];
            }
        }
        for (int a = 0; a < k; a++) if (pen[use[a]]) m[a][a] += lambda;
        return new LUDecomposition(new Array2DRowRealMatrix(m)).getSolver().solve(new ArrayRealVector(rhs)).toArray();
    }

    @Test
    void fixedLambdaSolvesTheNormalEquations() {
        Random r = new Random(21);
        for (int[] shape : new int[][] {{12, 40}, {60, 9}, {25, 25}}) {
            RowBlock b = block(r, shape[0], shape[1], false, 0.05);
            boolean[] pen = penalised(b.cols());
            for (double lambda : new double[] {1e-3, 0.3, 20}) {
                RidgeSolution s = IsotropicRidge.fit(b, pen, RidgeSettings.fixed(lambda));
                int[] all = new int[b.cols()];
                for (int j = 0; j < all.length; j++) all[j] = j;
                double[] ref = normalEquations(b, pen, lambda, all);
                for (int j = 0; j < ref.length; j++) {
                    assertEquals(ref[j], s.coefficients()[j], 1e-7 * (1 + Math.abs(ref[j])), "shape " + shape[0] + "x" + shape[1] + " lambda " + lambda + " col " + j);
                }
                assertEquals(shape[0] - 1, s.rows());
                // weighted RSS reported = recomputed
                double rss = 0;
                double[] pred = s.predict(b.x(), b.rows());
                for (int i = 0; i < b.rows(); i++) rss += b.weight(i) * Math.pow(b.targets()[i] - pred[i], 2);
                assertEquals(rss, s.weightedRss(), 1e-9 * (1 + rss));
            }
        }
    }

    @Test
    void absentSpeciesIsDroppedAndGcvPicksTheGridMinimum() {
        Random r = new Random(4);
        RowBlock b = block(r, 70, 30, true, 1.0);
        boolean[] pen = penalised(b.cols());
        RidgeSolution s = IsotropicRidge.fit(b, pen, RidgeSettings.gcv(RidgeSettings.logGrid(1e-2, 1e4, 3)));
        assertArrayEquals(new int[] {1}, s.droppedColumns());
        assertEquals(0.0, s.coefficients()[1]);
        int[] use = new int[b.cols() - 1];
        use[0] = 0;
        for (int j = 2; j < b.cols(); j++) use[j - 1] = j;
        // brute force GCV: m RSS / (m - tr H)^2, H from the normal equations
        int m = 69;
        double bestScore = Double.POSITIVE_INFINITY, bestLambda = -1;
        for (double lambda : s.lambdaGrid()) {
            double[] c = normalEquations(b, pen, lambda, use);
            double rss = 0;
            for (int i = 0; i < b.rows(); i++) {
                double pr = 0;
                for (int a = 0; a < use.length; a++) pr += b.x()[i * b.cols() + use[a]] * c[a];
                rss += b.weight(i) * Math.pow(b.targets()[i] - pr, 2);
            }
            double df = trace(b, pen, lambda, use);
            double g = m * rss / Math.pow(m - df, 2);
            if (g < bestScore) {
                bestScore = g;
                bestLambda = lambda;
            }
        }
        assertEquals(bestLambda, s.lambda());
        assertTrue(s.lambda() > 1e-2 && s.lambda() < 1e4, "the minimum should be inside the grid: " + s.lambda());
        assertEquals(bestScore, s.gcv(), 1e-8 * bestScore);
        assertEquals(trace(b, pen, s.lambda(), use), s.effectiveDegreesOfFreedom(), 1e-8);
    }

    @Test
    void leaveOneOutScoresAreRefitsWithoutTheRow() {
        Random r = new Random(17);
        RowBlock b = block(r, 14, 20, false, 0.3);
        boolean[] pen = penalised(b.cols());
        double[] grid = {1e-3, 0.1, 5};
        RidgeSolution s = IsotropicRidge.fit(b, pen, new RidgeSettings(RidgeSettings.Criterion.LOOCV, Double.NaN, grid, 1.0));
        int[] all = new int[b.cols()];
        for (int j = 0; j < all.length; j++) all[j] = j;
        for (int g = 0; g < grid.length; g++) {
            double sum = 0;
            int used = 0;
            for (int out = 0; out < b.rows(); out++) {
                if (b.weight(out) == 0) continue;
                double[] w = new double[b.rows()];
                for (int i = 0; i < w.length; i++) w[i] = i == out ? 0 : b.weight(i);
                RowBlock without = new RowBlock("e", b.x(), b.rows(), b.cols(), b.targets(), w);
                double[] c = normalEquations(without, pen, grid[g], all);
                double pred = 0;
                for (int j = 0; j < b.cols(); j++) pred += b.x()[out * b.cols() + j] * c[j];
                sum += b.weight(out) * Math.pow(b.targets()[out] - pred, 2);
                used++;
            }
            assertEquals(sum / used, s.scoreCurve()[g], 1e-8 * sum / used, "lambda " + grid[g]);
        }
    }

    /** tr( X (X'WX + lambda D)^-1 X'W ) over the rows of positive weight. */
    private static double trace(RowBlock b, boolean[] pen, double lambda, int[] use) {
        int k = use.length, cols = b.cols();
        double[][] m = new double[k][k];
        for (int i = 0; i < b.rows(); i++) {
            for (int a = 0; a < k; a++) for (int c = 0; c < k; c++) m[a][c] += b.weight(i) * b.x()[i * cols + use[a]] * b.x()[i * cols + use[c]];
        }
        double[][] g = new double[k][k];
        for (int a = 0; a < k; a++) g[a] = m[a].clone();
        for (int a = 0; a < k; a++) if (pen[use[a]]) m[a][a] += lambda;
        RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(m)).getSolver().getInverse();
        return inv.multiply(new Array2DRowRealMatrix(g)).getTrace();
    }
}
