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
