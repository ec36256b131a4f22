package org.atomdoe.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link GramKernels}. Register tile: 5 rows x 2 vectors (10
 * independent accumulator chains, enough to cover the FMA latency at two FMAs per cycle; 2 B loads
 * and 1 broadcast per row live, 13 of the 16 AVX2 registers). Measured on this machine's AVX2 core
 * (thread CPU time, micro-panels in L1): 5 x 2 ran at the speed of a pure FMA loop, while 6 x 2 and
 * 4 x 3 (12 accumulators) were about half as fast, as C2 spills registers, and 4 x 2 about 70%.
 * The elementwise maps run on whole vectors with a scalar tail ({@code EXP} is the Vector API's
 * lanewise exponential).
 */
public final class PanamaGramKernels implements GramKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int MR = 5, NR = 2 * VL;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void tile(int kc, double[] ap, int apOff, double[] bp, int bpOff, double[] c, int cOff, int ldc, boolean accumulate) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        int a = apOff, b = bpOff;
        for (int t = 0; t < kc; t++, a += MR, b += NR) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, b), b1 = DoubleVector.fromArray(S, bp, b + VL);
            DoubleVector x = DoubleVector.broadcast(S, ap[a]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(S, ap[a + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(S, ap[a + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(S, ap[a + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(S, ap[a + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
        }
        store(c, cOff, c00, c01, accumulate);
        store(c, cOff + ldc, c10, c11, accumulate);
        store(c, cOff + 2 * ldc, c20, c21, accumulate);
        store(c, cOff + 3 * ldc, c30, c31, accumulate);
        store(c, cOff + 4 * ldc, c40, c41, accumulate);
    }

    private static void store(double[] c, int o, DoubleVector v0, DoubleVector v1, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(DoubleVector.fromArray(S, c, o));
            v1 = v1.add(DoubleVector.fromArray(S, c, o + VL));
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + VL);
    }

    @Override
    public void power(double[] v, int off, int len, int zeta) {
        int i = off, end = off + len;
        for (; i + VL <= end; i += VL) {
            DoubleVector base = DoubleVector.fromArray(S, v, i), result = DoubleVector.broadcast(S, 1.0);
            for (int e = zeta; e > 0; e >>= 1) { // same operation order as Kernel.integerPower
                if ((e & 1) != 0) result = result.mul(base);
                if (e > 1) base = base.mul(base);
            }
            result.intoArray(v, i);
        }
        for (; i < end; i++) v[i] = Kernel.integerPower(v[i], zeta);
    }

    @Override
    public void squaredExponential(double[] v, int off, int len, double gamma, double rowNorm2, double[] colNorm2, int colOff) {
        int j = 0;
        DoubleVector zero = DoubleVector.zero(S);
        for (; j + VL <= len; j += VL) {
            DoubleVector g = DoubleVector.fromArray(S, v, off + j);
            DoubleVector e = g.add(g).sub(rowNorm2).sub(DoubleVector.fromArray(S, colNorm2, colOff + j)).min(zero).mul(gamma);
            e.lanewise(VectorOperators.EXP).intoArray(v, off + j);
        }
        for (; j < len; j++) {
            v[off + j] = Math.exp(Math.min(0.0, 2 * v[off + j] - rowNorm2 - colNorm2[colOff + j]) * gamma);
        }
    }
}
