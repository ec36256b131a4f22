package org.atomdoe.kernel;

import org.atomdoe.linalg.Parallel;

/**
 * The kernel between whole configurations induced by an atomic kernel, as in a GAP energy model
 * where energies are sums of local terms: {@code K(A, B) = sum_{a in A} sum_{b in B} k(x_a, x_b)}
 * (the covariance of the total energies of A and B under the GP prior on local energies), and its
 * normalised form {@code K(A, B) / sqrt(K(A, A) K(B, B))} (unit diagonal, so that a fixed noise
 * level means the same for small and large cells; the normalised average kernel of De, Bartók,
 * Csányi &amp; Ceriotti, PCCP 18, 13754 (2016), eq. 6).
 *
 * <p>Evaluated in blocks of atoms without storing the atomic kernel matrix: each task owns whole
 * configurations as rows, computes their atoms' kernel rows against all atoms a tile at a time
 * ({@link KernelMatrix}) and sums them into configuration pairs. Cost {@code 2 N^2 d} flops for N
 * atoms; memory {@code n^2} doubles for n configurations.
 */
public final class ConfigurationKernel {
    /** Atoms per row block (whole configurations, so at least this many unless the pool ends). */
    static final int ROW_ATOMS = 256;
    /** Atoms per column tile. */
    static final int COL_ATOMS = 2048;

    private ConfigurationKernel() {}

    /**
     * The {@code n x n} configuration kernel of {@code env} (row-major), normalised to unit
     * diagonal when {@code normalise}.
     */
    public static double[] compute(Kernel k, AtomEnvironments env, boolean normalise, int threads) {
        int n = env.configs();
        if ((long) n * n > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(n + " configurations: the n x n kernel does not fit one array");
        KernelRows x = env.rows();
        int[] start = env.start();
        // row blocks of whole configurations
        java.util.List<int[]> blocks = new java.util.ArrayList<>();
        for (int c0 = 0; c0 < n; ) {
            int c1 = c0 + 1;
            while (c1 < n && start[c1] - start[c0] < ROW_ATOMS) c1++;
            blocks.add(new int[] {c0, c1});
            c0 = c1;
        }
        double[] out = new double[n * n];
        int[] owner = env.owner();
        Parallel.forEach(threads, blocks.size(), bi -> {
            int c0 = blocks.get(bi)[0], c1 = blocks.get(bi)[1];
            int a0 = start[c0], na = start[c1] - a0;
            double[] tile = new double[na * Math.min(COL_ATOMS, x.n())];
            for (int b0 = 0; b0 < x.n(); b0 += COL_ATOMS) {
                int nb = Math.min(COL_ATOMS, x.n() - b0);
                KernelMatrix.compute(k, x, a0, na, x, b0, nb, tile, 0, nb, 1);
                for (int a = 0; a < na; a++) {
                    int row = owner[a0 + a] * n;
                    int b = 0;
                    while (b < nb) { // runs of atoms of one configuration
                        int cb = owner[b0 + b];
                        int end = Math.min(nb, start[cb + 1] - b0);
                        double s = 0;
                        for (int t = b; t < end; t++) s += tile[a * nb + t];
                        out[row + cb] += s;
                        b = end;
                    }
                }
            }
        });
        // the two triangles were summed in different orders: make the matrix exactly symmetric
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (out[i * n + j] + out[j * n + i]);
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        if (normalise) normalise(out, n);
        return out;
    }

    /** {@code K(a, b) / sqrt(K(a, a) K(b, b))} in place; the diagonal becomes exactly 1. */
    static void normalise(double[] k, int n) {
        double[] inv = new double[n];
        for (int i = 0; i < n; i++) {
            double d = k[i * n + i];
            if (!(d > 0)) throw new IllegalArgumentException("configuration " + i + " has self-kernel " + d + ": cannot normalise");
            inv[i] = 1 / Math.sqrt(d);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) k[i * n + j] *= inv[i] * inv[j];
            k[i * n + i] = 1;
        }
    }
}
