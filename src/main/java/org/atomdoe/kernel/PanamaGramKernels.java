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
        // the stores are written out here: a helper taking vectors, once compiled on its own, is no longer
        // inlined ("already compiled into a big method") and its vector arguments are boxed (measured 10x slower)
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc;
        if (accumulate) {
            c00 = c00.add(DoubleVector.fromArray(S, c, o0)); c01 = c01.add(DoubleVector.fromArray(S, c, o0 + VL));
            c10 = c10.add(DoubleVector.fromArray(S, c, o1)); c11 = c11.add(DoubleVector.fromArray(S, c, o1 + VL));
            c20 = c20.add(DoubleVector.fromArray(S, c, o2)); c21 = c21.add(DoubleVector.fromArray(S, c, o2 + VL));
            c30 = c30.add(DoubleVector.fromArray(S, c, o3)); c31 = c31.add(DoubleVector.fromArray(S, c, o3 + VL));
            c40 = c40.add(DoubleVector.fromArray(S, c, o4)); c41 = c41.add(DoubleVector.fromArray(S, c, o4 + VL));
        }
        if (zeta > 0 && zeta != 1) {
            // powers written out per case (pow() takes vectors: see the note on the stores)
            if (zeta == 2 || zeta == 3 || zeta == 4 || zeta == 6 || zeta == 8) {
                switch (zeta) {
                    case 2 -> {
                        c00 = c00.mul(c00); c01 = c01.mul(c01);
                        c10 = c10.mul(c10); c11 = c11.mul(c11);
                        c20 = c20.mul(c20); c21 = c21.mul(c21);
                        c30 = c30.mul(c30); c31 = c31.mul(c31);
                        c40 = c40.mul(c40); c41 = c41.mul(c41);
                    }
                    case 3 -> {
                        c00 = c00.mul(c00.mul(c00)); c01 = c01.mul(c01.mul(c01));
                        c10 = c10.mul(c10.mul(c10)); c11 = c11.mul(c11.mul(c11));
                        c20 = c20.mul(c20.mul(c20)); c21 = c21.mul(c21.mul(c21));
                        c30 = c30.mul(c30.mul(c30)); c31 = c31.mul(c31.mul(c31));
                        c40 = c40.mul(c40.mul(c40)); c41 = c41.mul(c41.mul(c41));
                    }
                    case 4 -> {
                        c00 = c00.mul(c00).mul(c00.mul(c00)); c01 = c01.mul(c01).mul(c01.mul(c01));
                        c10 = c10.mul(c10).mul(c10.mul(c10)); c11 = c11.mul(c11).mul(c11.mul(c11));
                        c20 = c20.mul(c20).mul(c20.mul(c20)); c21 = c21.mul(c21).mul(c21.mul(c21));
                        c30 = c30.mul(c30).mul(c30.mul(c30)); c31 = c31.mul(c31).mul(c31.mul(c31));
                        c40 = c40.mul(c40).mul(c40.mul(c40)); c41 = c41.mul(c41).mul(c41.mul(c41));
                    }
                    case 6 -> {
                        c00 = c00.mul(c00).mul(c00.mul(c00).mul(c00.mul(c00))); c01 = c01.mul(c01).mul(c01.mul(c01).mul(c01.mul(c01)));
                        c10 = c10.mul(c10).mul(c10.mul(c10).mul(c10.mul(c10))); c11 = c11.mul(c11).mul(c11.mul(c11).mul(c11.mul(c11)));
                        c20 = c20.mul(c20).mul(c20.mul(c20).mul(c20.mul(c20))); c21 = c21.mul(c21).mul(c21.mul(c21).mul(c21.mul(c21)));
                        c30 = c30.mul(c30).mul(c30.mul(c30).mul(c30.mul(c30))); c31 = c31.mul(c31).mul(c31.mul(c31).mul(c31.mul(c31)));
                        c40 = c40.mul(c40).mul(c40.mul(c40).mul(c40.mul(c40))); c41 = c41.mul(c41).mul(c41.mul(c41).mul(c41.mul(c41)));
                    }
                    case 8 -> {
                        c00 = c00.mul(c00).mul(c00.mul(c00)).mul(c00.mul(c00).mul(c00.mul(c00))); c01 = c01.mul(c01).mul(c01.mul(c01)).mul(c01.mul(c01).mul(c01.mul(c01)));
                        c10 = c10.mul(c10).mul(c10.mul(c10)).mul(c10.mul(c10).mul(c10.mul(c10))); c11 = c11.mul(c11).mul(c11.mul(c11)).mul(c11.mul(c11).mul(c11.mul(c11)));
                        c20 = c20.mul(c20).mul(c20.mul(c20)).mul(c20.mul(c20).mul(c20.mul(c20))); c21 = c21.mul(c21).mul(c21.mul(c21)).mul(c21.mul(c21).mul(c21.mul(c21)));
                        c30 = c30.mul(c30).mul(c30.mul(c30)).mul(c30.mul(c30).mul(c30.mul(c30))); c31 = c31.mul(c31).mul(c31.mul(c31)).mul(c31.mul(c31).mul(c31.mul(c31)));
                        c40 = c40.mul(c40).mul(c40.mul(c40)).mul(c40.mul(c40).mul(c40.mul(c40))); c41 = c41.mul(c41).mul(c41.mul(c41)).mul(c41.mul(c41).mul(c41.mul(c41)));
                    }
                    default -> throw new AssertionError(zeta);
                }
            } else { // rare powers: through memory, by the scalar rule
                c00.intoArray(c, o0); c01.intoArray(c, o0 + VL);
                c10.intoArray(c, o1); c11.intoArray(c, o1 + VL);
                c20.intoArray(c, o2); c21.intoArray(c, o2 + VL);
                c30.intoArray(c, o3); c31.intoArray(c, o3 + VL);
                c40.intoArray(c, o4); c41.intoArray(c, o4 + VL);
                for (int r = 0; r < MR; r++) {
                    for (int i = cOff + r * ldc; i < cOff + r * ldc + NR; i++) c[i] = Kernel.integerPower(c[i], zeta);
                }
                return;
            }
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + VL);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + VL);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + VL);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + VL);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + VL);
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
