package org.atomdoe.linalg;

/**
 * The packed, cache-blocked matrix product {@code C = (accumulate ? C : 0) + alpha A B'} ("NT":
 * both operands row-major with the summation index along their rows), on which the blocked
 * Cholesky (trailing SYRK and panel solves) and the many-right-hand-side leverages are built.
 *
 * <p>Loop order of GotoBLAS / BLIS (Goto &amp; van de Geijn, ACM TOMS 34, 12 (2008); Van Zee &amp;
 * van de Geijn, ACM TOMS 41, 14 (2015)): a {@link #KC}-deep slice of a {@link #NC}-column panel of
 * B is packed once into micro-panels of {@code nr} rows (L3), each {@link #MC}-row block of A into
 * micro-panels of {@code mr} rows (L2: 120 x 256 doubles = 240 KB of the 512 KB), one B micro-panel
 * (256 x 8 doubles = 16 KB) stays in L1 while the A micro-panels stream past it, and the
 * {@code mr x nr} C tile lives in registers ({@link DenseKernels#gemmTile}). Edge tiles are
 * computed whole from zero-padded panels into a scratch tile and the valid part copied out.
 *
 * <p>Shapes: {@link #LOWER_C} updates only the lower triangle {@code j <= i} of C (the SYRK of a
 * right-looking Cholesky: tiles strictly above the diagonal are skipped, tiles across it are
 * masked); {@link #LOWER_B} declares B lower triangular ({@code B(j, t) = 0} for {@code t > j},
 * e.g. {@code L^-1}), so a B micro-panel of rows {@code [j0, j0 + nr)} needs only
 * {@code t < j0 + nr}: half the flops of a full product.
 *
 * <p>Threads: the work is split into tasks of (column panel of {@link #NC}, group of
 * {@link #ROWS_PER_TASK} rows) claimed dynamically ({@link Parallel}); every element of C is
 * computed by the same sequence of operations whatever the thread count, so results are bitwise
 * reproducible.
 */
public final class Gemm {
    /** Depth of a packed slice. */
    public static final int KC = 256;
    /** Rows of a packed A block (a multiple of the tile heights 4 and 5). */
    static final int MC = 120;
    /** Columns of a packed B panel and of a task (a multiple of the tile widths 8 and 16). */
    static final int NC = 256;
    /** Rows of a task. */
    static final int ROWS_PER_TASK = 4 * MC;
    /** Shape flag: update only {@code j <= i} of C. */
    public static final int LOWER_C = 1;
    /** Shape flag: B is lower triangular ({@code B(j, t) = 0} for {@code t > j}; those entries are not read). */
    public static final int LOWER_B = 2;

    private Gemm() {}

