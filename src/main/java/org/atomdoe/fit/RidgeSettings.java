package org.atomdoe.fit;

import java.util.Arrays;

/**
 * How {@link RidgeRegression} chooses the ridge parameter.
 *
 * <p>The penalty is {@code lambda * ||beta||^2} on the coefficients of the <em>standardised</em>
 * penalised columns (each scaled to unit weighted norm after the unpenalised columns have been
 * projected out, see {@link RidgeRegression}). Lambda is therefore dimensionless and comparable
 * across descriptors and data sets: the squared singular values of the standardised matrix lie in
 * {@code [0, p]}.
 *
 * @param fixedLambda  the lambda to use, or NaN to choose it by generalised cross-validation
 * @param lambdaGrid   candidate lambdas for GCV (positive, any order); used when fixedLambda is NaN
 */
public record RidgeSettings(double fixedLambda, double[] lambdaGrid) {
    public RidgeSettings {
        if (!Double.isNaN(fixedLambda) && !(fixedLambda >= 0 && Double.isFinite(fixedLambda))) {
            throw new IllegalArgumentException("fixed lambda must be finite and >= 0 (or NaN for GCV), got " + fixedLambda);
        }
        if (Double.isNaN(fixedLambda)) {
            if (lambdaGrid == null || lambdaGrid.length == 0) {
                throw new IllegalArgumentException("GCV needs a non-empty lambda grid");
            }
            for (double l : lambdaGrid) {
                if (!(l > 0) || !Double.isFinite(l)) {
                    throw new IllegalArgumentException("lambda grid values must be finite and > 0, got " + l);
                }
            }
            lambdaGrid = lambdaGrid.clone();
            Arrays.sort(lambdaGrid);
        } else {
            lambdaGrid = new double[] {fixedLambda};
        }
    }

    /**
     * GCV over the default grid: 10^-14 .. 10^4, four points per decade. The low end is far below
     * any useful penalty so that noise-free data are fitted exactly (bias ~ lambda / s_min^2).
     */
    public static RidgeSettings gcv() {
        return gcv(logGrid(1e-14, 1e4, 4));
    }

    /** GCV over the given grid. */
    public static RidgeSettings gcv(double[] grid) {
        return new RidgeSettings(Double.NaN, grid);
    }

    /** A fixed lambda (no search). */
    public static RidgeSettings fixed(double lambda) {
        return new RidgeSettings(lambda, null);
    }

    public boolean usesGcv() {
        return Double.isNaN(fixedLambda);
    }

    /** {@code from, ..., to} spaced evenly in log10 with {@code perDecade} points per decade. */
    public static double[] logGrid(double from, double to, int perDecade) {
        if (!(from > 0) || !(to >= from) || perDecade < 1) {
            throw new IllegalArgumentException("log grid needs 0 < from <= to and perDecade >= 1, got "
                    + from + ", " + to + ", " + perDecade);
        }
        double a = Math.log10(from), b = Math.log10(to);
        int n = (int) Math.round((b - a) * perDecade) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = Math.pow(10, n == 1 ? a : a + (b - a) * i / (n - 1));
        return g;
    }
}
