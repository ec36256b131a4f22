package org.atomdoe.design;

/**
 * How close an exact design is to optimal, by the Kiefer-Wolfowitz equivalence theorem
 * (Kiefer &amp; Wolfowitz, Canad. J. Math. 12, 363 (1960); design-math notes).
 *
 * <p>For the exact design S of n rows, {@code xi} puts weight 1/n on each row, {@code M(xi) = M_S / n}
 * and {@code d(x, xi) = n x' M_S^-1 x} (as R AlgDesign reports it). Then the G-efficiency is
 * {@code p / max_x d(x, xi)} over the pool and, by concavity of log det, the D-efficiency of xi
 * among approximate designs is at least {@code exp(1 - max d / p)}.
 *
 * <p>The approximate optimum on the pool is approached by the multiplicative algorithm
 * {@code w_k <- w_k d(x_k, w) / p} (Silvey, Titterington &amp; Torsney 1978) for a bounded time;
 * any iterate w certifies {@code log det M* <= log det M(w) + max d(x, w) - p}, so
 * {@code dEfficiencyVsApproximate = exp((log det M_S - p log n - upper) / p)} is a proven lower
 * bound on the D-efficiency of S against the best approximate (hence any exact n-point) design.
 * Defined without fixed rows and ridge; null otherwise.
 *
 * @param maxLeverage             {@code max_x d(x, xi)} over the pool (null, like the next two, when M_S is singular)
 * @param gEfficiency             {@code p / maxLeverage}
 * @param dEfficiencyBound        {@code exp(1 - maxLeverage / p)}
 * @param approximateLogDetUpper  upper bound on {@code log det M(xi*)} of the approximate optimum (null if not computed)
 * @param approximateMaxLeverage  {@code max d / p} reached by the multiplicative algorithm (1 at the optimum)
 * @param approximateIterations   multiplicative iterations run
 * @param dEfficiencyVsApproximate certified lower bound on the D-efficiency of S (null if not computed)
 */
public record Certificate(Double maxLeverage, Double gEfficiency, Double dEfficiencyBound, Double approximateLogDetUpper,
                          Double approximateMaxLeverage, int approximateIterations, Double dEfficiencyVsApproximate) {

    /** Certificate of {@code selected}; the approximate optimum runs at most {@code millis} ms (0: skip it). */
    public static Certificate of(DesignProblem prob, int[] selected, long millis) {
        int p = prob.p(), n = selected.length, np = prob.n();
        double[] m = DesignCriteria.information(prob, selected, prob.ridge());
        if (n == 0 || !DenseMath.cholesky(m, p)) {
            return new Certificate(null, null, null, null, null, 0, null); // singular: no certificate
        }
        double logDetS = DenseMath.logDetFromCholesky(m, p);
        double[] lev = leverages(m, p, prob.x(), np);
        double maxD = 0;
        for (double v : lev) maxD = Math.max(maxD, v * n);
        double gEff = p / maxD;
        double dBound = Math.exp(1 - maxD / p);
        if (millis <= 0 || prob.fixedRows() > 0 || prob.ridge() > 0) {
            return new Certificate(maxD, gEff, dBound, null, null, 0, null);
        }
        Approx a = multiplicative(prob, millis);
        if (a == null) return new Certificate(maxD, gEff, dBound, null, null, 0, null);
        double upper = a.logDet + a.maxD - p;
        double eff = Math.exp((logDetS - p * Math.log(n) - upper) / p);
        return new Certificate(maxD, gEff, dBound, upper, a.maxD / p, a.iterations, Math.min(1.0, eff));
    }

    /**
     * Equivalence-theorem bounds of a block design (multiresponse form, Fedorov 1972 §5; Atkinson, Donev &amp; Tobias
     * 2007 §10.3): with {@code d(c, xi) = n trace(M_S^-1 B_c'B_c)}, the G-efficiency {@code p / max_c d} and the
     * D-efficiency bound {@code exp(1 - max d / p)}. The approximate optimum is not run for blocks (null).
     */
    public static Certificate of(BlockDesignProblem prob, int[] selected, int threads) {
        int p = prob.p(), n = selected.length;
        double[] m = prob.information(selected, prob.ridge());
        if (n == 0 || !DenseMath.cholesky(m, p)) return new Certificate(null, null, null, null, null, 0, null);
        int rows = prob.offsets()[prob.n()];
        double[] d = new double[rows];
        org.atomdoe.linalg.Cholesky.solveRows(m, 0, p, p, prob.rows(), 0, p, rows, null, 0, 0, d, 0, threads);
        double maxD = 0;
        for (int c = 0; c < prob.n(); c++) {
            double tr = 0;
            for (int r = prob.offsets()[c]; r < prob.offsets()[c + 1]; r++) tr += d[r];
            maxD = Math.max(maxD, n * tr);
        }
        return new Certificate(maxD, p / maxD, Math.exp(1 - maxD / p), null, null, 0, null);
    }

    /** d_k = ||L^-1 x_k||^2 for every row. */
    static double[] leverages(double[] l, int p, double[] x, int rows) {
        double[] out = new double[rows];
        double[] z = new double[p];
        for (int r = 0; r < rows; r++) {
            int o = r * p;
            double s = 0;
            for (int i = 0; i < p; i++) {
                double v = x[o + i] - DenseMath.dot(l, i * p, z, 0, i);
                v /= l[i * p + i];
                z[i] = v;
                s += v * v;
            }
            out[r] = s;
        }
        return out;
    }

    private record Approx(double logDet, double maxD, int iterations) {}

    /** Multiplicative algorithm from uniform weights, until max d <= p (1 + 1e-4) or the time is up. */
    static Approx multiplicative(DesignProblem prob, long millis) {
        int p = prob.p(), np = prob.n();
        long end = System.nanoTime() + millis * 1_000_000L;
        double[] w = new double[np];
        java.util.Arrays.fill(w, 1.0 / np);
        double[] x = prob.x();
        Approx last = null;
        int it = 0;
        while (true) {
            double[] m = new double[p * p];
            for (int r = 0; r < np; r++) {
                if (w[r] < 1e-300) continue;
                int o = r * p;
                for (int a = 0; a < p; a++) {
                    double va = w[r] * x[o + a];
                    if (va == 0) continue;
                    for (int b = 0; b <= a; b++) m[a * p + b] += va * x[o + b];
                }
            }
            if (!DenseMath.cholesky(m, p)) return last;
            double[] d = leverages(m, p, x, np);
            double maxD = 0;
            for (double v : d) maxD = Math.max(maxD, v);
            last = new Approx(DenseMath.logDetFromCholesky(m, p), maxD, it);
            if (maxD <= p * (1 + 1e-4) || System.nanoTime() > end || it >= 100_000) return last;
            for (int r = 0; r < np; r++) w[r] *= d[r] / p;
            it++;
        }
    }
}
