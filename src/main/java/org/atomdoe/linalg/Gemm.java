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
 * (256 x 8 doubles = 16 KB; 32 KB for the 16-wide tile of {@link DenseKernels#forLargeProducts()})
 * stays in L1 while the A micro-panels stream past it, and the {@code mr x nr} C tile lives in
 * registers ({@link DenseKernels#gemmTile}). Edge tiles are computed whole from zero-padded panels
 * into a scratch tile and the valid part copied out.
 *
 * <p>Shapes: {@link #LOWER_C} updates only the lower triangle {@code j <= i} of C (the SYRK of a
 * right-looking Cholesky: tiles strictly above the diagonal are skipped, tiles across it are
 * masked); {@link #LOWER_B} declares B lower triangular ({@code B(j, t) = 0} for {@code t > j},
 * e.g. {@code L^-1}), so a B micro-panel of rows {@code [j0, j0 + nr)} needs only
 * {@code t < j0 + nr}: half the flops of a full product.
 *
 * <p>An operand used by many tasks or calls can be packed once ({@link #packOperand},
 * {@link #ntPacked}). Before a block of C is updated, one element per cache line of it is read
 * in row order ({@code touchC}): Java has no prefetch instruction, and the 5 rows of a C tile lie
 * {@code ldc} apart, so without it every tile waited on memory for its C lines.
 *
 * <p>Threads: the work is split into tasks of (column panel of {@link #NC}, group of
 * {@link #ROWS_PER_TASK} rows, fewer whole {@link #MC} blocks when that leaves less than 4 tasks
 * per thread) claimed dynamically ({@link Parallel}); every element of C is
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
        ntPacked(kern, m, n, k, alpha, null, a, aOff, lda, null, b, bOff, ldb, accumulate, c, cOff, ldc, shape, threads);
    }

    /**
     * An operand packed once into the micro-panel layout of {@link Gemm} (for A: micro-panels of
     * {@code gemmMr()} rows; for B: of {@code gemmNr()} rows), so that many products or many tasks
     * of one product read it without repacking (Goto &amp; van de Geijn pack each block once per
     * use; here an operand used by every task, such as the panel L21 of the Cholesky's trailing
     * update, or L^-1 in the leverages, is packed once in all). Layout: the {@link #KC}-deep slice
     * starting at depth k0 begins at {@code roundUp(rows, w) * k0}; in it, micro-panel q (rows
     * {@code [q w, q w + w)}) at {@code q * w * kc}, element (r, t) at {@code t * w + r % w}.
     *
     * @param data  the packed values (may be longer than needed: buffers are reused)
     * @param rows  rows of the operand (m for A, n for B)
     * @param depth columns of the operand (k)
     * @param width micro-panel height ({@code gemmMr()} or {@code gemmNr()} of the kernels used)
     * @param lower whether entries with column &gt; row were packed as zero (B lower triangular)
     */
    public record Packed(double[] data, int rows, int depth, int width, boolean lower) {
        /** Offset of the micro-panel starting at row {@code r0} (a multiple of the width) in the slice starting at {@code k0}. */
        int offset(int r0, int k0) {
            return roundUp(rows, width) * k0 + r0 * Math.min(KC, depth - k0);
        }
    }

    /**
     * Packs rows {@code [0, rows)}, columns {@code [0, depth)} of the row-major matrix at
     * {@code src, off, ld} into the {@link Packed} layout with micro-panels of {@code width} rows,
     * reusing {@code buffer} when it is long enough; rows split over {@code threads}. With
     * {@code lower}, entries with column &gt; row are packed as zero and not read.
     */
    public static Packed packOperand(double[] src, int off, int ld, int rows, int depth, int width, boolean lower, double[] buffer, int threads) {
        int padded = roundUp(rows, width);
        int need = padded * depth;
        double[] data = buffer != null && buffer.length >= need ? buffer : new double[need];
        int chunk = roundUp(Math.max(width, 240), width);
        int slices = (depth + KC - 1) / KC, chunks = (rows + chunk - 1) / chunk;
        Parallel.forEach(threads, slices * chunks, q -> {
            int k0 = (q / chunks) * KC, r0 = (q % chunks) * chunk;
            int kc = Math.min(KC, depth - k0);
            packBulk(src, off, ld, r0, Math.min(chunk, rows - r0), k0, kc, width, lower, data, padded * k0 + r0 * kc);
        });
        return new Packed(data, rows, depth, width, lower);
    }

    /**
     * Packs the same matrix twice, with micro-panels of {@code widthA} and of {@code widthB} rows
     * (the A and B operands of a product with itself, e.g. the SYRK L21 L21'), chunk by chunk of
     * rows so that the second copy reads rows still in cache; {@code [0]} and {@code [1]} as
     * {@link #packOperand} would return them.
     */
    public static Packed[] packOperandTwice(double[] src, int off, int ld, int rows, int depth, int widthA, int widthB,
                                            double[] bufferA, double[] bufferB, int threads) {
        int padA = roundUp(rows, widthA), padB = roundUp(rows, widthB);
        double[] da = bufferA != null && bufferA.length >= padA * depth ? bufferA : new double[padA * depth];
        double[] db = bufferB != null && bufferB.length >= padB * depth ? bufferB : new double[padB * depth];
        int lcm = widthA / gcd(widthA, widthB) * widthB;
        int chunk = roundUp(240, lcm); // a multiple of both widths: chunks start on micro-panel boundaries of both
        int slices = (depth + KC - 1) / KC, chunks = (rows + chunk - 1) / chunk;
        Parallel.forEach(threads, slices * chunks, q -> {
            int k0 = (q / chunks) * KC, r0 = (q % chunks) * chunk;
            int kc = Math.min(KC, depth - k0), nr = Math.min(chunk, rows - r0);
            packBulk(src, off, ld, r0, nr, k0, kc, widthA, false, da, padA * k0 + r0 * kc);
            packBulk(src, off, ld, r0, nr, k0, kc, widthB, false, db, padB * k0 + r0 * kc);
        });
        return new Packed[] {new Packed(da, rows, depth, widthA, false), new Packed(db, rows, depth, widthB, false)};
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Rows of a task of {@link #solvePanelInPlace}: a multiple of both tile widths, so that every task packs whole
     * micro-panels of A and of B at its own offset, and near {@link #MC} (the L2-sized block): 120 for the 5 x 8 and
     * 4 x 8 tiles, 160 for a 5 x 16 tile (8-lane vectors), where a fixed 120 rows threw. Task boundaries change
     * neither the values nor the packed layout.
     */
    static int panelTaskRows(int mr, int nr) {
        int lcm = mr / gcd(mr, nr) * nr;
        return lcm * Math.max(1, Math.round((float) MC / lcm));
    }

    /**
     * The Cholesky's panel solve and the packing of its result in one pass: X := X B' in place
     * for X the m x k matrix at {@code x, off, ld} and B the packed lower-triangular k x k
     * operand {@code bp} (W = L11^-1, {@link #LOWER_B}), k at most {@link #KC} and {@link #NC}
     * (one slice, one column panel), then the rows of the result packed as A ({@code gemmMr()})
     * and as B ({@code gemmNr()}) operands of the next product (the SYRK L21 L21'). Tasks of
     * {@link #panelTaskRows} rows (a multiple of both widths, about {@link #MC}): each packs its rows of X into its part of the
     * A operand's buffer, multiplies them into place (its rows are packed before any is
     * overwritten, and no other task reads them), and packs the fresh rows over them and into the
     * B operand while they are in cache. This replaces a packed copy of X for the
     * product and two passes over the result from memory. The values and the packed operands are
     * bitwise those of {@link #packOperand} + {@link #ntPacked} + {@link #packOperandTwice}.
     *
     * @return the packed result as A ({@code [0]}) and as B ({@code [1]}), in {@code bufferA},
     *         {@code bufferB} when they are long enough
     */
    static Packed[] solvePanelInPlace(DenseKernels kern, int m, int k, Packed bp, double[] x, int off, int ld,
                                      double[] bufferA, double[] bufferB, int threads) {
        int mr = kern.gemmMr(), nr = kern.gemmNr();
        if (k < 1 || k > KC || k > NC || m < 1) {
            throw new IllegalArgumentException("panel " + m + " x " + k + " (KC " + KC + ", NC " + NC + ")");
        }
        if (bp.width() != nr || bp.rows() != k || bp.depth() != k || !bp.lower()) {
            throw new IllegalArgumentException("packed B does not match: " + bp.rows() + " x " + bp.depth() + " width " + bp.width());
        }
        int padA = roundUp(m, mr), padB = roundUp(m, nr);
        double[] da = bufferA != null && bufferA.length >= padA * k ? bufferA : new double[padA * k];
        double[] db = bufferB != null && bufferB.length >= padB * k ? bufferB : new double[padB * k];
        Packed pa = new Packed(da, m, k, mr, false); // X's rows of a task, then the result's, at the same place
        int rows = panelTaskRows(mr, nr);
        Parallel.forEach(threads, (m + rows - 1) / rows, q -> {
            int i0 = q * rows, i1 = Math.min(m, i0 + rows);
            packBulk(x, off, ld, i0, i1 - i0, 0, k, mr, false, da, i0 * k);
            task(kern, m, k, k, 1.0, null, 0, 0, null, 0, 0, false, x, off, ld, LOWER_B, 0, i0, i1, pa, bp);
            packBulk(x, off, ld, i0, i1 - i0, 0, k, mr, false, da, i0 * k);
            packBulk(x, off, ld, i0, i1 - i0, 0, k, nr, false, db, i0 * k);
        });
        return new Packed[] {new Packed(da, m, k, mr, false), new Packed(db, m, k, nr, false)};
    }

    /**
     * As {@link #nt(DenseKernels, int, int, int, double, double[], int, int, double[], int, int, boolean, double[], int, int, int, int)}
     * with A and/or B already packed ({@code ap}/{@code bp} non-null: the matrix arguments of that
     * operand are then ignored). A packed A must have width {@code gemmMr()}, a packed B width
     * {@code gemmNr()} of {@code kern}, both depth k, rows m and n; B packed with {@code lower}
     * iff the shape has {@link #LOWER_B}. The result is bitwise the same as {@code nt}'s.
     */
    public static void ntPacked(DenseKernels kern, int m, int n, int k, double alpha, Packed ap, double[] a, int aOff, int lda,
                                Packed bp, double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc,
                                int shape, int threads) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size " + m + " x " + n + " x " + k);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (ap != null && (ap.width() != kern.gemmMr() || ap.rows() != m || ap.depth() != k || ap.lower())) {
            throw new IllegalArgumentException("packed A does not match: " + ap.rows() + " x " + ap.depth() + " width " + ap.width());
        }
        if (bp != null && (bp.width() != kern.gemmNr() || bp.rows() != n || bp.depth() != k || bp.lower() != ((shape & LOWER_B) != 0))) {
            throw new IllegalArgumentException("packed B does not match: " + bp.rows() + " x " + bp.depth() + " width " + bp.width());
        }
        if (m == 0 || n == 0) return;
        boolean lowerC = (shape & LOWER_C) != 0;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                int jEnd = lowerC ? Math.min(n, i + 1) : n;
                for (int j = 0; j < jEnd; j++) c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] : 0;
            }
            return;
        }
        Tasks t = new Tasks(kern, m, n, k, alpha, ap, a, aOff, lda, bp, b, bOff, ldb, accumulate, c, cOff, ldc, shape, threads, false);
        Parallel.forEach(threads, t.count(), t::run);
    }

    /**
     * The tasks of one product (as {@link #ntPacked} splits it), for a caller that schedules them
     * itself: the Cholesky's look-ahead runs the first column panel's tasks, then factors the next
     * panel on one thread while the others run the rest. Each task writes its own block of C by
     * the same operations as in {@link #ntPacked}, so any order gives the same bits.
     */
    static final class Tasks {
        private final DenseKernels kern;
        private final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff, shape, rowsPerTask, tasksI, count, firstPanel;
        private final double alpha;
        private final double[] a, b, c;
        private final boolean accumulate;
        private final Packed ap, bp;
        private final int[] order;

        /**
         * Arguments as {@link #ntPacked} (already checked; m, n, k positive). With
         * {@code firstPanelFirst}, the tasks of column panel 0 ({@code j < NC}) come first
         * ({@link #firstPanelCount} of them), the rest after them.
         */
        Tasks(DenseKernels kern, int m, int n, int k, double alpha, Packed ap, double[] a, int aOff, int lda,
              Packed bp, double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc,
              int shape, int threads, boolean firstPanelFirst) {
            this.kern = kern;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.ap = ap;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.bp = bp;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.accumulate = accumulate;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.shape = shape;
            boolean lowerC = (shape & LOWER_C) != 0;
            int tasksJ = (n + NC - 1) / NC;
            // row groups of ROWS_PER_TASK, made smaller (in whole MC blocks) when that leaves fewer than
            // 4 tasks per thread; tile boundaries and the order of operations per element do not change
            int rpt = ROWS_PER_TASK;
            while (rpt > MC && threads > 1 && tasksJ * (long) ((m + rpt - 1) / rpt) < 4L * threads) rpt -= MC;
            rowsPerTask = rpt;
            tasksI = (m + rpt - 1) / rpt;
            order = new int[tasksJ * tasksI];
            int cnt = 0, first = 0;
            // the last row groups first: with LOWER_C they have the most work (dynamic claiming balances the rest)
            for (int pass = firstPanelFirst ? 0 : 1; pass < 2; pass++) {
                for (int ti = tasksI - 1; ti >= 0; ti--) {
                    for (int tj = 0; tj < tasksJ; tj++) {
                        if (firstPanelFirst && (tj == 0) != (pass == 0)) continue;
                        int rowEnd = Math.min(m, (ti + 1) * rpt);
                        if (lowerC && rowEnd - 1 < tj * NC) continue; // whole task above the diagonal
                        order[cnt++] = tj * tasksI + ti;
                    }
                }
                if (pass == 0) first = cnt;
            }
            count = cnt;
            firstPanel = firstPanelFirst ? first : 0;
        }

        /** Number of tasks. */
        int count() {
            return count;
        }

        /** Number of leading tasks that make up column panel 0 (0 unless built with {@code firstPanelFirst}). */
        int firstPanelCount() {
            return firstPanel;
        }

        /** Runs task {@code q} (0 &lt;= q &lt; {@link #count}). */
        void run(int q) {
            int tj = order[q] / tasksI, ti = order[q] % tasksI;
            task(kern, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, shape,
                    tj * NC, ti * rowsPerTask, Math.min(m, (ti + 1) * rowsPerTask), ap, bp);
        }
    }

    private static void task(DenseKernels kern, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, boolean accumulate, double[] c, int cOff, int ldc, int shape,
                             int j0, int iStart, int iEnd, Packed apre, Packed bpre) {
        boolean lowerC = (shape & LOWER_C) != 0, lowerB = (shape & LOWER_B) != 0;
        boolean unit = alpha == 1 || alpha == -1; // the micro-kernel adds or subtracts; other alphas scale a scratch tile
        int mr = kern.gemmMr(), nr = kern.gemmNr();
        int nj = Math.min(NC, n - j0);
        if (lowerC) {
            iStart = Math.max(iStart, j0);          // rows above the panel have no element in it
            nj = Math.min(nj, iEnd - j0);           // columns right of the last row's diagonal
            // a pre-packed A starts its micro-panels at multiples of mr: the extra rows are masked
            if (apre != null) iStart = iStart / mr * mr;
        }
        double[][] buf = scratch(mr, nr);
        double[] tile = buf[2];
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kc = Math.min(KC, k - k0);
            boolean acc = accumulate || k0 > 0;
            if (lowerB && acc && j0 + nj <= k0) continue; // B(j, t) = 0 for every t >= k0 > j
            double[] bp;
            int bBase;
            if (bpre != null) {
                bp = bpre.data();
                bBase = bpre.offset(j0, k0);
            } else {
                bp = buf[1];
                bBase = 0;
                pack(b, bOff, ldb, j0, nj, k0, kc, nr, lowerB, bp);
            }
            for (int ic = iStart; ic < iEnd; ic += MC) {
                int mi = Math.min(MC, iEnd - ic);
                double[] ap;
                int aBase;
                if (apre != null) {
                    ap = apre.data();
                    aBase = apre.offset(ic, k0);
                } else {
                    ap = buf[0];
                    aBase = 0;
                    pack(a, aOff, lda, ic, mi, k0, kc, mr, false, ap);
                }
                touchC(c, cOff, ldc, ic, mi, j0, lowerC ? Math.min(nj, ic + mi - j0) : nj);
                for (int jr = 0; jr < nj; jr += nr) {
                    int jA = j0 + jr, cols = Math.min(nr, nj - jr);
                    if (lowerC && jA > ic + mi - 1) break;
                    int kcEff = lowerB ? Math.min(kc, jA + nr - k0) : kc;
                    if (kcEff <= 0) {
                        if (acc) continue;
                        kcEff = 0; // first pass of a zero block: still writes alpha * 0
                    }
                    int bpOff = bBase + jr * kc;
                    for (int ir = 0; ir < mi; ir += mr) {
                        int iA = ic + ir, rows = Math.min(mr, mi - ir);
                        if (lowerC && jA > iA + rows - 1) continue; // tile strictly above the diagonal
                        int apOff = aBase + ir * kc;
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

    static volatile double sink;

    /**
     * Reads one element per cache line of the C block about to be updated, row by row (sequential
     * lines, which the hardware prefetchers stream), so that the micro-kernel's loads and stores of
     * C tiles hit in L2/L3 instead of waiting on memory once per tile (Java has no prefetch
     * instruction; a tile's 5 rows lie ldc apart, a pattern the prefetchers do not follow).
     */
    static void touchC(double[] c, int cOff, int ldc, int i0, int rows, int j0, int cols) {
        if (cols <= 0) return;
        double s = 0;
        for (int r = 0; r < rows; r++) {
            int o = cOff + (i0 + r) * ldc + j0;
            for (int q = 0; q < cols; q += 8) s += c[o + q];
        }
        if (s == 42.4242) sink = s; // keeps the loads (practically never taken)
    }

    /**
     * Packs rows {@code [r0, r0 + rows)}, columns {@code [k0, k0 + kc)} of the row-major matrix at
     * {@code src, off, ld} into micro-panels of {@code w} rows: element (r, t) of panel p at
     * {@code dst[p * w * kc + t * w + r % w]}, zero-padded to whole panels; with {@code lower},
     * entries with column {@code > } row are packed as zero (not read).
     */
    static void pack(double[] src, int off, int ld, int r0, int rows, int k0, int kc, int w, boolean lower, double[] dst) {
        packAt(src, off, ld, r0, rows, k0, kc, w, lower, dst, 0);
    }

    /** As {@link #pack} with the micro-panels written from {@code dOff} on. */
    static void packAt(double[] src, int off, int ld, int r0, int rows, int k0, int kc, int w, boolean lower, double[] dst, int dOff) {
        for (int p0 = 0; p0 < rows; p0 += w) {
            int base = dOff + p0 * kc;
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

    /**
     * As {@link #packAt}, for the operands packed once for a whole product ({@link #packOperand},
     * {@link #packOperandTwice}, {@link #solvePanelInPlace}): whole micro-panels by
     * {@link #packWhole}. Not used for the per-task packing inside {@link #task}: with it there,
     * the leverages (240 x 100 blocks of X packed per task) took 5-10 % more CPU (87-100 vs 79-91
     * ms, alternating, load 14-18), although the packing alone was not slower (6.2 vs 6.2-6.5 ms
     * for 24,000 x 100 rows packed twice): left as it was.
     */
    static void packBulk(double[] src, int off, int ld, int r0, int rows, int k0, int kc, int w, boolean lower, double[] dst, int dOff) {
        for (int p0 = 0; p0 < rows; p0 += w) {
            int base = dOff + p0 * kc, live = Math.min(w, rows - p0);
            if (lower || live < w || !packWhole(src, off + (r0 + p0) * ld + k0, ld, kc, w, dst, base)) {
                packAt(src, off, ld, r0 + p0, live, k0, kc, w, lower, dst, base);
            }
        }
    }

    /**
     * A whole micro-panel of the tile widths 4, 5 or 8 (the kernels' {@code mr} and {@code nr})
     * written in order, {@code w} source rows read side by side: 35-45 % less time than the
     * row-by-row loop (strided writes) on a 3744 x 256 panel packed twice as A and B (3.1 -> 1.7-2.0
     * ms, thread CPU, JDK 25, AVX2). Returns false for other widths (the caller packs row by row).
     */
    private static boolean packWhole(double[] src, int s0, int ld, int kc, int w, double[] dst, int d) {
        int s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
        switch (w) {
            case 4 -> {
                for (int t = 0; t < kc; t++, d += 4) {
                    dst[d] = src[s0 + t]; dst[d + 1] = src[s1 + t]; dst[d + 2] = src[s2 + t]; dst[d + 3] = src[s3 + t];
                }
            }
            case 5 -> {
                int s4 = s3 + ld;
                for (int t = 0; t < kc; t++, d += 5) {
                    dst[d] = src[s0 + t]; dst[d + 1] = src[s1 + t]; dst[d + 2] = src[s2 + t]; dst[d + 3] = src[s3 + t];
                    dst[d + 4] = src[s4 + t];
                }
            }
            case 8 -> {
                int s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
                for (int t = 0; t < kc; t++, d += 8) {
                    dst[d] = src[s0 + t]; dst[d + 1] = src[s1 + t]; dst[d + 2] = src[s2 + t]; dst[d + 3] = src[s3 + t];
                    dst[d + 4] = src[s4 + t]; dst[d + 5] = src[s5 + t]; dst[d + 6] = src[s6 + t]; dst[d + 7] = src[s7 + t];
                }
            }
            case 16 -> { // the wide tile's B panels (PanamaDenseKernels on AVX-512)
                for (int t = 0; t < kc; t++, d += w) {
                    for (int r = 0, s = s0 + t; r < w; r++, s += ld) dst[d + r] = src[s];
                }
            }
            default -> {
                return false;
            }
        }
        return true;
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
