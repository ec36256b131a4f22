package org.atomdoe.linalg;

/**
 * Dense Cholesky factorisation A = L L' of a symmetric positive definite matrix and the
 * operations built on it, as static kernels over row-major {@code double[]} + offset + leading
 * dimension (EJML style).
 *
 * <p>The factorisation is blocked and right-looking (Golub &amp; Van Loan, Matrix Computations,
 * 4th ed., Alg. 4.2.2 in block form; LAPACK dpotrf): for each diagonal block of {@link #BLOCK}
 * columns, (1) factor the block unblocked (dot-product form), (2) solve the panel
 * L21 = A21 L11^-T as a column-vectorised forward substitution on the transposed panel, (3) apply
 * the symmetric rank-{@code BLOCK} update A22 -= L21 L21' with the register-tiled
 * {@link DenseKernels#gemmSub} kernel, in column chunks that keep the packed panel in L2 and run
 * on several threads. Only the lower triangle is read; on return the upper triangle is zero.
 *
 * <p>Rank-1 update and downdate of L (L L' +- x x') follow LINPACK dchud/dchdd in the rotation
 * form of Golub &amp; Van Loan 6.5.4: O(p^2), used by the design exchange after every swap.
 */
public final class Cholesky {
    /** Panel width of the blocked factorisation. */
    public static final int BLOCK = 128;
    /** Column chunk of the trailing update (multiple of 24 = 3 vectors of 8 doubles). */
    static final int CHUNK = 192;
    /** Candidate rows per block in the many-right-hand-side solves. */
    public static final int ROW_BLOCK = 96;

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
        if (n < 0 || lda < n || off < 0 || (n > 0 && off + (long) (n - 1) * lda + n > a.length)) {
            throw new IllegalArgumentException("expected an n x n matrix with n=" + n + ", lda=" + lda + " in an array of " + a.length);
        }
        DenseKernels k = Dense.kernels();
        double[] panel = n > BLOCK ? new double[BLOCK * (n - BLOCK)] : null;
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int jb = Math.min(BLOCK, n - j0);
            factorUnblocked(k, a, off + j0 * lda + j0, jb, lda, j0);
            int m = n - j0 - jb;
            if (m == 0) break;
            int rowBase = off + (j0 + jb) * lda + j0; // A21(0, 0)
            // transpose in strips of 16 rows: 16 read streams, contiguous writes
            for (int r0 = 0; r0 < m; r0 += 16) {
                int r1 = Math.min(m, r0 + 16);
                for (int t = 0; t < jb; t++) {
                    for (int r = r0; r < r1; r++) panel[t * m + r] = a[rowBase + r * lda + t];
                }
            }
            final int fm = m, fjb = jb, fj0 = j0;
            int solveChunks = (m + CHUNK - 1) / CHUNK;
            Parallel.forEach(threads, solveChunks, c -> {
                int c0 = c * CHUNK;
                k.lowerSolveColumns(fjb, a, off + fj0 * lda + fj0, lda, panel, c0, fm, Math.min(CHUNK, fm - c0));
            });
            for (int r0 = 0; r0 < m; r0 += 16) {
                int r1 = Math.min(m, r0 + 16);
                for (int r = r0; r < r1; r++) {
                    int dst = rowBase + r * lda;
                    for (int t = 0; t < jb; t++) a[dst + t] = panel[t * m + r];
                }
            }
            int cOff = off + (j0 + jb) * lda + (j0 + jb);
            Parallel.forEach(threads, solveChunks, c -> {
                int c0 = c * CHUNK;
                k.gemmSub(c0, fm, c0, Math.min(c0 + CHUNK, fm), fjb, a, rowBase, lda, panel, 0, fm, a, cOff, lda, true);
            });
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) a[off + i * lda + j] = 0;
        }
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
     * when {@code d != null}. Blocked over {@link #ROW_BLOCK} rows (transposed into a scratch
     * panel so that the forward substitution vectorises along candidates), multithreaded over
     * blocks. This is the leverage / prediction-variance kernel of the design engine.
     */
    public static void solveRows(double[] l, int lOff, int p, int ldl, double[] x, int xOff, int ldx, int rows,
                                 double[] z, int zOff, int ldz, double[] d, int dOff, int threads) {
        DenseKernels k = Dense.kernels();
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        ThreadLocal<double[]> scratch = ThreadLocal.withInitial(() -> new double[p * ROW_BLOCK]);
        Parallel.forEach(threads, blocks, b -> {
            double[] zt = scratch.get();
            int r0 = b * ROW_BLOCK;
            int nr = Math.min(ROW_BLOCK, rows - r0);
            for (int r = 0; r < nr; r++) {
                int src = xOff + (r0 + r) * ldx;
                for (int t = 0; t < p; t++) zt[t * ROW_BLOCK + r] = x[src + t];
            }
            k.lowerSolveColumns(p, l, lOff, ldl, zt, 0, ROW_BLOCK, nr);
            if (d != null) k.columnSquares(p, zt, 0, ROW_BLOCK, nr, d, dOff + r0);
            if (z != null) {
                for (int r = 0; r < nr; r++) {
                    int dst = zOff + (r0 + r) * ldz;
                    for (int t = 0; t < p; t++) z[dst + t] = zt[t * ROW_BLOCK + r];
                }
            }
        });
    }

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
