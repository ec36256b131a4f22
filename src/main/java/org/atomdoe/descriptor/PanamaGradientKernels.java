package org.atomdoe.descriptor;

import static org.atomdoe.descriptor.DescriptorKernels.GEO_COS;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_DJ;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_DK;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_FC;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_IJJ;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_IJK;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_IKK;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_RJK;
import static org.atomdoe.descriptor.DescriptorKernels.GEO_RSQ;
import static org.atomdoe.descriptor.DescriptorKernels.NB_DFC;
import static org.atomdoe.descriptor.DescriptorKernels.NB_FC;
import static org.atomdoe.descriptor.DescriptorKernels.NB_IR;
import static org.atomdoe.descriptor.DescriptorKernels.NB_R;
import static org.atomdoe.descriptor.DescriptorKernels.NB_X;
import static org.atomdoe.descriptor.DescriptorKernels.NB_Y;
import static org.atomdoe.descriptor.DescriptorKernels.NB_Z;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The derivative kernels of {@link DescriptorKernels} on the incubator Vector API, called by
 * {@link PanamaDescriptorKernels}; {@link ScalarDescriptorKernels} defines their semantics. Lanes run over
 * neighbours (radial derivatives, harmonics, panels), over neighbour pairs (ACSF coefficients) or over the
 * second index of a row (pair rows, rank-two blocks). Same conventions as {@link PanamaDescriptorKernels}: tails
 * shorter than a vector go to the scalar twin, no masks, no vector crosses a method boundary, exp and cos/sin
 * built from exactly rounded lane operations (deterministic rows whatever the JIT state).
 */
