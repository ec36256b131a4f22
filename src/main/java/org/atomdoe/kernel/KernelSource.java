package org.atomdoe.kernel;

/**
 * {@link SymmetricSource#kernel}: the column rows are gathered into a growing cache that is reused while the
 * column indices asked for extend the ones cached (the growing pivot list of
 * {@link PivotedCholesky}), so each pivot row is copied once, not once per block.
 */
final class KernelSource implements SymmetricSource {
    private final Kernel k;
    private final KernelRows x;
    private final double jitter;
    private final double[] diag;
    private int[] cachedIdx = new int[16];
    private KernelRows cache;
    private int cached;

    KernelSource(Kernel k, KernelRows x, double jitter) {
        this.k = k;
        this.x = x;
        this.jitter = jitter;
        diag = new double[x.n()];
        for (int i = 0; i < x.n(); i++) diag[i] = k.fromDot(x.norm2()[i], x.norm2()[i], x.norm2()[i]) + jitter;
    }

    @Override
    public int size() {
        return x.n();
    }

    @Override
    public double diagonal(int i) {
        return diag[i];
    }

    /** The rows {@code cols[0 .. c1)} gathered (rows past c1 may be stale or zero). */
    private synchronized KernelRows columns(int[] cols, int c1) {
        int same = 0;
        while (same < Math.min(cached, c1) && cachedIdx[same] == cols[same]) same++;
        if (same < Math.min(cached, c1)) { // a different column list: a fresh cache (readers of the old one keep it)
            cached = 0;
            cache = null;
        }
        if (cache == null || cache.n() < c1) {
            int cap = Math.max(c1, cache == null ? 16 : 2 * cache.n());
            double[] v = new double[cap * x.d()];
            double[] n2 = new double[cap];
            int[] sp = x.species() == null ? null : new int[cap];
            if (cache != null) {
                System.arraycopy(cache.values(), 0, v, 0, cached * x.d());
                System.arraycopy(cache.norm2(), 0, n2, 0, cached);
                if (sp != null) System.arraycopy(cache.species(), 0, sp, 0, cached);
            }
            cache = new KernelRows(v, cap, x.d(), n2, sp);
        }
        if (cachedIdx.length < c1) cachedIdx = java.util.Arrays.copyOf(cachedIdx, Math.max(c1, 2 * cachedIdx.length));
        for (; cached < c1; cached++) {
            int r = cols[cached];
            cachedIdx[cached] = r;
            System.arraycopy(x.values(), r * x.d(), cache.values(), cached * x.d(), x.d());
            cache.norm2()[cached] = x.norm2()[r];
            if (cache.species() != null) cache.species()[cached] = x.species()[r];
        }
        return cache;
    }

    @Override
    public void block(int[] rows, int nRows, int[] cols, int c0, int c1, double[] out, int off, int ld) {
        if (nRows == 0 || c1 <= c0) return;
        KernelRows b = x.gather(rows, nRows);
        KernelRows a = columns(cols, c1);
        KernelMatrix.compute(k, a, c0, c1 - c0, b, 0, nRows, out, off, ld, 1);
        for (int t = c0; t < c1; t++) {
            for (int r = 0; r < nRows; r++) if (rows[r] == cols[t]) out[off + (t - c0) * ld + r] += jitter;
        }
    }
}
