package org.atomdoe.linalg;

/**
 * The inner kernels of the dense linear algebra (EJML style: row-major {@code double[]} plus
 * offset and leading dimension). Two implementations: {@link ScalarDenseKernels} and the Vector
 * API twin {@code PanamaDenseKernels}, chosen once by {@link Dense#kernels()}.
 *
 * <p>Index convention: element (i, j) of a matrix stored at {@code off} with leading dimension
 * {@code ld} is {@code a[off + i * ld + j]}.
 */
public interface DenseKernels {
    /** {@code sum_{t<n} a[aOff+t] * b[bOff+t]}. */
    double dot(int n, double[] a, int aOff, double[] b, int bOff);

    /**
     * Sum of squared projections {@code sum_{r<rows} (x . u_r)^2}, u_r the row of length n at {@code uOff + r*ldu}, x at
     * {@code xOff}: each projection is bit for bit {@code dot(n, x, xOff, u, uOff + r*ldu)} of this implementation and the
     * squares are added in row order, so the result equals the loop over {@link #dot} exactly (the incremental leverage
     * refresh of the greedy start, {@code d_j -= sum_t (x_j . u_t)^2}, must not change with the kernel). The Panama twin
     * computes four rows per pass over x (one load of x serves four rows).
     */
    double sumSquaredDots(int rows, int n, double[] u, int uOff, int ldu, double[] x, int xOff);

    /**
     * Two projections of each of {@code rows} consecutive rows of length {@code p} (row r at
     * {@code x[xOff + r*p]}): {@code outU[outOff+r] = x_r . u} and {@code outV[outOff+r] = x_r . v},
     * with u at {@code uOff} and v at {@code vOff}. One read of each row serves both products (the
     * weight exchanges of {@code Certificate} need both per row and per step).
     */
    void dotRows2(int rows, int p, double[] x, int xOff, double[] u, int uOff, double[] v, int vOff,
                  double[] outU, double[] outV, int outOff);

    /**
     * Forward substitution on many right-hand sides stored as columns: Z := L^-1 Z, with L the
     * p x p lower triangle at {@code l, lOff, ldl} (entries above the diagonal are not read) and Z
     * p x ncols at {@code z, zOff, ldz}. Vectorised along the columns (one column = one right-hand
     * side, e.g. one candidate row transposed), register-blocked over 4 rows of L.
     */
    void lowerSolveColumns(int p, double[] l, int lOff, int ldl, double[] z, int zOff, int ldz, int ncols);

    /**
     * Rank-k update C[i][j] -= sum_{t<k} A[i][t] * At[t][j] for rows i in [i0, i1) and columns j in
     * [j0, j1), restricted to j <= i when {@code lowerOnly} (the SYRK of a right-looking Cholesky).
     * A row i is at {@code aOff + i*lda}, At row t at {@code atOff + t*ldat}, C(i, j) at
     * {@code cOff + i*ldc + j}.
     */
    void gemmSub(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                 double[] at, int atOff, int ldat, double[] c, int cOff, int ldc, boolean lowerOnly);

    /** Rows of the register tile of {@link #gemmTile}. */
    int gemmMr();

    /** Columns of the register tile of {@link #gemmTile}. */
    int gemmNr();

    /**
     * The packed GEMM micro-kernel (Goto &amp; van de Geijn, ACM TOMS 34, 12 (2008)): the
     * {@code gemmMr() x gemmNr()} tile {@code C(r, j) = (accumulate ? C(r, j) : 0) +- sum_{t<kc} A(r, t) B(j, t)}
     * (minus when {@code negate})
     * at {@code c[cOff + r * ldc + j]}, with A packed as a micro-panel of {@code gemmMr()} rows
     * (element (r, t) at {@code ap[apOff + t * gemmMr() + r]}) and B as one of {@code gemmNr()}
     * rows (element (j, t) at {@code bp[bpOff + t * gemmNr() + j]}); see {@link Gemm}.
     */
    void gemmTile(int kc, double[] ap, int apOff, double[] bp, int bpOff, boolean negate, boolean accumulate,
                  double[] c, int cOff, int ldc);

    /**
     * Kernels that give bit for bit the same results as these, with a GEMM tile ({@link #gemmMr()} x
     * {@link #gemmNr()}) suited to large products such as the trailing updates of a large Cholesky factor: the Panama
     * kernels return an 8 x 16 tile of 512-bit vectors where the machine has AVX-512. Small products (leverages and the
     * design engine's products, p about 100) keep these kernels, whose narrower tile wastes less on edges. By default
     * this instance.
     */
    default DenseKernels forLargeProducts() {
        return this;
    }

    /** out[outOff + j] = sum_{t<p} z[zOff + t*ldz + j]^2 for j < ncols (column squared norms). */
    void columnSquares(int p, double[] z, int zOff, int ldz, int ncols, double[] out, int outOff);
}
