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
 * <p>The approximate optimum on the pool is approached by vertex exchanges on an active set started from S
 * ({@link #vertexExchange}) for a bounded amount of work; any weights w certify {@code log det M* <= log det M(w) + max d(x, w) - p}, so
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
 * @param approximateMaxLeverage  {@code max d / p} reached by the approximate optimum's weights (1 at the optimum)
 * @param approximateIterations   exact passes over the pool (variances of every candidate) the approximate optimum took
 * @param dEfficiencyVsApproximate certified lower bound on the D-efficiency of S (null if not computed)
 * @param effectiveParameters     {@code p_eff}: p without a prior, less with one (null when M_S is singular)
 */
public record Certificate(Double maxLeverage, Double gEfficiency, Double dEfficiencyBound, Double approximateLogDetUpper,
                          Double approximateMaxLeverage, int approximateIterations, Double dEfficiencyVsApproximate,
                          Double effectiveParameters) {

    private static final Certificate NONE = new Certificate(null, null, null, null, null, 0, null, null);

    /**
     * Certificate of {@code selected}; the approximate optimum gets a work budget of about {@code millis} ms of a
     * 10 GFLOP/s core (0: skip it); see {@link #vertexExchange}.
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
        double[] d0 = new double[np]; // the variances of the uniform design on S, the first exact pass: n times the leverages
        for (int i = 0; i < np; i++) d0[i] = n * lev[i];
        Approx a = vertexExchange(prob, selected, millis, threads, d0);
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

    /** Active-set size per outer pass: the support plus this many times p of the largest variances. */
    private static final int ACTIVE_PER_PARAMETER = 4;
    /** Weight exchanges per outer pass, times p (then the variances of the whole pool are recomputed exactly). */
    private static final int EXCHANGES_PER_PARAMETER = 5;

    /**
     * The approximate D-optimum on the pool by vertex exchanges (Böhning, Metrika 33, 337 (1986)) on an active set,
     * started from the exact design {@code start} (uniform weights on its rows), until
     * {@code max d <= p (1 + 1e-4)} or the work budget.
     *
     * <p>One outer pass: M(w) from the support, its factor and log det, the variances d of the whole pool (the blocked
     * solve); stop test; then the active set A = support + the {@value #ACTIVE_PER_PARAMETER} p candidates of largest
     * d, and up to {@value #EXCHANGES_PER_PARAMETER} p exchanges on A, each moving weight from the support point l of
     * smallest d to the point k of largest d by the step that maximises {@code log det(M + a (x_k x_k' - x_l x_l'))},
     * {@code a = (d_k - d_l) / (2 (d_k d_l - d_kl^2))} clipped to {@code [0, w_l]} (det of the rank-two change is
     * {@code (1 + a d_k)(1 - a d_l) + a^2 d_kl^2}), with {@code M^-1} and the d of A kept by two Sherman-Morrison steps.
     * Every step raises log det M(w); the rows outside A keep weight 0. The reported bound is from the exact pass, so
     * it holds whatever the steps did: {@code log det M* <= log det M(w) + max d - p} for any w.
     *
     * <p>This replaced the multiplicative algorithm of Silvey, Titterington and Torsney (1978), which on a 50,000 x 101
     * Gaussian pool reached max d / p = 1.03 after 58 passes over the pool (a certified 0.943 of the optimum for a
     * 400-point design), where these exchanges reach 1.0001 in about 10 (0.968).
     *
     * <p>The budget counts flops as a nominal 10 GFLOP/s core runs them in {@code millis} (a work budget, not a clock,
     * so the result does not depend on the machine's load), with at least two outer passes. No random choice is made:
     * the result is the same on every run and thread count. {@code startVariances}, when not null, are the variances of
     * the uniform design on {@code start} already computed by the caller (they replace the first pool pass).
     */
    static Approx vertexExchange(DesignProblem prob, int[] start, long millis, int threads, double[] startVariances) {
        int p = prob.p(), np = prob.n();
        double[] x = prob.x();
        double budget = Math.max(0, millis) * 1e7, spent = 0;
        double[] w = new double[np];
        for (int s : start) w[s] += 1.0 / start.length;
        double[] m = new double[p * p], ys = null, work = null;
        Approx last = null;
        for (int it = 0; ; it++) {
            // exact pass: M(w) over the support, its factor, the variances of the whole pool
            // (the support is small, thousands of rows: one thread forms its Gram matrix)
            int[] support = support(w);
            int ns = support.length;
            if (ys == null || ys.length < ns * p) ys = new double[Math.max(ns, 2 * p) * p];
            for (int r = 0; r < ns; r++) {
                double sw = Math.sqrt(w[support[r]]);
                for (int a = 0, o = support[r] * p; a < p; a++) ys[r * p + a] = sw * x[o + a];
            }
            java.util.Arrays.fill(m, 0);
            work = DenseMath.gram(m, ys, p, ns, work);
            if (!DenseMath.cholesky(m, p)) return last;
            double[] d = it == 0 && startVariances != null ? startVariances : leverages(m, p, x, np, threads);
            spent += (double) ns * p * p + (double) np * p * p;
            double maxD = 0;
            for (double v : d) maxD = Math.max(maxD, v);
            last = new Approx(DenseMath.logDetFromCholesky(m, p), maxD, it);
            if (maxD <= p * (1 + 1e-4) || (it >= 1 && spent >= budget)) return last;

            // exchanges on the active set
            int[] active = activeSet(d, w, ACTIVE_PER_PARAMETER * p);
            int na = active.length;
            // active rows, M^-1 and the two projection vectors with rows padded to a multiple of 8 (zeros): the
            // vector kernel then runs without a scalar tail, and the zeros add nothing to any product
            int pp = (p + 7) & ~7;
            double[] xa = new double[na * pp], da = new double[na], wa = new double[na];
            for (int r = 0; r < na; r++) {
                System.arraycopy(x, active[r] * p, xa, r * pp, p);
                da[r] = d[active[r]];
                wa[r] = w[active[r]];
            }
            double[] inv = DenseMath.inverseFromCholesky(m, p), minv = new double[p * pp];
            for (int a = 0; a < p; a++) System.arraycopy(inv, a * p, minv, a * pp, p);
            double[] ua = new double[pp], ub = new double[pp], pr = new double[na], qr = new double[na];
            int cap = EXCHANGES_PER_PARAMETER * p;
            int k = 0, l = -1;
            for (int r = 0; r < na; r++) {
                if (da[r] > da[k]) k = r;
                if (wa[r] > 0 && (l < 0 || da[r] < da[l])) l = r;
            }
            for (int e = 0; e < cap; e++) {
                if (l < 0 || da[k] - da[l] <= 1e-9 * p) break; // no exchange can raise log det
                DenseMath.dotRows2(p, pp, minv, 0, xa, k * pp, xa, l * pp, ua, ub); // M^-1 x_k, M^-1 x_l (M^-1 symmetric)
                double dk = DenseMath.dot(xa, k * pp, ua, 0, pp), dl = DenseMath.dot(xa, l * pp, ub, 0, pp);
                double dkl = DenseMath.dot(xa, k * pp, ub, 0, pp);
                double den = 2 * (dk * dl - dkl * dkl);
                double step = den > 0 ? Math.min((dk - dl) / den, wa[l]) : wa[l];
                if (!(step > 0)) break;
                // M + step x_k x_k' - step x_l x_l' as two Sherman-Morrison steps: M1^-1 = M^-1 - c ua ua', then
                // M2^-1 = M1^-1 + c2 ub2 ub2' with ub2 = M1^-1 x_l = ub - c d_kl ua; so one pass over the active rows
                // gives both projections: x_r . ub2 = x_r . ub - c d_kl (x_r . ua)
                double c = step / (1 + step * dk);
                double db = dl - c * dkl * dkl;
                double keep = 1 - step * db;
                if (!(keep > 1e-12)) break; // would make M(w) singular: cannot happen in exact arithmetic
                double c2 = step / keep, cd = c * dkl;
                wa[k] += step;
                wa[l] -= step;
                if (wa[l] <= 1e-14 * wa[k]) wa[l] = 0;
                DenseMath.dotRows2(na, pp, xa, 0, ua, 0, ub, 0, pr, qr);
                // the pass that updates d also finds the next pair: largest d, and smallest d of positive weight
                int nk = 0, nl = -1;
                for (int r = 0; r < na; r++) {
                    double q = qr[r] - cd * pr[r];
                    da[r] += c2 * q * q - c * pr[r] * pr[r];
                    if (da[r] > da[nk]) nk = r;
                    if (wa[r] > 0 && (nl < 0 || da[r] < da[nl])) nl = r;
                }
                k = nk;
                l = nl;
                DenseMath.axpy(-cd, ua, 0, ub, 0, p); // ub2
                rankTwo(minv, pp, ua, -c, ub, c2, p);
                spent += 4.0 * na * p + 8.0 * p * p; // the pass over A, four p x p products
            }
            double sum = 0;
            for (double v : wa) sum += v;
            for (int r = 0; r < na; r++) w[active[r]] = wa[r] / sum;
        }
    }

    /** Rows of positive weight, in increasing order. */
    private static int[] support(double[] w) {
        int n = 0;
        for (double v : w) if (v > 0) n++;
        int[] s = new int[n];
        n = 0;
        for (int i = 0; i < w.length; i++) if (w[i] > 0) s[n++] = i;
        return s;
    }

    /** The support of w and the {@code extra} rows of largest d (ties by row order), in increasing row order. */
    private static int[] activeSet(double[] d, double[] w, int extra) {
        int np = d.length;
        boolean[] in = new boolean[np];
        if (extra >= np) {
            java.util.Arrays.fill(in, true);
        } else if (extra > 0) {
            double threshold = orderStatistic(d.clone(), np - extra);
            int taken = 0;
            for (int i = 0; i < np && taken < extra; i++) if (d[i] > threshold) { in[i] = true; taken++; }
            for (int i = 0; i < np && taken < extra; i++) if (d[i] == threshold && !in[i]) { in[i] = true; taken++; }
        }
        int n = 0;
        for (int i = 0; i < np; i++) if (in[i] || w[i] > 0) n++;
        int[] a = new int[n];
        n = 0;
        for (int i = 0; i < np; i++) if (in[i] || w[i] > 0) a[n++] = i;
        return a;
    }

    /**
     * The value of rank {@code k} (0-based, ascending) of {@code a}, by quickselect with a median-of-three pivot
     * (Hoare 1961): O(n) on average instead of a full sort per pass. Reorders {@code a}.
     */
    static double orderStatistic(double[] a, int k) {
        int lo = 0, hi = a.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }

    /** {@code m += c u u' + e v v'} for a symmetric p x p matrix stored with row stride {@code ld}. */
    private static void rankTwo(double[] m, int ld, double[] u, double c, double[] v, double e, int p) {
        for (int a = 0; a < p; a++) {
            double cu = c * u[a], ev = e * v[a];
            for (int b = 0; b < p; b++) m[a * ld + b] += cu * u[b] + ev * v[b];
        }
    }
}
