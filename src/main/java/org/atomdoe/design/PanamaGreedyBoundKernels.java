package org.atomdoe.design;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link GreedyBoundKernels}: four candidate rows by two column groups of W per pass
 * (eight float accumulators, one lane per output row of W x), fused multiply-adds along k, the squares accumulated per
 * lane and summed across the lanes at the end. A different summation order than {@link ScalarGreedyBoundKernels}; the
 * bound of {@link GreedyBoundKernels#bound} covers both.
 */
public final class PanamaGreedyBoundKernels implements GreedyBoundKernels {
    /** At most 256 bits, as the other Panama kernels (the same speed as 512 on the AVX-512 guest for the doubles). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(
            Math.min(256, DoubleVector.SPECIES_PREFERRED.vectorBitSize())));
    private static final int VL = F.length();

    @Override
    public int width() {
        return VL;
    }

    @Override
    public void squares(int rows, int[] ids, int idOff, float[] xf, int p, float[] wp, float[] out, int outOff) {
        int groups = (p + VL - 1) / VL;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int x0 = ids[idOff + r] * p, x1 = ids[idOff + r + 1] * p, x2 = ids[idOff + r + 2] * p, x3 = ids[idOff + r + 3] * p;
            FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
            int g = 0;
            for (; g + 2 <= groups; g += 2) {
                int ka = Math.min(p, (g + 1) * VL), kb = Math.min(p, (g + 2) * VL);
                int oa = g * p * VL, ob = oa + p * VL;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                int k = 0;
                for (; k < ka; k++) {
                    FloatVector wa = FloatVector.fromArray(F, wp, oa + k * VL), wb = FloatVector.fromArray(F, wp, ob + k * VL);
                    FloatVector v0 = FloatVector.broadcast(F, xf[x0 + k]), v1 = FloatVector.broadcast(F, xf[x1 + k]);
                    FloatVector v2 = FloatVector.broadcast(F, xf[x2 + k]), v3 = FloatVector.broadcast(F, xf[x3 + k]);
                    a0 = wa.fma(v0, a0);
                    b0 = wb.fma(v0, b0);
                    a1 = wa.fma(v1, a1);
                    b1 = wb.fma(v1, b1);
                    a2 = wa.fma(v2, a2);
                    b2 = wb.fma(v2, b2);
                    a3 = wa.fma(v3, a3);
                    b3 = wb.fma(v3, b3);
                }
                for (; k < kb; k++) {
                    FloatVector wb = FloatVector.fromArray(F, wp, ob + k * VL);
                    b0 = wb.fma(FloatVector.broadcast(F, xf[x0 + k]), b0);
                    b1 = wb.fma(FloatVector.broadcast(F, xf[x1 + k]), b1);
                    b2 = wb.fma(FloatVector.broadcast(F, xf[x2 + k]), b2);
                    b3 = wb.fma(FloatVector.broadcast(F, xf[x3 + k]), b3);
                }
                s0 = b0.fma(b0, a0.fma(a0, s0));
                s1 = b1.fma(b1, a1.fma(a1, s1));
                s2 = b2.fma(b2, a2.fma(a2, s2));
                s3 = b3.fma(b3, a3.fma(a3, s3));
            }
            if (g < groups) {
                // the last group alone: even and odd k in separate accumulators (eight independent chains, as in the pairs)
                int ka = p, oa = g * p * VL;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0;
                int k = 0;
                for (; k + 2 <= ka; k += 2) {
                    FloatVector wa = FloatVector.fromArray(F, wp, oa + k * VL), wc = FloatVector.fromArray(F, wp, oa + k * VL + VL);
                    a0 = wa.fma(FloatVector.broadcast(F, xf[x0 + k]), a0);
                    c0 = wc.fma(FloatVector.broadcast(F, xf[x0 + k + 1]), c0);
                    a1 = wa.fma(FloatVector.broadcast(F, xf[x1 + k]), a1);
                    c1 = wc.fma(FloatVector.broadcast(F, xf[x1 + k + 1]), c1);
                    a2 = wa.fma(FloatVector.broadcast(F, xf[x2 + k]), a2);
                    c2 = wc.fma(FloatVector.broadcast(F, xf[x2 + k + 1]), c2);
                    a3 = wa.fma(FloatVector.broadcast(F, xf[x3 + k]), a3);
                    c3 = wc.fma(FloatVector.broadcast(F, xf[x3 + k + 1]), c3);
                }
                if (k < ka) {
                    FloatVector wa = FloatVector.fromArray(F, wp, oa + k * VL);
                    a0 = wa.fma(FloatVector.broadcast(F, xf[x0 + k]), a0);
                    a1 = wa.fma(FloatVector.broadcast(F, xf[x1 + k]), a1);
                    a2 = wa.fma(FloatVector.broadcast(F, xf[x2 + k]), a2);
                    a3 = wa.fma(FloatVector.broadcast(F, xf[x3 + k]), a3);
                }
                a0 = a0.add(c0);
                a1 = a1.add(c1);
                a2 = a2.add(c2);
                a3 = a3.add(c3);
                s0 = a0.fma(a0, s0);
                s1 = a1.fma(a1, s1);
                s2 = a2.fma(a2, s2);
                s3 = a3.fma(a3, s3);
            }
            out[outOff + r] = s0.reduceLanes(VectorOperators.ADD);
            out[outOff + r + 1] = s1.reduceLanes(VectorOperators.ADD);
            out[outOff + r + 2] = s2.reduceLanes(VectorOperators.ADD);
            out[outOff + r + 3] = s3.reduceLanes(VectorOperators.ADD);
        }
        for (; r < rows; r++) {
            int x0 = ids[idOff + r] * p;
            FloatVector s0 = FloatVector.zero(F);
            for (int g = 0; g < groups; g++) {
                int ka = Math.min(p, (g + 1) * VL), oa = g * p * VL;
                FloatVector a0 = FloatVector.zero(F);
                for (int k = 0; k < ka; k++) a0 = FloatVector.fromArray(F, wp, oa + k * VL).fma(FloatVector.broadcast(F, xf[x0 + k]), a0);
                s0 = a0.fma(a0, s0);
            }
            out[outOff + r] = s0.reduceLanes(VectorOperators.ADD);
        }
    }
}
