package org.atomdoe.design;

/**
 * The three criteria of a design, recomputed from scratch (one Cholesky factorisation of
 * {@code M}): the numbers a report shows for any selection. A singular {@code M} has
 * {@code logDet = null} and no A or I value (JSON has no infinity).
 *
 * @param logDet   {@code log det M}, or null when M is singular
 * @param a        {@code trace M^-1}, or null when singular
 * @param i        {@code trace(M^-1 W)}, W the mean {@code y y'} of the reference rows, or null when singular
 * @param size     number of selected candidates
 * @param ridge    the {@code lambda} of M
 */
public record DesignCriteria(Double logDet, Double a, Double i, int size, double ridge) {

    /** The criteria of {@code selected} for {@code prob} with the problem's own ridge. */
    public static DesignCriteria of(DesignProblem prob, int[] selected) {
        return of(prob, selected, prob.ridge());
    }

    /** The criteria with an explicit ridge (e.g. the start ridge of an under-determined design). */
    public static DesignCriteria of(DesignProblem prob, int[] selected, double ridge) {
        return fromInformation(information(prob, selected, ridge), prob.p(), DesignState.referenceMatrix(prob), selected.length, ridge);
    }

    /** The criteria of an information matrix {@code m} (p x p, destroyed) with I-criterion weight {@code w}. */
    static DesignCriteria fromInformation(double[] m, int p, double[] w, int size, double ridge) {
        if (!DenseMath.cholesky(m, p)) return new DesignCriteria(null, null, null, size, ridge);
        double logDet = DenseMath.logDetFromCholesky(m, p);
        double[] inv = DenseMath.inverseFromCholesky(m, p);
        double tr = 0;
        for (int k = 0; k < p; k++) tr += inv[k * p + k];
        double ti = 0;
        for (int r = 0; r < p; r++) ti += DenseMath.dot(inv, r * p, w, r * p, p);
        return new DesignCriteria(logDet, tr, ti, size, ridge);
    }

    /** {@code M = X0'X0 + sum_S x x' + ridge I} (full symmetric). */
    static double[] information(DesignProblem prob, int[] selected, double ridge) {
        int p = prob.p();
        double[] m = new double[p * p];
        for (int k = 0; k < p; k++) m[k * p + k] = ridge;
        DenseMath.addGram(m, prob.fixed(), p, null, prob.fixedRows());
        DenseMath.addGram(m, prob.x(), p, selected, 0);
        DenseMath.symmetrise(m, p);
        return m;
    }
}
