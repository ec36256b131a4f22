package org.atomdoe.kernel;

/** Plain-Java twin of {@code PanamaGramKernels} (4 x 8 tiles); the reference the SIMD kernels are tested against. */
public final class ScalarGramKernels implements GramKernels {
    private static final int MR = 4, NR = 8;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void tile(int kc, double[] ap, int apOff, double[] bp, int bpOff, double[] c, int cOff, int ldc, boolean accumulate, int zeta) {
        // two 4 x 4 register blocks (16 scalar accumulators each), the best plain Java does
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
            store(c, cOff + j0, c00, c01, c02, c03, accumulate, zeta);
            store(c, cOff + ldc + j0, c10, c11, c12, c13, accumulate, zeta);
            store(c, cOff + 2 * ldc + j0, c20, c21, c22, c23, accumulate, zeta);
            store(c, cOff + 3 * ldc + j0, c30, c31, c32, c33, accumulate, zeta);
        }
    }

    private static void store(double[] c, int o, double v0, double v1, double v2, double v3, boolean accumulate, int zeta) {
        if (accumulate) {
            c[o] += v0; c[o + 1] += v1; c[o + 2] += v2; c[o + 3] += v3;
        } else {
            c[o] = v0; c[o + 1] = v1; c[o + 2] = v2; c[o + 3] = v3;
        }
        if (zeta > 0) powerOf(c, o, 4, zeta);
    }

    @Override
    public void power(double[] v, int off, int len, int zeta) {
        powerOf(v, off, len, zeta);
    }

    private static void powerOf(double[] v, int off, int len, int zeta) {
        for (int i = off; i < off + len; i++) v[i] = Kernel.integerPower(v[i], zeta);
    }

    @Override
    public void squaredExponential(double[] v, int off, int len, double gamma, double rowNorm2, double[] colNorm2, int colOff) {
        for (int j = 0; j < len; j++) {
            v[off + j] = Math.exp(Math.min(0.0, 2 * v[off + j] - rowNorm2 - colNorm2[colOff + j]) * gamma);
        }
    }
}
