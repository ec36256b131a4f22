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
    /**
     * At most 256 bits, as {@code PanamaDenseKernels}: the leverage sweep must give the bits of its {@code dot}
     * (ExchangeKernelsEquivalenceTest), so the two take the same lanes. On an AVX-512 VM FedorovBenchmark N50000_p100_n400
     * (1 thread) was the same either way: 816-920 ms thread CPU on 256 bits, 924-929 on 512 (branch avx10, 00:23-00:26 UTC).
     */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() > 4 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int VL = S.length();

    /**
     * Both dot products of a row in one pass over it, each in the order of {@code PanamaDenseKernels.dot} (two lane
     * accumulators with fused multiply-add, added lane by lane, lanes summed first to last, then the scalar tail), then
     * the leverage and growth updates; the row is only read.
     */
    @Override
    public void sweepLeverages(int from, int to, int p, double[] z, double[] w, double[] v, double g, double vw,
                               double inv1, double inv2, double[] d, double[] e) {
        for (int j = from; j < to; j++) {
            int o = j * p;
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, b0 = a0, b1 = a0;
            int t = 0;
            for (; t + 2 * VL <= p; t += 2 * VL) {
                DoubleVector z0 = DoubleVector.fromArray(S, z, o + t), z1 = DoubleVector.fromArray(S, z, o + t + VL);
                a0 = DoubleVector.fromArray(S, w, t).fma(z0, a0);
                a1 = DoubleVector.fromArray(S, w, t + VL).fma(z1, a1);
                b0 = DoubleVector.fromArray(S, v, t).fma(z0, b0);
                b1 = DoubleVector.fromArray(S, v, t + VL).fma(z1, b1);
            }
            for (; t + VL <= p; t += VL) {
                DoubleVector z0 = DoubleVector.fromArray(S, z, o + t);
                a0 = DoubleVector.fromArray(S, w, t).fma(z0, a0);
                b0 = DoubleVector.fromArray(S, v, t).fma(z0, b0);
            }
            DoubleVector as = a0.add(a1), bs = b0.add(b1);
            double c1 = 0, dv = 0;
            for (int k = 0; k < VL; k++) {
                c1 += as.lane(k);
                dv += bs.lane(k);
            }
            for (; t < p; t++) {
                c1 += w[t] * z[o + t];
                dv += v[t] * z[o + t];
            }
            double c2 = dv + g * c1 * vw;
            d[j] += c1 * c1 * inv1 - c2 * c2 * inv2;
            e[j] += c1 * c1 * inv1 + c2 * c2 * inv2;
        }
    }

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
