package org.atomdoe.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DescriptorKernels} on the incubator Vector API: lanes run over neighbours (or neighbour
 * pairs). Tails shorter than a vector go to the scalar twin, or the caller pads its buffers with
 * far-away entries so that rows run in whole vectors (masked accesses near array ends were slow).
 * Gaussians come from the shared {@link GaussianTable} (a gather and a short polynomial) and the
 * cutoff from a polynomial cosine ({@code cutoffValues}), not from per-lane {@code Math.exp} or
 * {@code Math.cos}. Sums are reduced across lanes at the end, so results equal the scalar twin's up
 * to rounding (the summation order differs), and are deterministic.
 */
public final class PanamaDescriptorKernels implements DescriptorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * The shape of SOAP's contraction, radial product and power spectrum ({@link #soapContract},
     * {@link #soapRadialProduct}, {@link #soapPower}): laid out for nMax = 8 = two vectors of four lanes. On a machine
     * whose preferred shape is wider (AVX-512: eight lanes) they would fall back to the scalar twin (measured ~5x slower
     * SOAP rows, bcc W 16k, branch soap10), so they take 256-bit vectors whenever the preferred shape has at least 256
     * bits: the same lanes, hence the same sums in the same order and the same bits, as on an AVX2 machine.
     */
    static final VectorSpecies<Double> SOAP_S = S.vectorBitSize() >= 256 ? DoubleVector.SPECIES_256 : S;
    private static final int SOAP_L = SOAP_S.length();

    /** Whether {@link #soapContract}, {@link #soapRadialProduct} and {@link #soapPower} take their vector path for {@code nMax}. */
    static boolean soapVectorised(int nMax) {
        return nMax == 2 * SOAP_L;
    }

    /** Bits of this JVM's preferred vector shape (256 with AVX2, 512 with AVX-512). */
    static int preferredBits() {
        return S.vectorBitSize();
    }

    public PanamaDescriptorKernels() {}

    /** Scalar twin, for the tails shorter than a vector (masked accesses near array ends are slow). */
    private static final ScalarDescriptorKernels TAIL = new ScalarDescriptorKernels();
    private static final double[] NONE = new double[0];

    /** Per-thread scratch arrays (kernels do not nest), grown on demand: no allocation per call. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[8][64]);

    private static double[] scratch(double[][] slots, int slot, int n) {
        if (slots[slot].length < n) slots[slot] = new double[Math.max(n, 2 * slots[slot].length)];
        return slots[slot];
    }

    private static final double MAGIC = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(MAGIC);
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0), HALF = DoubleVector.broadcast(S, 0.5);
    private static final DoubleVector PI = DoubleVector.broadcast(S, Math.PI);
    private static final DoubleVector VMAGIC = DoubleVector.broadcast(S, MAGIC), LOG2E = DoubleVector.broadcast(S, 1.4426950408889634);
    private static final DoubleVector NLN2HI = DoubleVector.broadcast(S, -6.93147180369123816490e-01);
    private static final DoubleVector NLN2LO = DoubleVector.broadcast(S, -1.90821492927058770002e-10);
    private static final DoubleVector E2 = c(1 / 2.0), E3 = c(1 / 6.0), E4 = c(1 / 24.0), E5 = c(1 / 120.0), E6 = c(1 / 720.0),
            E7 = c(1 / 5040.0), E8 = c(1 / 40320.0), E9 = c(1 / 362880.0), E10 = c(1 / 3628800.0), E11 = c(1 / 39916800.0),
            E12 = c(1 / 479001600.0), E13 = c(1 / 6227020800.0);
    private static final LongVector BIAS = LongVector.broadcast(LongVector.SPECIES_PREFERRED, MAGIC_BITS - 1023L);
    private static final LongVector B1023 = LongVector.broadcast(LongVector.SPECIES_PREFERRED, 1023L);
    private static final LongVector ABS_MASK = LongVector.broadcast(LongVector.SPECIES_PREFERRED, Long.MAX_VALUE);
    private static final DoubleVector PIO2_HI = c(1.5707963267948966), PIO2_LO = c(6.123233995736766e-17);
    // sin z = z (1 + z^2 (S1 + z^2 (S2 + ...))), S_k = (-1)^k / (2k+1)!
    private static final DoubleVector S1 = c(-1 / 6.0), S2 = c(1 / 120.0), S3 = c(-1 / 5040.0), S4 = c(1 / 362880.0),
            S5 = c(-1 / 39916800.0), S6 = c(1 / 6227020800.0), S7 = c(-1 / 1307674368000.0), S8 = c(1 / 355687428096000.0),
            S9 = c(-1 / 121645100408832000.0), S10 = c(1 / 51090942171709440000.0);

    /**
     * {@code cos((pi / 2) sqrt(u)) = (1 - u) q(u)} on [0, 1] with {@code q(u) = sum_n FC_Q[n] u^n} (degree 10,
     * ~3e-16 absolute): {@code FC_Q[n] = -sum_{m > n} c_m} with {@code c_m = (-1)^m (pi / 2)^(2m) / (2m)!} (the series of
     * the cosine divided by 1 - u; tails summed from the small end, so every coefficient is accurate). The factor 1 - u
     * makes the cutoff exactly 0 at u = 1.
     */
    static final double[] FC_Q = new double[11];

    static {
        double[] cm = new double[31];
        double term = 1.0, x2 = Math.PI * Math.PI / 4;
        for (int m = 0; m < cm.length; m++) {
            cm[m] = term;
            term *= -x2 / ((2 * m + 1) * (2 * m + 2));
        }
        for (int n = 0; n < FC_Q.length; n++) {
            double tail = 0;
            for (int m = cm.length - 1; m > n; m--) tail += cm[m];
            FC_Q[n] = -tail;
        }
    }

    private static final DoubleVector Q0 = c(FC_Q[0]), Q1 = c(FC_Q[1]), Q2 = c(FC_Q[2]), Q3 = c(FC_Q[3]), Q4 = c(FC_Q[4]),
            Q5 = c(FC_Q[5]), Q6 = c(FC_Q[6]), Q7 = c(FC_Q[7]), Q8 = c(FC_Q[8]), Q9 = c(FC_Q[9]), Q10 = c(FC_Q[10]);

    private static DoubleVector c(double v) {
        return DoubleVector.broadcast(S, v);
    }

    // Vectors never cross a method boundary here: a helper that C2 does not inline (already compiled
    // and too large) would box every vector. The elementary functions therefore work array to array.

    /**
     * {@code out[outOff + i] = exp(factor * x[xOff + i])} for {@code i < n} ({@code n} a multiple of the
     * lane count), for arguments >= -1400 (results below the double range flush to 0): x = k ln2 + r,
     * Taylor series of e^r to degree 13 (relative error ~2e-16), 2^k applied as two factors so that the
     * exponent bits stay valid down to k = -2044. Built from +, *, fma and bit operations only, so the
     * JIT-compiled and the interpreted Vector API give identical bits (the intrinsic SVML exp and its
     * Java fallback differ in the last ulp), and rows never depend on the JIT state.
     */
    static void expScaled(double[] x, int xOff, double factor, int n, double[] out, int outOff) {
        DoubleVector f = DoubleVector.broadcast(S, factor);
        for (int i = 0; i < n; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xOff + i).mul(f);
            DoubleVector t = v.fma(LOG2E, VMAGIC);
            DoubleVector k = t.sub(VMAGIC);
            DoubleVector r = k.fma(NLN2LO, k.fma(NLN2HI, v));
            DoubleVector p = r.fma(E13, E12).fma(r, E11).fma(r, E10).fma(r, E9).fma(r, E8).fma(r, E7).fma(r, E6).fma(r, E5)
                    .fma(r, E4).fma(r, E3).fma(r, E2).fma(r, ONE).fma(r, ONE);
            LongVector b1 = k.fma(HALF, VMAGIC).reinterpretAsLongs();
            DoubleVector s1 = b1.sub(BIAS).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector s2 = t.reinterpretAsLongs().sub(b1).add(B1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(s1).mul(s2).intoArray(out, outOff + i);
        }
    }

    /**
     * {@code out[outOff + i] = fc(r[rOff + i])} for {@code i < n} (a multiple of the lane count), with
     * fc(r) = (cos(pi min(r, r_cut) / r_cut) + 1) / 2 without masks (compare/blend and max/min are slow
     * on AVX2): min(y, pi) = (y + pi - |y - pi|) / 2 with |.| by clearing the sign bit;
     * cos y = -sin(y - pi/2) by the Taylor series of sin to degree 21.
     */
    static void cutoffs(double[] r, int rOff, double rCut, int n, double[] out, int outOff) {
        DoubleVector scale = DoubleVector.broadcast(S, Math.PI / rCut);
        for (int i = 0; i < n; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, r, rOff + i).mul(scale);
            DoubleVector d = y.sub(PI).reinterpretAsLongs().and(ABS_MASK).reinterpretAsDoubles();
            DoubleVector z = y.add(PI).sub(d).mul(HALF).sub(PIO2_HI).sub(PIO2_LO);
            DoubleVector z2 = z.mul(z);
            DoubleVector sn = z2.fma(S10, S9).fma(z2, S8).fma(z2, S7).fma(z2, S6).fma(z2, S5).fma(z2, S4).fma(z2, S3)
                    .fma(z2, S2).fma(z2, S1).fma(z2, ONE).mul(z);
            ONE.sub(sn).mul(HALF).intoArray(out, outOff + i);
        }
    }

    /** Distinct values of {@code eta} into {@code etas} (returns their number), {@code slot[p]} = index of {@code eta[p]}. */
    static int distinctEtas(double[] eta, int[] slot, double[] etas) {
        int ne = 0;
        for (int p = 0; p < eta.length; p++) {
            int k = 0;
            while (k < ne && etas[k] != eta[p]) k++;
            if (k == ne) etas[ne++] = eta[p];
            slot[p] = k;
        }
        return ne;
    }

    /** Numbers the distinct (lambda, integer exponent) pairs: {@code slot[p]}; returns how many there are. */
    static int distinctPowers(double[] lambda, int[] exponent, int[] slot) {
        int n = 0;
        for (int p = 0; p < lambda.length; p++) {
            int k = 0;
            while (k < p && !(lambda[k] == lambda[p] && exponent[k] == exponent[p])) k++;
            slot[p] = k < p ? slot[k] : n++;
        }
        return n;
    }

    /**
     * {@code out[o + t] = (1 + lambda cos[cosOff + t])^z} for {@code t < n} (a multiple of the lane count), by
     * squaring pass by pass (a vector carried through a data-dependent loop is not kept in registers by C2);
     * {@code sqr} is scratch space of n.
     */
    static void powers(double[] cos, int cosOff, double lambda, int z, int n, double[] out, int o, double[] sqr) {
        DoubleVector lam = DoubleVector.broadcast(S, lambda);
        if (z == 1) { // the usual first power: one pass (the same bits as 1 * base)
            for (int t = 0; t < n; t += L) DoubleVector.fromArray(S, cos, cosOff + t).fma(lam, ONE).intoArray(out, o + t);
            return;
        }
        for (int t = 0; t < n; t += L) {
            DoubleVector.fromArray(S, cos, cosOff + t).fma(lam, ONE).intoArray(sqr, t);
            ONE.intoArray(out, o + t);
        }
        for (; z > 0; z >>= 1) {
            if ((z & 1) != 0) {
                for (int t = 0; t < n; t += L) DoubleVector.fromArray(S, out, o + t).mul(DoubleVector.fromArray(S, sqr, t)).intoArray(out, o + t);
            }
            if (z > 1) {
                for (int t = 0; t < n; t += L) {
                    DoubleVector q = DoubleVector.fromArray(S, sqr, t);
                    q.mul(q).intoArray(sqr, t);
                }
            }
        }
    }

    private static double sumLanes(double[] acc, int off) {
        double s = 0;
        for (int i = 0; i < L; i++) s += acc[off + i];
        return s;
    }

    @Override
    public void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off) {
        int nv = S.loopBound(to - from), end = from + nv;
        double[][] sl = SCRATCH.get();
        double[] fcs = scratch(sl, 0, nv);
        cutoffs(r, from, rCut, nv, fcs, 0);
        double[] acc = scratch(sl, 1, nBasis * L);
        java.util.Arrays.fill(acc, 0, nBasis * L, 0.0);
        DoubleVector scale = DoubleVector.broadcast(S, 2.0 / rCut);
        for (int j = 0; j < nv; j += L) {
            DoubleVector rv = DoubleVector.fromArray(S, r, from + j);
            DoubleVector fc = DoubleVector.fromArray(S, fcs, j);
            DoubleVector x = rv.fma(scale, ONE.neg());
            DoubleVector tPrev = ONE, t = x;
            DoubleVector.fromArray(S, acc, 0).add(fc).intoArray(acc, 0);
            if (nBasis > 1) x.fma(fc, DoubleVector.fromArray(S, acc, L)).intoArray(acc, L);
            DoubleVector x2 = x.add(x);
            for (int k = 2; k < nBasis; k++) {
                DoubleVector tn = x2.fma(t, tPrev.neg());
                tPrev = t;
                t = tn;
                tn.fma(fc, DoubleVector.fromArray(S, acc, k * L)).intoArray(acc, k * L);
            }
        }
        for (int k = 0; k < nBasis; k++) out[off + k] += sumLanes(acc, k * L);
        if (end < to) TAIL.chebyshevCutoffSum(r, end, to, rCut, nBasis, out, off);
    }

    @Override
    public void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                           double[] kappa, double[] out, int off) {
        int g1 = withG1 ? 1 : 0;
        int nv = S.loopBound(to - from), end = from + nv;
        if (nv == 0) {
            TAIL.acsfRadial(r, from, to, rCut, withG1, eta, rs, kappa, out, off);
            return;
        }
        double[][] sl = SCRATCH.get();
        if (radialByTable(r, null, 0, from, to, rCut, withG1, eta, rs, out, off, sl)) {
            // G3 (cos of arbitrary arguments) is rare: the scalar twin
            if (kappa.length > 0) TAIL.acsfRadial(r, from, to, rCut, false, NONE, NONE, kappa, out, off + g1 + eta.length);
            return;
        }
        double[] fcs = scratch(sl, 0, nv), d2 = scratch(sl, 1, nv), e = scratch(sl, 2, nv);
        cutoffs(r, from, rCut, nv, fcs, 0);
        if (withG1) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int j = 0; j < nv; j += L) acc = acc.add(DoubleVector.fromArray(S, fcs, j));
            double[] tmp = new double[L];
            acc.intoArray(tmp, 0);
            out[off] += sumLanes(tmp, 0);
        }
        for (int p = 0; p < eta.length; p++) {
            for (int j = 0; j < nv; j += L) {
                DoubleVector d = DoubleVector.fromArray(S, r, from + j).sub(rs[p]);
                d.mul(d).intoArray(d2, j);
            }
            expScaled(d2, 0, -eta[p], nv, e, 0);
            DoubleVector acc = DoubleVector.zero(S);
            for (int j = 0; j < nv; j += L) acc = DoubleVector.fromArray(S, e, j).fma(DoubleVector.fromArray(S, fcs, j), acc);
            acc.intoArray(e, 0); // e is free again; nv >= L whenever this loop ran
            out[off + g1 + p] += sumLanes(e, 0);
        }
        if (end < to) TAIL.acsfRadial(r, end, to, rCut, withG1, eta, rs, NONE, out, off);
        // G3 (cos of arbitrary arguments) is rare: the scalar twin
        if (kappa.length > 0) TAIL.acsfRadial(r, from, to, rCut, false, NONE, NONE, kappa, out, off + g1 + eta.length);
    }

    /** The table path with the caller's cutoff values (the same values as its own); otherwise {@link #acsfRadial}. */
    @Override
    public void acsfRadialWithCutoffs(double[] r, double[] fc, int fcOff, int from, int to, double rCut, boolean withG1, double[] eta,
                                      double[] rs, double[] kappa, double[] out, int off) {
        if (S.loopBound(to - from) > 0 && radialByTable(r, fc, fcOff, from, to, rCut, withG1, eta, rs, out, off, SCRATCH.get())) {
            if (kappa.length > 0) TAIL.acsfRadial(r, from, to, rCut, false, NONE, NONE, kappa, out, off + (withG1 ? 1 : 0) + eta.length);
            return;
        }
        acsfRadial(r, from, to, rCut, withG1, eta, rs, kappa, out, off);
    }

    /** The G2 table of {@link #radialByTable} on this thread, with its key (etas, the common R_s, r_cut). */
    private static final class RadialPlan {
        double[] eta = new double[0];
        double rs = Double.NaN, rCut = Double.NaN;
        GaussianTable table;
    }

    private static final ThreadLocal<RadialPlan> RADIAL_PLAN = ThreadLocal.withInitial(RadialPlan::new);

    /**
     * G1 and G2 of {@link #acsfRadial} when every G2 has the same R_s and there is at least a vector of etas: the
     * Gaussians {@code exp(-eta_p (r - R_s)^2)} of all etas of one neighbour by {@link #gaussianTableRows} (lanes over
     * the etas, one table index per neighbour, contiguous loads, no scalar tail over neighbours; ~4e-16 relative, see
     * {@link GaussianTable}), then {@code out[p] += sum_j row_j[p] fc_j} with lanes over p. Was one vector exponential
     * per (neighbour, eta) plus {@code Math.exp} for the neighbours past the last full vector. Returns false (nothing
     * done) when it does not apply.
     */
    private boolean radialByTable(double[] r, double[] fcIn, int fcOff, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                                  double[] out, int off, double[][] sl) {
        int nq = eta.length;
        if (nq < L) return false;
        double rs0 = rs[0];
        for (int p = 1; p < nq; p++) if (rs[p] != rs0) return false;
        RadialPlan plan = RADIAL_PLAN.get();
        if (plan.rs != rs0 || plan.rCut != rCut || !java.util.Arrays.equals(plan.eta, eta)) {
            boolean ok = Double.isFinite(rs0);
            for (double e : eta) ok &= e >= 0 && !Double.isInfinite(e);
            double sMax = Math.max(rs0 * rs0, (rCut - rs0) * (rCut - rs0));
            plan.table = ok && Double.isFinite(sMax) ? GaussianTable.of(eta, sMax) : null;
            plan.eta = eta.clone();
            plan.rs = rs0;
            plan.rCut = rCut;
        }
        GaussianTable t = plan.table;
        if (t == null) return false;
        int n = to - from, nv = S.loopBound(n);
        double[] fcs = scratch(sl, 0, n), sq = scratch(sl, 1, n);
        double tMax = t.sMax();
        for (int j = 0; j < n; j++) {
            // r beyond the cutoff has fc = 0: any finite Gaussian will do, that of r_cut
            double d = Math.min(r[from + j], rCut) - rs0, s = d * d;
            if (!(s <= tMax)) return false; // r < 0 or NaN: the general path
            sq[j] = s;
        }
        if (fcIn != null) {
            System.arraycopy(fcIn, fcOff, fcs, 0, n);
        } else {
            cutoffs(r, from, rCut, nv, fcs, 0);
            for (int j = nv; j < n; j++) fcs[j] = DescriptorKernels.cutoff(r[from + j], rCut);
        }
        double[] rows = scratch(sl, 2, n * nq);
        gaussianTableRows(sq, 0, n, t, rows, 0);
        int g1 = withG1 ? 1 : 0;
        if (withG1) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += fcs[j];
            out[off] += sum;
        }
        int qv = S.loopBound(nq), o = off + g1;
        for (int q = 0; q < qv; q += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int j = 0; j < n; j++) acc = DoubleVector.fromArray(S, rows, j * nq + q).fma(DoubleVector.broadcast(S, fcs[j]), acc);
            DoubleVector.fromArray(S, out, o + q).add(acc).intoArray(out, o + q);
        }
        for (int q = qv; q < nq; q++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += rows[j * nq + q] * fcs[j];
            out[o + q] += sum;
        }
        return true;
    }

    @Override
    public void cutoffValues(double[] r, int from, int to, double rCut, double[] out, int outOff) {
        int nv = S.loopBound(to - from);
        cutoffs(r, from, rCut, nv, out, outOff);
        for (int j = from + nv; j < to; j++) out[outOff + j - from] = DescriptorKernels.cutoff(r[j], rCut);
    }

    /**
     * What {@link #acsfAngular} derives from one parameter set, built once per thread and set (an ACSF calls with the
     * same few parameters for every centre; deriving them per call cost ~1 µs, a fifth of a bcc W centre's G4 sums):
     * integer exponents, distinct etas and (lambda, zeta) powers, the order in which to make the powers, the factors
     * {@code 2^(1-zeta)} and the Gaussian table.
     */
    private static final class AngularPlan {
        double[] eta = new double[0], zeta = new double[0], lambda = new double[0];
        double rCut = Double.NaN;
        boolean integer;
        int ne, npow;
        int[] etaSlot, powSlot;
        double[] etas, scale;
        /** Power steps: slot {@code stepDst[i]} = (1 + stepLambda[i] cos)^stepZeta[i], or the square of slot stepHalf[i] if >= 0. */
        int[] stepDst, stepHalf, stepZeta;
        double[] stepLambda;
        GaussianTable table;
        /**
         * Whether every zeta is 1, 2, 4, 8 or 16 ({@link #powerSums}: the powers by squaring in registers, fused with
         * the sums); then {@code accSlot[p]} = accumulator of parameter p and {@code levels[k]} = number of squaring
         * levels the distinct eta k needs.
         */
        boolean pow2;
        int[] accSlot, levels;

        boolean matches(double[] e, double[] z, double[] l, double rc) {
            return rc == rCut && java.util.Arrays.equals(eta, e) && java.util.Arrays.equals(zeta, z) && java.util.Arrays.equals(lambda, l);
        }

        void build(double[] e, double[] z, double[] l, double rc, boolean g4) {
            eta = e.clone();
            zeta = z.clone();
            lambda = l.clone();
            rCut = rc;
            int np = e.length;
            int[] iz = new int[np];
            integer = true;
            for (int p = 0; p < np; p++) {
                integer &= z[p] == (int) z[p] && z[p] >= 0 && z[p] <= 64;
                iz[p] = (int) z[p];
            }
            etaSlot = new int[np];
            etas = new double[np];
            ne = distinctEtas(e, etaSlot, etas);
            powSlot = new int[np];
            npow = distinctPowers(l, iz, powSlot);
            scale = new double[np];
            for (int p = 0; p < np; p++) scale[p] = Math.pow(2.0, 1.0 - z[p]);
            // in increasing exponent: an even exponent whose half (same lambda) is done is one squaring pass
            stepDst = new int[npow];
            stepHalf = new int[npow];
            stepZeta = new int[npow];
            stepLambda = new double[npow];
            boolean[] done = new boolean[npow];
            int steps = 0;
            for (int zMin = 0, zNext; integer && zMin <= 64; zMin = zNext) {
                zNext = 65;
                for (int p = 0; p < np; p++) {
                    if (iz[p] > zMin && iz[p] < zNext) zNext = iz[p];
                    if (iz[p] != zMin || done[powSlot[p]]) continue;
                    done[powSlot[p]] = true;
                    int half = -1;
                    for (int q = 0; q < np && (zMin & 1) == 0 && zMin > 0; q++) {
                        if (l[q] == l[p] && iz[q] == zMin / 2 && done[powSlot[q]]) {
                            half = powSlot[q];
                            break;
                        }
                    }
                    stepDst[steps] = powSlot[p];
                    stepHalf[steps] = half;
                    stepZeta[steps] = iz[p];
                    stepLambda[steps] = l[p];
                    steps++;
                }
            }
            pow2 = integer;
            accSlot = new int[np];
            levels = new int[ne];
            for (int p = 0; p < np; p++) {
                int lv = Integer.numberOfTrailingZeros(iz[p]);
                pow2 &= iz[p] == 1 << lv && lv < POW_LEVELS;
                if (!pow2) break;
                accSlot[p] = etaSlot[p] * 2 * POW_LEVELS + 2 * lv + (l[p] > 0 ? 0 : 1);
                levels[etaSlot[p]] = Math.max(levels[etaSlot[p]], lv + 1);
            }
            boolean ok = true;
            for (int k = 0; k < ne; k++) ok &= etas[k] >= 0 && !Double.isInfinite(etas[k]);
            table = ok && integer ? GaussianTable.of(java.util.Arrays.copyOf(etas, ne), (g4 ? 6 : 2) * rc * rc) : null;
        }
    }

    /** One plan per kind ([0] G5, [1] G4): an ACSF with both calls them in turn for every centre. */
    private static final ThreadLocal<AngularPlan[]> ANGULAR_PLANS =
            ThreadLocal.withInitial(() -> new AngularPlan[] {new AngularPlan(), new AngularPlan()});

    /**
     * {@code ew[q n + t] = w[t] t.value(q, s[t])}: {@link #gaussianTable} (same operations, then times the weight in the
     * same pass instead of a separate pass per eta), with the range check folded into the index loop. Returns false,
     * having written nothing, if some {@code s[t] > t.sMax()} (or NaN).
     */
    private static boolean weightedTable(double[] s, double[] w, int n, GaussianTable t, double[] ew) {
        double[][] sl = SCRATCH.get();
        double[] delta = scratch(sl, 6, n);
        int[][] is = INDEX.get();
        if (is[0].length < n) is[0] = new int[Math.max(n, 2 * is[0].length)];
        int[] idx = is[0];
        double h = t.h, tMax = t.sMax();
        // the grid index rint(s / h) by the magic-number rounding, in lanes (in [0, tMax] it needs no clamping, and
        // delta = fma(-i, h, s) is the scalar formula); checked per vector, NaN included
        DoubleVector vInvH = DoubleVector.broadcast(S, t.invH), vh = DoubleVector.broadcast(S, h), vMax = DoubleVector.broadcast(S, tMax);
        DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < n; j += L) {
            DoubleVector v = DoubleVector.fromArray(S, s, j);
            if (!v.compare(VectorOperators.LE, vMax).and(v.compare(VectorOperators.GE, zero)).allTrue()) return weightedTableChecked(s, w, n, t, ew);
            DoubleVector k = v.mul(vInvH).add(VMAGIC).sub(VMAGIC);
            k.neg().fma(vh, v).intoArray(delta, j);
            k.convertShape(VectorOperators.D2I, IS, 0).reinterpretAsInts().intoArray(idx, j);
        }
        gatherWeighted(delta, idx, w, n, t, ew);
        return true;
    }

    /** Lane count of the index vectors (as many ints as doubles in a vector). */
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, VectorShape.forBitSize(L * Integer.SIZE));

    /** {@link #weightedTable} with the grid indices in scalar code and clamped (some argument outside [0, tMax] or NaN). */
    private static boolean weightedTableChecked(double[] s, double[] w, int n, GaussianTable t, double[] ew) {
        double[] delta = scratch(SCRATCH.get(), 6, n);
        int[] idx = INDEX.get()[0];
        double h = t.h, tMax = t.sMax();
        boolean ok = true;
        for (int j = 0; j < n; j++) {
            double v = s[j];
            ok &= v <= tMax;
            int i = t.index(v);
            idx[j] = i;
            delta[j] = Math.fma(-i, h, v);
        }
        if (!ok) return false;
        gatherWeighted(delta, idx, w, n, t, ew);
        return true;
    }

    /** {@code ew[q n + j] = w[j] base_q[idx[j]] taylor(-gamma_q delta[j])}, lanes over j. */
    private static void gatherWeighted(double[] delta, int[] idx, double[] w, int n, GaussianTable t, double[] ew) {
        double[] base = t.base, gamma = t.gamma;
        int pts = t.points;
        for (int q = 0; q < gamma.length; q++) {
            DoubleVector ng = DoubleVector.broadcast(S, -gamma[q]);
            int bo = q * pts, o = q * n;
            for (int j = 0; j < n; j += L) {
                DoubleVector u = DoubleVector.fromArray(S, delta, j).mul(ng);
                DoubleVector p = u.fma(T7, T6).fma(u, T5).fma(u, T4).fma(u, T3).fma(u, T2).fma(u, ONE).fma(u, ONE);
                DoubleVector.fromArray(S, base, bo, idx, j).mul(p).mul(DoubleVector.fromArray(S, w, j)).intoArray(ew, o + j);
            }
        }
    }

    /** Squaring levels of {@link #powerSums}: zeta up to 2^(POW_LEVELS - 1) = 16. */
    static final int POW_LEVELS = 5;

    /**
     * For the pairs {@code t < n} (a multiple of the lane count) and both signs of lambda, the lane sums
     * {@code sum_t (1 +- cos_t)^(2^v) e_t} for the levels {@code v < levels}, into {@code acc[ao + (2v + s) L + lane]}
     * (s = 0 for lambda = +1, 1 for -1): one pass, the powers by squaring in registers (1 + lambda cos exactly as
     * {@code fma(cos, lambda, 1)}, then repeated squares), each sum a fused multiply-add chain over t in order, so the
     * bits equal those of {@link #powers} then the per-parameter sums. One loop per level count: C2 keeps the
     * accumulators in registers only in straight-line loop bodies.
     */
    static void powerSums(double[] cos, int cosOff, double[] e, int eo, int n, int levels, double[] acc, int ao) {
        DoubleVector a0 = DoubleVector.zero(S), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0, a4 = a0, b4 = a0;
        switch (levels) {
            case 1 -> {
                for (int t = 0; t < n; t += L) {
                    DoubleVector c = DoubleVector.fromArray(S, cos, cosOff + t), w = DoubleVector.fromArray(S, e, eo + t);
                    DoubleVector p = c.add(ONE), m = ONE.sub(c);
                    a0 = p.fma(w, a0);
                    b0 = m.fma(w, b0);
                }
            }
            case 2 -> {
                for (int t = 0; t < n; t += L) {
                    DoubleVector c = DoubleVector.fromArray(S, cos, cosOff + t), w = DoubleVector.fromArray(S, e, eo + t);
                    DoubleVector p = c.add(ONE), m = ONE.sub(c);
                    a0 = p.fma(w, a0);
                    b0 = m.fma(w, b0);
                    p = p.mul(p);
                    m = m.mul(m);
                    a1 = p.fma(w, a1);
                    b1 = m.fma(w, b1);
                }
            }
            case 3 -> {
                for (int t = 0; t < n; t += L) {
                    DoubleVector c = DoubleVector.fromArray(S, cos, cosOff + t), w = DoubleVector.fromArray(S, e, eo + t);
                    DoubleVector p = c.add(ONE), m = ONE.sub(c);
                    a0 = p.fma(w, a0);
                    b0 = m.fma(w, b0);
                    p = p.mul(p);
                    m = m.mul(m);
                    a1 = p.fma(w, a1);
                    b1 = m.fma(w, b1);
                    p = p.mul(p);
                    m = m.mul(m);
                    a2 = p.fma(w, a2);
                    b2 = m.fma(w, b2);
                }
            }
            case 4 -> {
                for (int t = 0; t < n; t += L) {
                    DoubleVector c = DoubleVector.fromArray(S, cos, cosOff + t), w = DoubleVector.fromArray(S, e, eo + t);
                    DoubleVector p = c.add(ONE), m = ONE.sub(c);
                    a0 = p.fma(w, a0);
                    b0 = m.fma(w, b0);
                    p = p.mul(p);
                    m = m.mul(m);
                    a1 = p.fma(w, a1);
                    b1 = m.fma(w, b1);
                    p = p.mul(p);
                    m = m.mul(m);
                    a2 = p.fma(w, a2);
                    b2 = m.fma(w, b2);
                    p = p.mul(p);
                    m = m.mul(m);
                    a3 = p.fma(w, a3);
                    b3 = m.fma(w, b3);
                }
            }
            default -> {
                for (int t = 0; t < n; t += L) {
                    DoubleVector c = DoubleVector.fromArray(S, cos, cosOff + t), w = DoubleVector.fromArray(S, e, eo + t);
                    DoubleVector p = c.add(ONE), m = ONE.sub(c);
                    a0 = p.fma(w, a0);
                    b0 = m.fma(w, b0);
                    p = p.mul(p);
                    m = m.mul(m);
                    a1 = p.fma(w, a1);
                    b1 = m.fma(w, b1);
                    p = p.mul(p);
                    m = m.mul(m);
                    a2 = p.fma(w, a2);
                    b2 = m.fma(w, b2);
                    p = p.mul(p);
                    m = m.mul(m);
                    a3 = p.fma(w, a3);
                    b3 = m.fma(w, b3);
                    p = p.mul(p);
                    m = m.mul(m);
                    a4 = p.fma(w, a4);
                    b4 = m.fma(w, b4);
                }
            }
        }
        a0.intoArray(acc, ao);
        b0.intoArray(acc, ao + L);
        a1.intoArray(acc, ao + 2 * L);
        b1.intoArray(acc, ao + 3 * L);
        a2.intoArray(acc, ao + 4 * L);
        b2.intoArray(acc, ao + 5 * L);
        a3.intoArray(acc, ao + 6 * L);
        b3.intoArray(acc, ao + 7 * L);
        a4.intoArray(acc, ao + 8 * L);
        b4.intoArray(acc, ao + 9 * L);
    }

    @Override
    public void acsfAngular(double[] cos, double[] rsq, double[] rjk2, double[] fcij, int from, int to, double rCut,
                            boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off) {
        AngularPlan plan = ANGULAR_PLANS.get()[g4 ? 1 : 0];
        if (!plan.matches(eta, zeta, lambda, rCut)) plan.build(eta, zeta, lambda, rCut, g4);
        if (!plan.integer) { // general powers: the scalar twin (Math.pow)
            TAIL.acsfAngular(cos, rsq, rjk2, fcij, from, to, rCut, g4, eta, zeta, lambda, out, off);
            return;
        }
        int np = eta.length;
        int nv = S.loopBound(to - from), end = from + nv;
        // per pair: weight w = fcij fc(rjk) and exponent argument s = rsq (+ rjk^2)
        double[][] sl = SCRATCH.get();
        double[] w = scratch(sl, 0, nv), sq = scratch(sl, 1, nv);
        if (g4) {
            // one pass: fc(r_jk) = cos^2(pi r_jk / (2 r_cut)) = ((1 - u) q(u))^2 with u = min(rjk2 / r_cut^2, 1) (FC_Q):
            // no square root (the slowest instruction of the pass); min(u, 1) = (u + 1 - |u - 1|) / 2 without masks
            DoubleVector inv2 = DoubleVector.broadcast(S, 1.0 / (rCut * rCut));
            for (int t = 0; t < nv; t += L) {
                DoubleVector d2 = DoubleVector.fromArray(S, rjk2, from + t);
                DoubleVector u = d2.mul(inv2);
                DoubleVector du = u.sub(ONE).reinterpretAsLongs().and(ABS_MASK).reinterpretAsDoubles();
                u = u.add(ONE).sub(du).mul(HALF);
                DoubleVector g = u.fma(Q10, Q9).fma(u, Q8).fma(u, Q7).fma(u, Q6).fma(u, Q5).fma(u, Q4).fma(u, Q3).fma(u, Q2)
                        .fma(u, Q1).fma(u, Q0).mul(ONE.sub(u));
                g.mul(g).mul(DoubleVector.fromArray(S, fcij, from + t)).intoArray(w, t);
                d2.add(DoubleVector.fromArray(S, rsq, from + t)).intoArray(sq, t);
            }
        } else {
            System.arraycopy(fcij, from, w, 0, nv);
            System.arraycopy(rsq, from, sq, 0, nv);
        }
        // one exponential per distinct eta (parameters usually come grouped by eta)
        int ne = plan.ne;
        int[] etaSlot = plan.etaSlot, powSlot = plan.powSlot;
        double[] ew = scratch(sl, 2, ne * nv);
        GaussianTable tab = plan.table;
        if (tab == null || nv == 0 || !weightedTable(sq, w, nv, tab, ew)) {
            for (int k = 0; k < ne; k++) expScaled(sq, 0, -plan.etas[k], nv, ew, k * nv);
            for (int k = 0; k < ne; k++) {
                for (int t = 0; t < nv; t += L) {
                    DoubleVector.fromArray(S, ew, k * nv + t).mul(DoubleVector.fromArray(S, w, t)).intoArray(ew, k * nv + t);
                }
            }
        }
        double[] scale = plan.scale;
        if (plan.pow2) {
            // zeta in {1, 2, 4, 8, 16}: per distinct eta one pass, the powers of both lambdas by squaring in registers
            double[] acc = scratch(sl, 5, ne * 2 * POW_LEVELS * L);
            for (int k = 0; k < ne; k++) powerSums(cos, from, ew, k * nv, nv, plan.levels[k], acc, k * 2 * POW_LEVELS * L);
            int[] accSlot = plan.accSlot;
            for (int p = 0; p < np; p++) out[off + p] += scale[p] * sumLanes(acc, accSlot[p] * L);
            if (end < to) TAIL.acsfAngular(cos, rsq, rjk2, fcij, end, to, rCut, g4, eta, zeta, lambda, out, off);
            return;
        }
        // one power array per distinct (lambda, zeta): (1 + lambda cos)^zeta
        int npow = plan.npow;
        double[] pw = scratch(sl, 3, npow * nv), sqr = scratch(sl, 4, nv);
        for (int i = 0; i < npow; i++) {
            int dst = plan.stepDst[i] * nv, half = plan.stepHalf[i];
            if (half < 0) {
                powers(cos, from, plan.stepLambda[i], plan.stepZeta[i], nv, pw, dst, sqr);
            } else {
                int src = half * nv;
                for (int t = 0; t < nv; t += L) {
                    DoubleVector v = DoubleVector.fromArray(S, pw, src + t);
                    v.mul(v).intoArray(pw, dst + t);
                }
            }
        }
        double[] acc = scratch(sl, 5, np * L);
        for (int p = 0; p < np; p++) {
            int po = powSlot[p] * nv, eo = etaSlot[p] * nv;
            DoubleVector sum = DoubleVector.zero(S);
            for (int t = 0; t < nv; t += L) sum = DoubleVector.fromArray(S, pw, po + t).fma(DoubleVector.fromArray(S, ew, eo + t), sum);
            sum.intoArray(acc, p * L);
        }
        for (int p = 0; p < np; p++) out[off + p] += scale[p] * sumLanes(acc, p * L);
        if (end < to) TAIL.acsfAngular(cos, rsq, rjk2, fcij, end, to, rCut, g4, eta, zeta, lambda, out, off);
    }

    @Override
    public void pairGeometry(double xj, double yj, double zj, double rj, double fj, double[] x, double[] y, double[] z,
                             double[] r, double[] f, int kFrom, int kTo, double[] cos, double[] rsq, double[] rjk2, double[] fcij, int outOff) {
        int end = kFrom + S.loopBound(kTo - kFrom);
        DoubleVector vx = DoubleVector.broadcast(S, xj), vy = DoubleVector.broadcast(S, yj), vz = DoubleVector.broadcast(S, zj);
        DoubleVector vr = DoubleVector.broadcast(S, rj), vf = DoubleVector.broadcast(S, fj), vr2 = DoubleVector.broadcast(S, rj * rj);
        for (int k = kFrom; k < end; k += L) {
            int o = outOff + k - kFrom;
            DoubleVector xk = DoubleVector.fromArray(S, x, k), yk = DoubleVector.fromArray(S, y, k), zk = DoubleVector.fromArray(S, z, k);
            DoubleVector rk = DoubleVector.fromArray(S, r, k);
            DoubleVector dot = vx.mul(xk).add(vy.mul(yk)).add(vz.mul(zk));
            dot.div(vr.mul(rk)).intoArray(cos, o);
            rk.fma(rk, vr2).intoArray(rsq, o);
            DoubleVector ex = xk.sub(vx), ey = yk.sub(vy), ez = zk.sub(vz);
            ex.mul(ex).add(ey.mul(ey)).add(ez.mul(ez)).intoArray(rjk2, o);
            DoubleVector.fromArray(S, f, k).mul(vf).intoArray(fcij, o);
        }
        if (end < kTo) TAIL.pairGeometry(xj, yj, zj, rj, fj, x, y, z, r, f, end, kTo, cos, rsq, rjk2, fcij, outOff + end - kFrom);
    }

    /**
     * Lanes over k as {@link #pairGeometry}, only the pairs with r_jk^2 &lt;= r_cut^2 packed by {@code compress} and
     * stored as a whole vector at the write position, from unit vectors (the twin's fused multiply-adds, so the same
     * bits and the same kept pairs): no difference vector and no division per pair.
     */
    @Override
    public int pairGeometryWithinUnit(double uxj, double uyj, double uzj, double rj, double fj, double[] ux, double[] uy, double[] uz,
                                      double[] r, double[] f, int kFrom, int kTo, double rCut, double[] cos, double[] rsq, double[] rjk2,
                                      double[] fcij, int outOff) {
        DoubleVector vx = DoubleVector.broadcast(S, uxj), vy = DoubleVector.broadcast(S, uyj), vz = DoubleVector.broadcast(S, uzj);
        DoubleVector vf = DoubleVector.broadcast(S, fj), vr2 = DoubleVector.broadcast(S, rj * rj), vm2r = DoubleVector.broadcast(S, -2.0 * rj);
        double rc2 = rCut * rCut;
        int o = outOff, end = kFrom + S.loopBound(kTo - kFrom);
        for (int k = kFrom; k < end; k += L) {
            DoubleVector rk = DoubleVector.fromArray(S, r, k);
            DoubleVector c = vz.fma(DoubleVector.fromArray(S, uz, k), vy.fma(DoubleVector.fromArray(S, uy, k), vx.mul(DoubleVector.fromArray(S, ux, k))));
            DoubleVector s = rk.fma(rk, vr2);
            DoubleVector d2 = vm2r.mul(rk).fma(c, s);
            VectorMask<Double> keep = d2.compare(VectorOperators.LE, rc2);
            c.compress(keep).intoArray(cos, o);
            s.compress(keep).intoArray(rsq, o);
            d2.compress(keep).intoArray(rjk2, o);
            DoubleVector.fromArray(S, f, k).mul(vf).compress(keep).intoArray(fcij, o);
            o += keep.trueCount();
        }
        if (end < kTo) o += TAIL.pairGeometryWithinUnit(uxj, uyj, uzj, rj, fj, ux, uy, uz, r, f, end, kTo, rCut, cos, rsq, rjk2, fcij, o);
        return o - outOff;
    }

    /**
     * All rows in one method (a call per row of ~4 vectors cost about as much as the row): rows whose length is a
     * multiple of the lane count run whole vectors, others end in the scalar twin as in {@link #pairGeometryWithinUnit}.
     */
    @Override
    public int pairRowsWithinUnit(double[] uxa, double[] uya, double[] uza, double[] ra, double[] fa, int na,
                                  double[] uxb, double[] uyb, double[] uzb, double[] rb, double[] fb, int nb, boolean triangle,
                                  int block, double rCut, double[] cos, double[] rsq, double[] rjk2, double[] fcij, int outOff) {
        double rc2 = rCut * rCut;
        int o = outOff;
        for (int j = 0; j < na; j++) {
            int kFrom = triangle ? j + 1 : 0;
            if (kFrom >= nb) continue;
            int kTo = kFrom + (nb - kFrom + block - 1) / block * block, end = kFrom + S.loopBound(kTo - kFrom);
            double rj = ra[j];
            DoubleVector vx = DoubleVector.broadcast(S, uxa[j]), vy = DoubleVector.broadcast(S, uya[j]), vz = DoubleVector.broadcast(S, uza[j]);
            DoubleVector vf = DoubleVector.broadcast(S, fa[j]), vr2 = DoubleVector.broadcast(S, rj * rj), vm2r = DoubleVector.broadcast(S, -2.0 * rj);
            for (int k = kFrom; k < end; k += L) {
                DoubleVector rk = DoubleVector.fromArray(S, rb, k);
                DoubleVector c = vz.fma(DoubleVector.fromArray(S, uzb, k), vy.fma(DoubleVector.fromArray(S, uyb, k), vx.mul(DoubleVector.fromArray(S, uxb, k))));
                DoubleVector s = rk.fma(rk, vr2);
                DoubleVector d2 = vm2r.mul(rk).fma(c, s);
                VectorMask<Double> keep = d2.compare(VectorOperators.LE, rc2);
                c.compress(keep).intoArray(cos, o);
                s.compress(keep).intoArray(rsq, o);
                d2.compress(keep).intoArray(rjk2, o);
                DoubleVector.fromArray(S, fb, k).mul(vf).compress(keep).intoArray(fcij, o);
                o += keep.trueCount();
            }
            if (end < kTo) o += TAIL.pairGeometryWithinUnit(uxa[j], uya[j], uza[j], rj, fa[j], uxb, uyb, uzb, rb, fb, end, kTo, rCut, cos, rsq, rjk2, fcij, o);
        }
        return o - outOff;
    }

    @Override
    public int pairBlock() {
        return L;
    }

    /** The scalar twin's operations (normalised recurrence, one fused multiply-add per (l, m)) with lanes over neighbours: the same bits. */
    @Override
    public void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride) {
        int end = from + S.loopBound(to - from);
        if (lMax == 6) {
            solidHarmonics6(x, y, z, from, end, out, stride);
            if (end < to) TAIL.solidHarmonics(x, y, z, end, to, lMax, out, stride);
            return;
        }
        SolidHarmonicsTable tab = SolidHarmonicsTable.of(lMax);
        double[] recA = tab.recA, recB = tab.recB;
        DoubleVector p00 = DoubleVector.broadcast(S, tab.diag[0]);
        for (int j = from; j < end; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector yv = DoubleVector.fromArray(S, y, j);
            DoubleVector zv = DoubleVector.fromArray(S, z, j);
            DoubleVector r2 = xv.mul(xv).add(yv.mul(yv)).add(zv.mul(zv));
            // m = 0 (straight-line recurrences: no vector passes through a data-dependent branch)
            DoubleVector pPrev = p00;
            pPrev.intoArray(out, j);
            if (lMax >= 1) {
                DoubleVector pCur = zv.mul(tab.first[0]);
                pCur.intoArray(out, 2 * stride + j);
                for (int l = 2; l <= lMax; l++) {
                    int qi = tab.qIndex(l, 0);
                    DoubleVector pn = zv.mul(pCur).fma(DoubleVector.broadcast(S, recA[qi]), r2.mul(pPrev).mul(recB[qi]));
                    pPrev = pCur;
                    pCur = pn;
                    pn.intoArray(out, (l * l + l) * stride + j);
                }
            }
            DoubleVector c = xv, sn = yv; // Re, Im of (x + i y)^m
            for (int m = 1; m <= lMax; m++) {
                double d = tab.diag[m];
                c.mul(d).intoArray(out, (m * m + 2 * m) * stride + j);
                sn.mul(d).intoArray(out, (m * m) * stride + j);
                if (m < lMax) {
                    DoubleVector p2 = DoubleVector.broadcast(S, d), p1 = zv.mul(tab.first[m]);
                    int l1 = m + 1;
                    p1.mul(c).intoArray(out, (l1 * l1 + l1 + m) * stride + j);
                    p1.mul(sn).intoArray(out, (l1 * l1 + l1 - m) * stride + j);
                    for (int l = m + 2; l <= lMax; l++) {
                        int qi = tab.qIndex(l, m);
                        DoubleVector pn = zv.mul(p1).fma(DoubleVector.broadcast(S, recA[qi]), r2.mul(p2).mul(recB[qi]));
                        p2 = p1;
                        p1 = pn;
                        pn.mul(c).intoArray(out, (l * l + l + m) * stride + j);
                        pn.mul(sn).intoArray(out, (l * l + l - m) * stride + j);
                    }
                }
                DoubleVector cn = xv.mul(c).sub(yv.mul(sn));
                sn = xv.mul(sn).add(yv.mul(c));
                c = cn;
            }
        }
        if (end < to) TAIL.solidHarmonics(x, y, z, end, to, lMax, out, stride);
    }

    /**
     * {@link #solidHarmonics} for l_max = 6 (the default of {@code soap:}), the loop version above unrolled: the same
     * operations in the same order, so the same bits. With constant row offsets the 49 stores per vector need no index
     * arithmetic and their range checks are hoisted out of the loop over neighbours; the loops over l and m in the general
     * version kept a multiplication and a range check per store (measured 12-17 vs 23 ns per neighbour in a stand-alone
     * harness, bcc W neighbours, same JVM).
     */
    private static void solidHarmonics6(double[] x, double[] y, double[] z, int from, int end, double[] out, int stride) {
        SolidHarmonicsTable tab = SolidHarmonicsTable.of(6);
        double[] ra = tab.recA, rb = tab.recB, dg = tab.diag, fs = tab.first;
        DoubleVector p00 = DoubleVector.broadcast(S, dg[0]);
        for (int j = from; j < end; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, j);
            DoubleVector yv = DoubleVector.fromArray(S, y, j);
            DoubleVector zv = DoubleVector.fromArray(S, z, j);
            DoubleVector r2 = xv.mul(xv).add(yv.mul(yv)).add(zv.mul(zv));
            DoubleVector p2 = p00, p1 = zv.mul(fs[0]), pn;
            p2.intoArray(out, j);
            p1.intoArray(out, 2 * stride + j);
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[3]), r2.mul(p2).mul(rb[3]));
            pn.intoArray(out, 6 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[6]), r2.mul(p2).mul(rb[6]));
            pn.intoArray(out, 12 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[10]), r2.mul(p2).mul(rb[10]));
            pn.intoArray(out, 20 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[15]), r2.mul(p2).mul(rb[15]));
            pn.intoArray(out, 30 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[21]), r2.mul(p2).mul(rb[21]));
            pn.intoArray(out, 42 * stride + j);
            DoubleVector c = xv, sn = yv, cn; // Re, Im of (x + i y)^m
            // m = 1
            c.mul(dg[1]).intoArray(out, 3 * stride + j);
            sn.mul(dg[1]).intoArray(out, 1 * stride + j);
            p2 = DoubleVector.broadcast(S, dg[1]);
            p1 = zv.mul(fs[1]);
            p1.mul(c).intoArray(out, 7 * stride + j);
            p1.mul(sn).intoArray(out, 5 * stride + j);
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[7]), r2.mul(p2).mul(rb[7]));
            pn.mul(c).intoArray(out, 13 * stride + j);
            pn.mul(sn).intoArray(out, 11 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[11]), r2.mul(p2).mul(rb[11]));
            pn.mul(c).intoArray(out, 21 * stride + j);
            pn.mul(sn).intoArray(out, 19 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[16]), r2.mul(p2).mul(rb[16]));
            pn.mul(c).intoArray(out, 31 * stride + j);
            pn.mul(sn).intoArray(out, 29 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[22]), r2.mul(p2).mul(rb[22]));
            pn.mul(c).intoArray(out, 43 * stride + j);
            pn.mul(sn).intoArray(out, 41 * stride + j);
            cn = xv.mul(c).sub(yv.mul(sn));
            sn = xv.mul(sn).add(yv.mul(c));
            c = cn;
            // m = 2
            c.mul(dg[2]).intoArray(out, 8 * stride + j);
            sn.mul(dg[2]).intoArray(out, 4 * stride + j);
            p2 = DoubleVector.broadcast(S, dg[2]);
            p1 = zv.mul(fs[2]);
            p1.mul(c).intoArray(out, 14 * stride + j);
            p1.mul(sn).intoArray(out, 10 * stride + j);
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[12]), r2.mul(p2).mul(rb[12]));
            pn.mul(c).intoArray(out, 22 * stride + j);
            pn.mul(sn).intoArray(out, 18 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[17]), r2.mul(p2).mul(rb[17]));
            pn.mul(c).intoArray(out, 32 * stride + j);
            pn.mul(sn).intoArray(out, 28 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[23]), r2.mul(p2).mul(rb[23]));
            pn.mul(c).intoArray(out, 44 * stride + j);
            pn.mul(sn).intoArray(out, 40 * stride + j);
            cn = xv.mul(c).sub(yv.mul(sn));
            sn = xv.mul(sn).add(yv.mul(c));
            c = cn;
            // m = 3
            c.mul(dg[3]).intoArray(out, 15 * stride + j);
            sn.mul(dg[3]).intoArray(out, 9 * stride + j);
            p2 = DoubleVector.broadcast(S, dg[3]);
            p1 = zv.mul(fs[3]);
            p1.mul(c).intoArray(out, 23 * stride + j);
            p1.mul(sn).intoArray(out, 17 * stride + j);
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[18]), r2.mul(p2).mul(rb[18]));
            pn.mul(c).intoArray(out, 33 * stride + j);
            pn.mul(sn).intoArray(out, 27 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[24]), r2.mul(p2).mul(rb[24]));
            pn.mul(c).intoArray(out, 45 * stride + j);
            pn.mul(sn).intoArray(out, 39 * stride + j);
            cn = xv.mul(c).sub(yv.mul(sn));
            sn = xv.mul(sn).add(yv.mul(c));
            c = cn;
            // m = 4
            c.mul(dg[4]).intoArray(out, 24 * stride + j);
            sn.mul(dg[4]).intoArray(out, 16 * stride + j);
            p2 = DoubleVector.broadcast(S, dg[4]);
            p1 = zv.mul(fs[4]);
            p1.mul(c).intoArray(out, 34 * stride + j);
            p1.mul(sn).intoArray(out, 26 * stride + j);
            pn = zv.mul(p1).fma(DoubleVector.broadcast(S, ra[25]), r2.mul(p2).mul(rb[25]));
            pn.mul(c).intoArray(out, 46 * stride + j);
            pn.mul(sn).intoArray(out, 38 * stride + j);
            cn = xv.mul(c).sub(yv.mul(sn));
            sn = xv.mul(sn).add(yv.mul(c));
            c = cn;
            // m = 5
            c.mul(dg[5]).intoArray(out, 35 * stride + j);
            sn.mul(dg[5]).intoArray(out, 25 * stride + j);
            p2 = DoubleVector.broadcast(S, dg[5]);
            p1 = zv.mul(fs[5]);
            p1.mul(c).intoArray(out, 47 * stride + j);
            p1.mul(sn).intoArray(out, 37 * stride + j);
            cn = xv.mul(c).sub(yv.mul(sn));
            sn = xv.mul(sn).add(yv.mul(c));
            c = cn;
            // m = 6
            c.mul(dg[6]).intoArray(out, 48 * stride + j);
            sn.mul(dg[6]).intoArray(out, 36 * stride + j);
        }
    }

    /** The scalar twin's operations in the same order with lanes over neighbours (the same bits); tails go to the twin. */
    @Override
    public void soapHarmonics(double[] x, double[] y, double[] z, int off, int from, int to, int lMax, double[] out, int stride) {
        int end = from + S.loopBound(to - from);
        if (lMax == 6) {
            soapHarmonics6(x, y, z, off, from, end, out, stride);
        } else {
            SolidHarmonicsTable tab = SolidHarmonicsTable.of(lMax);
            double[] b = tab.soapBeta;
            for (int j = from; j < end; j += L) {
                DoubleVector xv = DoubleVector.fromArray(S, x, off + j), yv = DoubleVector.fromArray(S, y, off + j);
                DoubleVector zv = DoubleVector.fromArray(S, z, off + j), nyv = yv.neg();
                DoubleVector r2 = xv.fma(xv, yv.fma(yv, zv.mul(zv)));
                ONE.intoArray(out, j);
                if (lMax >= 1) {
                    DoubleVector pPrev = ONE, pCur = zv;
                    pCur.intoArray(out, 2 * stride + j);
                    for (int l = 2; l <= lMax; l++) {
                        DoubleVector pn = zv.fma(pCur, r2.mul(pPrev).mul(b[tab.qIndex(l, 0)]));
                        pPrev = pCur;
                        pCur = pn;
                        pn.intoArray(out, (l * l + l) * stride + j);
                    }
                }
                DoubleVector c = xv, sn = yv; // Re, Im of (x + i y)^m
                for (int m = 1; m <= lMax; m++) {
                    c.intoArray(out, (m * m + 2 * m) * stride + j);
                    sn.intoArray(out, (m * m) * stride + j);
                    if (m == lMax) break;
                    DoubleVector p2 = ONE, p1 = zv;
                    int l1 = m + 1;
                    p1.mul(c).intoArray(out, (l1 * l1 + l1 + m) * stride + j);
                    p1.mul(sn).intoArray(out, (l1 * l1 + l1 - m) * stride + j);
                    for (int l = m + 2; l <= lMax; l++) {
                        DoubleVector pn = zv.fma(p1, r2.mul(p2).mul(b[tab.qIndex(l, m)]));
                        p2 = p1;
                        p1 = pn;
                        pn.mul(c).intoArray(out, (l * l + l + m) * stride + j);
                        pn.mul(sn).intoArray(out, (l * l + l - m) * stride + j);
                    }
                    DoubleVector cn = xv.fma(c, nyv.mul(sn));
                    sn = xv.fma(sn, yv.mul(c));
                    c = cn;
                }
            }
        }
        if (end < to) TAIL.soapHarmonics(x, y, z, off, end, to, lMax, out, stride);
    }

    /**
     * {@link #soapHarmonics} for l_max = 6, unrolled (constant row offsets, as {@link #solidHarmonics6}): the same
     * operations in the same order, so the same bits. Per vector of neighbours 3 + 15 + 26 + 21 + 16 + 11 + 6 = 98 vector
     * operations against ~141 for the normalised harmonics.
     */
    private static void soapHarmonics6(double[] x, double[] y, double[] z, int off, int from, int end, double[] out, int stride) {
        double[] b = SolidHarmonicsTable.of(6).soapBeta;
        for (int j = from; j < end; j += L) {
            DoubleVector xv = DoubleVector.fromArray(S, x, off + j), yv = DoubleVector.fromArray(S, y, off + j);
            DoubleVector zv = DoubleVector.fromArray(S, z, off + j), nyv = yv.neg();
            DoubleVector r2 = xv.fma(xv, yv.fma(yv, zv.mul(zv))), p2, p1, pn;
            ONE.intoArray(out, j);
            zv.intoArray(out, 2 * stride + j);
            // m = 0: T_00 = 1, T_10 = z
            p1 = zv;
            pn = zv.fma(p1, r2.mul(b[3]));
            pn.intoArray(out, 6 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[6]));
            pn.intoArray(out, 12 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[10]));
            pn.intoArray(out, 20 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[15]));
            pn.intoArray(out, 30 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[21]));
            pn.intoArray(out, 42 * stride + j);
            DoubleVector c = xv, sn = yv, cn; // Re, Im of (x + i y)^m
            // m = 1
            c.intoArray(out, 3 * stride + j);
            sn.intoArray(out, 1 * stride + j);
            zv.mul(c).intoArray(out, 7 * stride + j);
            zv.mul(sn).intoArray(out, 5 * stride + j);
            p1 = zv;
            pn = zv.fma(p1, r2.mul(b[7]));
            pn.mul(c).intoArray(out, 13 * stride + j);
            pn.mul(sn).intoArray(out, 11 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[11]));
            pn.mul(c).intoArray(out, 21 * stride + j);
            pn.mul(sn).intoArray(out, 19 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[16]));
            pn.mul(c).intoArray(out, 31 * stride + j);
            pn.mul(sn).intoArray(out, 29 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[22]));
            pn.mul(c).intoArray(out, 43 * stride + j);
            pn.mul(sn).intoArray(out, 41 * stride + j);
            cn = xv.fma(c, nyv.mul(sn));
            sn = xv.fma(sn, yv.mul(c));
            c = cn;
            // m = 2
            c.intoArray(out, 8 * stride + j);
            sn.intoArray(out, 4 * stride + j);
            zv.mul(c).intoArray(out, 14 * stride + j);
            zv.mul(sn).intoArray(out, 10 * stride + j);
            p1 = zv;
            pn = zv.fma(p1, r2.mul(b[12]));
            pn.mul(c).intoArray(out, 22 * stride + j);
            pn.mul(sn).intoArray(out, 18 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[17]));
            pn.mul(c).intoArray(out, 32 * stride + j);
            pn.mul(sn).intoArray(out, 28 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[23]));
            pn.mul(c).intoArray(out, 44 * stride + j);
            pn.mul(sn).intoArray(out, 40 * stride + j);
            cn = xv.fma(c, nyv.mul(sn));
            sn = xv.fma(sn, yv.mul(c));
            c = cn;
            // m = 3
            c.intoArray(out, 15 * stride + j);
            sn.intoArray(out, 9 * stride + j);
            zv.mul(c).intoArray(out, 23 * stride + j);
            zv.mul(sn).intoArray(out, 17 * stride + j);
            p1 = zv;
            pn = zv.fma(p1, r2.mul(b[18]));
            pn.mul(c).intoArray(out, 33 * stride + j);
            pn.mul(sn).intoArray(out, 27 * stride + j);
            p2 = p1;
            p1 = pn;
            pn = zv.fma(p1, r2.mul(p2).mul(b[24]));
            pn.mul(c).intoArray(out, 45 * stride + j);
            pn.mul(sn).intoArray(out, 39 * stride + j);
            cn = xv.fma(c, nyv.mul(sn));
            sn = xv.fma(sn, yv.mul(c));
            c = cn;
            // m = 4
            c.intoArray(out, 24 * stride + j);
            sn.intoArray(out, 16 * stride + j);
            zv.mul(c).intoArray(out, 34 * stride + j);
            zv.mul(sn).intoArray(out, 26 * stride + j);
            p1 = zv;
            pn = zv.fma(p1, r2.mul(b[25]));
            pn.mul(c).intoArray(out, 46 * stride + j);
            pn.mul(sn).intoArray(out, 38 * stride + j);
            cn = xv.fma(c, nyv.mul(sn));
            sn = xv.fma(sn, yv.mul(c));
            c = cn;
            // m = 5
            c.intoArray(out, 35 * stride + j);
            sn.intoArray(out, 25 * stride + j);
            zv.mul(c).intoArray(out, 47 * stride + j);
            zv.mul(sn).intoArray(out, 37 * stride + j);
            cn = xv.fma(c, nyv.mul(sn));
            sn = xv.fma(sn, yv.mul(c));
            c = cn;
            // m = 6
            c.intoArray(out, 48 * stride + j);
            sn.intoArray(out, 36 * stride + j);

        }
    }

    @Override
    public void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride) {
        int nv = S.loopBound(to - from), end = from + nv;
        for (int q = 0; q < gamma.length; q++) expScaled(r2, from, -gamma[q], nv, out, q * stride + from);
        if (end < to) TAIL.gaussians(r2, end, to, gamma, out, stride);
    }

    /** Per-thread index scratch of {@link #gaussianTable}. */
    private static final ThreadLocal<int[][]> INDEX = ThreadLocal.withInitial(() -> new int[1][64]);
    private static final DoubleVector T2 = c(GaussianTable.TAYLOR[2]), T3 = c(GaussianTable.TAYLOR[3]), T4 = c(GaussianTable.TAYLOR[4]),
            T5 = c(GaussianTable.TAYLOR[5]), T6 = c(GaussianTable.TAYLOR[6]), T7 = c(GaussianTable.TAYLOR[7]);

    /**
     * Lanes over neighbours: the grid index and offset of each neighbour once (scalar, shared by all exponents),
     * then per exponent a gathered table value times the Taylor polynomial (same operations as the scalar twin).
     */
    @Override
    public void gaussianTable(double[] r2, int from, int to, GaussianTable t, double[] out, int stride) {
        int nv = S.loopBound(to - from), end = from + nv;
        if (nv > 0) {
            double[][] sl = SCRATCH.get();
            double[] delta = scratch(sl, 6, nv);
            int[][] is = INDEX.get();
            if (is[0].length < nv) is[0] = new int[Math.max(nv, 2 * is[0].length)];
            int[] idx = is[0];
            double h = t.h;
            for (int j = 0; j < nv; j++) {
                double s = r2[from + j];
                int i = t.index(s);
                idx[j] = i;
                delta[j] = Math.fma(-i, h, s);
            }
            double[] base = t.base, gamma = t.gamma;
            int pts = t.points;
            for (int q = 0; q < gamma.length; q++) {
                DoubleVector ng = DoubleVector.broadcast(S, -gamma[q]);
                int bo = q * pts, o = q * stride + from;
                for (int j = 0; j < nv; j += L) {
                    DoubleVector u = DoubleVector.fromArray(S, delta, j).mul(ng);
                    DoubleVector p = u.fma(T7, T6).fma(u, T5).fma(u, T4).fma(u, T3).fma(u, T2).fma(u, ONE).fma(u, ONE);
                    DoubleVector.fromArray(S, base, bo, idx, j).mul(p).intoArray(out, o + j);
                }
            }
        }
        if (end < to) TAIL.gaussianTable(r2, end, to, t, out, stride);
    }

    /**
     * Lanes over the exponents of one neighbour: the grid index and offset once per neighbour (scalar), then per
     * vector of exponents a contiguous load of the point-major table times the Taylor polynomial of
     * {@code -gamma delta} (same operations as the scalar twin, so the same bits); exponents beyond the last full
     * vector go to the scalar formula.
     */
    @Override
    public void gaussianTableRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff) {
        double[] base = t.baseByPoint, ng = t.negGamma;
        int nq = ng.length, qv = S.loopBound(nq);
        double h = t.h;
        int j = from;
        // two neighbours at a time: two independent Horner chains per step (the chain's latency, not the arithmetic,
        // bounded one neighbour at a time); the same operations per value, so the same bits
        for (; j + 1 < to; j += 2) {
            double s0 = r2[j], s1 = r2[j + 1];
            int i0 = t.index(s0), i1 = t.index(s1);
            double e0 = Math.fma(-i0, h, s0), e1 = Math.fma(-i1, h, s1);
            DoubleVector d0 = DoubleVector.broadcast(S, e0), d1 = DoubleVector.broadcast(S, e1);
            int b0 = i0 * nq, b1 = i1 * nq, o0 = outOff + (j - from) * nq, o1 = o0 + nq;
            for (int q = 0; q < qv; q += L) {
                DoubleVector g = DoubleVector.fromArray(S, ng, q);
                DoubleVector u0 = g.mul(d0), u1 = g.mul(d1);
                DoubleVector p0 = u0.fma(T7, T6), p1 = u1.fma(T7, T6);
                p0 = p0.fma(u0, T5);
                p1 = p1.fma(u1, T5);
                p0 = p0.fma(u0, T4);
                p1 = p1.fma(u1, T4);
                p0 = p0.fma(u0, T3);
                p1 = p1.fma(u1, T3);
                p0 = p0.fma(u0, T2);
                p1 = p1.fma(u1, T2);
                p0 = p0.fma(u0, ONE);
                p1 = p1.fma(u1, ONE);
                p0 = p0.fma(u0, ONE);
                p1 = p1.fma(u1, ONE);
                DoubleVector.fromArray(S, base, b0 + q).mul(p0).intoArray(out, o0 + q);
                DoubleVector.fromArray(S, base, b1 + q).mul(p1).intoArray(out, o1 + q);
            }
            for (int q = qv; q < nq; q++) {
                out[o0 + q] = base[b0 + q] * GaussianTable.taylor(ng[q] * e0);
                out[o1 + q] = base[b1 + q] * GaussianTable.taylor(ng[q] * e1);
            }
        }
        for (; j < to; j++) {
            double s = r2[j];
            int i = t.index(s);
            double delta = Math.fma(-i, h, s);
            DoubleVector d = DoubleVector.broadcast(S, delta);
            int b = i * nq, o = outOff + (j - from) * nq;
            for (int q = 0; q < qv; q += L) {
                DoubleVector u = DoubleVector.fromArray(S, ng, q).mul(d);
                DoubleVector p = u.fma(T7, T6).fma(u, T5).fma(u, T4).fma(u, T3).fma(u, T2).fma(u, ONE).fma(u, ONE);
                DoubleVector.fromArray(S, base, b + q).mul(p).intoArray(out, o + q);
            }
            for (int q = qv; q < nq; q++) out[o + q] = base[b + q] * GaussianTable.taylor(ng[q] * delta);
        }
    }

    /**
     * Lanes over the exponents of one neighbour, four neighbours per step (four independent Horner chains sharing the
     * coefficient loads; ~6 % faster than two in thread CPU): per vector of exponents six coefficient loads, one table
     * load per neighbour, five fused multiply-adds and one multiplication per neighbour; the last 1-3 neighbours go to
     * the scalar twin. The operations are the scalar twin's in the same order (same
     * bits); exponents beyond the last full vector go to the scalar formula.
     */
    @Override
    public void soapGaussianRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff) {
        double[] base = t.baseByPoint, c = t.rowCoeff;
        if (c == null) throw new IllegalArgumentException("soapGaussianRows needs a GaussianTable.forRows table");
        int nq = t.size(), qv = S.loopBound(nq);
        if (nq == SOAP_EXPONENTS && qv == nq) {
            soapGaussianRows56(r2, from, to, t, out, outOff);
            return;
        }
        double h = t.h;
        int j = from;
        for (; j + 3 < to; j += 4) {
            double s0 = r2[j], s1 = r2[j + 1], s2 = r2[j + 2], s3 = r2[j + 3];
            int i0 = t.index(s0), i1 = t.index(s1), i2 = t.index(s2), i3 = t.index(s3);
            DoubleVector d0 = DoubleVector.broadcast(S, Math.fma(-i0, h, s0)), d1 = DoubleVector.broadcast(S, Math.fma(-i1, h, s1));
            DoubleVector d2 = DoubleVector.broadcast(S, Math.fma(-i2, h, s2)), d3 = DoubleVector.broadcast(S, Math.fma(-i3, h, s3));
            int b0 = i0 * nq, b1 = i1 * nq, b2 = i2 * nq, b3 = i3 * nq, o0 = outOff + (j - from) * nq;
            for (int q = 0; q < qv; q += L) {
                DoubleVector k5 = DoubleVector.fromArray(S, c, 5 * nq + q), k = DoubleVector.fromArray(S, c, 4 * nq + q);
                DoubleVector p0 = k5.fma(d0, k), p1 = k5.fma(d1, k), p2 = k5.fma(d2, k), p3 = k5.fma(d3, k);
                k = DoubleVector.fromArray(S, c, 3 * nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, 2 * nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                DoubleVector.fromArray(S, base, b0 + q).mul(p0).intoArray(out, o0 + q);
                DoubleVector.fromArray(S, base, b1 + q).mul(p1).intoArray(out, o0 + nq + q);
                DoubleVector.fromArray(S, base, b2 + q).mul(p2).intoArray(out, o0 + 2 * nq + q);
                DoubleVector.fromArray(S, base, b3 + q).mul(p3).intoArray(out, o0 + 3 * nq + q);
            }
            for (int q = qv; q < nq; q++) {
                out[o0 + q] = t.rowValue(q, s0);
                out[o0 + nq + q] = t.rowValue(q, s1);
                out[o0 + 2 * nq + q] = t.rowValue(q, s2);
                out[o0 + 3 * nq + q] = t.rowValue(q, s3);
            }
        }
        if (j < to) TAIL.soapGaussianRows(r2, j, to, t, out, outOff + (j - from) * nq);
    }

    /** SOAP's exponent count for nMax 8, l_max 6: {@link #soapGaussianRows56}'s constant row length. */
    static final int SOAP_EXPONENTS = 56;

    /**
     * {@link #soapGaussianRows} for 56 exponents (nMax 8, l_max 6; 14 vectors of 4 lanes, no scalar remainder) with the
     * row length as a constant: the same operations in the same order, the same bits.
     */
    private static void soapGaussianRows56(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff) {
        double[] base = t.baseByPoint, c = t.rowCoeff;
        final int nq = SOAP_EXPONENTS, qv = nq;
        double h = t.h;
        int j = from;
        for (; j + 3 < to; j += 4) {
            double s0 = r2[j], s1 = r2[j + 1], s2 = r2[j + 2], s3 = r2[j + 3];
            int i0 = t.index(s0), i1 = t.index(s1), i2 = t.index(s2), i3 = t.index(s3);
            DoubleVector d0 = DoubleVector.broadcast(S, Math.fma(-i0, h, s0)), d1 = DoubleVector.broadcast(S, Math.fma(-i1, h, s1));
            DoubleVector d2 = DoubleVector.broadcast(S, Math.fma(-i2, h, s2)), d3 = DoubleVector.broadcast(S, Math.fma(-i3, h, s3));
            int b0 = i0 * nq, b1 = i1 * nq, b2 = i2 * nq, b3 = i3 * nq, o0 = outOff + (j - from) * nq;
            for (int q = 0; q < qv; q += L) {
                DoubleVector k5 = DoubleVector.fromArray(S, c, 5 * nq + q), k = DoubleVector.fromArray(S, c, 4 * nq + q);
                DoubleVector p0 = k5.fma(d0, k), p1 = k5.fma(d1, k), p2 = k5.fma(d2, k), p3 = k5.fma(d3, k);
                k = DoubleVector.fromArray(S, c, 3 * nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, 2 * nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, nq + q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                k = DoubleVector.fromArray(S, c, q);
                p0 = p0.fma(d0, k);
                p1 = p1.fma(d1, k);
                p2 = p2.fma(d2, k);
                p3 = p3.fma(d3, k);
                DoubleVector.fromArray(S, base, b0 + q).mul(p0).intoArray(out, o0 + q);
                DoubleVector.fromArray(S, base, b1 + q).mul(p1).intoArray(out, o0 + nq + q);
                DoubleVector.fromArray(S, base, b2 + q).mul(p2).intoArray(out, o0 + 2 * nq + q);
                DoubleVector.fromArray(S, base, b3 + q).mul(p3).intoArray(out, o0 + 3 * nq + q);
            }
        }
        if (j < to) TAIL.soapGaussianRows(r2, j, to, t, out, outOff + (j - from) * nq);
    }

    /**
     * Lanes over the columns a of A (contiguous in each row j): blocks of 2 vectors of a by 4 rows of B (8
     * accumulators; per j two vector loads, four broadcasts, eight fused multiply-adds), then 2 x 1, then one vector
     * of a, then single columns in scalar code. Each sum runs over j in order.
     */
    @Override
    public void columnDots(double[] a, int aOff, int aStride, int na, double[] b, int bOff, int bStride, int bStep, int nb, int n, double[] c, int cOff) {
        double[] tmp = scratch(SCRATCH.get(), 7, 8 * L);
        int i0 = 0;
        for (; i0 + 2 * L <= na; i0 += 2 * L) {
            int ao = aOff + i0;
            int k = 0;
            for (; k + 3 < nb; k += 4) {
                int b0 = bOff + k * bStride, b1 = b0 + bStride, b2 = b1 + bStride, b3 = b2 + bStride;
                DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                for (int j = 0; j < n; j++) {
                    int aj = ao + j * aStride;
                    DoubleVector v0 = DoubleVector.fromArray(S, a, aj), v1 = DoubleVector.fromArray(S, a, aj + L);
                    DoubleVector w = DoubleVector.broadcast(S, b[b0 + j * bStep]);
                    s00 = v0.fma(w, s00);
                    s10 = v1.fma(w, s10);
                    w = DoubleVector.broadcast(S, b[b1 + j * bStep]);
                    s01 = v0.fma(w, s01);
                    s11 = v1.fma(w, s11);
                    w = DoubleVector.broadcast(S, b[b2 + j * bStep]);
                    s02 = v0.fma(w, s02);
                    s12 = v1.fma(w, s12);
                    w = DoubleVector.broadcast(S, b[b3 + j * bStep]);
                    s03 = v0.fma(w, s03);
                    s13 = v1.fma(w, s13);
                }
                s00.intoArray(tmp, 0);
                s01.intoArray(tmp, L);
                s02.intoArray(tmp, 2 * L);
                s03.intoArray(tmp, 3 * L);
                s10.intoArray(tmp, 4 * L);
                s11.intoArray(tmp, 5 * L);
                s12.intoArray(tmp, 6 * L);
                s13.intoArray(tmp, 7 * L);
                for (int half = 0; half < 2; half++) {
                    for (int lane = 0; lane < L; lane++) {
                        int o = cOff + (i0 + half * L + lane) * nb + k;
                        for (int q = 0; q < 4; q++) c[o + q] += tmp[(4 * half + q) * L + lane];
                    }
                }
            }
            for (; k < nb; k++) {
                int b0 = bOff + k * bStride;
                DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
                for (int j = 0; j < n; j++) {
                    int aj = ao + j * aStride;
                    DoubleVector w = DoubleVector.broadcast(S, b[b0 + j * bStep]);
                    s0 = DoubleVector.fromArray(S, a, aj).fma(w, s0);
                    s1 = DoubleVector.fromArray(S, a, aj + L).fma(w, s1);
                }
                s0.intoArray(tmp, 0);
                s1.intoArray(tmp, L);
                for (int lane = 0; lane < 2 * L; lane++) c[cOff + (i0 + lane) * nb + k] += tmp[lane];
            }
        }
        for (; i0 + L <= na; i0 += L) {
            int ao = aOff + i0;
            for (int k = 0; k < nb; k++) {
                int b0 = bOff + k * bStride;
                DoubleVector s0 = DoubleVector.zero(S);
                for (int j = 0; j < n; j++) s0 = DoubleVector.fromArray(S, a, ao + j * aStride).fma(DoubleVector.broadcast(S, b[b0 + j * bStep]), s0);
                s0.intoArray(tmp, 0);
                for (int lane = 0; lane < L; lane++) c[cOff + (i0 + lane) * nb + k] += tmp[lane];
            }
        }
        if (i0 < na) TAIL.columnDots(a, aOff + i0, aStride, na - i0, b, bOff, bStride, bStep, nb, n, c, cOff + i0 * nb);
    }

    /**
     * Lanes over k (nMax = two vectors; other sizes go to the scalar twin). The (l, m) columns are taken four at a time
     * across l boundaries (49 columns for l_max 6 = 12 groups of four and one left over), so every group keeps 8
     * independent accumulators: per neighbour two vector loads of its Gaussians (four when the group spans two l: the
     * last column of an even l and the first three of the next), four broadcast harmonics and eight fused multiply-adds.
     * (Per l, the 2l + 1 columns left 13 of 49 in a 2 x 1 block whose two accumulator chains were bound by the FMA
     * latency.) The single column left over runs two chains per half over even and odd neighbours. Each group's sums
     * are added to {@code out} once per call. SOAP's own case (l_max 6, rows of stride 7 nMax, harmonics of stride
     * {@link #SOAP_PANEL}) goes to {@link #soapContract6}, the same groups with constant strides.
     */
    @Override
    public void soapContract(double[] rows, int rowOff, int rowStride, double[] sh, int shOff, int shStride, int n, int nMax, int lMax,
                             double[] out, int outOff) {
        if (nMax != 2 * SOAP_L) {
            TAIL.soapContract(rows, rowOff, rowStride, sh, shOff, shStride, n, nMax, lMax, out, outOff);
            return;
        }
        if (lMax == 6 && rowStride == 7 * 2 * SOAP_L && shStride == SOAP_PANEL) {
            soapContract6(rows, rowOff, sh, shOff, n, out, outOff);
            return;
        }
        int ncol = (lMax + 1) * (lMax + 1);
        int c0 = 0, la = 0; // la: the l of column c0, advanced as c0 passes (la + 1)^2 (no square root per group)
        for (; c0 + 4 <= ncol; c0 += 4) {
            while ((la + 1) * (la + 1) <= c0) la++;
            int lb = (la + 1) * (la + 1) <= c0 + 3 ? la + 1 : la;
            // l^2 mod 4 is 0 (l even) or 1 (l odd): an even l starts a group, so a group that spans two l holds the
            // last column of an even l and the first three of l + 1
            int b0 = shOff + c0 * shStride, o = outOff + c0 * nMax;
            if (la == lb) contractFour(rows, rowOff + la * nMax, rowStride, sh, b0, shStride, n, out, o);
            else contractFourSpan(rows, rowOff + la * nMax, rowOff + lb * nMax, rowStride, sh, b0, shStride, n, out, o);
        }
        for (; c0 < ncol; c0++) {
            while ((la + 1) * (la + 1) <= c0) la++;
            contractColumn(rows, rowOff + la * nMax, rowStride, sh, shOff + c0 * shStride, n, out, outOff + c0 * nMax);
        }
    }

    /**
     * One group of four columns of one l for {@link #soapContract} (Gaussians from row offset {@code ao}; output
     * {@code nMax = 2L} values per column from {@code o}); {@link #contractFourSpan} for a group across two l.
     */
    private static void contractFour(double[] rows, int ao, int rowStride, double[] sh, int b0, int shStride, int n,
                                     double[] out, int o) {
        int b1 = b0 + shStride, b2 = b1 + shStride, b3 = b2 + shStride;
        DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int j = 0; j < n; j++) {
            int aj = ao + j * rowStride;
            DoubleVector v0 = DoubleVector.fromArray(SOAP_S, rows, aj), v1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L);
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s00 = v0.fma(w, s00);
            s10 = v1.fma(w, s10);
            w = DoubleVector.broadcast(SOAP_S, sh[b1 + j]);
            s01 = v0.fma(w, s01);
            s11 = v1.fma(w, s11);
            w = DoubleVector.broadcast(SOAP_S, sh[b2 + j]);
            s02 = v0.fma(w, s02);
            s12 = v1.fma(w, s12);
            w = DoubleVector.broadcast(SOAP_S, sh[b3 + j]);
            s03 = v0.fma(w, s03);
            s13 = v1.fma(w, s13);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s10).intoArray(out, o + SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(s01).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(s11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(s02).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(s12).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(s03).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(s13).intoArray(out, o + 7 * SOAP_L);
    }

    /**
     * {@link #contractFour} for a group that spans two l: the first column's Gaussians from row offset {@code oa}, the
     * other three from {@code ob}.
     */
    private static void contractFourSpan(double[] rows, int oa, int ob, int rowStride, double[] sh, int b0, int shStride, int n,
                                         double[] out, int o) {
        int b1 = b0 + shStride, b2 = b1 + shStride, b3 = b2 + shStride;
        DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int j = 0; j < n; j++) {
            int jr = j * rowStride;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s00 = DoubleVector.fromArray(SOAP_S, rows, oa + jr).fma(w, s00);
            s10 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L).fma(w, s10);
            DoubleVector v0 = DoubleVector.fromArray(SOAP_S, rows, ob + jr), v1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr + SOAP_L);
            w = DoubleVector.broadcast(SOAP_S, sh[b1 + j]);
            s01 = v0.fma(w, s01);
            s11 = v1.fma(w, s11);
            w = DoubleVector.broadcast(SOAP_S, sh[b2 + j]);
            s02 = v0.fma(w, s02);
            s12 = v1.fma(w, s12);
            w = DoubleVector.broadcast(SOAP_S, sh[b3 + j]);
            s03 = v0.fma(w, s03);
            s13 = v1.fma(w, s13);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s10).intoArray(out, o + SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(s01).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(s11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(s02).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(s12).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(s03).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(s13).intoArray(out, o + 7 * SOAP_L);
    }

    /** The column left over by {@link #soapContract}'s groups of four: two chains per half, over even and odd neighbours. */
    private static void contractColumn(double[] rows, int ao, int rowStride, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector s0 = DoubleVector.zero(SOAP_S), s1 = s0, t0 = s0, t1 = s0;
        int j = 0;
        for (; j + 1 < n; j += 2) {
            int aj = ao + j * rowStride;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s0 = DoubleVector.fromArray(SOAP_S, rows, aj).fma(w, s0);
            s1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L).fma(w, s1);
            w = DoubleVector.broadcast(SOAP_S, sh[b0 + j + 1]);
            t0 = DoubleVector.fromArray(SOAP_S, rows, aj + rowStride).fma(w, t0);
            t1 = DoubleVector.fromArray(SOAP_S, rows, aj + rowStride + SOAP_L).fma(w, t1);
        }
        if (j < n) {
            int aj = ao + j * rowStride;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s0 = DoubleVector.fromArray(SOAP_S, rows, aj).fma(w, s0);
            s1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L).fma(w, s1);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s0.add(t0)).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s1.add(t1)).intoArray(out, o + SOAP_L);
    }

    /** Harmonics panel stride of {@code SoapPowerSpectrum.BLOCK} (its harmonics are written per block at this stride). */
    static final int SOAP_PANEL = SoapPowerSpectrum.BLOCK;
    /** {@link #soapContract6}'s strides as constants: Gaussian rows of l_max 6 (7 x nMax) and the harmonics panel. */
    private static final int N = 2 * SOAP_L, R = 7 * N, P = SOAP_PANEL;

    /**
     * {@link #soapContract} for l_max = 6, nMax = 2L, Gaussian rows of stride 7 nMax and harmonics of stride
     * {@link #SOAP_PANEL}: the same groups, the same operations in the same order (the same bits), with the strides and
     * group offsets as constants. With the strides as variables the group loops ran at 0.24-0.31 ns per vector FMA, with
     * constants 0.20 (scratch harness, data in cache, branch soap9).
     */
    private static void soapContract6(double[] rows, int r0, double[] sh, int s0, int n, double[] out, int o0) {
        if (SOAP_EIGHT) soapContract6Eight(rows, r0, sh, s0, n, out, o0);
        else soapContract6Four(rows, r0, sh, s0, n, out, o0);
    }

    /** {@link #soapContract6} in groups of four columns (eight accumulators: 16 vector registers suffice). */
    static void soapContract6Four(double[] rows, int r0, double[] sh, int s0, int n, double[] out, int o0) {
        contractFourSpan6(rows, r0 + 0 * N, r0 + 1 * N, sh, s0 + 0 * P, n, out, o0 + 0 * N);
        contractFour6(rows, r0 + 2 * N, sh, s0 + 4 * P, n, out, o0 + 4 * N);
        contractFourSpan6(rows, r0 + 2 * N, r0 + 3 * N, sh, s0 + 8 * P, n, out, o0 + 8 * N);
        contractFour6(rows, r0 + 3 * N, sh, s0 + 12 * P, n, out, o0 + 12 * N);
        contractFour6(rows, r0 + 4 * N, sh, s0 + 16 * P, n, out, o0 + 16 * N);
        contractFour6(rows, r0 + 4 * N, sh, s0 + 20 * P, n, out, o0 + 20 * N);
        contractFourSpan6(rows, r0 + 4 * N, r0 + 5 * N, sh, s0 + 24 * P, n, out, o0 + 24 * N);
        contractFour6(rows, r0 + 5 * N, sh, s0 + 28 * P, n, out, o0 + 28 * N);
        contractFour6(rows, r0 + 5 * N, sh, s0 + 32 * P, n, out, o0 + 32 * N);
        contractFour6(rows, r0 + 6 * N, sh, s0 + 36 * P, n, out, o0 + 36 * N);
        contractFour6(rows, r0 + 6 * N, sh, s0 + 40 * P, n, out, o0 + 40 * N);
        contractFour6(rows, r0 + 6 * N, sh, s0 + 44 * P, n, out, o0 + 44 * N);
        contractColumn6(rows, r0 + 6 * N, sh, s0 + 48 * P, n, out, o0 + 48 * N);
    }

    /**
     * Whether {@link #soapContract6} runs in groups of eight columns ({@link #soapContract6Eight}): with AVX-512 (a
     * preferred shape of 512 bits) x86 has 32 vector registers, enough for sixteen accumulators; with 16 (AVX2) the groups
     * of four.
     */
    static final boolean SOAP_EIGHT = S.vectorBitSize() >= 512;

    /**
     * {@link #soapContract6} in groups of eight columns (sixteen 256-bit accumulators, up to three l per group: columns by
     * l {@code 0 | 1 1 1 | 2 2 2 2}, {@code 2 | 3 x 7}, {@code 4 x 8}, {@code 4 | 5 x 7}, {@code 5 x 4 | 6 x 4}, {@code 6 x 8},
     * and column 48 as before): per neighbour and group one to three pairs of row loads, eight broadcasts and sixteen fused
     * multiply-adds, 7 calls per block instead of 13. The groups of four issue a broadcast per two fused multiply-adds too,
     * but their eight accumulator chains are as long as the FMA latency times its throughput: a scratch loop of SOAP's
     * shape ran at 4.7 cycles per 8 FMAs with eight accumulators, 4.25 with twelve or sixteen (4.0 is the peak of two
     * 256-bit FMA pipes; AMD EPYC, AVX-512 guest). Every column's sum is the same fused multiply-adds over the neighbours
     * in the same order, added to {@code out} once: the same bits as the groups of four.
     */
    static void soapContract6Eight(double[] rows, int r0, double[] sh, int s0, int n, double[] out, int o0) {
        contractEight6x134(rows, r0, r0 + N, r0 + 2 * N, sh, s0, n, out, o0);
        contractEight6x17(rows, r0 + 2 * N, r0 + 3 * N, sh, s0 + 8 * P, n, out, o0 + 8 * N);
        contractEight6(rows, r0 + 4 * N, sh, s0 + 16 * P, n, out, o0 + 16 * N);
        contractEight6x17(rows, r0 + 4 * N, r0 + 5 * N, sh, s0 + 24 * P, n, out, o0 + 24 * N);
        contractEight6x44(rows, r0 + 5 * N, r0 + 6 * N, sh, s0 + 32 * P, n, out, o0 + 32 * N);
        contractEight6(rows, r0 + 6 * N, sh, s0 + 40 * P, n, out, o0 + 40 * N);
        contractColumn6(rows, r0 + 6 * N, sh, s0 + 48 * P, n, out, o0 + 48 * N);
    }

    private static void contractEight6(double[] rows, int oa, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector z = DoubleVector.zero(SOAP_S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int j = 0; j < n; j++) {
            int jr = j * R;
            DoubleVector u0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr), v0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L);
            DoubleVector w0 = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            a00 = u0.fma(w0, a00);
            a01 = v0.fma(w0, a01);
            DoubleVector w1 = DoubleVector.broadcast(SOAP_S, sh[b0 + 1 * P + j]);
            a10 = u0.fma(w1, a10);
            a11 = v0.fma(w1, a11);
            DoubleVector w2 = DoubleVector.broadcast(SOAP_S, sh[b0 + 2 * P + j]);
            a20 = u0.fma(w2, a20);
            a21 = v0.fma(w2, a21);
            DoubleVector w3 = DoubleVector.broadcast(SOAP_S, sh[b0 + 3 * P + j]);
            a30 = u0.fma(w3, a30);
            a31 = v0.fma(w3, a31);
            DoubleVector w4 = DoubleVector.broadcast(SOAP_S, sh[b0 + 4 * P + j]);
            a40 = u0.fma(w4, a40);
            a41 = v0.fma(w4, a41);
            DoubleVector w5 = DoubleVector.broadcast(SOAP_S, sh[b0 + 5 * P + j]);
            a50 = u0.fma(w5, a50);
            a51 = v0.fma(w5, a51);
            DoubleVector w6 = DoubleVector.broadcast(SOAP_S, sh[b0 + 6 * P + j]);
            a60 = u0.fma(w6, a60);
            a61 = v0.fma(w6, a61);
            DoubleVector w7 = DoubleVector.broadcast(SOAP_S, sh[b0 + 7 * P + j]);
            a70 = u0.fma(w7, a70);
            a71 = v0.fma(w7, a71);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(a00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + 1 * SOAP_L).add(a01).intoArray(out, o + 1 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(a10).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(a11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(a20).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(a21).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(a30).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(a31).intoArray(out, o + 7 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 8 * SOAP_L).add(a40).intoArray(out, o + 8 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 9 * SOAP_L).add(a41).intoArray(out, o + 9 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 10 * SOAP_L).add(a50).intoArray(out, o + 10 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 11 * SOAP_L).add(a51).intoArray(out, o + 11 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 12 * SOAP_L).add(a60).intoArray(out, o + 12 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 13 * SOAP_L).add(a61).intoArray(out, o + 13 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 14 * SOAP_L).add(a70).intoArray(out, o + 14 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 15 * SOAP_L).add(a71).intoArray(out, o + 15 * SOAP_L);
    }

    private static void contractEight6x17(double[] rows, int oa, int ob, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector z = DoubleVector.zero(SOAP_S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int j = 0; j < n; j++) {
            int jr = j * R;
            DoubleVector u0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr), v0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L);
            DoubleVector w0 = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            a00 = u0.fma(w0, a00);
            a01 = v0.fma(w0, a01);
            DoubleVector u1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr), v1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr + SOAP_L);
            DoubleVector w1 = DoubleVector.broadcast(SOAP_S, sh[b0 + 1 * P + j]);
            a10 = u1.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            DoubleVector w2 = DoubleVector.broadcast(SOAP_S, sh[b0 + 2 * P + j]);
            a20 = u1.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            DoubleVector w3 = DoubleVector.broadcast(SOAP_S, sh[b0 + 3 * P + j]);
            a30 = u1.fma(w3, a30);
            a31 = v1.fma(w3, a31);
            DoubleVector w4 = DoubleVector.broadcast(SOAP_S, sh[b0 + 4 * P + j]);
            a40 = u1.fma(w4, a40);
            a41 = v1.fma(w4, a41);
            DoubleVector w5 = DoubleVector.broadcast(SOAP_S, sh[b0 + 5 * P + j]);
            a50 = u1.fma(w5, a50);
            a51 = v1.fma(w5, a51);
            DoubleVector w6 = DoubleVector.broadcast(SOAP_S, sh[b0 + 6 * P + j]);
            a60 = u1.fma(w6, a60);
            a61 = v1.fma(w6, a61);
            DoubleVector w7 = DoubleVector.broadcast(SOAP_S, sh[b0 + 7 * P + j]);
            a70 = u1.fma(w7, a70);
            a71 = v1.fma(w7, a71);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(a00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + 1 * SOAP_L).add(a01).intoArray(out, o + 1 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(a10).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(a11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(a20).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(a21).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(a30).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(a31).intoArray(out, o + 7 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 8 * SOAP_L).add(a40).intoArray(out, o + 8 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 9 * SOAP_L).add(a41).intoArray(out, o + 9 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 10 * SOAP_L).add(a50).intoArray(out, o + 10 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 11 * SOAP_L).add(a51).intoArray(out, o + 11 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 12 * SOAP_L).add(a60).intoArray(out, o + 12 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 13 * SOAP_L).add(a61).intoArray(out, o + 13 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 14 * SOAP_L).add(a70).intoArray(out, o + 14 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 15 * SOAP_L).add(a71).intoArray(out, o + 15 * SOAP_L);
    }

    private static void contractEight6x44(double[] rows, int oa, int ob, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector z = DoubleVector.zero(SOAP_S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int j = 0; j < n; j++) {
            int jr = j * R;
            DoubleVector u0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr), v0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L);
            DoubleVector w0 = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            a00 = u0.fma(w0, a00);
            a01 = v0.fma(w0, a01);
            DoubleVector w1 = DoubleVector.broadcast(SOAP_S, sh[b0 + 1 * P + j]);
            a10 = u0.fma(w1, a10);
            a11 = v0.fma(w1, a11);
            DoubleVector w2 = DoubleVector.broadcast(SOAP_S, sh[b0 + 2 * P + j]);
            a20 = u0.fma(w2, a20);
            a21 = v0.fma(w2, a21);
            DoubleVector w3 = DoubleVector.broadcast(SOAP_S, sh[b0 + 3 * P + j]);
            a30 = u0.fma(w3, a30);
            a31 = v0.fma(w3, a31);
            DoubleVector u1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr), v1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr + SOAP_L);
            DoubleVector w4 = DoubleVector.broadcast(SOAP_S, sh[b0 + 4 * P + j]);
            a40 = u1.fma(w4, a40);
            a41 = v1.fma(w4, a41);
            DoubleVector w5 = DoubleVector.broadcast(SOAP_S, sh[b0 + 5 * P + j]);
            a50 = u1.fma(w5, a50);
            a51 = v1.fma(w5, a51);
            DoubleVector w6 = DoubleVector.broadcast(SOAP_S, sh[b0 + 6 * P + j]);
            a60 = u1.fma(w6, a60);
            a61 = v1.fma(w6, a61);
            DoubleVector w7 = DoubleVector.broadcast(SOAP_S, sh[b0 + 7 * P + j]);
            a70 = u1.fma(w7, a70);
            a71 = v1.fma(w7, a71);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(a00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + 1 * SOAP_L).add(a01).intoArray(out, o + 1 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(a10).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(a11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(a20).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(a21).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(a30).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(a31).intoArray(out, o + 7 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 8 * SOAP_L).add(a40).intoArray(out, o + 8 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 9 * SOAP_L).add(a41).intoArray(out, o + 9 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 10 * SOAP_L).add(a50).intoArray(out, o + 10 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 11 * SOAP_L).add(a51).intoArray(out, o + 11 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 12 * SOAP_L).add(a60).intoArray(out, o + 12 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 13 * SOAP_L).add(a61).intoArray(out, o + 13 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 14 * SOAP_L).add(a70).intoArray(out, o + 14 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 15 * SOAP_L).add(a71).intoArray(out, o + 15 * SOAP_L);
    }

    private static void contractEight6x134(double[] rows, int oa, int ob, int oc, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector z = DoubleVector.zero(SOAP_S);
        DoubleVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z, a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        for (int j = 0; j < n; j++) {
            int jr = j * R;
            DoubleVector u0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr), v0 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L);
            DoubleVector w0 = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            a00 = u0.fma(w0, a00);
            a01 = v0.fma(w0, a01);
            DoubleVector u1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr), v1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr + SOAP_L);
            DoubleVector w1 = DoubleVector.broadcast(SOAP_S, sh[b0 + 1 * P + j]);
            a10 = u1.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            DoubleVector w2 = DoubleVector.broadcast(SOAP_S, sh[b0 + 2 * P + j]);
            a20 = u1.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            DoubleVector w3 = DoubleVector.broadcast(SOAP_S, sh[b0 + 3 * P + j]);
            a30 = u1.fma(w3, a30);
            a31 = v1.fma(w3, a31);
            DoubleVector u2 = DoubleVector.fromArray(SOAP_S, rows, oc + jr), v2 = DoubleVector.fromArray(SOAP_S, rows, oc + jr + SOAP_L);
            DoubleVector w4 = DoubleVector.broadcast(SOAP_S, sh[b0 + 4 * P + j]);
            a40 = u2.fma(w4, a40);
            a41 = v2.fma(w4, a41);
            DoubleVector w5 = DoubleVector.broadcast(SOAP_S, sh[b0 + 5 * P + j]);
            a50 = u2.fma(w5, a50);
            a51 = v2.fma(w5, a51);
            DoubleVector w6 = DoubleVector.broadcast(SOAP_S, sh[b0 + 6 * P + j]);
            a60 = u2.fma(w6, a60);
            a61 = v2.fma(w6, a61);
            DoubleVector w7 = DoubleVector.broadcast(SOAP_S, sh[b0 + 7 * P + j]);
            a70 = u2.fma(w7, a70);
            a71 = v2.fma(w7, a71);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(a00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + 1 * SOAP_L).add(a01).intoArray(out, o + 1 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(a10).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(a11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(a20).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(a21).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(a30).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(a31).intoArray(out, o + 7 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 8 * SOAP_L).add(a40).intoArray(out, o + 8 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 9 * SOAP_L).add(a41).intoArray(out, o + 9 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 10 * SOAP_L).add(a50).intoArray(out, o + 10 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 11 * SOAP_L).add(a51).intoArray(out, o + 11 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 12 * SOAP_L).add(a60).intoArray(out, o + 12 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 13 * SOAP_L).add(a61).intoArray(out, o + 13 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 14 * SOAP_L).add(a70).intoArray(out, o + 14 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 15 * SOAP_L).add(a71).intoArray(out, o + 15 * SOAP_L);
    }

    private static void contractFour6(double[] rows, int ao, double[] sh, int b0, int n,
                                     double[] out, int o) {
        int b1 = b0 + P, b2 = b1 + P, b3 = b2 + P;
        DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int j = 0; j < n; j++) {
            int aj = ao + j * R;
            DoubleVector v0 = DoubleVector.fromArray(SOAP_S, rows, aj), v1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L);
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s00 = v0.fma(w, s00);
            s10 = v1.fma(w, s10);
            w = DoubleVector.broadcast(SOAP_S, sh[b1 + j]);
            s01 = v0.fma(w, s01);
            s11 = v1.fma(w, s11);
            w = DoubleVector.broadcast(SOAP_S, sh[b2 + j]);
            s02 = v0.fma(w, s02);
            s12 = v1.fma(w, s12);
            w = DoubleVector.broadcast(SOAP_S, sh[b3 + j]);
            s03 = v0.fma(w, s03);
            s13 = v1.fma(w, s13);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s10).intoArray(out, o + SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(s01).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(s11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(s02).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(s12).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(s03).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(s13).intoArray(out, o + 7 * SOAP_L);
    }

    private static void contractFourSpan6(double[] rows, int oa, int ob, double[] sh, int b0, int n,
                                         double[] out, int o) {
        int b1 = b0 + P, b2 = b1 + P, b3 = b2 + P;
        DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        for (int j = 0; j < n; j++) {
            int jr = j * R;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s00 = DoubleVector.fromArray(SOAP_S, rows, oa + jr).fma(w, s00);
            s10 = DoubleVector.fromArray(SOAP_S, rows, oa + jr + SOAP_L).fma(w, s10);
            DoubleVector v0 = DoubleVector.fromArray(SOAP_S, rows, ob + jr), v1 = DoubleVector.fromArray(SOAP_S, rows, ob + jr + SOAP_L);
            w = DoubleVector.broadcast(SOAP_S, sh[b1 + j]);
            s01 = v0.fma(w, s01);
            s11 = v1.fma(w, s11);
            w = DoubleVector.broadcast(SOAP_S, sh[b2 + j]);
            s02 = v0.fma(w, s02);
            s12 = v1.fma(w, s12);
            w = DoubleVector.broadcast(SOAP_S, sh[b3 + j]);
            s03 = v0.fma(w, s03);
            s13 = v1.fma(w, s13);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s00).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s10).intoArray(out, o + SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 2 * SOAP_L).add(s01).intoArray(out, o + 2 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 3 * SOAP_L).add(s11).intoArray(out, o + 3 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 4 * SOAP_L).add(s02).intoArray(out, o + 4 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 5 * SOAP_L).add(s12).intoArray(out, o + 5 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 6 * SOAP_L).add(s03).intoArray(out, o + 6 * SOAP_L);
        DoubleVector.fromArray(SOAP_S, out, o + 7 * SOAP_L).add(s13).intoArray(out, o + 7 * SOAP_L);
    }

    private static void contractColumn6(double[] rows, int ao, double[] sh, int b0, int n, double[] out, int o) {
        DoubleVector s0 = DoubleVector.zero(SOAP_S), s1 = s0, t0 = s0, t1 = s0;
        int j = 0;
        for (; j + 1 < n; j += 2) {
            int aj = ao + j * R;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s0 = DoubleVector.fromArray(SOAP_S, rows, aj).fma(w, s0);
            s1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L).fma(w, s1);
            w = DoubleVector.broadcast(SOAP_S, sh[b0 + j + 1]);
            t0 = DoubleVector.fromArray(SOAP_S, rows, aj + R).fma(w, t0);
            t1 = DoubleVector.fromArray(SOAP_S, rows, aj + R + SOAP_L).fma(w, t1);
        }
        if (j < n) {
            int aj = ao + j * R;
            DoubleVector w = DoubleVector.broadcast(SOAP_S, sh[b0 + j]);
            s0 = DoubleVector.fromArray(SOAP_S, rows, aj).fma(w, s0);
            s1 = DoubleVector.fromArray(SOAP_S, rows, aj + SOAP_L).fma(w, s1);
        }
        DoubleVector.fromArray(SOAP_S, out, o).add(s0.add(t0)).intoArray(out, o);
        DoubleVector.fromArray(SOAP_S, out, o + SOAP_L).add(s1.add(t1)).intoArray(out, o + SOAP_L);
    }

    /**
     * Lanes over n (nMax = two vectors; other sizes go to the scalar twin): four (l, m) columns at a time share the two
     * vector loads of each row k of {@code B^l} transposed (eight accumulators, four broadcasts per k; with two columns the
     * four chains of eight fused multiply-adds were bound by the FMA latency), then two, then one. The same operations
     * per value as the scalar twin.
     */
    @Override
    public void soapRadialProduct(double[] bt, int btOff, double[] g, int gOff, int nMax, int lMax, double[] scale, double[] c, int cOff) {
        if (nMax != 2 * SOAP_L) {
            TAIL.soapRadialProduct(bt, btOff, g, gOff, nMax, lMax, scale, c, cOff);
            return;
        }
        for (int l = 0; l <= lMax; l++) {
            int bo = btOff + l * nMax * nMax, end = (l + 1) * (l + 1);
            int lm = l * l;
            for (; lm + 3 < end; lm += 4) {
                int g0 = gOff + lm * nMax, g1 = g0 + nMax, g2 = g1 + nMax, g3 = g2 + nMax;
                DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
                for (int k = 0; k < nMax; k++) {
                    DoubleVector b0 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax), b1 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax + SOAP_L);
                    DoubleVector w = DoubleVector.broadcast(SOAP_S, g[g0 + k]);
                    s00 = b0.fma(w, s00);
                    s01 = b1.fma(w, s01);
                    w = DoubleVector.broadcast(SOAP_S, g[g1 + k]);
                    s10 = b0.fma(w, s10);
                    s11 = b1.fma(w, s11);
                    w = DoubleVector.broadcast(SOAP_S, g[g2 + k]);
                    s20 = b0.fma(w, s20);
                    s21 = b1.fma(w, s21);
                    w = DoubleVector.broadcast(SOAP_S, g[g3 + k]);
                    s30 = b0.fma(w, s30);
                    s31 = b1.fma(w, s31);
                }
                int o = cOff + lm * nMax;
                if (scale != null) {
                    s00 = s00.mul(scale[lm]);
                    s01 = s01.mul(scale[lm]);
                    s10 = s10.mul(scale[lm + 1]);
                    s11 = s11.mul(scale[lm + 1]);
                    s20 = s20.mul(scale[lm + 2]);
                    s21 = s21.mul(scale[lm + 2]);
                    s30 = s30.mul(scale[lm + 3]);
                    s31 = s31.mul(scale[lm + 3]);
                }
                s00.intoArray(c, o);
                s01.intoArray(c, o + SOAP_L);
                s10.intoArray(c, o + nMax);
                s11.intoArray(c, o + nMax + SOAP_L);
                s20.intoArray(c, o + 2 * nMax);
                s21.intoArray(c, o + 2 * nMax + SOAP_L);
                s30.intoArray(c, o + 3 * nMax);
                s31.intoArray(c, o + 3 * nMax + SOAP_L);
            }
            for (; lm + 1 < end; lm += 2) {
                int g0 = gOff + lm * nMax, g1 = g0 + nMax;
                DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s10 = s00, s11 = s00;
                for (int k = 0; k < nMax; k++) {
                    DoubleVector b0 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax), b1 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax + SOAP_L);
                    DoubleVector w = DoubleVector.broadcast(SOAP_S, g[g0 + k]);
                    s00 = b0.fma(w, s00);
                    s01 = b1.fma(w, s01);
                    w = DoubleVector.broadcast(SOAP_S, g[g1 + k]);
                    s10 = b0.fma(w, s10);
                    s11 = b1.fma(w, s11);
                }
                int o = cOff + lm * nMax;
                if (scale != null) {
                    s00 = s00.mul(scale[lm]);
                    s01 = s01.mul(scale[lm]);
                    s10 = s10.mul(scale[lm + 1]);
                    s11 = s11.mul(scale[lm + 1]);
                }
                s00.intoArray(c, o);
                s01.intoArray(c, o + SOAP_L);
                s10.intoArray(c, o + nMax);
                s11.intoArray(c, o + nMax + SOAP_L);
            }
            if (lm < end) {
                int g0 = gOff + lm * nMax;
                DoubleVector s0 = DoubleVector.zero(SOAP_S), s1 = s0;
                for (int k = 0; k < nMax; k++) {
                    DoubleVector w = DoubleVector.broadcast(SOAP_S, g[g0 + k]);
                    s0 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax).fma(w, s0);
                    s1 = DoubleVector.fromArray(SOAP_S, bt, bo + k * nMax + SOAP_L).fma(w, s1);
                }
                if (scale != null) {
                    s0 = s0.mul(scale[lm]);
                    s1 = s1.mul(scale[lm]);
                }
                int o = cOff + lm * nMax;
                s0.intoArray(c, o);
                s1.intoArray(c, o + SOAP_L);
            }
        }
    }

    /**
     * Lanes over n' (nMax = two vectors; other sizes go to the scalar twin), rows n four at a time: per m two vector loads
     * of {@code cb}, four broadcasts of {@code ca} and eight fused multiply-adds. The triangle needs, in row n, only the
     * lanes n' >= n: a full-width row is stored ending at the row's last packed entry, its first n lanes landing in the
     * earlier rows of the same l, which are written afterwards (rows in decreasing n), so no mask and no copy; rows 4..7
     * need only the upper vector.
     */
    @Override
    public void soapPower(double[] ca, int aOff, double[] cb, int bOff, int nMax, int lMax, double[] fac, boolean triangle,
                          double[] out, int outOff) {
        if (nMax != 2 * SOAP_L) {
            TAIL.soapPower(ca, aOff, cb, bOff, nMax, lMax, fac, triangle, out, outOff);
            return;
        }
        int block = triangle ? nMax * (nMax + 1) / 2 : nMax * nMax;
        for (int l = 0; l <= lMax; l++) {
            int m0 = l * l, m1 = (l + 1) * (l + 1), o = outOff + l * block;
            DoubleVector fl = DoubleVector.broadcast(SOAP_S, fac[l]);
            // rows 4..7 (SOAP_L = 4): first, as the triangle's stores run in decreasing n
            if (triangle) {
                DoubleVector s4 = DoubleVector.zero(SOAP_S), s5 = s4, s6 = s4, s7 = s4;
                for (int lm = m0; lm < m1; lm++) {
                    int ai = aOff + lm * nMax + SOAP_L;
                    DoubleVector v = DoubleVector.fromArray(SOAP_S, cb, bOff + lm * nMax + SOAP_L);
                    s4 = v.fma(DoubleVector.broadcast(SOAP_S, ca[ai]), s4);
                    s5 = v.fma(DoubleVector.broadcast(SOAP_S, ca[ai + 1]), s5);
                    s6 = v.fma(DoubleVector.broadcast(SOAP_S, ca[ai + 2]), s6);
                    s7 = v.fma(DoubleVector.broadcast(SOAP_S, ca[ai + 3]), s7);
                }
                // packed row n starts at n nMax - n (n - 1) / 2; its upper vector (lanes n' = 4..7) at that start + 4 - n
                s7.mul(fl).intoArray(out, o + rowStart(7, nMax) + SOAP_L - 7);
                s6.mul(fl).intoArray(out, o + rowStart(6, nMax) + SOAP_L - 6);
                s5.mul(fl).intoArray(out, o + rowStart(5, nMax) + SOAP_L - 5);
                s4.mul(fl).intoArray(out, o + rowStart(4, nMax) + SOAP_L - 4);
            } else {
                powerRows(ca, aOff + SOAP_L, cb, bOff, nMax, m0, m1, fl, out, o + SOAP_L * nMax, nMax);
            }
            if (triangle) {
                // rows 3..0, the full row of n stored at rowStart(n) - n (the first n lanes are not part of row n)
                DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
                for (int lm = m0; lm < m1; lm++) {
                    int ai = aOff + lm * nMax, bi = bOff + lm * nMax;
                    DoubleVector v0 = DoubleVector.fromArray(SOAP_S, cb, bi), v1 = DoubleVector.fromArray(SOAP_S, cb, bi + SOAP_L);
                    DoubleVector w = DoubleVector.broadcast(SOAP_S, ca[ai]);
                    s00 = v0.fma(w, s00);
                    s01 = v1.fma(w, s01);
                    w = DoubleVector.broadcast(SOAP_S, ca[ai + 1]);
                    s10 = v0.fma(w, s10);
                    s11 = v1.fma(w, s11);
                    w = DoubleVector.broadcast(SOAP_S, ca[ai + 2]);
                    s20 = v0.fma(w, s20);
                    s21 = v1.fma(w, s21);
                    w = DoubleVector.broadcast(SOAP_S, ca[ai + 3]);
                    s30 = v0.fma(w, s30);
                    s31 = v1.fma(w, s31);
                }
                int r3 = o + rowStart(3, nMax) - 3, r2 = o + rowStart(2, nMax) - 2, r1 = o + rowStart(1, nMax) - 1;
                s30.mul(fl).intoArray(out, r3);
                s31.mul(fl).intoArray(out, r3 + SOAP_L);
                s20.mul(fl).intoArray(out, r2);
                s21.mul(fl).intoArray(out, r2 + SOAP_L);
                s10.mul(fl).intoArray(out, r1);
                s11.mul(fl).intoArray(out, r1 + SOAP_L);
                s00.mul(fl).intoArray(out, o);
                s01.mul(fl).intoArray(out, o + SOAP_L);
            } else {
                powerRows(ca, aOff, cb, bOff, nMax, m0, m1, fl, out, o, nMax);
            }
        }
    }

    /** Start of packed row n of an upper triangle of order nMax. */
    private static int rowStart(int n, int nMax) {
        return n * nMax - n * (n - 1) / 2;
    }

    /** Four full rows (n = the four ca entries from aOff + lm nMax) of the power spectrum, times fac, at o + row * rowLen. */
    private static void powerRows(double[] ca, int aOff, double[] cb, int bOff, int nMax, int m0, int m1, DoubleVector fl, double[] out,
                                  int o, int rowLen) {
        DoubleVector s00 = DoubleVector.zero(SOAP_S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
        for (int lm = m0; lm < m1; lm++) {
            int ai = aOff + lm * nMax, bi = bOff + lm * nMax;
            DoubleVector v0 = DoubleVector.fromArray(SOAP_S, cb, bi), v1 = DoubleVector.fromArray(SOAP_S, cb, bi + SOAP_L);
            DoubleVector w = DoubleVector.broadcast(SOAP_S, ca[ai]);
            s00 = v0.fma(w, s00);
            s01 = v1.fma(w, s01);
            w = DoubleVector.broadcast(SOAP_S, ca[ai + 1]);
            s10 = v0.fma(w, s10);
            s11 = v1.fma(w, s11);
            w = DoubleVector.broadcast(SOAP_S, ca[ai + 2]);
            s20 = v0.fma(w, s20);
            s21 = v1.fma(w, s21);
            w = DoubleVector.broadcast(SOAP_S, ca[ai + 3]);
            s30 = v0.fma(w, s30);
            s31 = v1.fma(w, s31);
        }
        s00.mul(fl).intoArray(out, o);
        s01.mul(fl).intoArray(out, o + SOAP_L);
        s10.mul(fl).intoArray(out, o + rowLen);
        s11.mul(fl).intoArray(out, o + rowLen + SOAP_L);
        s20.mul(fl).intoArray(out, o + 2 * rowLen);
        s21.mul(fl).intoArray(out, o + 2 * rowLen + SOAP_L);
        s30.mul(fl).intoArray(out, o + 3 * rowLen);
        s31.mul(fl).intoArray(out, o + 3 * rowLen + SOAP_L);
    }


    /**
     * Register blocks of 4 rows of A by 2 rows of B (8 accumulators, 6 loads per 8 fused multiply-adds; SOAP's
     * (k x m) contraction per l has 8 rows of A and 2l + 1 of B), then 4 x 1 for an odd last row of B, then
     * single rows of A by 4 and 1 rows of B.
     */
    @Override
    public void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff) {
        int full = S.loopBound(n);
        double[] tmp = scratch(SCRATCH.get(), 7, 8 * L);
        int i0 = 0;
        for (; i0 + 3 < na; i0 += 4) {
            int a0 = aOff + i0 * stride, a1 = a0 + stride, a2 = a1 + stride, a3 = a2 + stride;
            int k = 0;
            for (; k + 1 < nb; k += 2) {
                int b0 = bOff + k * stride, b1 = b0 + stride;
                DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
                int j = 0;
                for (; j < full; j += L) {
                    DoubleVector vb0 = DoubleVector.fromArray(S, b, b0 + j), vb1 = DoubleVector.fromArray(S, b, b1 + j);
                    DoubleVector va = DoubleVector.fromArray(S, a, a0 + j);
                    s00 = va.fma(vb0, s00);
                    s01 = va.fma(vb1, s01);
                    va = DoubleVector.fromArray(S, a, a1 + j);
                    s10 = va.fma(vb0, s10);
                    s11 = va.fma(vb1, s11);
                    va = DoubleVector.fromArray(S, a, a2 + j);
                    s20 = va.fma(vb0, s20);
                    s21 = va.fma(vb1, s21);
                    va = DoubleVector.fromArray(S, a, a3 + j);
                    s30 = va.fma(vb0, s30);
                    s31 = va.fma(vb1, s31);
                }
                s00.intoArray(tmp, 0);
                s01.intoArray(tmp, L);
                s10.intoArray(tmp, 2 * L);
                s11.intoArray(tmp, 3 * L);
                s20.intoArray(tmp, 4 * L);
                s21.intoArray(tmp, 5 * L);
                s30.intoArray(tmp, 6 * L);
                s31.intoArray(tmp, 7 * L);
                for (int r = 0; r < 4; r++) {
                    int ar = a0 + r * stride;
                    double t0 = sumLanes(tmp, 2 * r * L), t1 = sumLanes(tmp, (2 * r + 1) * L);
                    for (int jj = j; jj < n; jj++) {
                        t0 += a[ar + jj] * b[b0 + jj];
                        t1 += a[ar + jj] * b[b1 + jj];
                    }
                    int o = cOff + (i0 + r) * nb + k;
                    c[o] = t0;
                    c[o + 1] = t1;
                }
            }
            if (k < nb) {
                int b0 = bOff + k * stride;
                DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int j = 0;
                for (; j < full; j += L) {
                    DoubleVector vb = DoubleVector.fromArray(S, b, b0 + j);
                    s0 = DoubleVector.fromArray(S, a, a0 + j).fma(vb, s0);
                    s1 = DoubleVector.fromArray(S, a, a1 + j).fma(vb, s1);
                    s2 = DoubleVector.fromArray(S, a, a2 + j).fma(vb, s2);
                    s3 = DoubleVector.fromArray(S, a, a3 + j).fma(vb, s3);
                }
                s0.intoArray(tmp, 0);
                s1.intoArray(tmp, L);
                s2.intoArray(tmp, 2 * L);
                s3.intoArray(tmp, 3 * L);
                for (int r = 0; r < 4; r++) {
                    int ar = a0 + r * stride;
                    double t0 = sumLanes(tmp, r * L);
                    for (int jj = j; jj < n; jj++) t0 += a[ar + jj] * b[b0 + jj];
                    c[cOff + (i0 + r) * nb + k] = t0;
                }
            }
        }
        for (int i = i0; i < na; i++) {
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
                s0.intoArray(tmp, 0);
                s1.intoArray(tmp, L);
                s2.intoArray(tmp, 2 * L);
                s3.intoArray(tmp, 3 * L);
                double t0 = sumLanes(tmp, 0), t1 = sumLanes(tmp, L), t2 = sumLanes(tmp, 2 * L), t3 = sumLanes(tmp, 3 * L);
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
                s0.intoArray(tmp, 0);
                double t0 = sumLanes(tmp, 0);
                for (; j < n; j++) t0 += a[ai + j] * b[b0 + j];
                c[cOff + i * nb + k] = t0;
            }
        }
    }

    // ---- derivatives: implemented in PanamaGradientKernels ----

    @Override
    public void chebyshevCutoffGradient(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off, double[] dOut, int dOff,
                                        int dStride) {
        PanamaGradientKernels.chebyshevCutoffGradient(r, from, to, rCut, nBasis, out, off, dOut, dOff, dStride);
    }

    @Override
    public void acsfRadialGradient(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs, double[] kappa,
                                   double[] out, int off, double[] dOut, int dOff, int dStride) {
        PanamaGradientKernels.acsfRadialGradient(r, from, to, rCut, withG1, eta, rs, kappa, out, off, dOut, dOff, dStride);
    }

    @Override
    public void pairGeometryGradient(double[] a, int j, double[] b, int kFrom, int kTo, int nStride, double[] geo, int gStride, int outOff) {
        PanamaGradientKernels.pairGeometryGradient(a, j, b, kFrom, kTo, nStride, geo, gStride, outOff);
    }

    @Override
    public void acsfAngularGradient(double[] geo, int gStride, int from, int to, double rCut, boolean g4, double[] eta, double[] zeta,
                                    double[] lambda, double[] out, int off, double[] coef, int coefOff, int cStride) {
        PanamaGradientKernels.acsfAngularGradient(geo, gStride, from, to, rCut, g4, eta, zeta, lambda, out, off, coef, coefOff, cStride);
    }

    @Override
    public void pairGradientRow(double[] coef, int cStride, int np, int tOff, double[] a, int j, double[] b, int kFrom, int kTo, int nStride,
                                double[] ga, double[] gb, int gStride) {
        PanamaGradientKernels.pairGradientRow(coef, cStride, np, tOff, a, j, b, kFrom, kTo, nStride, ga, gb, gStride);
    }

    @Override
    public void solidHarmonicsGradient(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, double[] gx, double[] gy,
                                       double[] gz, int stride) {
        PanamaGradientKernels.solidHarmonicsGradient(x, y, z, from, to, lMax, out, gx, gy, gz, stride);
    }

    @Override
    public void panelProduct(double[] a, int aOff, int rows, int inner, double[] p, int pOff, int pStride, int from, int to, double[] out,
                             int outOff, int outStride) {
        PanamaGradientKernels.panelProduct(a, aOff, rows, inner, p, pOff, pStride, from, to, out, outOff, outStride);
    }

    @Override
    public void rankTwo(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] d, int dOff, int n, int blocks,
                        boolean triangle, double[] out, int outOff) {
        PanamaGradientKernels.rankTwo(a, aOff, b, bOff, c, cOff, d, dOff, n, blocks, triangle, out, outOff);
    }

    @Override
    public void projectOut(double[] u, int uOff, double[] g, int gOff, int n, double invNorm) {
        PanamaGradientKernels.projectOut(u, uOff, g, gOff, n, invNorm);
    }
}