final class PanamaGradientKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Rank-two blocks have rows of at most nMax (8 for SOAP's usual n_max): on 512-bit vectors (8 lanes, AVX-512) every
     * triangle row but the first would be shorter than a vector and go to scalar code, so they take at most 256 bits
     * (rows 0-4 of 8 vectorised). Lane-wise multiplies and adds in the scalar twin's order: the same bits either way.
     */
    private static final VectorSpecies<Double> ROW = S.length() > 4 ? DoubleVector.SPECIES_256 : S;
    private static final int ROW_L = ROW.length();
    private static final ScalarDescriptorKernels TAIL = new ScalarDescriptorKernels();
    private static final double[] NONE = new double[0];

    /** Per-thread scratch arrays (kernels do not nest), grown on demand. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[12][64]);

    private static final DoubleVector ONE = c(1.0), HALF = c(0.5), PI = c(Math.PI);
    private static final LongVector ABS_MASK = LongVector.broadcast(LongVector.SPECIES_PREFERRED, Long.MAX_VALUE);
    private static final DoubleVector PIO2_HI = c(1.5707963267948966), PIO2_LO = c(6.123233995736766e-17);
    // sin z = z (1 + z^2 (S1 + ...)), S_k = (-1)^k / (2k+1)!;  cos z = 1 + z^2 (C1 + ...), C_k = (-1)^k / (2k)!
    private static final DoubleVector S1 = c(-1 / 6.0), S2 = c(1 / 120.0), S3 = c(-1 / 5040.0), S4 = c(1 / 362880.0),
            S5 = c(-1 / 39916800.0), S6 = c(1 / 6227020800.0), S7 = c(-1 / 1307674368000.0), S8 = c(1 / 355687428096000.0),
            S9 = c(-1 / 121645100408832000.0), S10 = c(1 / 51090942171709440000.0);
    private static final DoubleVector C1 = c(-1 / 2.0), C2 = c(1 / 24.0), C3 = c(-1 / 720.0), C4 = c(1 / 40320.0),
            C5 = c(-1 / 3628800.0), C6 = c(1 / 479001600.0), C7 = c(-1 / 87178291200.0), C8 = c(1 / 20922789888000.0),
            C9 = c(-1 / 6402373705728000.0), C10 = c(1 / 2432902008176640000.0), C11 = c(-1 / 1124000727777607680000.0);

    private PanamaGradientKernels() {}

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    private static double[] scratch(double[][] slots, int slot, int n) {
        if (slots[slot].length < n) slots[slot] = new double[Math.max(n, 2 * slots[slot].length)];
        return slots[slot];
    }

    /**
     * For {@code i < n} (a multiple of the lane count): {@code fc[i] = (cos y + 1) / 2} and {@code sn[i] = sin y} with
     * {@code y = pi min(r, r_cut) / r_cut} (so both vanish beyond the cutoff, up to ~1e-16 for sin): with
     * {@code z = y - pi/2}, {@code cos y = -sin z} and {@code sin y = cos z}, Taylor series to degree 21 and 22 on
     * |z| <= pi/2 (the clamp as in {@link PanamaDescriptorKernels#cutoffs}).
     */
    static void cutoffAndSine(double[] r, int rOff, double rCut, int n, double[] fc, double[] sn) {
        DoubleVector scale = DoubleVector.broadcast(S, Math.PI / rCut);
        for (int i = 0; i < n; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, r, rOff + i).mul(scale);
            DoubleVector d = y.sub(PI).reinterpretAsLongs().and(ABS_MASK).reinterpretAsDoubles();
            DoubleVector z = y.add(PI).sub(d).mul(HALF).sub(PIO2_HI).sub(PIO2_LO);
            DoubleVector z2 = z.mul(z);
            DoubleVector s = z2.fma(S10, S9).fma(z2, S8).fma(z2, S7).fma(z2, S6).fma(z2, S5).fma(z2, S4).fma(z2, S3)
                    .fma(z2, S2).fma(z2, S1).fma(z2, ONE).mul(z);
            DoubleVector co = z2.fma(C11, C10).fma(z2, C9).fma(z2, C8).fma(z2, C7).fma(z2, C6).fma(z2, C5).fma(z2, C4)
                    .fma(z2, C3).fma(z2, C2).fma(z2, C1).fma(z2, ONE);
            ONE.sub(s).mul(HALF).intoArray(fc, i);
            co.intoArray(sn, i);
        }
    }

    private static double sumLanes(double[] acc, int off) {
        double s = 0;
        for (int i = 0; i < L; i++) s += acc[off + i];
        return s;
    }

    static void chebyshevCutoffGradient(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off,
                                        double[] dOut, int dOff, int dStride) {
        int nv = S.loopBound(to - from), end = from + nv;
        if (nv > 0) {
            double[][] sl = SCRATCH.get();
            double[] fcs = scratch(sl, 0, nv), sns = scratch(sl, 1, nv), acc = scratch(sl, 2, nBasis * L);
            cutoffAndSine(r, from, rCut, nv, fcs, sns);
            Arrays.fill(acc, 0, nBasis * L, 0.0);
            DoubleVector scale = DoubleVector.broadcast(S, 2.0 / rCut), dScale = DoubleVector.broadcast(S, -0.5 * Math.PI / rCut);
            DoubleVector two = DoubleVector.broadcast(S, 2.0);
            for (int j = 0; j < nv; j += L) {
                DoubleVector rv = DoubleVector.fromArray(S, r, from + j);
                DoubleVector fc = DoubleVector.fromArray(S, fcs, j);
                DoubleVector ir = ONE.div(rv);
                DoubleVector dfc = DoubleVector.fromArray(S, sns, j).mul(dScale);
                DoubleVector x = rv.fma(scale, ONE.neg());
                DoubleVector.fromArray(S, acc, 0).add(fc).intoArray(acc, 0);
                dfc.mul(ir).intoArray(dOut, dOff + j);
                if (nBasis < 2) continue;
                x.fma(fc, DoubleVector.fromArray(S, acc, L)).intoArray(acc, L);
                scale.mul(fc).add(x.mul(dfc)).mul(ir).intoArray(dOut, dOff + dStride + j);
                DoubleVector x2 = x.add(x), sfc = scale.mul(fc);
                DoubleVector tPrev = ONE, t = x, dPrev = DoubleVector.zero(S), d = ONE;
                for (int k = 2; k < nBasis; k++) {
                    DoubleVector tn = x2.fma(t, tPrev.neg());
                    DoubleVector dn = two.fma(t, x2.fma(d, dPrev.neg()));
                    tPrev = t;
                    t = tn;
                    dPrev = d;
                    d = dn;
                    tn.fma(fc, DoubleVector.fromArray(S, acc, k * L)).intoArray(acc, k * L);
                    dn.mul(sfc).add(tn.mul(dfc)).mul(ir).intoArray(dOut, dOff + k * dStride + j);
                }
            }
            for (int k = 0; k < nBasis; k++) out[off + k] += sumLanes(acc, k * L);
        }
        if (end < to) TAIL.chebyshevCutoffGradient(r, end, to, rCut, nBasis, out, off, dOut, dOff + nv, dStride);
    }

    static void acsfRadialGradient(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                                   double[] kappa, double[] out, int off, double[] dOut, int dOff, int dStride) {
        int g1 = withG1 ? 1 : 0;
        int nv = S.loopBound(to - from), end = from + nv;
        if (nv == 0) {
            TAIL.acsfRadialGradient(r, from, to, rCut, withG1, eta, rs, kappa, out, off, dOut, dOff, dStride);
            return;
        }
        double[][] sl = SCRATCH.get();
        double[] fcs = scratch(sl, 0, nv), dfr = scratch(sl, 1, nv), d2 = scratch(sl, 2, nv), e = scratch(sl, 3, nv);
        double[] tmp = scratch(sl, 4, L);
        cutoffAndSine(r, from, rCut, nv, fcs, dfr);
        DoubleVector dScale = DoubleVector.broadcast(S, -0.5 * Math.PI / rCut);
        DoubleVector acc = DoubleVector.zero(S);
        for (int j = 0; j < nv; j += L) { // dfr <- fc'(r) / r
            DoubleVector ir = ONE.div(DoubleVector.fromArray(S, r, from + j));
            DoubleVector df = DoubleVector.fromArray(S, dfr, j).mul(dScale).mul(ir);
            df.intoArray(dfr, j);
            if (withG1) {
                acc = acc.add(DoubleVector.fromArray(S, fcs, j));
                df.intoArray(dOut, dOff + j);
            }
        }
        if (withG1) {
            acc.intoArray(tmp, 0);
            out[off] += sumLanes(tmp, 0);
        }
        for (int p = 0; p < eta.length; p++) {
            DoubleVector rsp = DoubleVector.broadcast(S, rs[p]), twoEta = DoubleVector.broadcast(S, 2 * eta[p]);
            for (int j = 0; j < nv; j += L) {
                DoubleVector d = DoubleVector.fromArray(S, r, from + j).sub(rsp);
                d.mul(d).intoArray(d2, j);
            }
            PanamaDescriptorKernels.expScaled(d2, 0, -eta[p], nv, e, 0);
            DoubleVector sum = DoubleVector.zero(S);
            int o = dOff + (g1 + p) * dStride;
            for (int j = 0; j < nv; j += L) {
                DoubleVector rv = DoubleVector.fromArray(S, r, from + j);
                DoubleVector ev = DoubleVector.fromArray(S, e, j), fc = DoubleVector.fromArray(S, fcs, j);
                sum = ev.fma(fc, sum);
                // e (fc'/r - 2 eta (r - R_s) fc / r)
                DoubleVector slope = twoEta.mul(rv.sub(rsp)).mul(fc).div(rv);
                ev.mul(DoubleVector.fromArray(S, dfr, j).sub(slope)).intoArray(dOut, o + j);
            }
            sum.intoArray(tmp, 0);
            out[off + g1 + p] += sumLanes(tmp, 0);
        }
        if (end < to) TAIL.acsfRadialGradient(r, end, to, rCut, withG1, eta, rs, NONE, out, off, dOut, dOff + nv, dStride);
        // G3 (cos of arbitrary arguments) is rare: the scalar twin
        if (kappa.length > 0) {
            int q0 = g1 + eta.length;
            TAIL.acsfRadialGradient(r, from, to, rCut, false, NONE, NONE, kappa, out, off + q0, dOut, dOff + q0 * dStride, dStride);
        }
    }

    static void pairGeometryGradient(double[] a, int j, double[] b, int kFrom, int kTo, int ns, double[] geo, int gs, int outOff) {
        int end = kFrom + S.loopBound(kTo - kFrom);
        double rj = a[NB_R * ns + j], ij = a[NB_IR * ns + j];
        DoubleVector xj = DoubleVector.broadcast(S, a[NB_X * ns + j]), yj = DoubleVector.broadcast(S, a[NB_Y * ns + j]);
        DoubleVector zj = DoubleVector.broadcast(S, a[NB_Z * ns + j]), rj2 = DoubleVector.broadcast(S, rj * rj);
        DoubleVector fj = DoubleVector.broadcast(S, a[NB_FC * ns + j]), dj = DoubleVector.broadcast(S, a[NB_DFC * ns + j]);
        DoubleVector ijv = DoubleVector.broadcast(S, ij), ijj = DoubleVector.broadcast(S, ij * ij);
        for (int k = kFrom; k < end; k += L) {
            int o = outOff + k - kFrom;
            DoubleVector xk = DoubleVector.fromArray(S, b, NB_X * ns + k), yk = DoubleVector.fromArray(S, b, NB_Y * ns + k);
            DoubleVector zk = DoubleVector.fromArray(S, b, NB_Z * ns + k), rk = DoubleVector.fromArray(S, b, NB_R * ns + k);
            DoubleVector fk = DoubleVector.fromArray(S, b, NB_FC * ns + k), ik = DoubleVector.fromArray(S, b, NB_IR * ns + k);
            DoubleVector ijk = ijv.mul(ik);
            xj.mul(xk).add(yj.mul(yk)).add(zj.mul(zk)).mul(ijk).intoArray(geo, GEO_COS * gs + o);
            rk.fma(rk, rj2).intoArray(geo, GEO_RSQ * gs + o);
            DoubleVector ex = xk.sub(xj), ey = yk.sub(yj), ez = zk.sub(zj);
            ex.mul(ex).add(ey.mul(ey)).add(ez.mul(ez)).lanewise(VectorOperators.SQRT).intoArray(geo, GEO_RJK * gs + o);
            fj.mul(fk).intoArray(geo, GEO_FC * gs + o);
            dj.mul(fk).intoArray(geo, GEO_DJ * gs + o);
            fj.mul(DoubleVector.fromArray(S, b, NB_DFC * ns + k)).intoArray(geo, GEO_DK * gs + o);
            ijk.intoArray(geo, GEO_IJK * gs + o);
            ijj.intoArray(geo, GEO_IJJ * gs + o);
            ik.mul(ik).intoArray(geo, GEO_IKK * gs + o);
        }
        if (end < kTo) TAIL.pairGeometryGradient(a, j, b, end, kTo, ns, geo, gs, outOff + end - kFrom);
    }

    static void acsfAngularGradient(double[] geo, int gs, int from, int to, double rCut, boolean g4, double[] eta,
                                    double[] zeta, double[] lambda, double[] out, int off, double[] coef, int coefOff, int cs) {
        int np = eta.length;
        int[] iz = new int[np];
        int nv = S.loopBound(to - from), end = from + nv;
        for (int p = 0; p < np; p++) {
            if (zeta[p] != (int) zeta[p] || zeta[p] < 1 || zeta[p] > 64 || nv == 0) { // general powers: the scalar twin (Math.pow)
                TAIL.acsfAngularGradient(geo, gs, from, to, rCut, g4, eta, zeta, lambda, out, off, coef, coefOff, cs);
                return;
            }
            iz[p] = (int) zeta[p];
        }
        double[][] sl = SCRATCH.get();
        // per pair: F, exponent argument s, P_j, P_k, P_jk
        double[] f = scratch(sl, 0, nv), sq = scratch(sl, 1, nv), pj = scratch(sl, 2, nv), pk = scratch(sl, 3, nv), pjk = scratch(sl, 4, nv);
        if (g4) {
            double[] fjk = scratch(sl, 5, nv), sjk = scratch(sl, 6, nv);
            cutoffAndSine(geo, GEO_RJK * gs + from, rCut, nv, fjk, sjk);
            DoubleVector dScale = DoubleVector.broadcast(S, -0.5 * Math.PI / rCut);
            for (int t = 0; t < nv; t += L) {
                DoubleVector d = DoubleVector.fromArray(S, geo, GEO_RJK * gs + from + t);
                DoubleVector fc = DoubleVector.fromArray(S, geo, GEO_FC * gs + from + t), fk = DoubleVector.fromArray(S, fjk, t);
                fc.mul(DoubleVector.fromArray(S, sjk, t).mul(dScale).div(d)).intoArray(pjk, t);
                fc.mul(fk).intoArray(f, t);
                DoubleVector.fromArray(S, geo, GEO_DJ * gs + from + t).mul(fk).intoArray(pj, t);
                DoubleVector.fromArray(S, geo, GEO_DK * gs + from + t).mul(fk).intoArray(pk, t);
                d.fma(d, DoubleVector.fromArray(S, geo, GEO_RSQ * gs + from + t)).intoArray(sq, t);
            }
        } else {
            System.arraycopy(geo, GEO_FC * gs + from, f, 0, nv);
            System.arraycopy(geo, GEO_RSQ * gs + from, sq, 0, nv);
            System.arraycopy(geo, GEO_DJ * gs + from, pj, 0, nv);
            System.arraycopy(geo, GEO_DK * gs + from, pk, 0, nv);
            Arrays.fill(pjk, 0, nv, 0.0);
        }
        // one exponential per distinct eta, one power u^(zeta-1) per distinct (lambda, zeta)
        int[] etaSlot = new int[np], powSlot = new int[np];
        double[] etas = new double[np];
        int ne = PanamaDescriptorKernels.distinctEtas(eta, etaSlot, etas), npow = PanamaDescriptorKernels.distinctPowers(lambda, iz, powSlot);
        double[] ew = scratch(sl, 7, ne * nv);
        for (int k = 0; k < ne; k++) PanamaDescriptorKernels.expScaled(sq, 0, -etas[k], nv, ew, k * nv);
        double[] pw = scratch(sl, 8, npow * nv), sqr = scratch(sl, 9, nv);
        boolean[] done = new boolean[npow];
        for (int p = 0; p < np; p++) {
            if (done[powSlot[p]]) continue;
            done[powSlot[p]] = true;
            PanamaDescriptorKernels.powers(geo, GEO_COS * gs + from, lambda[p], iz[p] - 1, nv, pw, powSlot[p] * nv, sqr);
        }
        double[] acc = scratch(sl, 10, np * L);
        double diag = g4 ? 2.0 : 1.0, cross = g4 ? 1.0 : 0.0;
        for (int p = 0; p < np; p++) {
            double scale = Math.pow(2.0, 1.0 - zeta[p]);
            DoubleVector lam = DoubleVector.broadcast(S, lambda[p]), sc = DoubleVector.broadcast(S, scale);
            DoubleVector zl = DoubleVector.broadcast(S, zeta[p] * lambda[p] * scale);
            DoubleVector dEta = DoubleVector.broadcast(S, -2.0 * eta[p] * diag), cEta = DoubleVector.broadcast(S, 2.0 * eta[p] * cross);
            int po = powSlot[p] * nv, eo = etaSlot[p] * nv, c0 = coefOff + 3 * p * cs + from, c1 = c0 + cs, c2 = c1 + cs;
            DoubleVector sum = DoubleVector.zero(S);
            for (int t = 0; t < nv; t += L) {
                DoubleVector cos = DoubleVector.fromArray(S, geo, GEO_COS * gs + from + t);
                DoubleVector pv = DoubleVector.fromArray(S, pw, po + t), ev = DoubleVector.fromArray(S, ew, eo + t);
                DoubleVector fv = DoubleVector.fromArray(S, f, t), pjkv = DoubleVector.fromArray(S, pjk, t);
                DoubleVector pe = pv.mul(ev);
                DoubleVector bv = pe.mul(cos.fma(lam, ONE)).mul(sc), av = pe.mul(zl);
                sum = bv.fma(fv, sum);
                DoubleVector aF = av.mul(fv), naFc = aF.mul(cos).neg();
                DoubleVector common = fv.fma(dEta, pjkv); // P_jk - 2 eta F (1 + g4)
                naFc.mul(DoubleVector.fromArray(S, geo, GEO_IJJ * gs + from + t))
                        .add(bv.mul(common.add(DoubleVector.fromArray(S, pj, t)))).intoArray(coef, c0 + t);
                naFc.mul(DoubleVector.fromArray(S, geo, GEO_IKK * gs + from + t))
                        .add(bv.mul(common.add(DoubleVector.fromArray(S, pk, t)))).intoArray(coef, c1 + t);
                aF.mul(DoubleVector.fromArray(S, geo, GEO_IJK * gs + from + t)).sub(bv.mul(pjkv.sub(cEta.mul(fv)))).intoArray(coef, c2 + t);
            }
            sum.intoArray(acc, p * L);
        }
        for (int p = 0; p < np; p++) out[off + p] += sumLanes(acc, p * L);
        if (end < to) TAIL.acsfAngularGradient(geo, gs, end, to, rCut, g4, eta, zeta, lambda, out, off, coef, coefOff, cs);
    }

    static void pairGradientRow(double[] coef, int cs, int np, int tOff, double[] a, int j, double[] b, int kFrom, int kTo,
                                int ns, double[] ga, double[] gb, int gs) {
        int end = kFrom + S.loopBound(kTo - kFrom), shift = tOff - kFrom;
        double djx = a[j], djy = a[ns + j], djz = a[2 * ns + j];
        DoubleVector vjx = DoubleVector.broadcast(S, djx), vjy = DoubleVector.broadcast(S, djy), vjz = DoubleVector.broadcast(S, djz);
        for (int p = 0; p < np; p++) {
            int jj = 3 * p * cs + shift, kk = jj + cs, jk = kk + cs;
            int gx = 3 * p * gs, gy = gx + gs, gz = gy + gs;
            // the three components in one pass: each coefficient is loaded once
            DoubleVector ax = DoubleVector.zero(S), ay = ax, az = ax;
            int k = kFrom;
            for (; k < end; k += L) {
                DoubleVector cjj = DoubleVector.fromArray(S, coef, jj + k), ckk = DoubleVector.fromArray(S, coef, kk + k);
                DoubleVector cjk = DoubleVector.fromArray(S, coef, jk + k);
                DoubleVector dx = DoubleVector.fromArray(S, b, k), dy = DoubleVector.fromArray(S, b, ns + k), dz = DoubleVector.fromArray(S, b, 2 * ns + k);
                ckk.fma(dx, cjk.fma(vjx, DoubleVector.fromArray(S, gb, gx + k))).intoArray(gb, gx + k);
                ckk.fma(dy, cjk.fma(vjy, DoubleVector.fromArray(S, gb, gy + k))).intoArray(gb, gy + k);
                ckk.fma(dz, cjk.fma(vjz, DoubleVector.fromArray(S, gb, gz + k))).intoArray(gb, gz + k);
                ax = cjj.fma(vjx, cjk.fma(dx, ax));
                ay = cjj.fma(vjy, cjk.fma(dy, ay));
                az = cjj.fma(vjz, cjk.fma(dz, az));
            }
            double sx = ax.reduceLanes(VectorOperators.ADD), sy = ay.reduceLanes(VectorOperators.ADD), sz = az.reduceLanes(VectorOperators.ADD);
            for (; k < kTo; k++) {
                double cjj = coef[jj + k], ckk = coef[kk + k], cjk = coef[jk + k];
                double dx = b[k], dy = b[ns + k], dz = b[2 * ns + k];
                gb[gx + k] += ckk * dx + cjk * djx;
                gb[gy + k] += ckk * dy + cjk * djy;
                gb[gz + k] += ckk * dz + cjk * djz;
                sx += cjj * djx + cjk * dx;
                sy += cjj * djy + cjk * dy;
                sz += cjj * djz + cjk * dz;
            }
            ga[gx + j] += sx;
            ga[gy + j] += sy;
            ga[gz + j] += sz;
        }
    }

    static void solidHarmonicsGradient(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out,
                                       double[] gx, double[] gy, double[] gz, int stride) {
        SolidHarmonicsTable tab = SolidHarmonicsTable.of(lMax);
        int end = from + S.loopBound(to - from);
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = from; j < end; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j), yv = DoubleVector.fromArray(S, y, j), zv = DoubleVector.fromArray(S, z, j);
            DoubleVector r2 = xv.mul(xv).add(yv.mul(yv)).add(zv.mul(zv));
            DoubleVector c = ONE, s = zero, cp = zero, sp = zero; // Re, Im of (x + i y)^m and ^(m-1)
            for (int m = 0; m <= lMax; m++) {
                // Q_{m-1} = 0, Q_m = (2m-1)!!: the recurrence then gives Q_{m+1} = (2m+1) z Q_m with its derivatives
                DoubleVector q = DoubleVector.broadcast(S, tab.qmm[m]), qz = zero, qr = zero;
                DoubleVector qp = zero, qzp = zero, qrp = zero;
                for (int l = m; l <= lMax; l++) {
                    double v = tab.norm[tab.qIndex(l, m)];
                    DoubleVector vq = q.mul(v), vr = qr.mul(2 * v), vz = qz.mul(v).add(vr.mul(zv));
                    DoubleVector rx = vr.mul(xv), ry = vr.mul(yv);
                    int ic = (l * l + l + m) * stride + j;
                    vq.mul(c).intoArray(out, ic);
                    if (m == 0) {
                        rx.intoArray(gx, ic);
                        ry.intoArray(gy, ic);
                        vz.intoArray(gz, ic);
                    } else {
                        DoubleVector vm = vq.mul(m);
                        int is = (l * l + l - m) * stride + j;
                        rx.fma(c, vm.mul(cp)).intoArray(gx, ic);
                        ry.fma(c, vm.mul(sp).neg()).intoArray(gy, ic);
                        vz.mul(c).intoArray(gz, ic);
                        vq.mul(s).intoArray(out, is);
                        rx.fma(s, vm.mul(sp)).intoArray(gx, is);
                        ry.fma(s, vm.mul(cp)).intoArray(gy, is);
                        vz.mul(s).intoArray(gz, is);
                    }
                    if (l == lMax) break;
                    int ln = l + 1;
                    double a = (2.0 * ln - 1) / (ln - m), bb = (ln + m - 1.0) / (ln - m);
                    DoubleVector za = zv.mul(a), rb = r2.mul(bb);
                    DoubleVector qn = za.mul(q).sub(rb.mul(qp));
                    DoubleVector qzn = q.mul(a).add(za.mul(qz)).sub(rb.mul(qzp));
                    DoubleVector qrn = za.mul(qr).sub(qp.add(r2.mul(qrp)).mul(bb));
                    qp = q;
                    q = qn;
                    qzp = qz;
                    qz = qzn;
                    qrp = qr;
                    qr = qrn;
                }
                DoubleVector cn = xv.mul(c).sub(yv.mul(s)), sn = xv.mul(s).add(yv.mul(c));
                cp = c;
                sp = s;
                c = cn;
                s = sn;
            }
        }
        if (end < to) TAIL.solidHarmonicsGradient(x, y, z, end, to, lMax, out, gx, gy, gz, stride);
    }

    static void panelProduct(double[] a, int aOff, int rows, int inner, double[] p, int pOff, int ps, int from, int to,
                             double[] out, int outOff, int os) {
        int nv = S.loopBound(to - from), end = from + nv;
        int r = 0;
        for (; r + 3 < rows; r += 4) { // four rows share each panel load
            int a0 = aOff + r * inner, o0 = outOff + r * os - from;
            for (int t = from; t < end; t += L) {
                DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int q = 0; q < inner; q++) {
                    DoubleVector pv = DoubleVector.fromArray(S, p, pOff + q * ps + t);
                    s0 = pv.fma(DoubleVector.broadcast(S, a[a0 + q]), s0);
                    s1 = pv.fma(DoubleVector.broadcast(S, a[a0 + inner + q]), s1);
                    s2 = pv.fma(DoubleVector.broadcast(S, a[a0 + 2 * inner + q]), s2);
                    s3 = pv.fma(DoubleVector.broadcast(S, a[a0 + 3 * inner + q]), s3);
                }
                s0.intoArray(out, o0 + t);
                s1.intoArray(out, o0 + os + t);
                s2.intoArray(out, o0 + 2 * os + t);
                s3.intoArray(out, o0 + 3 * os + t);
            }
        }
        for (; r < rows; r++) {
            int a0 = aOff + r * inner, o0 = outOff + r * os - from;
            for (int t = from; t < end; t += L) {
                DoubleVector s0 = DoubleVector.zero(S);
                for (int q = 0; q < inner; q++) s0 = DoubleVector.fromArray(S, p, pOff + q * ps + t).fma(DoubleVector.broadcast(S, a[a0 + q]), s0);
                s0.intoArray(out, o0 + t);
            }
        }
        if (end < to) TAIL.panelProduct(a, aOff, rows, inner, p, pOff, ps, end, to, out, outOff + nv, os);
    }

    static void rankTwo(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] d, int dOff, int n, int blocks,
                        boolean triangle, double[] out, int outOff) {
        int o = outOff;
        for (int q = 0; q < blocks; q++) {
            int ao = aOff + q * n, bo = bOff + q * n, co = cOff + q * n, dO = dOff + q * n;
            for (int r = 0; r < n; r++) {
                int s0 = triangle ? r : 0, len = n - s0;
                double ar = a[ao + r], cr = c[co + r], br = triangle ? b[bo + r] : 0.0, dr = triangle ? d[dO + r] : 0.0;
                if (len < ROW_L) {
                    for (int s = s0; s < n; s++) {
                        double v = ar * b[bo + s] + cr * d[dO + s];
                        out[o + s - s0] = triangle ? v + br * a[ao + s] + dr * c[co + s] : v;
                    }
                } else {
                    DoubleVector av = DoubleVector.broadcast(ROW, ar), cv = DoubleVector.broadcast(ROW, cr);
                    DoubleVector bv = DoubleVector.broadcast(ROW, br), dv = DoubleVector.broadcast(ROW, dr);
                    // the last vector of a row overlaps the previous one (recomputing the same values): no scalar tail
                    for (int s = s0; ; s += ROW_L) {
                        if (s > n - ROW_L) s = n - ROW_L;
                        DoubleVector m = DoubleVector.fromArray(ROW, b, bo + s).mul(av).add(DoubleVector.fromArray(ROW, d, dO + s).mul(cv));
                        if (triangle) {
                            m = m.add(DoubleVector.fromArray(ROW, a, ao + s).mul(bv)).add(DoubleVector.fromArray(ROW, c, co + s).mul(dv));
                        }
                        m.intoArray(out, o + s - s0);
                        if (s == n - ROW_L) break;
                    }
                }
                o += len;
            }
        }
    }

    static void projectOut(double[] u, int uOff, double[] g, int gOff, int n, double invNorm) {
        int end = S.loopBound(n);
        DoubleVector acc = DoubleVector.zero(S);
        int f = 0;
        for (; f < end; f += L) acc = DoubleVector.fromArray(S, u, uOff + f).fma(DoubleVector.fromArray(S, g, gOff + f), acc);
        double dot = acc.reduceLanes(VectorOperators.ADD);
        for (; f < n; f++) dot += u[uOff + f] * g[gOff + f];
        DoubleVector dv = DoubleVector.broadcast(S, -dot), inv = DoubleVector.broadcast(S, invNorm);
        for (f = 0; f < end; f += L) {
            DoubleVector.fromArray(S, u, uOff + f).fma(dv, DoubleVector.fromArray(S, g, gOff + f)).mul(inv).intoArray(g, gOff + f);
        }
        for (; f < n; f++) g[gOff + f] = (g[gOff + f] - u[uOff + f] * dot) * invNorm;
    }
}
