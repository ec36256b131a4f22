package org.atomdoe.kernel;

import org.atomdoe.linalg.Parallel;
import org.atomdoe.simd.VectorSupport;

/**
 * Kernel matrices {@code K(i, j) = k(a_i, b_j)} between two sets of prepared rows, in
 * matrix-product form: the dot products {@code G = A B'} by a cache-blocked GEMM (GotoBLAS/BLIS
 * loop order: a {@link #KC}-deep slice of a {@link #NC}-column panel of B is packed once and
 * reused by every {@link #MC}-row block of A, the packed A block stays in L2, one B micro-panel in
 * L1, the C tile in registers; Goto &amp; van de Geijn, ACM TOMS 34, 12 (2008); Van Zee &amp; van
 * de Geijn, ACM TOMS 41, 14 (2015)), with the kernel's elementwise map fused into the last pass
 * over each register tile ({@code g^zeta}, while the tile is in registers) or applied to each
 * finished block ({@code exp(...)}), then the species mask (0 between rows of different species,
 * see {@link KernelRows}).
 *
 * <p>Cost: {@code 2 n m d} flops for the products plus {@code O(n m)} for the map. Work is split
 * over threads by (column panel, group of row blocks); every element is computed by the same
 * sequence of operations whatever the thread count, so results are bitwise reproducible.
 */
public final class KernelMatrix {
    /** Depth of a packed slice (columns of the descriptor per pass): 256 x 8 doubles = 16 KB per B micro-panel. */
    static final int KC = 256;
    /** Rows of a packed A block (a multiple of every tile height used, 4 and 5): 120 x 256 doubles = 240 KB, in L2. */
    static final int MC = 120;
    /** Columns of a packed B panel (a multiple of every tile width used). */
    static final int NC = 512;
    /** Row blocks per task: B panels are packed once per task, so a task must span many rows. */
    static final int BLOCKS_PER_TASK = 8;

    private static final GramKernels KERNELS = VectorSupport.choose(GramKernels.class,
            "org.atomdoe.kernel.PanamaGramKernels", new ScalarGramKernels());

    private KernelMatrix() {}

    /** The process-wide Gram kernels: the Vector API ones when available, else the scalar twin. */
    public static GramKernels kernels() {
        return KERNELS;
    }

    /** The full {@code a.n() x b.n()} kernel matrix, row-major. */
    public static double[] compute(Kernel k, KernelRows a, KernelRows b, int threads) {
        if ((long) a.n() * b.n() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a " + a.n() + " x " + b.n() + " kernel matrix does not fit one array; compute it in blocks");
        }
        double[] out = new double[a.n() * b.n()];
        compute(KERNELS, k, a, 0, a.n(), b, 0, b.n(), out, 0, b.n(), threads);
        return out;
    }

    /**
     * {@code out[outOff + i * ldo + j] = k(a_{a0 + i}, b_{b0 + j})} for {@code i < na, j < nb}.
     *
     * @param threads worker threads (>= 1)
     */
    public static void compute(Kernel k, KernelRows a, int a0, int na, KernelRows b, int b0, int nb,
                               double[] out, int outOff, int ldo, int threads) {
        compute(KERNELS, k, a, a0, na, b, b0, nb, out, outOff, ldo, threads);
    }

