package org.atomdoe.linalg;

/** Plain-Java twin of {@code PanamaDenseKernels}; the reference the SIMD kernels are tested against. */
public final class ScalarDenseKernels implements DenseKernels {
    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int t = 0;
        for (; t + 3 < n; t += 4) {
            s0 += a[aOff + t] * b[bOff + t];
            s1 += a[aOff + t + 1] * b[bOff + t + 1];
            s2 += a[aOff + t + 2] * b[bOff + t + 2];
            s3 += a[aOff + t + 3] * b[bOff + t + 3];
        }
        for (; t < n; t++) s0 += a[aOff + t] * b[bOff + t];
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public double sumSquaredDots(int rows, int n, double[] u, int uOff, int ldu, double[] x, int xOff) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double c = dot(n, x, xOff, u, uOff + r * ldu);
            sum += c * c;
        }
        return sum;
    }

    @Override
    public void dotRows2(int rows, int p, double[] x, int xOff, double[] u, int uOff, double[] v, int vOff,
                         double[] outU, double[] outV, int outOff) {
        for (int r = 0; r < rows; r++) {
            double su = 0, sv = 0;
            for (int t = 0, o = xOff + r * p; t < p; t++) {
                su += x[o + t] * u[uOff + t];
                sv += x[o + t] * v[vOff + t];
            }
            outU[outOff + r] = su;
            outV[outOff + r] = sv;
        }
    }

    @Override
    public void lowerSolveColumns(int p, double[] l, int lOff, int ldl, double[] z, int zOff, int ldz, int ncols) {
        for (int k = 0; k < p; k++) {
            int zk = zOff + k * ldz;
            int lk = lOff + k * ldl;
            for (int t = 0; t < k; t++) {
                double lkt = l[lk + t];
                if (lkt == 0) continue;
                int zt = zOff + t * ldz;
                for (int j = 0; j < ncols; j++) z[zk + j] -= lkt * z[zt + j];
            }
            double inv = 1.0 / l[lk + k];
            for (int j = 0; j < ncols; j++) z[zk + j] *= inv;
        }
    }

    @Override
    public void gemmSub(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                        double[] at, int atOff, int ldat, double[] c, int cOff, int ldc, boolean lowerOnly) {
        for (int i = i0; i < i1; i++) {
            int jEnd = lowerOnly ? Math.min(j1, i + 1) : j1;
            if (jEnd <= j0) continue;
            int ci = cOff + i * ldc;
            int ai = aOff + i * lda;
            for (int t = 0; t < k; t++) {
                double ait = a[ai + t];
                int att = atOff + t * ldat;
                for (int j = j0; j < jEnd; j++) c[ci + j] -= ait * at[att + j];
            }
        }
    }

    /** Scalar tile: 4 rows x 8 columns, computed as two 4 x 4 blocks of 16 scalar accumulators. */
    static final int MR = 4, NR = 8;

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
        for (int j0 = 0; j0 < NR; j0 += 4) {
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int t = 0; t < kc; t++) {
                int a = apOff + t * MR, b = bpOff + t * NR + j0;
                double a0 = ap[a], a1 = ap[a + 1], a2 = ap[a + 2], a3 = ap[a + 3];
                double b0 = bp[b], b1 = bp[b + 1], b2 = bp[b + 2], b3 = bp[b + 3];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            storeRow(c, cOff + j0, c00, c01, c02, c03, negate, accumulate);
            storeRow(c, cOff + ldc + j0, c10, c11, c12, c13, negate, accumulate);
            storeRow(c, cOff + 2 * ldc + j0, c20, c21, c22, c23, negate, accumulate);
            storeRow(c, cOff + 3 * ldc + j0, c30, c31, c32, c33, negate, accumulate);
        }
    }

    private static void storeRow(double[] c, int o, double v0, double v1, double v2, double v3, boolean negate, boolean accumulate) {
        if (negate) {
            v0 = -v0; v1 = -v1; v2 = -v2; v3 = -v3;
        }
        if (accumulate) {
            c[o] += v0; c[o + 1] += v1; c[o + 2] += v2; c[o + 3] += v3;
        } else {
            c[o] = v0; c[o + 1] = v1; c[o + 2] = v2; c[o + 3] = v3;
        }
    }

    @Override
    public void columnSquares(int p, double[] z, int zOff, int ldz, int ncols, double[] out, int outOff) {
        for (int j = 0; j < ncols; j++) out[outOff + j] = 0;
        for (int t = 0; t < p; t++) {
            int zt = zOff + t * ldz;
            for (int j = 0; j < ncols; j++) {
                double v = z[zt + j];
                out[outOff + j] += v * v;
            }
        }
    }
}
