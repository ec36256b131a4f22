package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.Dense;
import org.atomdoe.linalg.Gemm;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The float leverages of the greedy's sweeps: Panama and scalar kernels against the double leverages of the same
 * {@code W = L^-1} (as {@link Cholesky#solveRows} forms them), at sizes 1..70, primes and 1021: the bound of
 * {@link GreedyBoundKernels#bound} is never below the double value, and both kernels lie within the bound's error of it.
 */
class GreedyBoundKernelsEquivalenceTest {
    private static final GreedyBoundKernels SCALAR = new ScalarGreedyBoundKernels();

    private static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 1021)).toArray();
    }

    private static GreedyBoundKernels panama() {
        GreedyBoundKernels p = VectorSupport.panamaOrNull(GreedyBoundKernels.class, "org.atomdoe.design.PanamaGreedyBoundKernels");
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertNull(p, "scalar run must not load Panama kernels");
        Assumptions.assumeTrue(p != null, "Vector API not available in this JVM");
        return p;
    }

    @Test
    void scalarKernelStaysWithinTheBound() {
        check(SCALAR);
    }

    @Test
    void panamaKernelStaysWithinTheBoundAndAgreesWithTheScalarTwin() {
        check(panama());
    }

    /** p over the sizes with a few rows (4-row tiles and tails), and rows over the sizes with p = 13 and 101. */
    private static void check(GreedyBoundKernels k) {
        SplittableRandom rnd = new SplittableRandom(11);
        int cases = 0;
        for (int p : sizes()) cases += check(k, rnd, p, p > 200 ? 5 : 1 + rnd.nextInt(11));
        for (int rows : sizes()) {
            cases += check(k, rnd, 13, rows);
            if (rows % 7 == 0 || rows > 90) cases += check(k, rnd, 101, rows);
        }
        assertTrue(cases > 150);
    }

    /** One random factor (a ridge and fewer, scaled rows than p at times: rank deficient as in the greedy's first steps). */
    private static int check(GreedyBoundKernels k, SplittableRandom rnd, int p, int rows) {
        int n = rows + 3;
        double[] x = new double[n * p];
        for (int q = 0; q < x.length; q++) x[q] = rnd.nextGaussian() * (q % 5 == 0 ? 30 : 1);
        int gramRows = rnd.nextInt(Math.min(2 * p, 150) + 1);
        double ridge = rnd.nextBoolean() ? 1e-6 : 0.5;
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) l[i * p + i] = ridge;
        double[] g = new double[p];
        for (int t = 0; t < gramRows; t++) {
            for (int i = 0; i < p; i++) g[i] = rnd.nextGaussian() * Math.exp(2 * rnd.nextGaussian());
            for (int i = 0; i < p; i++) for (int j = 0; j <= i; j++) l[i * p + j] += g[i] * g[j];
        }
        assertTrue(DenseMath.cholesky(l, p));
        double[] w = Cholesky.inverseLower(Dense.kernels(), l, 0, p, p, 1);
        double wNorm = 0;
        for (double v : w) wNorm += v * v;
        wNorm = Math.sqrt(wNorm);
        // the double leverages as the greedy's filtered sweep computes them
        double[] z = new double[n * p];
        Gemm.Packed wp = Gemm.packOperand(w, 0, p, p, p, Dense.kernels().gemmNr(), true, null, 1);
        Gemm.ntPacked(Dense.kernels(), n, p, p, 1.0, null, x, 0, p, wp, w, 0, p, false, z, 0, p, Gemm.LOWER_B, 1);
        float[] xf = new float[n * p];
        for (int q = 0; q < xf.length; q++) xf[q] = (float) x[q];
        int[] ids = new int[rows + 2];
        for (int r = 0; r < ids.length; r++) ids[r] = rnd.nextInt(n); // any rows, repeats allowed, from offset 2
        float[] got = new float[rows + 1], twin = new float[rows + 1];
        k.squares(rows, ids, 2, xf, p, GreedyBoundKernels.pack(w, p, k.width(), null), got, 1);
        SCALAR.squares(rows, ids, 2, xf, p, GreedyBoundKernels.pack(w, p, SCALAR.width(), null), twin, 1);
        assertEquals(0f, got[0], "writes start at outOff");
        double c = GreedyBoundKernels.coefficient(p);
        for (int r = 0; r < rows; r++) {
            int j = ids[2 + r];
            double exact = Dense.kernels().dot(p, z, j * p, z, j * p);
            double xNorm = Math.sqrt(Dense.kernels().dot(p, x, j * p, x, j * p));
            String at = "p " + p + " rows " + rows + " row " + r;
            assertTrue(exact <= GreedyBoundKernels.bound(got[1 + r], p, wNorm, xNorm), at + ": bound below the double value");
            assertTrue(exact <= GreedyBoundKernels.bound(twin[1 + r], p, wNorm, xNorm), at + ": scalar bound below the double value");
            // both within the error allowance of the double value (|sqrt(s) - |W x|| <= c ||W|| ||x|| + relative rounding)
            double slack = c * wNorm * xNorm + 1e-5 * Math.sqrt(exact) + 1e-30;
            assertEquals(Math.sqrt(exact), Math.sqrt(got[1 + r]), slack, at);
            assertEquals(Math.sqrt(exact), Math.sqrt(twin[1 + r]), slack, at + " (scalar)");
        }
        return 1;
    }
}
