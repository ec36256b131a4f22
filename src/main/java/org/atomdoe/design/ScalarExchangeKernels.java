package org.atomdoe.design;

/** The scalar twin of {@code PanamaExchangeKernels}: see {@link ExchangeKernels} for the bound. */
public final class ScalarExchangeKernels implements ExchangeKernels {
    @Override
    public int next(int from, int to, double[] d, double di, double best, float[] cache, double[] g, double gi) {
        double oneMinus = 1 - di;
        if (cache == null) {
            for (int j = from; j < to; j++) if (1 + d[j] - di > best) return j;
            return to;
        }
        for (int j = from; j < to; j++) if (bound(j, d, di, oneMinus, cache, g, gi) > best) return j;
        return to;
    }

    private static final org.atomdoe.linalg.DenseKernels DOT = new org.atomdoe.linalg.ScalarDenseKernels();

    @Override
    public void sweepLeverages(int from, int to, int p, double[] z, double[] w, double[] v, double g, double vw,
                               double inv1, double inv2, double[] d, double[] e) {
        for (int j = from; j < to; j++) {
            int o = j * p;
            double c1 = DOT.dot(p, w, 0, z, o);
            double c2 = DOT.dot(p, v, 0, z, o) + g * c1 * vw;
            d[j] += c1 * c1 * inv1 - c2 * c2 * inv2;
            e[j] += c1 * c1 * inv1 + c2 * c2 * inv2;
        }
    }

    /** The bound of row j with a cache, in the order the Panama twin evaluates it. */
    static double bound(int j, double[] d, double di, double oneMinus, float[] cache, double[] g, double gi) {
        double dj1 = 1 + d[j];
        double ub = dj1 - di;
        double c = cache[j];
        if (c != c) return ub; // NaN: not computed yet
        double r = Math.abs(c) * (1 + CACHE_SLACK) + 1e-3 * CACHE_SLACK + g[j] * gi;
        return Math.min(ub, dj1 * oneMinus + r * r);
    }
}
