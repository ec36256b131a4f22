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
    public void tile(int kc, double[] ap, int apOff, double[] bp, int bpOff, double[] c, int cOff, int ldc, boolean accumulate, int zeta) {
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
        store(c, cOff, c00, c01, accumulate, zeta);
        store(c, cOff + ldc, c10, c11, accumulate, zeta);
        store(c, cOff + 2 * ldc, c20, c21, accumulate, zeta);
        store(c, cOff + 3 * ldc, c30, c31, accumulate, zeta);
        store(c, cOff + 4 * ldc, c40, c41, accumulate, zeta);
    }

    private static void store(double[] c, int o, DoubleVector v0, DoubleVector v1, boolean accumulate, int zeta) {
        if (accumulate) {
            v0 = v0.add(DoubleVector.fromArray(S, c, o));
            v1 = v1.add(DoubleVector.fromArray(S, c, o + VL));
        }
        if (zeta > 0 && zeta != 1) {
            if (zeta == 2 || zeta == 3 || zeta == 4 || zeta == 6 || zeta == 8) {
                v0 = pow(v0, zeta);
                v1 = pow(v1, zeta);
            } else { // rare powers: through memory, by the scalar rule
                v0.intoArray(c, o);
                v1.intoArray(c, o + VL);
                for (int i = o; i < o + 2 * VL; i++) c[i] = Kernel.integerPower(c[i], zeta);
                return;
            }
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + VL);
    }

    /** {@code b^zeta} for zeta in {2, 3, 4, 6, 8}, in the operation order of Kernel.integerPower. */
    private static DoubleVector pow(DoubleVector b, int zeta) {
        return switch (zeta) {
            case 2 -> b.mul(b);
            case 3 -> b.mul(b.mul(b));
            case 4 -> {
                DoubleVector b2 = b.mul(b);
                yield b2.mul(b2);
            }
            case 6 -> {
                DoubleVector b2 = b.mul(b);
                yield b2.mul(b2.mul(b2));
            }
            default -> {
                DoubleVector b2 = b.mul(b), b4 = b2.mul(b2);
                yield b4.mul(b4);
            }
        };
    }

    @Override
    public void power(double[] v, int off, int len, int zeta) {
        // straight-line code per power (pow): a vector carried through a data-dependent loop is not
        // kept in registers by C2 (it is boxed, ten times slower)
        int i = off, end = off + len;
        if (zeta == 2 || zeta == 3 || zeta == 4 || zeta == 6 || zeta == 8) {
            for (; i + VL <= end; i += VL) pow(DoubleVector.fromArray(S, v, i), zeta).intoArray(v, i);
        }
        if (zeta != 1) for (; i < end; i++) v[i] = Kernel.integerPower(v[i], zeta);
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