    /** {@link #nt(DenseKernels, int, int, int, double, double[], int, int, double[], int, int, boolean, double[], int, int, int, int)} with the process-wide kernels. */
    public static void nt(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          boolean accumulate, double[] c, int cOff, int ldc, int shape, int threads) {
        nt(Dense.kernels(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, shape, threads);
    }

    /**
     * {@code C(i, j) = (accumulate ? C(i, j) : 0) + alpha sum_{t<k} A(i, t) B(j, t)} for {@code i < m},
     * {@code j < n} (only {@code j <= i} with {@link #LOWER_C}); A(i, t) at {@code a[aOff + i*lda + t]},
     * B(j, t) at {@code b[bOff + j*ldb + t]}, C(i, j) at {@code c[cOff + i*ldc + j]}. C must not
     * overlap A or B.
     */
    public static void nt(DenseKernels kern, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                          double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc, int shape, int threads) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size " + m + " x " + n + " x " + k);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (m == 0 || n == 0) return;
        boolean lowerC = (shape & LOWER_C) != 0;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                int jEnd = lowerC ? Math.min(n, i + 1) : n;
                for (int j = 0; j < jEnd; j++) c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] : 0;
            }
            return;
        }
        int tasksJ = (n + NC - 1) / NC, tasksI = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        int[] tasks = new int[tasksJ * tasksI];
        int count = 0;
        for (int tj = 0; tj < tasksJ; tj++) {
            for (int ti = 0; ti < tasksI; ti++) {
                int rowEnd = Math.min(m, (ti + 1) * ROWS_PER_TASK);
                if (lowerC && rowEnd - 1 < tj * NC) continue; // whole task above the diagonal
                tasks[count++] = tj * tasksI + ti;
            }
        }
        int fCount = count;
        Parallel.forEach(threads, fCount, q -> {
            int tj = tasks[q] / tasksI, ti = tasks[q] % tasksI;
            task(kern, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, shape,
                    tj * NC, ti * ROWS_PER_TASK, Math.min(m, (ti + 1) * ROWS_PER_TASK));
        });
    }

    private static void task(DenseKernels kern, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc, int shape,
                             int j0, int iStart, int iEnd) {
        boolean lowerC = (shape & LOWER_C) != 0, lowerB = (shape & LOWER_B) != 0;
        boolean unit = alpha == 1 || alpha == -1; // the micro-kernel adds or subtracts; other alphas scale a scratch tile
        int mr = kern.gemmMr(), nr = kern.gemmNr();
        int nj = Math.min(NC, n - j0);
        if (lowerC) {
            iStart = Math.max(iStart, j0);          // rows above the panel have no element in it
            nj = Math.min(nj, iEnd - j0);           // columns right of the last row's diagonal
        }
        double[][] buf = scratch(mr, nr);
        double[] ap = buf[0], bp = buf[1], tile = buf[2];
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            boolean acc = accumulate || k0 > 0;
            if (lowerB && acc && j0 + nj <= k0) continue; // B(j, t) = 0 for every t >= k0 > j
            pack(b, bOff, ldb, j0, nj, k0, kc, nr, lowerB, bp);
            for (int ic = iStart; ic < iEnd; ic += MC) {
                int mi = Math.min(MC, iEnd - ic);
                pack(a, aOff, lda, ic, mi, k0, kc, mr, false, ap);
                for (int jr = 0; jr < nj; jr += nr) {
                    int jA = j0 + jr, cols = Math.min(nr, nj - jr);
                    if (lowerC && jA > ic + mi - 1) break;
                    int kcEff = lowerB ? Math.min(kc, jA + nr - k0) : kc;
                    if (kcEff <= 0) {
                        if (acc) continue;
                        kcEff = 0; // first pass of a zero block: still writes alpha * 0
                    }
                    int bpOff = jr * kc;
                    for (int ir = 0; ir < mi; ir += mr) {
                        int iA = ic + ir, rows = Math.min(mr, mi - ir);
                        if (lowerC && jA > iA + rows - 1) continue; // tile strictly above the diagonal
                        int apOff = ir * kc;
                        int co = cOff + iA * ldc + jA;
                        if (unit && rows == mr && cols == nr && (!lowerC || jA + nr - 1 <= iA)) {
                            kern.gemmTile(kcEff, ap, apOff, bp, bpOff, alpha < 0, acc, c, co, ldc);
                        } else { // edge, diagonal or scaled tile: whole tile into scratch, valid part out
                            kern.gemmTile(kcEff, ap, apOff, bp, bpOff, false, false, tile, 0, nr);
                            for (int r = 0; r < rows; r++) {
                                int jEnd = lowerC ? Math.min(cols, iA + r - jA + 1) : cols;
                                int o = co + r * ldc;
                                for (int q = 0; q < jEnd; q++) {
                                    double v = alpha == 1 ? tile[r * nr + q] : alpha == -1 ? -tile[r * nr + q] : alpha * tile[r * nr + q];
                                    c[o + q] = acc ? c[o + q] + v : v;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [r0, r0 + rows)}, columns {@code [k0, k0 + kc)} of the row-major matrix at
     * {@code src, off, ld} into micro-panels of {@code w} rows: element (r, t) of panel p at
     * {@code dst[p * w * kc + t * w + r % w]}, zero-padded to whole panels; with {@code lower},
     * entries with column {@code > } row are packed as zero (not read).
     */
    static void pack(double[] src, int off, int ld, int r0, int rows, int k0, int kc, int w, boolean lower, double[] dst) {
        for (int p0 = 0; p0 < rows; p0 += w) {
            int base = p0 * kc;
            int live = Math.min(w, rows - p0);
            for (int r = 0; r < live; r++) {
                int row = r0 + p0 + r;
                int s = off + row * ld + k0;
                int tEnd = lower ? Math.max(0, Math.min(kc, row - k0 + 1)) : kc;
                for (int t = 0; t < tEnd; t++) dst[base + t * w + r] = src[s + t];
                for (int t = tEnd; t < kc; t++) dst[base + t * w + r] = 0;
            }
            for (int r = live; r < w; r++) {
                for (int t = 0; t < kc; t++) dst[base + t * w + r] = 0;
            }
        }
    }

    /** Per-thread packing buffers (A block, B panel, one tile), kept between calls. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

    private static double[][] scratch(int mr, int nr) {
        double[][] buf = SCRATCH.get();
        int aNeed = roundUp(MC, mr) * KC, bNeed = roundUp(NC, nr) * KC;
        if (buf[0].length < aNeed) buf[0] = new double[aNeed];
        if (buf[1].length < bNeed) buf[1] = new double[bNeed];
        if (buf[2].length < mr * nr) buf[2] = new double[mr * nr];
        return buf;
    }

    private static int roundUp(int x, int m) {
        return (x + m - 1) / m * m;
    }
}
