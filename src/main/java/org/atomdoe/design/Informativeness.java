package org.atomdoe.design;

import java.util.concurrent.ForkJoinPool;

/**
 * How informative each candidate is against a set (the training set, or a design), before any
 * DFT: its prediction variance (leverage) {@code d(x) = x' M^-1 x}, the D-gain of adding it
 * {@code log(1 + d(x))}, the MaxVol extrapolation grade {@code gamma(x) = max_k |(x' A^-1)_k|}
 * over an active set {@code A} of p rows of the set chosen by greedy volume maximisation
 * (Podryabinkin &amp; Shapeev, Comput. Mater. Sci. 140, 171 (2017); pacemaker's gamma), and the
 * best set member to swap it for with the D-gain of that swap
 * {@code log((1 + d_j)(1 - d_i) + d_ij^2)}.
 *
 * <p>{@code gamma <= 1} means interpolation within the active set's span; {@code gamma > 1}
 * extrapolation. The active set has p rows only when the set has rank p; otherwise gamma is
 * computed on the rows it has (in the least-squares sense, through the ridge) and is reported
 * as such.
 *
 * @param leverage      {@code d(x)} per candidate
 * @param gain          {@code log(1 + d(x))} per candidate (0 for members of the set)
 * @param gamma         MaxVol extrapolation grade per candidate
 * @param bestSwapOut   per candidate, the set member whose swap for it gains most (-1 for members or when the set is empty)
 * @param bestSwapGain  that gain in log det (may be negative)
 * @param activeSet     the rows of the MaxVol active set (indices into the candidates)
 */
