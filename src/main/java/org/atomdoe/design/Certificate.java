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
 * That approximate optimum is run only without fixed rows and ridge (null otherwise).
 *
 * <p>With a prior (a ridge {@code lambda I} or fixed rows {@code X0}, together R) the criterion is the
 * Bayesian {@code log det(sum_S x x' + R)} (Chaloner &amp; Verdinelli, Stat. Sci. 10, 273 (1995), §2.1;
 * Pilz 1991): it is concave in the weights, and its derivative towards a candidate x is
 * {@code d(x, xi) - p_eff} with {@code p_eff = trace(M_S^-1 sum_S x x') = sum_S x' M_S^-1 x} (the
 * effective number of parameters the data determine, p without a prior). So the same bounds hold
 * with p_eff for p in the numerators: G-efficiency {@code p_eff / max d} and D-efficiency
 * {@code >= exp((p_eff - max d) / p)}; without a prior they are the classical ones above. (With a
 * ridge and p above n, the classical formulas gave "efficiencies" above 1.)
 *
 * @param maxLeverage             {@code max_x d(x, xi)} over the pool (null, like the next two, when M_S is singular)
 * @param gEfficiency             {@code p / maxLeverage}
 * @param dEfficiencyBound        {@code exp(1 - maxLeverage / p)}
 * @param approximateLogDetUpper  upper bound on {@code log det M(xi*)} of the approximate optimum (null if not computed)
 * @param approximateMaxLeverage  {@code max d / p} reached by the multiplicative algorithm (1 at the optimum)
 * @param approximateIterations   multiplicative iterations run
 * @param dEfficiencyVsApproximate certified lower bound on the D-efficiency of S (null if not computed)
 * @param effectiveParameters     {@code p_eff}: p without a prior, less with one (null when M_S is singular)
 */
public record Certificate(Double maxLeverage, Double gEfficiency, Double dEfficiencyBound, Double approximateLogDetUpper,
                          Double approximateMaxLeverage, int approximateIterations, Double dEfficiencyVsApproximate,
                          Double effectiveParameters) {

    private static final Certificate NONE = new Certificate(null, null, null, null, null, 0, null, null);

    /**
     * Certificate of {@code selected}; the approximate optimum gets a work budget of about {@code millis} ms of a
     * 10 GFLOP/s core (0: skip it); see {@link #multiplicative}.
     */
    public static Certificate of(DesignProblem prob, int[] selected, long millis) {
        return of(prob, selected, millis, 1);
    }

    /**
     * The same with the leverages of the pool on {@code threads} threads (the result does not depend on the thread
     * count: {@link org.atomdoe.linalg.Cholesky#solveRows} gives the same bits on any).
     */
    public static Certificate of(DesignProblem prob, int[] selected, long millis, int threads) {
        int p = prob.p(), n = selected.length, np = prob.n();
        double[] m = DesignCriteria.information(prob, selected, prob.ridge());
        if (n == 0 || !DenseMath.cholesky(m, p)) return NONE; // singular: no certificate
        double logDetS = DenseMath.logDetFromCholesky(m, p);
        double[] lev = leverages(m, p, prob.x(), np, threads);
        double maxD = 0;
        for (double v : lev) maxD = Math.max(maxD, v * n);
        boolean prior = prob.fixedRows() > 0 || prob.ridge() > 0;
        double pEff = p;
        if (prior) {
            pEff = 0;
            for (int s : selected) pEff += lev[s];
        }
        double gEff = pEff / maxD;
        double dBound = Math.exp((pEff - maxD) / p);
        if (millis <= 0 || prior) return new Certificate(maxD, gEff, dBound, null, null, 0, null, pEff);
        Approx a = multiplicative(prob, millis, threads);
        if (a == null) return new Certificate(maxD, gEff, dBound, null, null, 0, null, pEff);
        double upper = a.logDet + a.maxD - p;
        double eff = Math.exp((logDetS - p * Math.log(n) - upper) / p);
        return new Certificate(maxD, gEff, dBound, upper, a.maxD / p, a.iterations, Math.min(1.0, eff), pEff);
    }

    /**
     * Equivalence-theorem bounds of a block design (multiresponse form, Fedorov 1972 §5; Atkinson, Donev &amp; Tobias
     * 2007 §10.3): with {@code d(c, xi) = n trace(M_S^-1 B_c'B_c)}, the G-efficiency {@code p / max_c d} and the
     * D-efficiency bound {@code exp(1 - max d / p)}, with {@code p_eff = sum_S trace(M_S^-1 B_c'B_c)} for p in the
     * numerators under a prior (class comment). The approximate optimum is not run for blocks (null).
     */
    public static Certificate of(BlockDesignProblem prob, int[] selected, int threads) {
        int p = prob.p(), n = selected.length;
        double[] m = prob.information(selected, prob.ridge());
        if (n == 0 || !DenseMath.cholesky(m, p)) return NONE;
        int rows = prob.offsets()[prob.n()];
        double[] d = new double[rows];
        org.atomdoe.linalg.Cholesky.solveRows(m, 0, p, p, prob.rows(), 0, p, rows, null, 0, 0, d, 0, threads);
        double maxD = 0;
        double[] trace = new double[prob.n()];
        for (int c = 0; c < prob.n(); c++) {
            for (int r = prob.offsets()[c]; r < prob.offsets()[c + 1]; r++) trace[c] += d[r];
            maxD = Math.max(maxD, n * trace[c]);
        }
        double pEff = p;
        if (prob.ridge() > 0 || prob.fixedRows() > 0) {
            pEff = 0;
            for (int c : selected) pEff += trace[c];
        }
        return new Certificate(maxD, pEff / maxD, Math.exp((pEff - maxD) / p), null, null, 0, null, pEff);
    }

    /** d_k = ||L^-1 x_k||^2 for every row (the blocked solve of the linear algebra layer). */
    static double[] leverages(double[] l, int p, double[] x, int rows, int threads) {
        double[] out = new double[rows];
        org.atomdoe.linalg.Cholesky.solveRows(l, 0, p, p, x, 0, p, rows, null, 0, 0, out, 0, threads);
        return out;
    }

    private record Approx(double logDet, double maxD, int iterations) {}

    /**
     * Multiplicative algorithm from uniform weights, until max d <= p (1 + 1e-4) or the iteration cap. The cap is the
     * number of iterations (each {@code ~N p^2} flops) a nominal 10 GFLOP/s core runs in {@code millis}: a work budget,
     * not a clock, so the certificate does not depend on the machine's load (at least 10 iterations).
     */
    static Approx multiplicative(DesignProblem prob, long millis, int threads) {
        int p = prob.p(), np = prob.n();
        long cap = (long) Math.max(10, Math.min(100_000, millis * 1e7 / ((double) np * p * p)));
        double[] w = new double[np];
        java.util.Arrays.fill(w, 1.0 / np);
        double[] x = prob.x();
        // M(w) = Y'Y with y_r = sqrt(w_r) x_r: one packed matrix product per iteration (lower triangle) instead of
        // N rank-one updates; Y' is stored p x N so that the long dimension is the product's depth
        double[] yt = new double[np * p], m = new double[p * p];
        Approx last = null;
        int it = 0;
        while (true) {
            for (int r = 0; r < np; r++) {
                double sw = Math.sqrt(w[r]);
                for (int a = 0, o = r * p; a < p; a++) yt[a * np + r] = sw * x[o + a];
            }
            org.atomdoe.linalg.Gemm.nt(p, p, np, 1.0, yt, 0, np, yt, 0, np, false, m, 0, p, org.atomdoe.linalg.Gemm.LOWER_C, threads);
            if (!DenseMath.cholesky(m, p)) return last;
            double[] d = leverages(m, p, x, np, threads);
            double maxD = 0;
            for (double v : d) maxD = Math.max(maxD, v);
            last = new Approx(DenseMath.logDetFromCholesky(m, p), maxD, it);
            if (maxD <= p * (1 + 1e-4) || it >= cap) return last;
            for (int r = 0; r < np; r++) w[r] *= d[r] / p;
            it++;
        }
    }
}
