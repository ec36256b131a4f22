package org.atomdoe.design;

import org.atomdoe.simd.VectorSupport;

/**
 * The candidate filter of the D exchange scan ({@link WhitenedExchange}): finds the next tracked row whose upper bound on
 * Fedorov's swap value {@code Delta(i, j) = (1 + d_j)(1 - d_i) + d_ij^2} exceeds the best value found so far. Two
 * implementations, {@link ScalarExchangeKernels} and the Vector API twin {@code PanamaExchangeKernels}, chosen once by
 * {@link #get()}; both evaluate the same expressions in the same order (no fused multiply-add), so they return the same
 * index bit for bit.
 *
 * <p>The bound of row j is {@code ub_j = 1 + d_j - d_i} (Cauchy-Schwarz, {@code d_ij^2 <= d_i d_j}), and with a cached
 * cross product {@code c_j} (not NaN) anchored when the accumulated swap coefficients were {@code e0_j},
 * {@code ub_j = min(ub_j, (1 + d_j)(1 - d_i) + r_j^2)}, {@code r_j = |c_j| (1 + s) + 10^-3 s + g_i g_j} with
 * {@code s} = {@link #CACHE_SLACK} and {@code g_j = sqrt(max(0, e_j - e0_j))} the root of the accumulated swap coefficients
 * since the anchor (Cauchy-Schwarz over the rank-one changes since the anchor, {@code |d_ij - c_ij| <= g_i g_j}; see the
 * class comment of {@link WhitenedExchange}). The roots are formed once per swap, not once per visit.
 */
public interface ExchangeKernels {
    /** Relative allowance for the float rounding of cached cross products and the drift of the maintained rows. */
    double CACHE_SLACK = 1e-6;

    /**
     * The first row {@code j} in {@code [from, to)} with {@code ub_j > best} (see the interface comment), or {@code to}.
     *
     * @param cache cached cross products {@code c_j} (NaN: none), or null to use the first bound only
     * @param g     {@code g_j} (read only when {@code cache} is not null)
     * @param gi    {@code g_i} of the design row
     */
    int next(int from, int to, double[] d, double di, double best, float[] cache, double[] g, double gi);

    /**
     * The read-only sweep of one swap ({@link WhitenedExchange} keeps the rows of the last refresh and the p x p map of the
     * swaps since, so a swap no longer rewrites every row): for j in {@code [from, to)}, {@code c1 = w.z_j},
     * {@code c2 = v.z_j + g c1 vw}, {@code d_j += c1^2 inv1 - c2^2 inv2}, {@code e_j += c1^2 inv1 + c2^2 inv2}, with
     * {@code w}, {@code v} already mapped back to the stored rows' frame. The dot products are summed as in
     * {@link #sweep}; {@code z} is only read.
     */
    void sweepLeverages(int from, int to, int p, double[] z, double[] w, double[] v, double g, double vw,
                        double inv1, double inv2, double[] d, double[] e);

    /** The process-wide kernels: the Vector API ones when available, else the scalar twin. */
    static ExchangeKernels get() {
        return Holder.KERNELS;
    }

    /** Lazy holder of the choice (interfaces cannot have private static fields initialised once otherwise). */
    final class Holder {
        private Holder() {}

        static final ExchangeKernels KERNELS = VectorSupport.choose(ExchangeKernels.class,
                "org.atomdoe.design.PanamaExchangeKernels", new ScalarExchangeKernels());
    }
}
