package org.atomdoe.design;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link ExchangeKernels}: the bounds of {@code VL} rows at once (cached floats widened to
 * doubles), the same operations in the same order as {@link ScalarExchangeKernels} (no fused multiply-add), so the
 * first row above the best value is the same. The tail runs on the scalar twin.
 */
public final class PanamaExchangeKernels implements ExchangeKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int VL = S.length();

    @Override
    public int next(int from, int to, double[] d, double di, double best, float[] cache, double[] g, double gi) {
        double oneMinus = 1 - di;
        int j = from;
        if (cache == null) {
            for (; j + VL <= to; j += VL) {
                VectorMask<Double> m = DoubleVector.fromArray(S, d, j).add(1.0).sub(di).compare(VectorOperators.GT, best);
                if (m.anyTrue()) return j + m.firstTrue();
            }
            for (; j < to; j++) if (1 + d[j] - di > best) return j;
            return to;
        }
        double slackA = 1 + CACHE_SLACK, slackB = 1e-3 * CACHE_SLACK;
        for (; j + VL <= to; j += VL) {
            DoubleVector dj1 = DoubleVector.fromArray(S, d, j).add(1.0);
            DoubleVector ub = dj1.sub(di);
            DoubleVector c = (DoubleVector) FloatVector.fromArray(F, cache, j).convertShape(VectorOperators.F2D, S, 0);
            DoubleVector r = c.abs().mul(slackA).add(slackB).add(DoubleVector.fromArray(S, g, j).mul(gi));
            DoubleVector cb = dj1.mul(oneMinus).add(r.mul(r));
            // NaN (not computed yet): the first bound only
            ub = ub.blend(ub.min(cb), c.compare(VectorOperators.EQ, c));
            VectorMask<Double> m = ub.compare(VectorOperators.GT, best);
            if (m.anyTrue()) return j + m.firstTrue();
        }
        for (; j < to; j++) if (ScalarExchangeKernels.bound(j, d, di, oneMinus, cache, g, gi) > best) return j;
        return to;
    }
}
