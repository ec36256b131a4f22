package org.atomdoe.descriptor;

/** Plain-Java reference implementation of {@link DescriptorKernels}; see there for the formulas. */
public final class ScalarDescriptorKernels implements DescriptorKernels {

    @Override
    public void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off) {
        for (int j = from; j < to; j++) {
            double rj = r[j];
            if (rj > rCut) continue;
            double fc = 0.5 * (Math.cos(Math.PI * rj / rCut) + 1.0);
            double x = 2.0 * rj / rCut - 1.0;
            double tPrev = 1.0, t = x;
            out[off] += fc;
            if (nBasis > 1) out[off + 1] += x * fc;
            for (int k = 2; k < nBasis; k++) {
                double tn = 2.0 * x * t - tPrev;
                tPrev = t;
                t = tn;
                out[off + k] += tn * fc;
            }
        }
    }

    @Override
    public void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                           double[] kappa, double[] out, int off) {
        int g1 = withG1 ? 1 : 0;
        for (int j = from; j < to; j++) {
            double rj = r[j];
            if (rj > rCut) continue;
            double fc = 0.5 * (Math.cos(Math.PI * rj / rCut) + 1.0);
            if (withG1) out[off] += fc;
            for (int p = 0; p < eta.length; p++) {
                double d = rj - rs[p];
                out[off + g1 + p] += Math.exp(-eta[p] * d * d) * fc;
            }
            for (int q = 0; q < kappa.length; q++) {
                out[off + g1 + eta.length + q] += Math.cos(kappa[q] * rj) * fc;
            }
        }
    }

    @Override
    public void acsfAngular(double[] cos, double[] rsq, double[] rjk, double[] fcij, int from, int to, double rCut,
                            boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off) {
        int np = eta.length;
        double[] acc = new double[np];
        for (int t = from; t < to; t++) {
            double w = fcij[t];
            double s = rsq[t];
            if (g4) {
                double d = rjk[t];
                if (d > rCut) continue;
                w *= 0.5 * (Math.cos(Math.PI * d / rCut) + 1.0);
                s += d * d;
            }
            double lastEta = Double.NaN, e = 0.0;
            for (int p = 0; p < np; p++) {
                if (eta[p] != lastEta) { // parameters usually come grouped by eta: one exp per group
                    lastEta = eta[p];
                    e = Math.exp(-lastEta * s) * w;
                }
                acc[p] += power(1.0 + lambda[p] * cos[t], zeta[p]) * e;
            }
        }
        for (int p = 0; p < np; p++) out[off + p] += Math.pow(2.0, 1.0 - zeta[p]) * acc[p];
    }

    /** {@code base^zeta}, exact repeated multiplication for small integer zeta (the usual 1, 2, 4, 8, 16). */
    static double power(double base, double zeta) {
        int iz = (int) zeta;
        if (iz == zeta && iz >= 0 && iz <= 64) {
            double result = 1.0, b = base;
            while (iz > 0) {
                if ((iz & 1) != 0) result *= b;
                b *= b;
                iz >>= 1;
            }
            return result;
        }
        return Math.pow(base, zeta);
    }

    @Override
    public void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride) {
        SolidHarmonicsTable t = SolidHarmonicsTable.of(lMax);
        double[] q = new double[(lMax + 1) * (lMax + 1)];
        for (int j = from; j < to; j++) {
            double xj = x[j], yj = y[j], zj = z[j];
            double r2 = xj * xj + yj * yj + zj * zj;
            t.legendre(zj, r2, q);
            // m = 0
            for (int l = 0; l <= lMax; l++) out[(l * l + l) * stride + j] = t.norm0[l] * q[t.qIndex(l, 0)];
            double c = 1.0, s = 0.0;
            for (int m = 1; m <= lMax; m++) {
                double cn = xj * c - yj * s;
                s = xj * s + yj * c;
                c = cn;
                for (int l = m; l <= lMax; l++) {
                    double v = t.norm[t.qIndex(l, m)] * q[t.qIndex(l, m)];
                    out[(l * l + l + m) * stride + j] = v * c;
                    out[(l * l + l - m) * stride + j] = v * s;
                }
            }
        }
    }

    @Override
    public void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride) {
        for (int q = 0; q < gamma.length; q++) {
            double g = gamma[q];
            int o = q * stride;
            for (int j = from; j < to; j++) out[o + j] = Math.exp(-g * r2[j]);
        }
    }

    @Override
    public void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff) {
        for (int i = 0; i < na; i++) {
            int ai = aOff + i * stride;
            for (int k = 0; k < nb; k++) {
                int bk = bOff + k * stride;
                double sum = 0.0;
                for (int j = 0; j < n; j++) sum += a[ai + j] * b[bk + j];
                c[cOff + i * nb + k] = sum;
            }
        }
    }
}
