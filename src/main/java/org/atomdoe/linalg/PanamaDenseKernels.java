package org.atomdoe.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link DenseKernels}. The packed GEMM micro-kernel
 * ({@link #gemmTile}) holds a 5 rows x 2 vectors tile: 10 accumulators + 2 B loads + 1 broadcast =
 * 13 of the 16 AVX2 registers (6 x 2 and 4 x 3, 12 accumulators, made C2 spill and ran at half
 * speed on this AVX2 core; measured for PanamaGramKernels); on AVX-512 an 8 x 16 tile of 512-bit
 * vectors with the same bits ({@link #Z}). The unpacked column-wise forward
 * substitution and the legacy {@link #gemmSub} use 4 rows x 2 vectors; edges fall back to
 * 1-vector tiles and then to the scalar twin.
 */
public final class PanamaDenseKernels implements DenseKernels {
    /**
     * At most 256 bits (4 doubles), so that the results on an AVX-512 machine are bit for bit those of an AVX2 machine (the
     * design engine's choices and log det included). The 5 x 16 tile of 8 lanes works too ({@code Gemm.panelTaskRows};
     * before it, a 16-wide tile made every Cholesky with a panel, n &gt; 256, throw). Speed on an AVX-512 VM (thread CPU
     * minima, branch avx10, 2026-11-25 00:47 UTC, load 1): GEMM tiles the same per flop, leverages 72 against 75 ms, a
     * 2000^3 product 375-380 against 354-357 ms (5 % slower). Only the GEMM micro-kernel is wider on AVX-512 ({@link #Z}).
     */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED.length() > 4 ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    /**
     * The 512-bit shape of the wide GEMM tile ({@link #tile8x16}), used where the preferred shape has 8 lanes (AVX-512).
     * Each element of a tile is the same chain of fused multiply-adds over t as in the 5 x 8 tile of 256-bit vectors
     * (lanes are independent), so the products and the Cholesky factor are bit for bit those of the narrow tile (test
     * {@code GemmTest.wideAndNarrowTilesGiveTheSameBits}). Only {@link #forLargeProducts()} has it: on the Zen 4 VM (thread
     * CPU, 1 thread, branch chol12, 2026-11-25 03:57-04:11 UTC, load 1.7-7) the tile in L1 ran at 58.7 against 55.1
     * GFLOP/s (FMA peak 58.5), the tiles of an L2 block 57.3 against 53.7, the Cholesky's largest SYRK 49.5 against 46.7,
     * the whole 4000 x 4000 factor in 456-462 against 490-505 ms; but the leverages (200,000 x 100, W = L^-1 of 100
     * columns: edge tiles 16 wide) took 80-83 against 73-75 ms, so the process-wide kernels keep the 5 x 8 tile. A 12 x 16
     * tile (24 accumulators) was slower on an L2 block (55.7).
     */
    private static final VectorSpecies<Double> Z = DoubleVector.SPECIES_512;
    /** Whether {@link #forLargeProducts()} has the wide tile (8-lane preferred shape; {@code -Datomdoe.dense.narrowTile=true} keeps 5 x 8). */
    private static final boolean WIDE_LARGE = DoubleVector.SPECIES_PREFERRED.length() >= 8 && !Boolean.getBoolean("atomdoe.dense.narrowTile");
    static final int VL = S.length();
    private static final int W = 2 * VL;
    private static final ScalarDenseKernels SCALAR = new ScalarDenseKernels();

    @Override
    public double dot(int n, double[] a, int aOff, double[] b, int bOff) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = DoubleVector.zero(S);
        int t = 0;
        for (; t + 2 * VL <= n; t += 2 * VL) {
            s0 = DoubleVector.fromArray(S, a, aOff + t).fma(DoubleVector.fromArray(S, b, bOff + t), s0);
            s1 = DoubleVector.fromArray(S, a, aOff + t + VL).fma(DoubleVector.fromArray(S, b, bOff + t + VL), s1);
        }
        for (; t + VL <= n; t += VL) {
            s0 = DoubleVector.fromArray(S, a, aOff + t).fma(DoubleVector.fromArray(S, b, bOff + t), s0);
        }
        // lanes summed in a fixed order: reduceLanes(ADD) may associate differently once the JIT
        // intrinsifies it, so the same dot product could differ in the last bit between an early
        // (interpreted) call and a later one, and results between runs or batchings
        return finishDot(s0.add(s1), a, aOff, b, bOff, t, n);
    }

    @Override
    public double sumSquaredDots(int rows, int n, double[] u, int uOff, int ldu, double[] x, int xOff) {
        double sum = 0;
        int r = 0;
        // four rows per pass: every x load serves four rows; per row the accumulators, their order and the tail are
        // those of dot (two lane accumulators over pairs of vectors, then one vector, lanes first to last, scalar tail)
        for (; r + 4 <= rows; r += 4) {
            int o0 = uOff + r * ldu, o1 = o0 + ldu, o2 = o1 + ldu, o3 = o2 + ldu;
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int t = 0;
            for (; t + W <= n; t += W) {
                DoubleVector xa = DoubleVector.fromArray(S, x, xOff + t), xb = DoubleVector.fromArray(S, x, xOff + t + VL);
                a0 = xa.fma(DoubleVector.fromArray(S, u, o0 + t), a0);
                b0 = xb.fma(DoubleVector.fromArray(S, u, o0 + t + VL), b0);
                a1 = xa.fma(DoubleVector.fromArray(S, u, o1 + t), a1);
                b1 = xb.fma(DoubleVector.fromArray(S, u, o1 + t + VL), b1);
                a2 = xa.fma(DoubleVector.fromArray(S, u, o2 + t), a2);
                b2 = xb.fma(DoubleVector.fromArray(S, u, o2 + t + VL), b2);
                a3 = xa.fma(DoubleVector.fromArray(S, u, o3 + t), a3);
                b3 = xb.fma(DoubleVector.fromArray(S, u, o3 + t + VL), b3);
            }
            for (; t + VL <= n; t += VL) {
                DoubleVector xa = DoubleVector.fromArray(S, x, xOff + t);
                a0 = xa.fma(DoubleVector.fromArray(S, u, o0 + t), a0);
                a1 = xa.fma(DoubleVector.fromArray(S, u, o1 + t), a1);
                a2 = xa.fma(DoubleVector.fromArray(S, u, o2 + t), a2);
                a3 = xa.fma(DoubleVector.fromArray(S, u, o3 + t), a3);
            }
            double c0 = finishDot(a0.add(b0), x, xOff, u, o0, t, n);
            double c1 = finishDot(a1.add(b1), x, xOff, u, o1, t, n);
            double c2 = finishDot(a2.add(b2), x, xOff, u, o2, t, n);
            double c3 = finishDot(a3.add(b3), x, xOff, u, o3, t, n);
            sum += c0 * c0;
            sum += c1 * c1;
            sum += c2 * c2;
            sum += c3 * c3;
        }
        for (; r < rows; r++) {
            double c = dot(n, x, xOff, u, uOff + r * ldu);
            sum += c * c;
        }
        return sum;
    }

    /** The end of {@link #dot}: lanes of the added accumulators first to last, then the scalar tail from t. */
    private static double finishDot(DoubleVector v, double[] a, int aOff, double[] b, int bOff, int t, int n) {
        double s = 0;
        for (int k = 0; k < VL; k++) s += v.lane(k);
        for (; t < n; t++) s += a[aOff + t] * b[bOff + t];
        return s;
    }

    @Override
    public void dotRows2(int rows, int p, double[] x, int xOff, double[] u, int uOff, double[] v, int vOff,
                         double[] outU, double[] outV, int outOff) {
        int r = 0;
        // four rows per step: each u and v vector load serves four rows (8 accumulators + 6 loads fit 16 registers)
        for (; r + 4 <= rows; r += 4) {
            int o0 = xOff + r * p, o1 = o0 + p, o2 = o1 + p, o3 = o2 + p;
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            int t = 0;
            for (; t + VL <= p; t += VL) {
                DoubleVector uu = DoubleVector.fromArray(S, u, uOff + t), vv = DoubleVector.fromArray(S, v, vOff + t);
                DoubleVector x0 = DoubleVector.fromArray(S, x, o0 + t), x1 = DoubleVector.fromArray(S, x, o1 + t);
                a0 = x0.fma(uu, a0); b0 = x0.fma(vv, b0);
                a1 = x1.fma(uu, a1); b1 = x1.fma(vv, b1);
                DoubleVector x2 = DoubleVector.fromArray(S, x, o2 + t), x3 = DoubleVector.fromArray(S, x, o3 + t);
                a2 = x2.fma(uu, a2); b2 = x2.fma(vv, b2);
                a3 = x3.fma(uu, a3); b3 = x3.fma(vv, b3);
            }
            outU[outOff + r] = sumLanes(a0) + tail(x, o0, u, uOff, t, p);
            outV[outOff + r] = sumLanes(b0) + tail(x, o0, v, vOff, t, p);
            outU[outOff + r + 1] = sumLanes(a1) + tail(x, o1, u, uOff, t, p);
            outV[outOff + r + 1] = sumLanes(b1) + tail(x, o1, v, vOff, t, p);
            outU[outOff + r + 2] = sumLanes(a2) + tail(x, o2, u, uOff, t, p);
            outV[outOff + r + 2] = sumLanes(b2) + tail(x, o2, v, vOff, t, p);
            outU[outOff + r + 3] = sumLanes(a3) + tail(x, o3, u, uOff, t, p);
            outV[outOff + r + 3] = sumLanes(b3) + tail(x, o3, v, vOff, t, p);
        }
        for (; r < rows; r++) {
            int o = xOff + r * p;
            DoubleVector a = DoubleVector.zero(S), b = a;
            int t = 0;
            for (; t + VL <= p; t += VL) {
                DoubleVector xx = DoubleVector.fromArray(S, x, o + t);
                a = xx.fma(DoubleVector.fromArray(S, u, uOff + t), a);
                b = xx.fma(DoubleVector.fromArray(S, v, vOff + t), b);
            }
            outU[outOff + r] = sumLanes(a) + tail(x, o, u, uOff, t, p);
            outV[outOff + r] = sumLanes(b) + tail(x, o, v, vOff, t, p);
        }
    }

    /** Lanes summed first to last (a fixed order, whatever the JIT does with reduceLanes). */
    private static double sumLanes(DoubleVector v) {
        double s = 0;
        for (int k = 0; k < VL; k++) s += v.lane(k);
        return s;
    }

    private static double tail(double[] x, int xo, double[] u, int uo, int from, int p) {
        double s = 0;
        for (int t = from; t < p; t++) s += x[xo + t] * u[uo + t];
        return s;
    }

    @Override
    public void lowerSolveColumns(int p, double[] l, int lOff, int ldl, double[] z, int zOff, int ldz, int ncols) {
        int j = 0;
        for (; j + W <= ncols; j += W) solveTile2(p, l, lOff, ldl, z, zOff + j, ldz);
        for (; j + VL <= ncols; j += VL) solveTile1(p, l, lOff, ldl, z, zOff + j, ldz);
        if (j < ncols) SCALAR.lowerSolveColumns(p, l, lOff, ldl, z, zOff + j, ldz, ncols - j);
    }

    private static void solveTile2(int p, double[] l, int lOff, int ldl, double[] z, int zo, int ldz) {
        int k = 0;
        for (; k + 4 <= p; k += 4) {
            int r0 = zo + k * ldz, r1 = r0 + ldz, r2 = r1 + ldz, r3 = r2 + ldz;
            DoubleVector a00 = DoubleVector.fromArray(S, z, r0), a01 = DoubleVector.fromArray(S, z, r0 + VL);
            DoubleVector a10 = DoubleVector.fromArray(S, z, r1), a11 = DoubleVector.fromArray(S, z, r1 + VL);
            DoubleVector a20 = DoubleVector.fromArray(S, z, r2), a21 = DoubleVector.fromArray(S, z, r2 + VL);
            DoubleVector a30 = DoubleVector.fromArray(S, z, r3), a31 = DoubleVector.fromArray(S, z, r3 + VL);
            int l0 = lOff + k * ldl, l1 = l0 + ldl, l2 = l1 + ldl, l3 = l2 + ldl;
            for (int t = 0; t < k; t++) {
                int zt = zo + t * ldz;
                DoubleVector v0 = DoubleVector.fromArray(S, z, zt), v1 = DoubleVector.fromArray(S, z, zt + VL);
                DoubleVector b0 = DoubleVector.broadcast(S, -l[l0 + t]);
                DoubleVector b1 = DoubleVector.broadcast(S, -l[l1 + t]);
                DoubleVector b2 = DoubleVector.broadcast(S, -l[l2 + t]);
                DoubleVector b3 = DoubleVector.broadcast(S, -l[l3 + t]);
                a00 = v0.fma(b0, a00); a01 = v1.fma(b0, a01);
                a10 = v0.fma(b1, a10); a11 = v1.fma(b1, a11);
                a20 = v0.fma(b2, a20); a21 = v1.fma(b2, a21);
                a30 = v0.fma(b3, a30); a31 = v1.fma(b3, a31);
            }
            // the 4 x 4 diagonal triangle
            double inv = 1.0 / l[l0 + k];
            a00 = a00.mul(inv); a01 = a01.mul(inv);
            DoubleVector b = DoubleVector.broadcast(S, -l[l1 + k]);
            a10 = a00.fma(b, a10); a11 = a01.fma(b, a11);
            inv = 1.0 / l[l1 + k + 1];
            a10 = a10.mul(inv); a11 = a11.mul(inv);
            b = DoubleVector.broadcast(S, -l[l2 + k]);
            a20 = a00.fma(b, a20); a21 = a01.fma(b, a21);
            b = DoubleVector.broadcast(S, -l[l2 + k + 1]);
            a20 = a10.fma(b, a20); a21 = a11.fma(b, a21);
            inv = 1.0 / l[l2 + k + 2];
            a20 = a20.mul(inv); a21 = a21.mul(inv);
            b = DoubleVector.broadcast(S, -l[l3 + k]);
            a30 = a00.fma(b, a30); a31 = a01.fma(b, a31);
            b = DoubleVector.broadcast(S, -l[l3 + k + 1]);
            a30 = a10.fma(b, a30); a31 = a11.fma(b, a31);
            b = DoubleVector.broadcast(S, -l[l3 + k + 2]);
            a30 = a20.fma(b, a30); a31 = a21.fma(b, a31);
            inv = 1.0 / l[l3 + k + 3];
            a30 = a30.mul(inv); a31 = a31.mul(inv);
            a00.intoArray(z, r0); a01.intoArray(z, r0 + VL);
            a10.intoArray(z, r1); a11.intoArray(z, r1 + VL);
            a20.intoArray(z, r2); a21.intoArray(z, r2 + VL);
            a30.intoArray(z, r3); a31.intoArray(z, r3 + VL);
        }
        for (; k < p; k++) {
            int r0 = zo + k * ldz;
            DoubleVector a0 = DoubleVector.fromArray(S, z, r0), a1 = DoubleVector.fromArray(S, z, r0 + VL);
            int l0 = lOff + k * ldl;
            for (int t = 0; t < k; t++) {
                int zt = zo + t * ldz;
                DoubleVector b0 = DoubleVector.broadcast(S, -l[l0 + t]);
                a0 = DoubleVector.fromArray(S, z, zt).fma(b0, a0);
                a1 = DoubleVector.fromArray(S, z, zt + VL).fma(b0, a1);
            }
            double inv = 1.0 / l[l0 + k];
            a0.mul(inv).intoArray(z, r0); a1.mul(inv).intoArray(z, r0 + VL);
        }
    }

    private static void solveTile1(int p, double[] l, int lOff, int ldl, double[] z, int zo, int ldz) {
        for (int k = 0; k < p; k++) {
            int r0 = zo + k * ldz;
            DoubleVector a0 = DoubleVector.fromArray(S, z, r0);
            int l0 = lOff + k * ldl;
            for (int t = 0; t < k; t++) {
                a0 = DoubleVector.fromArray(S, z, zo + t * ldz).fma(DoubleVector.broadcast(S, -l[l0 + t]), a0);
            }
            a0.mul(1.0 / l[l0 + k]).intoArray(z, r0);
        }
    }

    @Override
    public void gemmSub(int i0, int i1, int j0, int j1, int k, double[] a, int aOff, int lda,
                        double[] at, int atOff, int ldat, double[] c, int cOff, int ldc, boolean lowerOnly) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            // columns every row of the block needs: j < i + 1 for the first row of the block
            int jFull = lowerOnly ? Math.min(j1, i + 1) : j1;
            int j = j0;
            for (; j + W <= jFull; j += W) tile4x2(i, j, k, a, aOff, lda, at, atOff, ldat, c, cOff, ldc);
            for (; j + VL <= jFull; j += VL) tile4x1(i, j, k, a, aOff, lda, at, atOff, ldat, c, cOff, ldc);
            if (j < j1) SCALAR.gemmSub(i, i + 4, j, j1, k, a, aOff, lda, at, atOff, ldat, c, cOff, ldc, lowerOnly);
        }
        for (; i < i1; i++) {
            int jEnd = lowerOnly ? Math.min(j1, i + 1) : j1;
            int j = j0;
            for (; j + VL <= jEnd; j += VL) {
                int ci = cOff + i * ldc + j;
                DoubleVector acc = DoubleVector.fromArray(S, c, ci);
                int ai = aOff + i * lda;
                for (int t = 0; t < k; t++) {
                    acc = DoubleVector.fromArray(S, at, atOff + t * ldat + j).fma(DoubleVector.broadcast(S, -a[ai + t]), acc);
                }
                acc.intoArray(c, ci);
            }
            if (j < jEnd) SCALAR.gemmSub(i, i + 1, j, jEnd, k, a, aOff, lda, at, atOff, ldat, c, cOff, ldc, false);
        }
    }

    private static void tile4x2(int i, int j, int k, double[] a, int aOff, int lda, double[] at, int atOff, int ldat,
                                double[] c, int cOff, int ldc) {
        int c0 = cOff + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector a00 = DoubleVector.fromArray(S, c, c0), a01 = DoubleVector.fromArray(S, c, c0 + VL);
        DoubleVector a10 = DoubleVector.fromArray(S, c, c1), a11 = DoubleVector.fromArray(S, c, c1 + VL);
        DoubleVector a20 = DoubleVector.fromArray(S, c, c2), a21 = DoubleVector.fromArray(S, c, c2 + VL);
        DoubleVector a30 = DoubleVector.fromArray(S, c, c3), a31 = DoubleVector.fromArray(S, c, c3 + VL);
        int x0 = aOff + i * lda, x1 = x0 + lda, x2 = x1 + lda, x3 = x2 + lda;
        int bt = atOff + j;
        for (int t = 0; t < k; t++, bt += ldat) {
            DoubleVector v0 = DoubleVector.fromArray(S, at, bt), v1 = DoubleVector.fromArray(S, at, bt + VL);
            DoubleVector b0 = DoubleVector.broadcast(S, -a[x0 + t]);
            DoubleVector b1 = DoubleVector.broadcast(S, -a[x1 + t]);
            DoubleVector b2 = DoubleVector.broadcast(S, -a[x2 + t]);
            DoubleVector b3 = DoubleVector.broadcast(S, -a[x3 + t]);
            a00 = v0.fma(b0, a00); a01 = v1.fma(b0, a01);
            a10 = v0.fma(b1, a10); a11 = v1.fma(b1, a11);
            a20 = v0.fma(b2, a20); a21 = v1.fma(b2, a21);
            a30 = v0.fma(b3, a30); a31 = v1.fma(b3, a31);
        }
        a00.intoArray(c, c0); a01.intoArray(c, c0 + VL);
        a10.intoArray(c, c1); a11.intoArray(c, c1 + VL);
        a20.intoArray(c, c2); a21.intoArray(c, c2 + VL);
        a30.intoArray(c, c3); a31.intoArray(c, c3 + VL);
    }

    private static void tile4x1(int i, int j, int k, double[] a, int aOff, int lda, double[] at, int atOff, int ldat,
                                double[] c, int cOff, int ldc) {
        int c0 = cOff + i * ldc + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector a0 = DoubleVector.fromArray(S, c, c0), a1 = DoubleVector.fromArray(S, c, c1);
        DoubleVector a2 = DoubleVector.fromArray(S, c, c2), a3 = DoubleVector.fromArray(S, c, c3);
        int x0 = aOff + i * lda, x1 = x0 + lda, x2 = x1 + lda, x3 = x2 + lda;
        int bt = atOff + j;
        for (int t = 0; t < k; t++, bt += ldat) {
            DoubleVector v = DoubleVector.fromArray(S, at, bt);
            a0 = v.fma(DoubleVector.broadcast(S, -a[x0 + t]), a0);
            a1 = v.fma(DoubleVector.broadcast(S, -a[x1 + t]), a1);
            a2 = v.fma(DoubleVector.broadcast(S, -a[x2 + t]), a2);
            a3 = v.fma(DoubleVector.broadcast(S, -a[x3 + t]), a3);
        }
        a0.intoArray(c, c0); a1.intoArray(c, c1); a2.intoArray(c, c2); a3.intoArray(c, c3);
    }

    /** GEMM register tile: 5 rows x 2 vectors, as PanamaGramKernels (10 accumulators + 2 B loads + 1 broadcast = 13 of 16 ymm). */
    private static final int MR = 5;

    /** Rows and columns of the wide tile ({@link #tile8x16}). */
    private static final int WIDE_MR = 8, WIDE_NR = 16;

    private final boolean wide;
    private final DenseKernels large;

    /** The kernels with the 5 x 8 GEMM tile of 256-bit vectors (the process-wide kernels, {@link Dense#kernels()}). */
    public PanamaDenseKernels() {
        this(false);
    }

    /** With the wide (8 x 16, 512-bit) or the narrow (5 x 8, 256-bit) GEMM tile; everything else is the same. */
    PanamaDenseKernels(boolean wide) {
        this.wide = wide;
        this.large = wide || !WIDE_LARGE ? this : new PanamaDenseKernels(true);
    }

    /** The kernels with the 8 x 16 tile of 512-bit vectors where the preferred shape has 8 lanes (AVX-512), else these. */
    @Override
    public DenseKernels forLargeProducts() {
        return large;
    }

    @Override
    public int gemmMr() {
        return wide ? WIDE_MR : MR;
    }

    @Override
    public int gemmNr() {
        return wide ? WIDE_NR : W;
    }

    @Override
    public void gemmTile(int kc, double[] ap, int apOff, double[] bp, int bpOff, boolean negate, boolean accumulate,
                         double[] c, int cOff, int ldc) {
        if (wide) {
            tile8x16(kc, ap, apOff, bp, bpOff, negate, accumulate, c, cOff, ldc);
        } else {
            tile5x8(kc, ap, apOff, bp, bpOff, negate, accumulate, c, cOff, ldc);
        }
    }

    private static void tile5x8(int kc, double[] ap, int apOff, double[] bp, int bpOff, boolean negate, boolean accumulate,
                                double[] c, int cOff, int ldc) {
        // no double is kept live across the loop: a 14th ymm/xmm register made C2 spill accumulators (3x slower)
        DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
        int a = apOff, b = bpOff;
        for (int t = 0; t < kc; t++, a += MR, b += W) {
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
        // inlined ("already compiled into a big method"), and its vector arguments are then boxed (10x slower)
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc;
        if (accumulate) {
            if (negate) {
                c00 = DoubleVector.fromArray(S, c, o0).sub(c00); c01 = DoubleVector.fromArray(S, c, o0 + VL).sub(c01);
                c10 = DoubleVector.fromArray(S, c, o1).sub(c10); c11 = DoubleVector.fromArray(S, c, o1 + VL).sub(c11);
                c20 = DoubleVector.fromArray(S, c, o2).sub(c20); c21 = DoubleVector.fromArray(S, c, o2 + VL).sub(c21);
                c30 = DoubleVector.fromArray(S, c, o3).sub(c30); c31 = DoubleVector.fromArray(S, c, o3 + VL).sub(c31);
                c40 = DoubleVector.fromArray(S, c, o4).sub(c40); c41 = DoubleVector.fromArray(S, c, o4 + VL).sub(c41);
            } else {
                c00 = DoubleVector.fromArray(S, c, o0).add(c00); c01 = DoubleVector.fromArray(S, c, o0 + VL).add(c01);
                c10 = DoubleVector.fromArray(S, c, o1).add(c10); c11 = DoubleVector.fromArray(S, c, o1 + VL).add(c11);
                c20 = DoubleVector.fromArray(S, c, o2).add(c20); c21 = DoubleVector.fromArray(S, c, o2 + VL).add(c21);
                c30 = DoubleVector.fromArray(S, c, o3).add(c30); c31 = DoubleVector.fromArray(S, c, o3 + VL).add(c31);
                c40 = DoubleVector.fromArray(S, c, o4).add(c40); c41 = DoubleVector.fromArray(S, c, o4 + VL).add(c41);
            }
        } else if (negate) {
            c00 = c00.neg(); c01 = c01.neg();
            c10 = c10.neg(); c11 = c11.neg();
            c20 = c20.neg(); c21 = c21.neg();
            c30 = c30.neg(); c31 = c31.neg();
            c40 = c40.neg(); c41 = c41.neg();
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + VL);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + VL);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + VL);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + VL);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + VL);
    }

    /**
     * The wide tile: 8 rows x 2 vectors of 8 lanes (16 zmm accumulators + 2 B loads + 1 broadcast of the 32 zmm
     * registers), per step of t 2 loads and 8 broadcasts for 16 FMAs (the 5 x 8 tile: 2 and 5 for 10), with the stores
     * written out as in {@link #tile5x8}.
     */
    private static void tile8x16(int kc, double[] ap, int apOff, double[] bp, int bpOff, boolean negate, boolean accumulate,
                                  double[] c, int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.zero(Z), c01 = DoubleVector.zero(Z);
        DoubleVector c10 = DoubleVector.zero(Z), c11 = DoubleVector.zero(Z);
        DoubleVector c20 = DoubleVector.zero(Z), c21 = DoubleVector.zero(Z);
        DoubleVector c30 = DoubleVector.zero(Z), c31 = DoubleVector.zero(Z);
        DoubleVector c40 = DoubleVector.zero(Z), c41 = DoubleVector.zero(Z);
        DoubleVector c50 = DoubleVector.zero(Z), c51 = DoubleVector.zero(Z);
        DoubleVector c60 = DoubleVector.zero(Z), c61 = DoubleVector.zero(Z);
        DoubleVector c70 = DoubleVector.zero(Z), c71 = DoubleVector.zero(Z);
        int a = apOff, b = bpOff;
        for (int t = 0; t < kc; t++, a += 8, b += 16) {
            DoubleVector b0 = DoubleVector.fromArray(Z, bp, b), b1 = DoubleVector.fromArray(Z, bp, b + 8);
            DoubleVector x = DoubleVector.broadcast(Z, ap[a]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(Z, ap[a + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(Z, ap[a + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(Z, ap[a + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(Z, ap[a + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(Z, ap[a + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = DoubleVector.broadcast(Z, ap[a + 6]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = DoubleVector.broadcast(Z, ap[a + 7]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        int o0 = cOff;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        int o6 = o5 + ldc;
        int o7 = o6 + ldc;
        if (accumulate) {
            if (negate) {
                c00 = DoubleVector.fromArray(Z, c, o0).sub(c00); c01 = DoubleVector.fromArray(Z, c, o0 + 8).sub(c01);
                c10 = DoubleVector.fromArray(Z, c, o1).sub(c10); c11 = DoubleVector.fromArray(Z, c, o1 + 8).sub(c11);
                c20 = DoubleVector.fromArray(Z, c, o2).sub(c20); c21 = DoubleVector.fromArray(Z, c, o2 + 8).sub(c21);
                c30 = DoubleVector.fromArray(Z, c, o3).sub(c30); c31 = DoubleVector.fromArray(Z, c, o3 + 8).sub(c31);
                c40 = DoubleVector.fromArray(Z, c, o4).sub(c40); c41 = DoubleVector.fromArray(Z, c, o4 + 8).sub(c41);
                c50 = DoubleVector.fromArray(Z, c, o5).sub(c50); c51 = DoubleVector.fromArray(Z, c, o5 + 8).sub(c51);
                c60 = DoubleVector.fromArray(Z, c, o6).sub(c60); c61 = DoubleVector.fromArray(Z, c, o6 + 8).sub(c61);
                c70 = DoubleVector.fromArray(Z, c, o7).sub(c70); c71 = DoubleVector.fromArray(Z, c, o7 + 8).sub(c71);
            } else {
                c00 = DoubleVector.fromArray(Z, c, o0).add(c00); c01 = DoubleVector.fromArray(Z, c, o0 + 8).add(c01);
                c10 = DoubleVector.fromArray(Z, c, o1).add(c10); c11 = DoubleVector.fromArray(Z, c, o1 + 8).add(c11);
                c20 = DoubleVector.fromArray(Z, c, o2).add(c20); c21 = DoubleVector.fromArray(Z, c, o2 + 8).add(c21);
                c30 = DoubleVector.fromArray(Z, c, o3).add(c30); c31 = DoubleVector.fromArray(Z, c, o3 + 8).add(c31);
                c40 = DoubleVector.fromArray(Z, c, o4).add(c40); c41 = DoubleVector.fromArray(Z, c, o4 + 8).add(c41);
                c50 = DoubleVector.fromArray(Z, c, o5).add(c50); c51 = DoubleVector.fromArray(Z, c, o5 + 8).add(c51);
                c60 = DoubleVector.fromArray(Z, c, o6).add(c60); c61 = DoubleVector.fromArray(Z, c, o6 + 8).add(c61);
                c70 = DoubleVector.fromArray(Z, c, o7).add(c70); c71 = DoubleVector.fromArray(Z, c, o7 + 8).add(c71);
            }
        } else if (negate) {
            c00 = c00.neg(); c01 = c01.neg();
            c10 = c10.neg(); c11 = c11.neg();
            c20 = c20.neg(); c21 = c21.neg();
            c30 = c30.neg(); c31 = c31.neg();
            c40 = c40.neg(); c41 = c41.neg();
            c50 = c50.neg(); c51 = c51.neg();
            c60 = c60.neg(); c61 = c61.neg();
            c70 = c70.neg(); c71 = c71.neg();
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + 8);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + 8);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + 8);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + 8);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + 8);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + 8);
        c60.intoArray(c, o6); c61.intoArray(c, o6 + 8);
        c70.intoArray(c, o7); c71.intoArray(c, o7 + 8);
    }

    @Override
    public void columnSquares(int p, double[] z, int zOff, int ldz, int ncols, double[] out, int outOff) {
        int j = 0;
        for (; j + VL <= ncols; j += VL) {
            DoubleVector s = DoubleVector.zero(S);
            for (int t = 0; t < p; t++) {
                DoubleVector v = DoubleVector.fromArray(S, z, zOff + t * ldz + j);
                s = v.fma(v, s);
            }
            s.intoArray(out, outOff + j);
        }
        if (j < ncols) SCALAR.columnSquares(p, z, zOff + j, ldz, ncols - j, out, outOff + j);
    }
}
