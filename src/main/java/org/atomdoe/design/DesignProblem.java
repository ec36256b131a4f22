package org.atomdoe.design;

import java.util.Arrays;

/**
 * A design problem: candidate rows, fixed rows already in the training set, and a ridge prior.
 * The information matrix of a selection S is
 * <pre>  M(S) = X0' X0 + sum_{i in S} w_i x_i x_i' + lambda I</pre>
 * (Atkinson, Donev &amp; Tobias 2007, ch. 9-11). Row weights are applied once here by scaling the
 * candidate rows by {@code sqrt(w_i)}, so everything downstream sees {@code x_i sqrt(w_i)}.
 *
 * @param x          candidate rows, row-major {@code n x p} (weighted)
 * @param n          number of candidates
 * @param p          number of model parameters (columns)
 * @param fixed      fixed rows {@code X0}, row-major {@code fixedRows x p} (may be empty)
 * @param fixedRows  number of fixed rows
 * @param ridge      {@code lambda >= 0}
 * @param reference  rows {@code y} whose mean {@code y y'} is {@code W} of the I-criterion (null: the candidates)
 * @param referenceRows number of reference rows
 */
public record DesignProblem(double[] x, int n, int p, double[] fixed, int fixedRows, double ridge,
                            double[] reference, int referenceRows) {
    public DesignProblem {
        if (n < 0 || p < 1) throw new IllegalArgumentException("need n >= 0 candidates and p >= 1 columns, got " + n + " x " + p);
        if (x.length != (long) n * p) throw new IllegalArgumentException("candidates must be " + n + " x " + p + " values, got " + x.length);
        if (fixed == null) {
            fixed = new double[0];
            fixedRows = 0;
        }
        checkPrior(fixed, fixedRows, ridge, reference, referenceRows, p);
        for (double v : x) if (!Double.isFinite(v)) throw new IllegalArgumentException("candidate matrix has a non-finite value");
    }

    /** Shared checks of the prior part (fixed rows, ridge, reference rows) of a row or block design problem. */
    static void checkPrior(double[] fixed, int fixedRows, double ridge, double[] reference, int referenceRows, int p) {
        if (fixed.length != (long) fixedRows * p) throw new IllegalArgumentException("fixed rows must be " + fixedRows + " x " + p);
        if (!(ridge >= 0) || !Double.isFinite(ridge)) throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
        if (reference != null && reference.length != (long) referenceRows * p) {
            throw new IllegalArgumentException("reference rows must be " + referenceRows + " x " + p);
        }
        for (double v : fixed) if (!Double.isFinite(v)) throw new IllegalArgumentException("fixed rows have a non-finite value");
    }

    /** Candidates only, no fixed rows, ridge {@code lambda}, I-criterion over the candidates. */
    public static DesignProblem of(double[] x, int n, int p, double ridge) {
        return new DesignProblem(x, n, p, null, 0, ridge, null, 0);
    }

    /** A copy with each candidate row scaled by {@code sqrt(weights[i])}. */
    public DesignProblem weighted(double[] weights) {
        if (weights.length != n) throw new IllegalArgumentException("need one weight per candidate (" + n + "), got " + weights.length);
        double[] y = x.clone();
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) throw new IllegalArgumentException("weight " + i + " is " + weights[i]);
            double s = Math.sqrt(weights[i]);
            for (int k = 0; k < p; k++) y[i * p + k] *= s;
        }
        return new DesignProblem(y, n, p, fixed, fixedRows, ridge, reference, referenceRows);
    }

    /** A copy with fixed rows {@code X0} (augment mode: design the next batch of an existing training set). */
    public DesignProblem withFixed(double[] x0, int rows) {
        return new DesignProblem(x, n, p, x0, rows, ridge, reference, referenceRows);
    }

    /** A copy whose I-criterion averages over {@code rows} reference rows instead of the candidates. */
    public DesignProblem withReference(double[] ref, int rows) {
        return new DesignProblem(x, n, p, fixed, fixedRows, ridge, ref, rows);
    }

    /**
     * Column scales that make every column of the candidates (and fixed rows) unit root-mean-square:
     * {@code s_k = 1 / sqrt(mean_i x_ik^2)} (1 for an all-zero column). Scaling only, no centring, so
     * intercept-like columns keep their meaning. D-optimal designs do not change under it when
     * the ridge is 0; A- and I-optimal designs and ridge-regularised ones do.
     */
    public double[] unitScales() {
        return DenseMath.unitScales(x, n, p);
    }

    /** A copy with column {@code k} of every matrix multiplied by {@code scales[k]}. */
    public DesignProblem scaled(double[] scales) {
        return new DesignProblem(DenseMath.scaleColumns(x, scales, p), n, p, DenseMath.scaleColumns(fixed, scales, p), fixedRows, ridge,
                reference == null ? null : DenseMath.scaleColumns(reference, scales, p), referenceRows);
    }

    /** Row {@code i} of the candidates as a fresh array. */
    public double[] row(int i) {
        return Arrays.copyOfRange(x, i * p, (i + 1) * p);
    }
}