public record Informativeness(double[] leverage, double[] gain, double[] gamma, int[] bestSwapOut, double[] bestSwapGain,
                              int[] activeSet) {

    /** Scores every candidate of {@code prob} against the set {@code selected} (plus fixed rows and ridge). */
    public static Informativeness of(DesignProblem prob, int[] selected, int threads) {
        int n = prob.n(), p = prob.p();
        double ridge = prob.ridge() > 0 ? prob.ridge() : OptimalDesign.startRidge(prob);
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            DesignState st = new DesignState(prob, prob.ridge(), false, pool);
            for (int i : selected) st.in[i] = true;
            st.size = selected.length;
            if (!st.rebuild()) {
                st = new DesignState(prob, ridge, false, pool);
                for (int i : selected) st.in[i] = true;
                st.size = selected.length;
                st.rebuild();
            }
            double[] lev = st.leverages();
            double[] gain = new double[n];
            int[] swapOut = new int[n];
            double[] swapGain = new double[n];
            final DesignState s = st;
            st.forChunks(n, (from, to) -> {
                for (int j = from; j < to; j++) {
                    swapOut[j] = -1;
                    swapGain[j] = Double.NaN;
                    if (s.in[j]) continue;
                    gain[j] = Math.log1p(lev[j]);
                    double bestDelta = Double.NEGATIVE_INFINITY;
                    for (int i : selected) {
                        double dij = DenseMath.dot(s.x, i * p, s.g, j * p, p);
                        double delta = (1 + lev[j]) * (1 - lev[i]) + dij * dij;
                        if (delta > bestDelta) {
                            bestDelta = delta;
                            swapOut[j] = i;
                        }
                    }
                    if (swapOut[j] >= 0) swapGain[j] = bestDelta > 0 ? Math.log(bestDelta) : Double.NEGATIVE_INFINITY;
                }
            });
            for (int j = 0; j < n; j++) if (swapOut[j] < 0 || !Double.isFinite(swapGain[j])) swapGain[j] = 0;
            int[] active = maxvolActiveSet(prob, selected, ridge);
            double[] gamma = gamma(prob, active, ridge);
            return new Informativeness(lev, gain, gamma, swapOut, swapGain, active);
        } finally {
            if (pool != null) pool.shutdown();
        }
    }

    /**
     * MaxVol extrapolation grade of {@code queryRows} against a reference set {@code setRows}
     * (e.g. per-atom descriptor rows of a training set's atoms): the active set is chosen among
     * the set's rows, then {@code gamma(x) = max_k |(x' A^-1)_k|} for every query row.
     */
    public static double[] extrapolationGrade(double[] setRows, int setN, double[] queryRows, int queryN, int p) {
        DesignProblem set = DesignProblem.of(setRows, setN, p, 0);
        double tiny = OptimalDesign.startRidge(set);
        int[] all = new int[setN];
        for (int i = 0; i < setN; i++) all[i] = i;
        int[] active = maxvolActiveSet(set, all, tiny);
        double[] a = rows(set, active);
        int[] idx = new int[active.length];
        for (int k = 0; k < idx.length; k++) idx[k] = k;
        // gamma of the queries against the active rows, which sit in a separate matrix
        DesignProblem joined = new DesignProblem(concat(a, queryRows), active.length + queryN, p, null, 0, 0, null, 0);
        double[] g = gamma(joined, idx, tiny);
        return java.util.Arrays.copyOfRange(g, active.length, active.length + queryN);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Greedy volume-maximising choice of up to p rows of the set (pivoted Cholesky on the set's Gram matrix). */
    static int[] maxvolActiveSet(DesignProblem prob, int[] selected, double tinyRidge) {
        int p = prob.p();
        DesignProblem sub = new DesignProblem(rows(prob, selected), selected.length, p, null, 0, tinyRidge, null, 0);
        DesignState st = new DesignState(sub, tinyRidge, false, null);
        st.rebuild();
        int k = Math.min(p, selected.length);
        int[] act = new int[k];
        int m = 0;
        for (; m < k; m++) {
            int best = -1;
            double bd = 0;
            for (int j = 0; j < sub.n(); j++) {
                if (!st.in[j] && st.d[j] > bd) {
                    bd = st.d[j];
                    best = j;
                }
            }
            // rows that add (relative to the tiny ridge) nothing new are not part of the active set
            if (best < 0 || bd < 1e-6) break;
            st.add(best);
            act[m] = selected[best];
        }
        return java.util.Arrays.copyOf(act, m);
    }

    /** gamma(x) = max_k |c_k| with x' = c' A (least squares through a tiny ridge when A has fewer than p rows). */
    static double[] gamma(DesignProblem prob, int[] active, double tinyRidge) {
        int n = prob.n(), p = prob.p(), k = active.length;
        double[] gamma = new double[n];
        if (k == 0) {
            java.util.Arrays.fill(gamma, Double.POSITIVE_INFINITY);
            return gamma;
        }
        double[] a = rows(prob, active);
        // c = (A A' + r I)^-1 A x
        double[] gram = new double[k * k];
        for (int r = 0; r < k; r++) {
            for (int s = 0; s <= r; s++) {
                double v = DenseMath.dot(a, r * p, a, s * p, p);
                gram[r * k + s] = v;
                gram[s * k + r] = v;
            }
        }
        // exact when the active rows are independent; through the tiny ridge otherwise
        double[] aat = gram.clone();
        if (!DenseMath.cholesky(aat, k)) {
            aat = gram.clone();
            for (int r = 0; r < k; r++) aat[r * k + r] += tinyRidge;
            if (!DenseMath.cholesky(aat, k)) throw new IllegalStateException("active set is not independent");
        }
        double[] inv = DenseMath.inverseFromCholesky(aat, k);
        double[] ax = new double[k], c = new double[k];
        double[] x = prob.x();
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < k; r++) ax[r] = DenseMath.dot(a, r * p, x, j * p, p);
            DenseMath.matVec(inv, k, ax, 0, c, 0);
            double mx = 0;
            for (double v : c) mx = Math.max(mx, Math.abs(v));
            gamma[j] = mx;
        }
        return gamma;
    }

    static double[] rows(DesignProblem prob, int[] idx) {
        int p = prob.p();
        double[] out = new double[idx.length * p];
        for (int r = 0; r < idx.length; r++) System.arraycopy(prob.x(), idx[r] * p, out, r * p, p);
        return out;
    }
}
