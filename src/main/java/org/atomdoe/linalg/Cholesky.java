package org.atomdoe.linalg;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dense Cholesky factorisation A = L L' of a symmetric positive definite matrix and the
 * operations built on it, as static kernels over row-major {@code double[]} + offset + leading
 * dimension (EJML style).
 *
 * <p>The factorisation is blocked and right-looking (Golub &amp; Van Loan, Matrix Computations,
 * 4th ed., Alg. 4.2.2 in block form; LAPACK dpotrf): for each diagonal block of {@link #BLOCK}
 * columns, (1) factor the block (recursively: halves, down to {@link #LEAF} columns done in
 * dot-product form), (2) solve the panel L21 = A21 L11^-T as one packed GEMM with the explicit
 * inverse W = L11^-1 (formed by column-blocked substitution, BLOCK^3/3 flops; W's zero triangle
 * skipped, so the GEMM does the substitution's m BLOCK^2 flops at micro-kernel speed; the
 * "TRSM by TRTRI + GEMM" of GPU LAPACKs; forward error of the same order u cond(L11) as
 * substitution: Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 8.1, 14.2), (3)
 * apply the symmetric rank-{@code BLOCK} update A22 -= L21 L21' to the lower triangle only with
 * the packed {@link Gemm} ({@link Gemm#LOWER_C}), L21 packed once as both operands for all tasks,
 * split over threads by column panels and row groups. On several threads, the large steps look
 * ahead (depth 1): the update's first column panel is computed first, then one thread factors and
 * solves the next panel while the others finish the update, so the serial diagonal factor and the
 * panel's fork-join points leave the critical path ({@link #LOOKAHEAD_ROWS}; results bitwise the
 * same). The previous panel solve (a recursive
 * triangular solve whose off-diagonal work is {@link Gemm} and whose {@link #LEAF}-wide diagonal
 * solves are vectorised along rows on a transposed copy) is kept behind
 * {@code -Datomdoe.cholesky.substitutionPanel=true} and is still used inside the diagonal blocks.
 * Only the lower triangle is read; on return the upper triangle is zero.
 *
 * <p>Rank-1 update and downdate of L (L L' +- x x') follow LINPACK dchud/dchdd in the rotation
 * form of Golub &amp; Van Loan 6.5.4: O(p^2), used by the design exchange after every swap.
 */
public final class Cholesky {
    /** Panel width of the blocked factorisation (the depth of one packed GEMM slice). */
    public static final int BLOCK = Gemm.KC;
    /** Width below which diagonal blocks and triangular solves are done without recursion. */
    static final int LEAF = 32;
    /**
     * Panel solve by multiplication with the inverse of the diagonal block (default) instead of the
     * recursive substitution; {@code -Datomdoe.cholesky.substitutionPanel=true} selects the latter
     * (kept for comparison and as the tested alternative).
     */
    static final boolean INVERSE_PANEL_SOLVE = !Boolean.getBoolean("atomdoe.cholesky.substitutionPanel");
    /** Rows per task of the panel solve by substitution. */
    static final int SOLVE_ROWS = 192;
    /** Candidate rows per task in the many-right-hand-side solves. */
    public static final int ROW_BLOCK = 240;

    private Cholesky() {}

    /** Factors the n x n matrix {@code a} (row-major, dense) in place, on the default threads. */
    public static void factor(double[] a, int n) {
        factor(a, 0, n, n, Parallel.defaultThreads());
    }

    /**
     * Factors A (n x n at {@code a, off, lda}) in place into its lower Cholesky factor.
     *
     * @throws NotPositiveDefiniteException when a pivot is not positive (A not SPD numerically)
     */
    public static void factor(double[] a, int off, int n, int lda, int threads) {
        factor(Dense.kernels(), a, off, n, lda, threads);
    }

    /**
     * As {@link #factor(double[], int, int, int, int)} with given kernels (tests, benchmarks); above
     * {@link #LARGE_PRODUCTS} columns with {@link DenseKernels#forLargeProducts()} (the same bits).
     */
    public static void factor(DenseKernels k, double[] a, int off, int n, int lda, int threads) {
        factor(n > LARGE_PRODUCTS ? k.forLargeProducts() : k, a, off, n, lda, threads, INVERSE_PANEL_SOLVE);
    }

    /**
     * Order from which the factorisation uses {@link DenseKernels#forLargeProducts()}: its trailing updates are then
     * products of at least a few hundred rows (the 8 x 16 tile of 512-bit vectors on AVX-512, 5-8 % less CPU for n = 4000);
     * the design engine's factors (p about 100) keep the process-wide kernels.
     */
    static final int LARGE_PRODUCTS = 2 * BLOCK;

    /** As {@link #factor(DenseKernels, double[], int, int, int, int)} with the panel solve chosen (tests). */
    static void factor(DenseKernels k, double[] a, int off, int n, int lda, int threads, boolean inversePanel) {
        factor(k, a, off, n, lda, threads, inversePanel, LOOKAHEAD_ROWS);
    }

    /**
     * Trailing rows from which a step of the factorisation on several threads looks ahead (the
     * next panel factored by one thread during the rest of the update); below, the step's update
     * is followed by the next panel on all threads. The next panel costs about m BLOCK^2 flops
     * on one thread against m^2 BLOCK of update on the others, so the look-ahead hides it when m
     * is a few BLOCKs.
     */
    static final int LOOKAHEAD_ROWS = Integer.getInteger("atomdoe.cholesky.lookAheadRows", 3 * BLOCK);

    static {
        // the next panel depends only on the update's first column panel (Gemm.NC columns), which the look-ahead runs first
        if (BLOCK > Gemm.NC) throw new AssertionError("BLOCK " + BLOCK + " > Gemm.NC " + Gemm.NC);
    }

    /** Pack buffers and packed operands of one step's panel (two alternate under look-ahead). */
    private static final class Panel {
        double[] packA, packB, packW;
        Gemm.Packed pa, pb;
        int jb, m;
    }

    /**
     * As {@link #factor(DenseKernels, double[], int, int, int, int, boolean)}; steps with at least
     * {@code lookAheadRows} trailing rows look ahead on several threads (tests force it at small n).
     * The result is bitwise the same with and without look-ahead and for any thread count: every
     * GEMM task and every panel computes the same operations in the same order.
     */
    static void factor(DenseKernels k, double[] a, int off, int n, int lda, int threads, boolean inversePanel, int lookAheadRows) {
        if (n < 0 || lda < n || off < 0 || (n > 0 && off + (long) (n - 1) * lda + n > a.length)) {
            throw new IllegalArgumentException("expected an n x n matrix with n=" + n + ", lda=" + lda + " in an array of " + a.length);
        }
        if (n == 0) return;
        int nt = Math.max(1, threads); // as before the GEMM layer: 0 or less means one thread
        Panel[] panels = {new Panel(), new Panel()};
        Panel cur = panel(k, a, off, n, lda, 0, nt, inversePanel, panels[0]);
        for (int j0 = 0, step = 0; cur.m > 0; j0 += BLOCK, step++) {
            int jb = cur.jb, m = cur.m, j1 = j0 + jb;
            int rowBase = off + j1 * lda + j0; // A21(0, 0)
            Panel next = panels[(step + 1) & 1];
            if (nt > 1 && m >= lookAheadRows) {
                updateLookingAhead(k, a, off, n, lda, nt, inversePanel, cur, rowBase, j1, next);
            } else {
                Gemm.ntPacked(k, m, m, jb, -1.0, cur.pa, a, rowBase, lda, cur.pb, a, rowBase, lda, true, a, rowBase + jb, lda, Gemm.LOWER_C, nt);
                panel(k, a, off, n, lda, j1, nt, inversePanel, next);
            }
            cur = next;
        }
        int rows = 64;
        Parallel.forEach(nt, (n + rows - 1) / rows, q -> {
            for (int i = q * rows, iEnd = Math.min(n, i + rows); i < iEnd; i++) {
                java.util.Arrays.fill(a, off + i * lda + i + 1, off + i * lda + n, 0.0);
            }
        });
    }

    /**
     * One step's trailing update A22 -= L21 L21' with look-ahead: the tasks of A22's first column
     * panel (the next step's diagonal block and panel) run first; the thread that completes the
     * last of them factors the next panel ({@link #panel}, one thread) while the other threads run
     * the rest of the update, a hand-off in which no thread waits inside the step (Kurzak &amp;
     * Dongarra, "Implementing linear algebra routines on multi-core processors with pipelining and
     * a look-ahead", PARA 2006; LAPACK-style look-ahead of depth 1). This removes the serial diagonal factor and the fork-join points of
     * the panel from the critical path of the large steps.
     */
    private static void updateLookingAhead(DenseKernels k, double[] a, int off, int n, int lda, int nt, boolean inversePanel,
                                           Panel cur, int rowBase, int j1, Panel next) {
        int jb = cur.jb, m = cur.m;
        Gemm.Tasks syrk = new Gemm.Tasks(k, m, m, jb, -1.0, cur.pa, a, rowBase, lda, cur.pb, a, rowBase, lda,
                true, a, rowBase + jb, lda, Gemm.LOWER_C, nt, true);
        int first = syrk.firstPanelCount(), total = syrk.count();
        AtomicInteger claim = new AtomicInteger(), firstDone = new AtomicInteger();
        // hand-off, no waiting: the thread that completes the last task of the first column panel
        // (the next panel's columns, final for this step) factors and solves the next panel, then
        // claims update tasks again; the other threads never wait for it inside the step
        Parallel.forEach(nt, nt, worker -> {
            try {
                for (int q; (q = claim.getAndIncrement()) < total; ) {
                    syrk.run(q);
                    if (q < first && firstDone.incrementAndGet() == first) panel(k, a, off, n, lda, j1, 1, inversePanel, next);
                }
            } catch (RuntimeException | Error e) {
                claim.set(total); // the others stop after their current task
                throw e;
            }
        });
    }

    /**
     * Factors the diagonal block at column j0 and solves its panel, packing L21 for the update;
     * fills and returns {@code p} ({@code p.m} = 0 for the last block).
     */
    private static Panel panel(DenseKernels k, double[] a, int off, int n, int lda, int j0, int nt, boolean inversePanel, Panel p) {
        int jb = Math.min(BLOCK, n - j0);
        int diag = off + j0 * lda + j0;
        factorRecursive(k, a, diag, jb, lda, j0);
        int m = n - j0 - jb;
        p.jb = jb;
        p.m = m;
        p.pa = p.pb = null;
        if (m == 0) return p;
        int rowBase = diag + jb * lda; // A21(0, 0)
        if (inversePanel) {
            // L21 = A21 W' with W = L11^-1: one packed GEMM (W's zero triangle skipped, as many
            // flops as the substitution)
            double[] w = inverseLower(k, a, diag, jb, lda, nt);
            Gemm.Packed pw = Gemm.packOperand(w, 0, jb, jb, jb, k.gemmNr(), true, p.packW, 1);
            p.packW = pw.data();
            // in place, row block by row block, each block packed as both SYRK operands while in cache
            Gemm.Packed[] pab = Gemm.solvePanelInPlace(k, m, jb, pw, a, rowBase, lda, p.packA, p.packB, nt);
            p.pa = pab[0];
            p.pb = pab[1];
        } else {
            int chunks = (m + SOLVE_ROWS - 1) / SOLVE_ROWS;
            Parallel.forEach(nt, chunks, c -> {
                int r0 = c * SOLVE_ROWS;
                solveRight(k, Math.min(SOLVE_ROWS, m - r0), jb, a, diag, lda, a, rowBase + r0 * lda, lda);
            });
            // L21 packed once as A and as B for all tasks of the update (instead of once per task)
            Gemm.Packed[] pab = Gemm.packOperandTwice(a, rowBase, lda, m, jb, k.gemmMr(), k.gemmNr(), p.packA, p.packB, nt);
            p.pa = pab[0];
            p.pb = pab[1];
        }
        p.packA = p.pa.data();
        p.packB = p.pb.data();
        return p;
    }

    /** Recursive Cholesky of a diagonal block (one thread); {@code base} offsets pivot numbers in errors. */
    static void factorRecursive(DenseKernels k, double[] a, int off, int n, int lda, int base) {
        if (n <= LEAF) {
            factorUnblocked(k, a, off, n, lda, base);
            return;
        }
        int n1 = split(n), n2 = n - n1;
        factorRecursive(k, a, off, n1, lda, base);
        int a21 = off + n1 * lda;
        solveRight(k, n2, n1, a, off, lda, a, a21, lda);
        Gemm.nt(k, n2, n2, n1, -1.0, a, a21, lda, a, a21, lda, true, a, a21 + n1, lda, Gemm.LOWER_C, 1);
        factorRecursive(k, a, a21 + n1, n2, lda, base + n1);
    }

    /** The first half of a recursive split, a multiple of 8 below n. */
    private static int split(int n) {
        return Math.max(8, (n / 2 + 7) / 8 * 8);
    }

    /**
     * X := X L^-T (TRSM "right, lower, transposed") for X m x n at {@code x, xOff, ldx} and L the
     * n x n lower triangle at {@code l, lOff, ldl}, one thread: recursive halving of the columns,
     * the coupling by {@link Gemm}, {@link #LEAF}-wide diagonal solves by
     * {@link DenseKernels#lowerSolveColumns} on a transposed copy (vectorised along the rows).
     */
    static void solveRight(DenseKernels k, int m, int n, double[] l, int lOff, int ldl, double[] x, int xOff, int ldx) {
        if (m == 0 || n == 0) return;
        if (n <= LEAF) {
            substituteRows(k, l, lOff, n, ldl, x, xOff, ldx, m, x, xOff, ldx, null, 0);
            return;
        }
        int n1 = split(n), n2 = n - n1;
        solveRight(k, m, n1, l, lOff, ldl, x, xOff, ldx);
        Gemm.nt(k, m, n2, n1, -1.0, x, xOff, ldx, l, lOff + n1 * ldl, ldl, true, x, xOff + n1, ldx, 0, 1);
        solveRight(k, m, n2, l, lOff + n1 * ldl + n1, ldl, x, xOff + n1, ldx);
    }

    private static final ThreadLocal<double[][]> TRANSPOSE = ThreadLocal.withInitial(() -> new double[1][0]);

    private static double[] transposeScratch(int len) {
        double[][] h = TRANSPOSE.get();
        if (h[0].length < len) h[0] = new double[len];
        return h[0];
    }

    /** Left-looking dot-product Cholesky of a small block; {@code base} offsets pivot numbers in errors. */
    static void factorUnblocked(DenseKernels k, double[] a, int off, int n, int lda, int base) {
        for (int j = 0; j < n; j++) {
            int rj = off + j * lda;
            double s = a[rj + j] - k.dot(j, a, rj, a, rj);
            if (!(s > 0)) throw new NotPositiveDefiniteException(base + j, s);
            double ljj = Math.sqrt(s);
            a[rj + j] = ljj;
            double inv = 1.0 / ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = off + i * lda;
                a[ri + j] = (a[ri + j] - k.dot(j, a, ri, a, rj)) * inv;
            }
        }
    }

    /** log det A = 2 sum log L_ii from the factor. */
    public static double logDet(double[] l, int off, int n, int ld) {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(l[off + i * ld + i]);
        return 2 * s;
    }

    /** log det of a dense n x n factor stored with ld = n at offset 0. */
    public static double logDet(double[] l, int n) {
        return logDet(l, 0, n, n);
    }

    /** Solves L y = b in place (b at {@code b, bOff}, length n). */
    public static void solveLower(double[] l, int off, int n, int ld, double[] b, int bOff) {
        DenseKernels k = Dense.kernels();
        for (int i = 0; i < n; i++) {
            int ri = off + i * ld;
            b[bOff + i] = (b[bOff + i] - k.dot(i, l, ri, b, bOff)) / l[ri + i];
        }
    }

    /** Solves L' x = y in place (back substitution with the transpose of the lower factor). */
    public static void solveLowerTransposed(double[] l, int off, int n, int ld, double[] b, int bOff) {
        for (int i = n - 1; i >= 0; i--) {
            double bi = b[bOff + i] / l[off + i * ld + i];
            b[bOff + i] = bi;
            // column i of L below the diagonal is row i of L', subtract from earlier unknowns
            int ri = off + i * ld;
            for (int t = 0; t < i; t++) b[bOff + t] -= l[ri + t] * bi;
        }
    }

    /** Solves A x = b in place with A = L L'. */
    public static void solve(double[] l, int off, int n, int ld, double[] b, int bOff) {
        solveLower(l, off, n, ld, b, bOff);
        solveLowerTransposed(l, off, n, ld, b, bOff);
    }

    /**
     * Transforms many rows at once: for each of the {@code rows} rows x_r of X (row-major, p
     * columns, leading dimension {@code ldx}), writes z_r = L^-1 x_r into Z (leading dimension
     * {@code ldz}) when {@code z != null}, and d_r = ||z_r||^2 = x_r' A^-1 x_r into {@code d}
     * when {@code d != null}. This is the leverage / prediction-variance kernel of the design
     * engine.
     *
     * <p>Many rows ({@code rows >= }{@link #GEMM_ROWS_PER_COLUMN}{@code  p}): W = L^-1 is formed
     * once (p^3/3 flops, column blocks on several threads) and Z = X W' is one packed
     * {@link Gemm} with W's triangle skipped ({@link Gemm#LOWER_B}, N p^2 flops, as the
     * substitution), in tasks of {@link #ROW_BLOCK} rows whose squared norms are taken while the
     * block is in cache. The forward error of x -> W x is of the same order, u cond(L), as that of
     * substitution (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., sec. 8.1 and
     * 14.2). Few rows: forward substitution on a transposed block, vectorised along the rows.
     * Z must not overlap X.
     */
    public static void solveRows(double[] l, int lOff, int p, int ldl, double[] x, int xOff, int ldx, int rows,
                                 double[] z, int zOff, int ldz, double[] d, int dOff, int threads) {
        solveRows(Dense.kernels(), l, lOff, p, ldl, x, xOff, ldx, rows, z, zOff, ldz, d, dOff, threads);
    }

    /** Rows per unknown from which {@link #solveRows} forms L^-1 and multiplies (below: substitution). */
    public static final int GEMM_ROWS_PER_COLUMN = 4;

    /** As {@link #solveRows(double[], int, int, int, double[], int, int, int, double[], int, int, double[], int, int)} with given kernels. */
    public static void solveRows(DenseKernels k, double[] l, int lOff, int p, int ldl, double[] x, int xOff, int ldx, int rows,
                                 double[] z, int zOff, int ldz, double[] d, int dOff, int threads) {
        if (rows <= 0) return;
        if (p == 0) {
            if (d != null) java.util.Arrays.fill(d, dOff, dOff + rows, 0.0);
            return;
        }
        if (rows < GEMM_ROWS_PER_COLUMN * p) {
            solveRowsBySubstitution(k, l, lOff, p, ldl, x, xOff, ldx, rows, z, zOff, ldz, d, dOff, threads);
            return;
        }
        solveRowsByInverse(k, inverseLower(k, l, lOff, p, ldl, Math.max(1, threads)), p, x, xOff, ldx, rows, z, zOff, ldz, d, dOff, threads);
    }

    /**
     * The product path of {@link #solveRows} with {@code W = L^-1} given ({@link #inverseLower}): {@code Z = X W'} and
     * {@code d = |z|^2} per row, at any row count, bit for bit what {@link #solveRows} gives for rows it multiplies. For
     * a caller that uses W itself too (the greedy start's float bounds) and must get solveRows' values for few rows.
     */
    public static void solveRowsByInverse(DenseKernels k, double[] w, int p, double[] x, int xOff, int ldx, int rows,
                                          double[] z, int zOff, int ldz, double[] d, int dOff, int threads) {
        if (rows <= 0) return;
        // W packed once for all row blocks (each block used to repack it: p^2 copies per 240 rows)
        Gemm.Packed wp = Gemm.packOperand(w, 0, p, p, p, k.gemmNr(), true, null, 1);
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        // One task body per destination, with no test of z inside: a cold JVM compiled the shared body with C2 while only
        // leverages were asked for (z null, the greedy start), and the first call keeping the rows (the exchange's
        // 50,000-row solve) then hit the untaken branch, threw that code away and ran in the interpreter and C1 until it
        // was compiled again (BENCHMARKS.md, design engine, branch e2e7).
        if (z != null) {
            Parallel.forEach(threads, blocks, b -> solveRowBlock(k, b, rows, p, x, xOff, ldx, wp, w, z, zOff + b * ROW_BLOCK * ldz, ldz, d, dOff));
        } else {
            ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[ROW_BLOCK * p]);
            Parallel.forEach(threads, blocks, b -> solveRowBlock(k, b, rows, p, x, xOff, ldx, wp, w, scratch.get(), 0, p, d, dOff));
        }
    }

    /** Row block {@code b} of {@link #solveRows}: its rows of Z = X W' into {@code zb} (offset zo, ld), and their d. */
    private static void solveRowBlock(DenseKernels k, int b, int rows, int p, double[] x, int xOff, int ldx, Gemm.Packed wp,
                                      double[] w, double[] zb, int zo, int ld, double[] d, int dOff) {
        int r0 = b * ROW_BLOCK;
        int nr = Math.min(ROW_BLOCK, rows - r0);
        Gemm.ntPacked(k, nr, p, p, 1.0, null, x, xOff + r0 * ldx, ldx, wp, w, 0, p, false, zb, zo, ld, Gemm.LOWER_B, 1);
        if (d != null) {
            for (int r = 0; r < nr; r++) d[dOff + r0 + r] = k.dot(p, zb, zo + r * ld, zb, zo + r * ld);
        }
    }

    /**
     * W = L^-1 (p x p, lower, row-major, ld p), column blocks solved on several threads: the W of {@link #solveRows} (for
     * at least {@link #GEMM_ROWS_PER_COLUMN} {@code * p} rows), bit for bit, on any thread count.
     */
    public static double[] inverseLower(DenseKernels k, double[] l, int lOff, int p, int ldl, int threads) {
        double[] w = new double[p * p];
        for (int i = 0; i < p; i++) w[i * p + i] = 1;
        int cb = 64, blocks = (p + cb - 1) / cb;
        Parallel.forEach(threads, blocks, b -> {
            int c0 = b * cb, nc = Math.min(cb, p - c0);
            // rows above c0 of these columns of L^-1 are zero: solve the trailing system only
            k.lowerSolveColumns(p - c0, l, lOff + c0 * ldl + c0, ldl, w, c0 * p + c0, p, nc);
        });
        return w;
    }

    /** Forward substitution on blocks of rows ({@link #substituteRows}, one block per task). */
    static void solveRowsBySubstitution(DenseKernels k, double[] l, int lOff, int p, int ldl, double[] x, int xOff, int ldx, int rows,
                                        double[] z, int zOff, int ldz, double[] d, int dOff, int threads) {
        int rb = SUBSTITUTION_ROWS;
        Parallel.forEach(threads, (rows + rb - 1) / rb, b -> {
            int r0 = b * rb;
            substituteRows(k, l, lOff, p, ldl, x, xOff + r0 * ldx, ldx, Math.min(rb, rows - r0),
                    z, z == null ? 0 : zOff + r0 * ldz, ldz, d, dOff + r0);
        });
    }

    /**
     * z_r = L^-1 x_r for the {@code nr} rows of X (Z = X L^-T; L p x p lower), by forward
     * substitution on the rows transposed into a per-thread scratch panel, so that
     * {@link DenseKernels#lowerSolveColumns} is vectorised along the rows; d_r = ||z_r||^2 when
     * {@code d != null}, Z written when {@code z != null} (Z may be X: in place). The leaf of
     * {@link #solveRight} and the block of {@link #solveRowsBySubstitution}.
     */
    private static void substituteRows(DenseKernels k, double[] l, int lOff, int p, int ldl, double[] x, int xOff, int ldx, int nr,
                                       double[] z, int zOff, int ldz, double[] d, int dOff) {
        double[] t = transposeScratch(p * nr);
        for (int r = 0; r < nr; r++) {
            int src = xOff + r * ldx;
            for (int c = 0; c < p; c++) t[c * nr + r] = x[src + c];
        }
        k.lowerSolveColumns(p, l, lOff, ldl, t, 0, nr, nr);
        if (d != null) k.columnSquares(p, t, 0, nr, nr, d, dOff);
        if (z != null) {
            for (int r = 0; r < nr; r++) {
                int dst = zOff + r * ldz;
                for (int c = 0; c < p; c++) z[dst + c] = t[c * nr + r];
            }
        }
    }

    /** Rows per block of the substitution path. */
    static final int SUBSTITUTION_ROWS = 96;

    /**
     * Rank-1 update: overwrites L (n x n lower) with the factor of L L' + x x'. {@code x} is
     * used as workspace and destroyed. Rotation form of LINPACK dchud.
     */
    public static void update(double[] l, int off, int n, int ld, double[] x, int xOff) {
        for (int kk = 0; kk < n; kk++) {
            int dk = off + kk * ld + kk;
            double lkk = l[dk];
            double xk = x[xOff + kk];
            double r = Math.hypot(lkk, xk);
            double c = r / lkk, s = xk / lkk;
            l[dk] = r;
            for (int i = kk + 1; i < n; i++) {
                int ik = off + i * ld + kk;
                double lik = (l[ik] + s * x[xOff + i]) / c;
                l[ik] = lik;
                x[xOff + i] = c * x[xOff + i] - s * lik;
            }
        }
    }

    /**
     * Rank-1 downdate: overwrites L with the factor of L L' - x x' (hyperbolic rotations, the
     * textbook form of LINPACK dchdd). Valid iff x' (L L')^-1 x < 1.
     *
     * @throws NotPositiveDefiniteException when the downdated matrix is not positive definite
     *         (L is then partly modified: refactorise)
     */
    public static void downdate(double[] l, int off, int n, int ld, double[] x, int xOff) {
        for (int kk = 0; kk < n; kk++) {
            int dk = off + kk * ld + kk;
            double lkk = l[dk];
            double xk = x[xOff + kk];
            double r2 = (lkk - xk) * (lkk + xk);
            if (!(r2 > 0)) throw new NotPositiveDefiniteException(kk, r2);
            double r = Math.sqrt(r2);
            double c = r / lkk, s = xk / lkk;
            l[dk] = r;
            for (int i = kk + 1; i < n; i++) {
                int ik = off + i * ld + kk;
                double lik = (l[ik] - s * x[xOff + i]) / c;
                l[ik] = lik;
                x[xOff + i] = c * x[xOff + i] - s * lik;
            }
        }
    }
}
