package org.atomdoe.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
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

    /** Scalar twin, for the tails shorter than a vector (masked accesses near array ends are slow). */
    private static final ScalarDescriptorKernels TAIL = new ScalarDescriptorKernels();
    private static final double[] NONE = new double[0];

    private static DoubleVector cutoffFn(DoubleVector r, double rCut) {
        DoubleVector fc = cosZeroToPi(r.mul(Math.PI / rCut)).add(1.0).mul(0.5);
        return DoubleVector.zero(S).blend(fc, r.compare(VectorOperators.LE, rCut));
    }

    // ---- elementary functions from +, *, fma and bit operations only: the JIT-compiled and the
    // ---- interpreted Vector API then give identical bits (the intrinsic SVML exp/cos and the
    // ---- Java fallback differ in the last ulp), so rows never depend on the JIT state.

    private static final double MAGIC = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    private static final double[] EXP_TAYLOR = new double[14];
    private static final double PIO2_HI = 1.5707963267948966, PIO2_LO = 6.123233995736766e-17;
    private static final double[] SIN_TAYLOR = new double[11]; // (-1)^k / (2k+1)!

    static {
        double f = 1;
        for (int k = 0; k < EXP_TAYLOR.length; k++) {
            if (k > 0) f /= k;
            EXP_TAYLOR[k] = f;
        }
        f = 1;
        for (int k = 0; k < SIN_TAYLOR.length; k++) {
            if (k > 0) f /= -(2.0 * k) * (2.0 * k + 1);
            SIN_TAYLOR[k] = f;
        }
    }

    /** e^x (relative error a few ulp; 0 below -708). */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(-708.0).min(709.0);
        DoubleVector t = xc.fma(INV_LN2, MAGIC);
        DoubleVector n = t.sub(MAGIC);
        DoubleVector r = n.mul(-LN2_HI).add(xc); // exact: n * LN2_HI has trailing zero bits
        r = n.fma(DoubleVector.broadcast(S, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(S, EXP_TAYLOR[13]);
        for (int k = 12; k >= 0; k--) p = p.fma(r, DoubleVector.broadcast(S, EXP_TAYLOR[k]));
        LongVector bits = (LongVector) t.viewAsIntegralLanes();
        DoubleVector scale = (DoubleVector) bits.sub(MAGIC_BITS - 1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        return DoubleVector.zero(S).blend(p.mul(scale), x.compare(VectorOperators.GE, -708.0));
    }

    /** cos y for y in [0, pi] as -sin(y - pi/2) by its Taylor series to degree 21. */
    static DoubleVector cosZeroToPi(DoubleVector y) {
        DoubleVector z = y.sub(PIO2_HI).sub(PIO2_LO);
        DoubleVector z2 = z.mul(z);
        DoubleVector p = DoubleVector.broadcast(S, SIN_TAYLOR[10]);
        for (int k = 9; k >= 0; k--) p = p.fma(z2, DoubleVector.broadcast(S, SIN_TAYLOR[k]));
        return p.mul(z).neg();
    }

    /** Sum of the lanes in lane order (reduceLanes leaves the order unspecified). */
    private static double sumLanes(DoubleVector v, double[] tmp) {
        v.intoArray(tmp, 0);
        double s = 0;
        for (int i = 0; i < L; i++) s += tmp[i];
        return s;
    }

    private static double sumLanes(double[] acc, int off) {
        double s = 0;
        for (int i = 0; i < L; i++) s += acc[off + i];
        return s;
    }

    @Override
    public void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off) {
        double[] acc = new double[nBasis * L];
        int end = from + S.loopBound(to - from);
        for (int j = from; j < end; j += L) {
            DoubleVector rv = DoubleVector.fromArray(S, r, j);
            DoubleVector fc = cutoffFn(rv, rCut);
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
        for (int k = 0; k < nBasis; k++) out[off + k] += sumLanes(acc, k * L);
        if (end < to) TAIL.chebyshevCutoffSum(r, end, to, rCut, nBasis, out, off);
    }

    @Override
    public void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                           double[] kappa, double[] out, int off) {
        int g1 = withG1 ? 1 : 0;
        int nf = g1 + eta.length + kappa.length;
        double[] acc = new double[nf * L];
        int end = from + S.loopBound(to - from);
        for (int j = from; j < end; j += L) {
            DoubleVector rv = DoubleVector.fromArray(S, r, j);
            DoubleVector fc = cutoffFn(rv, rCut);
            if (withG1) DoubleVector.fromArray(S, acc, 0).add(fc).intoArray(acc, 0);
            for (int p = 0; p < eta.length; p++) {
                DoubleVector d = rv.sub(rs[p]);
                DoubleVector e = exp(d.mul(d).mul(-eta[p])).mul(fc);
                int o = (g1 + p) * L;
                DoubleVector.fromArray(S, acc, o).add(e).intoArray(acc, o);
            }
        }
        for (int f = 0; f < nf; f++) out[off + f] += sumLanes(acc, f * L);
        if (end < to) TAIL.acsfRadial(r, end, to, rCut, withG1, eta, rs, NONE, out, off);
        // G3 (cos of arbitrary arguments) is rare: the scalar twin
        if (kappa.length > 0) TAIL.acsfRadial(r, from, to, rCut, false, NONE, NONE, kappa, out, off + g1 + eta.length);
    }

    @Override
    public void acsfAngular(double[] cos, double[] rsq, double[] rjk, double[] fcij, int from, int to, double rCut,
                            boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off) {
        int np = eta.length;
        for (double z : zeta) {
            if (z != (int) z || z < 0 || z > 64) { // general powers: the scalar twin (Math.pow)
                TAIL.acsfAngular(cos, rsq, rjk, fcij, from, to, rCut, g4, eta, zeta, lambda, out, off);
                return;
            }
        }
        double[] acc = new double[np * L];
        int end = from + S.loopBound(to - from);
        for (int t = from; t < end; t += L) {
            DoubleVector w = DoubleVector.fromArray(S, fcij, t);
            DoubleVector s = DoubleVector.fromArray(S, rsq, t);
            if (g4) {
                DoubleVector d = DoubleVector.fromArray(S, rjk, t);
                w = w.mul(cutoffFn(d, rCut));
                s = d.fma(d, s);
            }
            DoubleVector c = DoubleVector.fromArray(S, cos, t);
            double lastEta = Double.NaN;
            DoubleVector e = w;
            for (int p = 0; p < np; p++) {
                if (eta[p] != lastEta) {
                    lastEta = eta[p];
                    e = exp(s.mul(-lastEta)).mul(w);
                }
                DoubleVector base = c.fma(lambda[p], 1.0);
                DoubleVector term = power(base, zeta[p]).mul(e);
                int o = p * L;
                DoubleVector.fromArray(S, acc, o).add(term).intoArray(acc, o);
            }
        }
        for (int p = 0; p < np; p++) {
            out[off + p] += Math.pow(2.0, 1.0 - zeta[p]) * sumLanes(acc, p * L);
        }
        if (end < to) TAIL.acsfAngular(cos, rsq, rjk, fcij, end, to, rCut, g4, eta, zeta, lambda, out, off);
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
        throw new IllegalStateException("non-integer zeta handled by the scalar twin");
    }

    @Override
    public void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride) {
        SolidHarmonicsTable tab = SolidHarmonicsTable.of(lMax);
        int end = from + S.loopBound(to - from);
        for (int j = from; j < end; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector yv = DoubleVector.fromArray(S, y, j);
            DoubleVector zv = DoubleVector.fromArray(S, z, j);
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
                        v.intoArray(out, (l * l + l) * stride + j);
                    } else {
                        v.mul(c).intoArray(out, (l * l + l + m) * stride + j);
                        v.mul(sn).intoArray(out, (l * l + l - m) * stride + j);
                    }
                }
            }
        }
        if (end < to) TAIL.solidHarmonics(x, y, z, end, to, lMax, out, stride);
    }

    @Override
    public void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride) {
        int end = from + S.loopBound(to - from);
        for (int j = from; j < end; j += L) {
            DoubleVector rv = DoubleVector.fromArray(S, r2, j).neg();
            for (int q = 0; q < gamma.length; q++) {
                exp(rv.mul(gamma[q])).intoArray(out, q * stride + j);
            }
        }
        if (end < to) TAIL.gaussians(r2, end, to, gamma, out, stride);
    }

    @Override
    public void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff) {
        int full = S.loopBound(n);
        double[] tmp = new double[L];
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
                double t0 = sumLanes(s0, tmp), t1 = sumLanes(s1, tmp);
                double t2 = sumLanes(s2, tmp), t3 = sumLanes(s3, tmp);
                for (; j < n; j++) {
                    double va = a[ai + j];
                    t0 += va * b[b0 + j];
                    t1 += va * b[b1 + j];
                    t2 += va * b[b2 + j];
                    t3 += va * b[b3 + j];
                }
                int o = cOff + i * nb + k;
                c[o] = t0;
                c[o + 1] = t1;
                c[o + 2] = t2;
                c[o + 3] = t3;
            }
            for (; k < nb; k++) {
                int b0 = bOff + k * stride;
                DoubleVector s0 = DoubleVector.zero(S);
                int j = 0;
                for (; j < full; j += L) s0 = DoubleVector.fromArray(S, a, ai + j).fma(DoubleVector.fromArray(S, b, b0 + j), s0);
                double t0 = sumLanes(s0, tmp);
                for (; j < n; j++) t0 += a[ai + j] * b[b0 + j];
                c[cOff + i * nb + k] = t0;
            }
        }
    }
}
