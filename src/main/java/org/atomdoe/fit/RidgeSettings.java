package org.atomdoe.fit;

import java.util.Arrays;

/**
 * How {@link RidgeRegression} chooses the ridge parameter: fixed, or the grid value that
 * minimises generalised cross-validation (GCV, optionally modified) or exact leave-one-out
 * cross-validation (LOOCV).
 *
 * <p>The penalty is {@code lambda * ||beta||^2} on the coefficients of the <em>standardised</em>
 * penalised columns (each scaled to unit weighted norm after the unpenalised columns have been
 * projected out, see {@link RidgeRegression}). Lambda is therefore dimensionless and comparable
 * across descriptors and data sets: the squared singular values of the standardised matrix lie in
 * {@code [0, p]}.
 *
 * @param criterion    how lambda is chosen
 * @param fixedLambda  the lambda for {@link Criterion#FIXED} (ignored otherwise)
 * @param lambdaGrid   candidate lambdas (positive; sorted on construction); one value for FIXED
 * @param gcvDofFactor {@code alpha} in the GCV criterion {@code m RSS / (m - alpha df)^2}: 1 is
 *                     classic GCV; values above 1 (Kim & Gu, J. R. Stat. Soc. B 66, 337 (2004),
 *                     recommend 1.4) penalise fits that come close to interpolating, where
 *                     classic GCV is known to under-smooth when rows are few
 */
public record RidgeSettings(Criterion criterion, double fixedLambda, double[] lambdaGrid, double gcvDofFactor) {

    /** Rule for choosing lambda. */
    public enum Criterion {
        /** The given lambda. */
        FIXED,
        /** Minimum of {@code m RSS / (m - alpha df)^2} (Golub, Heath & Wahba, Technometrics 21, 215 (1979)). */
        GCV,
        /**
         * Minimum of the mean squared leave-one-row-out residual {@code (e_i / (1 - h_ii))^2}
         * (exact for a fixed penalty; Allen, Technometrics 16, 125 (1974), "PRESS"). It leaves out
         * one <em>row</em>: one structure for energy-only fits; with force blocks, one force
         * component, which is not a meaningful hold-out (use GCV there). Needs {@code rows x p}
         * scratch memory.
         */
        LOOCV,
        /**
         * Maximum of the Gaussian marginal likelihood (type-II maximum likelihood, the "evidence")
         * of the ridge model read as a Bayesian one (coefficients ~ N(0, s^2/lambda), noise
         * variance s^2/w_i) with the scale s^2 profiled out: minimises
         * {@code m' log(y' (X X' + lambda I)^-1 y) + log det(X X' + lambda I)} over the {@code m'}
         * directions left after the unpenalised columns (Wahba's generalised maximum likelihood,
         * Ann. Statist. 13, 1378 (1985); Rasmussen &amp; Williams 2006, sec. 5.4.1). For GP models
         * (whitened kernel rows) it is the usual choice of the noise-to-signal ratio, and it does not
         * collapse to interpolation when there are more columns than rows, as GCV can.
         */
        ML
    }

    public RidgeSettings {
        if (criterion == null) throw new IllegalArgumentException("a lambda criterion is required");
        if (!(gcvDofFactor >= 1) || !Double.isFinite(gcvDofFactor)) {
            throw new IllegalArgumentException("GCV degrees-of-freedom factor must be finite and >= 1, got " + gcvDofFactor);
        }
        if (criterion == Criterion.FIXED) {
            if (!(fixedLambda >= 0 && Double.isFinite(fixedLambda))) {
                throw new IllegalArgumentException("fixed lambda must be finite and >= 0, got " + fixedLambda);
            }
            lambdaGrid = new double[] {fixedLambda};
        } else {
            if (lambdaGrid == null || lambdaGrid.length == 0) {
                throw new IllegalArgumentException(criterion + " needs a non-empty lambda grid");
            }
            for (double l : lambdaGrid) {
                if (!(l > 0) || !Double.isFinite(l)) {
                    throw new IllegalArgumentException("lambda grid values must be finite and > 0, got " + l);
                }
            }
            lambdaGrid = lambdaGrid.clone();
            Arrays.sort(lambdaGrid);
            fixedLambda = Double.NaN;
        }
    }

    /** The default grid: 10^-14 .. 10^4, four points per decade. The low end is far below any
     * useful penalty so that noise-free data are fitted exactly (bias ~ lambda / s_min^2). */
    public static double[] defaultGrid() {
        return logGrid(1e-14, 1e4, 4);
    }

    /** Classic GCV over the default grid. */
    public static RidgeSettings gcv() {
        return gcv(defaultGrid());
    }

    /** Classic GCV over the given grid. */
    public static RidgeSettings gcv(double[] grid) {
        return new RidgeSettings(Criterion.GCV, Double.NaN, grid, 1.0);
    }

    /** Modified GCV {@code m RSS / (m - alpha df)^2} over the default grid. */
    public static RidgeSettings modifiedGcv(double alpha) {
        return new RidgeSettings(Criterion.GCV, Double.NaN, defaultGrid(), alpha);
    }

    /** Exact leave-one-out cross-validation over the default grid. */
    public static RidgeSettings leaveOneOut() {
        return new RidgeSettings(Criterion.LOOCV, Double.NaN, defaultGrid(), 1.0);
    }

    /** Maximum marginal likelihood over the default grid. */
    public static RidgeSettings maximumLikelihood() {
        return new RidgeSettings(Criterion.ML, Double.NaN, defaultGrid(), 1.0);
    }

    /** A fixed lambda (no search). */
    public static RidgeSettings fixed(double lambda) {
        return new RidgeSettings(Criterion.FIXED, lambda, null, 1.0);
    }

    /**
     * Parses {@code gcv}, {@code gcv:ALPHA} (modified GCV), {@code loocv}, {@code ml} (marginal
     * likelihood) or a number (fixed lambda), for command-line options.
     */
    public static RidgeSettings parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.equals("gcv")) return gcv();
            if (s.startsWith("gcv:")) return modifiedGcv(Double.parseDouble(s.substring(4)));
            if (s.equals("loocv") || s.equals("loo")) return leaveOneOut();
            if (s.equals("ml") || s.equals("evidence")) return maximumLikelihood();
            return fixed(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lambda choice must be gcv, gcv:ALPHA, loocv, ml or a number, got '" + spec + "'");
        }
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