    /** As {@link #compute(Kernel, KernelRows, int, int, KernelRows, int, int, double[], int, int, int)} with given Gram kernels (for tests and benchmarks). */
    public static void compute(GramKernels g, Kernel k, KernelRows a, int a0, int na, KernelRows b, int b0, int nb,
                               double[] out, int outOff, int ldo, int threads) {
        int d = a.d();
        if (b.d() != d) throw new IllegalArgumentException("rows have " + d + " and " + b.d() + " columns");
        if (a0 < 0 || na < 0 || a0 + na > a.n() || b0 < 0 || nb < 0 || b0 + nb > b.n()) {
            throw new IllegalArgumentException("row ranges [" + a0 + ", " + (a0 + na) + ") and [" + b0 + ", " + (b0 + nb)
                    + ") outside the " + a.n() + " and " + b.n() + " rows");
        }
        if (ldo < nb || outOff < 0 || (na > 0 && outOff + (long) (na - 1) * ldo + nb > out.length)) {
            throw new IllegalArgumentException("output of " + out.length + " values cannot hold " + na + " x " + nb + " with ld " + ldo);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (na == 0 || nb == 0) return;
        int mr = g.mr(), nr = g.nr();
        int rowsPerTask = MC * BLOCKS_PER_TASK;
        int tasksI = (na + rowsPerTask - 1) / rowsPerTask, tasksJ = (nb + NC - 1) / NC;
        int kcMax = Math.min(KC, d);
        int aNeed = roundUp(Math.min(MC, na), mr) * kcMax, bNeed = roundUp(Math.min(NC, nb), nr) * kcMax;
        Parallel.forEach(threads, tasksI * tasksJ, task -> {
            double[][] buf = scratch(aNeed, bNeed, mr * nr);
            int jb = task / tasksI, ib = task % tasksI; // consecutive tasks share a B panel
            int j0 = jb * NC, nj = Math.min(NC, nb - j0);
            int iStart = ib * rowsPerTask, iEnd = Math.min(na, iStart + rowsPerTask);
            for (int k0 = 0; k0 < d; k0 += KC) {
                int kc = Math.min(KC, d - k0);
                int fuse = k0 + kc == d && k instanceof Kernel.DotProduct dp ? dp.zeta() : 0; // power in the last pass
                packPanels(b.values(), d, b0 + j0, nj, k0, kc, nr, buf[1]);
                for (int i0 = iStart; i0 < iEnd; i0 += MC) {
                    int mi = Math.min(MC, iEnd - i0);
                    packPanels(a.values(), d, a0 + i0, mi, k0, kc, mr, buf[0]);
                    for (int jr = 0; jr < nj; jr += nr) {
                        int bpOff = (jr / nr) * nr * kc;
                        for (int ir = 0; ir < mi; ir += mr) {
                            int apOff = (ir / mr) * mr * kc;
                            int cOff = outOff + (i0 + ir) * ldo + j0 + jr;
                            if (ir + mr <= mi && jr + nr <= nj) {
                                g.tile(kc, buf[0], apOff, buf[1], bpOff, out, cOff, ldo, k0 > 0, fuse);
                            } else { // edge: full tile into scratch, valid part into the output
                                double[] t = buf[2];
                                g.tile(kc, buf[0], apOff, buf[1], bpOff, t, 0, nr, false, 0);
                                int rows = Math.min(mr, mi - ir), cols = Math.min(nr, nj - jr);
                                for (int r = 0; r < rows; r++) {
                                    for (int c = 0; c < cols; c++) {
                                        int o = cOff + r * ldo + c;
                                        out[o] = k0 > 0 ? out[o] + t[r * nr + c] : t[r * nr + c];
                                    }
                                    if (fuse > 0) g.power(out, cOff + r * ldo, cols, fuse);
                                }
                            }
                        }
                    }
                }
            }
            for (int i = iStart; i < iEnd; i++) finishRow(g, k, a, a0 + i, b, b0 + j0, nj, out, outOff + i * ldo + j0);
        });
    }

    /** Per-thread packing buffers, kept between calls (many small calls come from the pivoted Cholesky). */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static double[][] scratch(int a, int b, int tile) {
        double[][] buf = SCRATCH.get();
        if (buf[0].length < a) buf[0] = new double[a];
        if (buf[1].length < b) buf[1] = new double[b];
        if (buf[2].length < tile) buf[2] = new double[tile];
        return buf;
    }

    /**
     * The kernel's elementwise map (for the dot-product kernel already applied by the tiles) and
     * the species mask on one row segment of dot products.
     */
    private static void finishRow(GramKernels g, Kernel k, KernelRows a, int ai, KernelRows b, int bj, int len, double[] out, int off) {
        if (k instanceof Kernel.SquaredExponential se) g.squaredExponential(out, off, len, se.gamma(), a.norm2()[ai], b.norm2(), bj);
        if (a.species() != null && b.species() != null) {
            int s = a.species()[ai];
            int[] sb = b.species();
            for (int j = 0; j < len; j++) if (sb[bj + j] != s) out[off + j] = 0;
        }
    }

    /**
     * Packs rows {@code [r0, r0 + rows)}, columns {@code [k0, k0 + kc)} of a row-major matrix with
     * {@code d} columns into micro-panels of {@code w} rows: element (r, t) of panel p at
     * {@code dst[p * w * kc + t * w + r % w]}, zero-padded to a whole panel.
     */
    static void packPanels(double[] src, int d, int r0, int rows, int k0, int kc, int w, double[] dst) {
        for (int p0 = 0; p0 < rows; p0 += w) {
            int base = (p0 / w) * w * kc;
            int live = Math.min(w, rows - p0);
            for (int r = 0; r < live; r++) {
                int s = (r0 + p0 + r) * d + k0;
                for (int t = 0; t < kc; t++) dst[base + t * w + r] = src[s + t];
            }
            for (int r = live; r < w; r++) {
                for (int t = 0; t < kc; t++) dst[base + t * w + r] = 0;
            }
        }
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
