package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SnapKernel#contractPair} (both slots against one read of the Z' list) against two calls of
 * {@link SnapKernel#contract}, for every kernel, 2J = 1..8, one and two densities (masks of 0 and 1 per slot), at
 * every slot pair of a batch. The sums are the same up to their order (the vector kernel groups the tasks of a
 * layer by two instead of three), so agreement is to rounding.
 */
class SnapContractPairTest {
    @Test
    void pairEqualsTwoSingleContractions() {
        SplittableRandom rnd = new SplittableRandom(20261124L);
        for (SnapKernel kernel : SnapGradientLammpsTest.kernels()) {
            final int L = kernel.lanes();
            for (int tj = 1; tj <= 8; tj++) {
                SnapGradientIndex gx = SnapGradientIndex.of(tj);
                for (int ndens = 1; ndens <= 2; ndens++) {
                    SnapGradientIndex.Tasks tasks = gx.tasks(ndens);
                    int nf = ndens * ndens * ndens * gx.base.nb;
                    int nslots = 5;
                    double[] z = new double[2 * ndens * ndens * gx.zMax * L];
                    for (int i = 0; i < z.length; i++) z[i] = rnd.nextDouble(-1, 1);
                    double[] mask = new double[ndens * nslots * L];
                    // each (slot, lane) neighbour belongs to one density, as in SnapBispectrum
                    for (int e = 0; e < ndens; e++) {
                        for (int p = 0; p < nslots * L; p++) mask[e * nslots * L + p] = (e + p + p / L) % ndens == 0 ? 1.0 : 0.0;
                    }
                    double[][] dW = new double[nslots][gx.halfMax * 6 * L];
                    for (double[] w : dW) for (int i = 0; i < w.length; i++) w[i] = rnd.nextDouble(-1, 1);
                    for (int k = 0; k + 1 < nslots; k++) {
                        double[] one = new double[3 * nf * L], two = new double[3 * nf * L];
                        double[] p1 = new double[3 * nf * L], p2 = new double[3 * nf * L];
                        // stale content must be overwritten
                        java.util.Arrays.fill(p1, 7.0);
                        java.util.Arrays.fill(p2, -3.0);
                        kernel.contract(tasks, nf, ndens, mask, nslots * L, k, z, dW[k], one);
                        kernel.contract(tasks, nf, ndens, mask, nslots * L, k + 1, z, dW[k + 1], two);
                        kernel.contractPair(tasks, nf, ndens, mask, nslots * L, k, z, dW[k], dW[k + 1], p1, p2);
                        String what = kernel.getClass().getSimpleName() + " 2J=" + tj + " ndens=" + ndens + " slot " + k;
                        assertClose(one, p1, what + " (first)");
                        assertClose(two, p2, what + " (second)");
                    }
                }
            }
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, what + ": all zero");
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(want[i] - got[i]) <= 1e-12 * scale, what + " entry " + i + ": " + want[i] + " vs " + got[i]);
        }
    }
}
