package org.atomdoe.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.stream.IntStream;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Kernel matrices by the blocked product against plain per-pair evaluation, scalar and Panama kernels, at tile and block edges. */
class KernelMatrixTest {
    private static final GramKernels SCALAR = new ScalarGramKernels();

    static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 1021)).toArray();
    }

    static GramKernels panama() {
        GramKernels p = VectorSupport.panamaOrNull(GramKernels.class, "org.atomdoe.kernel.PanamaGramKernels");
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertNull(p, "scalar run must not load Panama kernels");
        Assumptions.assumeTrue(p != null, "Vector API not available in this JVM");
        return p;
    }

    /** Non-negative rows (like SOAP power spectra) with some spread, so dot products are in (0, 1]. */
    static double[] rows(Random r, int n, int d) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() + (i % 3 == 0 ? 1 : 0);
        return x;
    }

    private static void check(GramKernels g, Kernel k, int na, int nb, int d, Random r, int threads) {
        double[] xa = rows(r, na, d), xb = rows(r, nb, d);
        int[] sa = null, sb = null;
        if ((na + nb) % 3 == 0) { // sometimes two species
            sa = new int[na];
            sb = new int[nb];
            for (int i = 0; i < na; i++) sa[i] = i % 2 == 0 ? 14 : 8;
            for (int j = 0; j < nb; j++) sb[j] = j % 3 == 0 ? 8 : 14;
        }
        KernelRows a = k.prepare(xa, na, d, sa), b = k.prepare(xb, nb, d, sb);
        int ldo = nb + 3;
        double[] out = new double[2 + na * ldo];
        java.util.Arrays.fill(out, Double.NaN);
        KernelMatrix.compute(g, k, a, 0, na, b, 0, nb, out, 2, ldo, threads);
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < nb; j++) {
                double ref = sa != null && sa[i] != sb[j] ? 0 : k.value(xa, i * d, xb, j * d, d);
                double got = out[2 + i * ldo + j];
                assertEquals(ref, got, 1e-12 * (1 + Math.abs(ref)), () -> k.describe() + " na=" + na + " nb=" + nb + " d=" + d);
            }
            for (int j = nb; j < ldo && 2 + i * ldo + j < out.length; j++) {
                assertTrue(Double.isNaN(out[2 + i * ldo + j]), "wrote outside the block");
            }
        }
    }

    private static void sweep(GramKernels g) {
        Random r = new Random(11);
        Kernel[] kernels = {new Kernel.DotProduct(4), new Kernel.DotProduct(1), new Kernel.DotProduct(3),
                new Kernel.SquaredExponential(2.5), new Kernel.DotProduct(8), new Kernel.DotProduct(5), new Kernel.DotProduct(2),
                new Kernel.DotProduct(6)};
        int idx = 0;
        for (int s : sizes()) {
            Kernel k = kernels[idx++ % kernels.length];
            int nb = s == 1021 ? 600 : 1 + (s * 7) % 71;
            check(g, k, s, nb, 1 + (s * 5) % 70, r, 1 + s % 2);
            check(g, k, 1 + (s * 3) % 29, s, s, r, 2);
        }
        // descriptor longer than one packed slice (KC = 256): the slices accumulate
        for (int d : new int[] {255, 256, 257, 300, 513, 1021}) check(g, kernels[d % kernels.length], 13, 21, d, r, 2);
        // more rows than one task and more columns than one panel
        check(g, new Kernel.DotProduct(2), KernelMatrix.MC * KernelMatrix.BLOCKS_PER_TASK + 7, KernelMatrix.NC + 9, 17, r, 2);
    }

    @Test
    void scalarKernelsMatchPairwiseValues() {
        sweep(SCALAR);
    }

    @Test
    void panamaKernelsMatchPairwiseValues() {
        sweep(panama());
    }

    @Test
    void panamaAndScalarAgreeElementwise() {
        GramKernels p = panama();
        Random r = new Random(5);
        for (int n : sizes()) {
            double[] v = new double[n + 3];
            for (int i = 0; i < v.length; i++) v[i] = 2 * r.nextDouble() - 1;
            double[] a = v.clone(), b = v.clone();
            for (int zeta : new int[] {1, 2, 3, 4, 5, 6, 8, 11}) {
                a = v.clone();
                b = v.clone();
                SCALAR.power(a, 3, n, zeta);
                p.power(b, 3, n, zeta);
                assertArrayEquals(a, b, 0.0, "power " + zeta + " n=" + n);
            }
            double[] cn = new double[n + 1];
            for (int i = 0; i < cn.length; i++) cn[i] = 1 + r.nextDouble();
            a = v.clone();
            b = v.clone();
            SCALAR.squaredExponential(a, 2, n, 0.7, 1.3, cn, 1);
            p.squaredExponential(b, 2, n, 0.7, 1.3, cn, 1);
            for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-15 * Math.abs(a[i]) + 1e-300, "exp n=" + n);
        }
    }

    @Test
    void kernelDefinitions() {
        double[] x = {1, 2, 2}, y = {2, 0, 1};
        assertEquals(Math.pow(4.0 / 3 / Math.sqrt(5), 4), new Kernel.DotProduct(4).value(x, 0, y, 0, 3), 1e-15);
        assertEquals(1.0, new Kernel.DotProduct(2).value(x, 0, x, 0, 3), 1e-15);
        assertEquals(Math.exp(-6 / (2 * 1.5 * 1.5)), new Kernel.SquaredExponential(1.5).value(x, 0, y, 0, 3), 1e-15);
        assertEquals(0.0, new Kernel.DotProduct(2).value(new double[3], 0, y, 0, 3));
        for (int z = 1; z <= 9; z++) assertEquals(Math.pow(0.9, z), Kernel.integerPower(0.9, z), 1e-15);
        assertEquals(new Kernel.DotProduct(2), Kernel.parse("dot:2"));
        assertEquals(new Kernel.SquaredExponential(0.5), Kernel.parse("se:0.5"));
        assertThrows(IllegalArgumentException.class, () -> Kernel.parse("dot:0"));
        assertThrows(IllegalArgumentException.class, () -> Kernel.parse("poly"));
    }
}
