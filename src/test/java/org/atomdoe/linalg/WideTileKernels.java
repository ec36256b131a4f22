package org.atomdoe.linalg;

/**
 * Test kernels with a 5 x 16 GEMM tile, the shape {@link PanamaDenseKernels} would have on 8-lane (512-bit) vectors, on
 * any machine: {@link Gemm}'s blocking must work for tile widths that do not divide its block sizes (on an AVX-512 VM a
 * 16-wide tile once made every panel solve throw). The tile is a plain triple loop; everything else is the scalar twin.
 */
final class WideTileKernels implements DenseKernels {
    private static final int MR = 5, NR = 16;
    private final ScalarDenseKernels scalar = new ScalarDenseKernels();

    @Override
    public int gemmMr() {
        return MR;
    }

    @Override
    public int gemmNr() {
        return NR;
    }

    @Override
    public void gemmTile(int kc, double[] ap, int apOff, double[] bp, int bpOff, boolean negate, boolean accumulate,
                         double[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) {
                double s = 0;
                for (int t = 0; t < kc; t++) s += ap[apOff + t * MR + r] * bp[bpOff + t * NR + j];
                if (negate) s = -s;
                int o = cOff + r * ldc + j;
                c[o] = accumulate ? c[o] + s : s;
            }
        }
    }

    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        return scalar.dot(n, a, aOff, b, bOff);
    }

    @Override
    public double sumSquaredDots(int rows, int n, double[] u, int uOff, int ldu, double[] x, int xOff) {
        return scalar.sumSquaredDots(rows, n, u, uOff, ldu, x, xOff);
    }

    @Override
    public void dotRows2(int rows, int p, double[] x, int xOff, double[] u, int uOff, double[] v, int vOff,
                         double[] outU, double[] outV, int outOff) {
        scalar.dotRows2(rows, p, x, xOff, u, uOff, v, vOff, outU, outV, outOff);
    }

    @Override
    public void lowerSolveColumns(int p, double[] l, int lOff, int ldl, double[] z, int zOff, int ldz, int ncols) {
        scalar.lowerSolveColumns(p, l, lOff, ldl, z, zOff, ldz, ncols);
    }

    @Override
    public void gemmSub(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda, double[] at, int atOff,
                        int ldat, double[] c, int cOff, int ldc, boolean lowerOnly) {
        scalar.gemmSub(i0, i1, j0, j1, k, a, aOff, lda, at, atOff, ldat, c, cOff, ldc, lowerOnly);
    }

    @Override
    public void columnSquares(int p, double[] z, int zOff, int ldz, int ncols, double[] out, int outOff) {
        scalar.columnSquares(p, z, zOff, ldz, ncols, out, outOff);
    }
}
