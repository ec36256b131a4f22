package org.atomdoe.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kernel:... settings string, and the kernel source's column cache when the column list changes. */
class KernelModelSpecTest {
    @Test
    void parsesKeysAndDefaults() {
        KernelModelSpec s = KernelModelSpec.parse("kernel:soap,zeta=2,sparse=2000,sparse-method=cur,sigma=0.001,delta=0.5,design=direct");
        assertEquals("soap", s.descriptor());
        assertEquals(new Kernel.DotProduct(2), s.kernel());
        assertEquals(2000, s.sparse());
        assertEquals(SparsePoints.Method.CUR, s.sparseMethod());
        assertEquals(4e-6, s.lambda(), 1e-20);
        assertEquals(4e-6, s.designNoise(), 1e-20);
        assertEquals("direct", s.design());
        KernelModelSpec d = KernelModelSpec.parse("kernel");
        assertEquals(new Kernel.DotProduct(4), d.kernel());
        assertEquals(500, d.sparse());
        assertEquals(SparsePoints.Method.GREEDY, d.sparseMethod());
        assertEquals("phi", d.design());
        assertEquals(new Kernel.SquaredExponential(0.7), KernelModelSpec.parse("kernel:acsf,se=0.7,noise=0.1").kernel());
        assertEquals(0.1, KernelModelSpec.parse("kernel:acsf,se=0.7,noise=0.1").designNoise());
        assertEquals("soap:rcut=4", s.descriptorSpec("soap:rcut=4"));
        assertEquals("soap", s.descriptorSpec("snap:twojmax=6"));
        assertTrue(KernelModelSpec.isKernel("kernel:soap"));
        assertFalse(KernelModelSpec.isKernel("linear"));
        for (String bad : new String[] {"kernel:soap,zeta=x", "kernel:soap,sparse=0", "kernel:soap,design=best", "kernel:soap,foo=1",
                "kernel:soap,zeta=2,zeta=3", "kernel:soap,sigma=-1", "linear"}) {
            assertThrows(IllegalArgumentException.class, () -> KernelModelSpec.parse(bad), bad);
        }
    }

    @Test
    void kernelSourceColumnCacheFollowsTheColumnList() {
        Random r = new Random(2);
        Kernel k = new Kernel.DotProduct(3);
        int n = 30, d = 5;
        double[] raw = new double[n * d];
        for (int i = 0; i < raw.length; i++) raw[i] = r.nextDouble();
        KernelRows x = k.prepare(raw, n, d, null);
        SymmetricSource src = SymmetricSource.kernel(k, x, 0.5);
        int[] rows = {3, 4};
        int[] cols = {1, 2, 3, 4, 5, 6};
        double[] out = new double[1 + 6 * 3];
        src.block(rows, 2, cols, 0, 3, out, 1, 3); // caches columns 1..3
        cols[1] = 9; // another list sharing a prefix
        src.block(rows, 2, cols, 0, 6, out, 1, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                double ref = k.value(raw, rows[b] * d, raw, cols[t] * d, d) + (rows[b] == cols[t] ? 0.5 : 0);
                assertEquals(ref, out[1 + t * 3 + b], 1e-13, "row " + rows[b] + " col " + cols[t]);
            }
        }
        assertEquals(1.5, src.diagonal(4), 1e-15);
    }
}
