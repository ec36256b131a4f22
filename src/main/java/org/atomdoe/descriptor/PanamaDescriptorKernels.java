package org.atomdoe.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DescriptorKernels} on the incubator Vector API: lanes run over neighbours (or neighbour
 * pairs), tails are masked, transcendental functions use the JDK's vector math (SVML on x86).
 * Sums are reduced across lanes at the end, so results equal the scalar twin's up to rounding
 * (the summation order differs), and are deterministic.
 */
public final class PanamaDescriptorKernels implements DescriptorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    public PanamaDescriptorKernels() {}

    private static DoubleVector cutoffFn(DoubleVector r, double rCut, VectorMask<Double> valid) {
        DoubleVector fc = r.mul(Math.PI / rCut).lanewise(VectorOperators.COS).add(1.0).mul(0.5);
        return DoubleVector.zero(S).blend(fc, valid.and(r.compare(VectorOperators.LE, rCut)));
    }

    @Override
    public void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off) {
        double[] acc = new double[nBasis * L];
        for (int j = from; j < to; j += L) {
            VectorMask<Double> m = S.indexInRange(j, to);
            DoubleVector rv = DoubleVector.fromArray(S, r, j, m);
            DoubleVector fc = cutoffFn(rv, rCut, m);
            DoubleVector x = rv.mul(2.0 / rCut).sub(1.0);
            DoubleVector tPrev = DoubleVector.broadcast(S, 1.0), t = x;
            DoubleVector.fromArray(S, acc, 0).add(fc).intoArray(acc, 0);
            if (nBasis > 1) DoubleVector.fromArray(S, acc, L).add(x.mul(fc)).intoArray(acc, L);
            DoubleVector x2 = x.add(x);
            for (int k = 2; k < nBasis; k++) {
                DoubleVector tn = x2.fma(t, tPrev.neg());
                tPrev = t;
                t = tn;
                DoubleVector.fromArray(S, acc, k * L).add(tn.mul(fc)).intoArray(acc, k * L);
            }
        }
        for (int k = 0; k < nBasis; k++) out[off + k] += DoubleVector.fromArray(S, acc, k * L).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                           double[] kappa, double[] out, int off) {
        int g1 = withG1 ? 1 : 0;
        int nf = g1 + eta.length + kappa.length;
        double[] acc = new double[nf * L];
        for (int j = from; j < to; j += L) {
            VectorMask<Double> m = S.indexInRange(j, to);
            DoubleVector rv = DoubleVector.fromArray(S, r, j, m);
            DoubleVector fc = cutoffFn(rv, rCut, m);
            if (withG1) DoubleVector.fromArray(S, acc, 0).add(fc).intoArray(acc, 0);
            for (int p = 0; p < eta.length; p++) {
                DoubleVector d = rv.sub(rs[p]);
                DoubleVector e = d.mul(d).mul(-eta[p]).lanewise(VectorOperators.EXP).mul(fc);
                int o = (g1 + p) * L;
                DoubleVector.fromArray(S, acc, o).add(e).intoArray(acc, o);
            }
            for (int q = 0; q < kappa.length; q++) {
                DoubleVector c = rv.mul(kappa[q]).lanewise(VectorOperators.COS).mul(fc);
                int o = (g1 + eta.length + q) * L;
                DoubleVector.fromArray(S, acc, o).add(c).intoArray(acc, o);
            }
        }
        for (int f = 0; f < nf; f++) out[off + f] += DoubleVector.fromArray(S, acc, f * L).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void acsfAngular(double[] cos, double[] rsq, double[] rjk, double[] fcij, int from, int to, double rCut,
                            boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off) {
        int np = eta.length;
        double[] acc = new double[np * L];
        for (int t = from; t < to; t += L) {
            VectorMask<Double> m = S.indexInRange(t, to);
            DoubleVector w = DoubleVector.fromArray(S, fcij, t, m);
            DoubleVector s = DoubleVector.fromArray(S, rsq, t, m);
            if (g4) {
                DoubleVector d = DoubleVector.fromArray(S, rjk, t, m);
                w = w.mul(cutoffFn(d, rCut, m));
                s = d.fma(d, s);
            } else {
                w = DoubleVector.zero(S).blend(w, m);
            }
            DoubleVector c = DoubleVector.fromArray(S, cos, t, m);
            double lastEta = Double.NaN;
            DoubleVector e = w;
            for (int p = 0; p < np; p++) {
                if (eta[p] != lastEta) {
                    lastEta = eta[p];
                    e = s.mul(-lastEta).lanewise(VectorOperators.EXP).mul(w);
                }
                DoubleVector base = c.fma(lambda[p], 1.0);
                DoubleVector term = power(base, zeta[p]).mul(e);
                int o = p * L;
                DoubleVector.fromArray(S, acc, o).add(term).intoArray(acc, o);
            }
        }
        for (int p = 0; p < np; p++) {
            out[off + p] += Math.pow(2.0, 1.0 - zeta[p]) * DoubleVector.fromArray(S, acc, p * L).reduceLanes(VectorOperators.ADD);
        }
    }

    private static DoubleVector power(DoubleVector base, double zeta) {
        int iz = (int) zeta;
        if (iz == zeta && iz >= 0 && iz <= 64) {
            DoubleVector result = DoubleVector.broadcast(S, 1.0), b = base;
            while (iz > 0) {
                if ((iz & 1) != 0) result = result.mul(b);
                b = b.mul(b);
                iz >>= 1;
            }
            return result;
        }
        return base.lanewise(VectorOperators.POW, zeta);
    }

    @Override
    public void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride) {
        SolidHarmonicsTable tab = SolidHarmonicsTable.of(lMax);
        for (int j = from; j < to; j += L) {
            VectorMask<Double> mk = S.indexInRange(j, to);
            DoubleVector xv = DoubleVector.fromArray(S, x, j, mk);
            DoubleVector yv = DoubleVector.fromArray(S, y, j, mk);
            DoubleVector zv = DoubleVector.fromArray(S, z, j, mk);
            DoubleVector r2 = xv.mul(xv).add(yv.mul(yv)).add(zv.mul(zv));
            DoubleVector c = DoubleVector.broadcast(S, 1.0), sn = DoubleVector.zero(S);
            for (int m = 0; m <= lMax; m++) {
                if (m > 0) {
                    DoubleVector cn = xv.mul(c).sub(yv.mul(sn));
                    sn = xv.mul(sn).add(yv.mul(c));
                    c = cn;
                }
                DoubleVector qPrev = DoubleVector.broadcast(S, tab.qmm[m]);
                DoubleVector qCur = qPrev;
                for (int l = m; l <= lMax; l++) {
                    if (l == m + 1) {
                        qCur = zv.mul(2 * m + 1).mul(qPrev);
                    } else if (l > m + 1) {
                        DoubleVector qn = zv.mul((2 * l - 1) / (double) (l - m)).mul(qCur)
                                .sub(r2.mul((l + m - 1) / (double) (l - m)).mul(qPrev));
                        qPrev = qCur;
                        qCur = qn;
                    }
                    DoubleVector v = qCur.mul(tab.norm[tab.qIndex(l, m)]);
                    if (m == 0) {
                        v.intoArray(out, (l * l + l) * stride + j, mk);
                    } else {
                        v.mul(c).intoArray(out, (l * l + l + m) * stride + j, mk);
                        v.mul(sn).intoArray(out, (l * l + l - m) * stride + j, mk);
                    }
                }
            }
        }
    }

    @Override
    public void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride) {
        for (int j = from; j < to; j += L) {
            VectorMask<Double> mk = S.indexInRange(j, to);
            DoubleVector rv = DoubleVector.fromArray(S, r2, j, mk).neg();
            for (int q = 0; q < gamma.length; q++) {
                rv.mul(gamma[q]).lanewise(VectorOperators.EXP).intoArray(out, q * stride + j, mk);
            }
        }
    }

    @Override
    public void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff) {
        int full = S.loopBound(n);
        for (int i = 0; i < na; i++) {
            int ai = aOff + i * stride;
            int k = 0;
            for (; k + 3 < nb; k += 4) {
                int b0 = bOff + k * stride, b1 = b0 + stride, b2 = b1 + stride, b3 = b2 + stride;
                DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int j = 0;
                for (; j < full; j += L) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ai + j);
                    s0 = va.fma(DoubleVector.fromArray(S, b, b0 + j), s0);
                    s1 = va.fma(DoubleVector.fromArray(S, b, b1 + j), s1);
                    s2 = va.fma(DoubleVector.fromArray(S, b, b2 + j), s2);
                    s3 = va.fma(DoubleVector.fromArray(S, b, b3 + j), s3);
                }
                if (j < n) {
                    VectorMask<Double> mk = S.indexInRange(j, n);
                    DoubleVector va = DoubleVector.fromArray(S, a, ai + j, mk);
                    s0 = va.fma(DoubleVector.fromArray(S, b, b0 + j, mk), s0);
                    s1 = va.fma(DoubleVector.fromArray(S, b, b1 + j, mk), s1);
                    s2 = va.fma(DoubleVector.fromArray(S, b, b2 + j, mk), s2);
                    s3 = va.fma(DoubleVector.fromArray(S, b, b3 + j, mk), s3);
                }
                int o = cOff + i * nb + k;
                c[o] = s0.reduceLanes(VectorOperators.ADD);
                c[o + 1] = s1.reduceLanes(VectorOperators.ADD);
                c[o + 2] = s2.reduceLanes(VectorOperators.ADD);
                c[o + 3] = s3.reduceLanes(VectorOperators.ADD);
            }
            for (; k < nb; k++) {
                int b0 = bOff + k * stride;
                DoubleVector s0 = DoubleVector.zero(S);
                int j = 0;
                for (; j < full; j += L) s0 = DoubleVector.fromArray(S, a, ai + j).fma(DoubleVector.fromArray(S, b, b0 + j), s0);
                if (j < n) {
                    VectorMask<Double> mk = S.indexInRange(j, n);
                    s0 = DoubleVector.fromArray(S, a, ai + j, mk).fma(DoubleVector.fromArray(S, b, b0 + j, mk), s0);
                }
                c[cOff + i * nb + k] = s0.reduceLanes(VectorOperators.ADD);
            }
        }
    }
}
