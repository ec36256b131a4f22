package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The u kept by the density pass ({@link SnapKernel#accumulateDensity} with {@code kept}) gives the gradient pass
 * ({@link SnapKernel#derivativeBasisKept}) exactly the numbers of the recomputing {@link SnapKernel#derivativeBasis},
 * and keeping them leaves the densities unchanged, bit for bit, for the default (SIMD when present) kernel and the
 * scalar twin, every 2J up to 8, one and two densities, 1..9 slots (zero-weight padding slots included).
 */
class SnapKeptUTest {
    @Test
    void keptUGivesTheRecomputedDerivativeBasisBitForBit() {
        int checked = 0;
        for (SnapKernel kernel : new SnapKernel[] {SnapBispectrum.defaultKernel(), new ScalarSnapKernel()}) {
            for (int tj = 1; tj <= 8; tj++) {
                for (int ndens = 1; ndens <= 2; ndens++) {
                    for (int nslots = 1; nslots <= 9; nslots += 4) {
                        checked += check(kernel, tj, ndens, nslots, new SplittableRandom(31L * tj + 7L * ndens + nslots));
                    }
                }
            }
        }
        assertTrue(checked > 0);
    }

    private static int check(SnapKernel kernel, int tj, int ndens, int nslots, SplittableRandom rnd) {
        SnapIndex ix = SnapIndex.of(tj);
        SnapGradientIndex gx = SnapGradientIndex.of(tj);
        int L = kernel.lanes(), n = nslots * L;
        double[] ar = new double[n], ai = new double[n], br = new double[n], bi = new double[n];
        double[] sw = new double[ndens * n], gen = new double[9 * n], dsw = new double[3 * n];
        for (int p = 0; p < n; p++) {
            double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double norm = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
            ar[p] = q[0] / norm;
            ai[p] = q[1] / norm;
            br[p] = q[2] / norm;
            bi[p] = q[3] / norm;
            boolean padding = p >= (nslots - 1) * L && p % 2 == 1; // zero-weight slots in the last row
            for (int e = 0; e < ndens; e++) sw[e * n + p] = padding ? 0.0 : rnd.nextDouble() - 0.3;
        }
        for (int p = 0; p < gen.length; p++) gen[p] = rnd.nextGaussian();
        for (int p = 0; p < dsw.length; p++) dsw[p] = rnd.nextGaussian();
        int uLen = ndens * ix.idxuMax * L;
        double[] utr0 = new double[uLen], uti0 = new double[uLen], utr1 = new double[uLen], uti1 = new double[uLen];
        for (int p = 0; p < uLen; p++) utr0[p] = utr1[p] = (p % 7 == 0) ? 1.0 : 0.0;
        double[] work = new double[kernel.workLength(ix)];
        double[] kept = new double[nslots * kernel.keptLength(ix)];
        kernel.accumulateDensity(ix, ndens, nslots, ar, ai, br, bi, sw, n, utr0, uti0, work);
        kernel.accumulateDensity(ix, ndens, nslots, ar, ai, br, bi, sw, n, utr1, uti1, work, kept);
        assertArrayEquals(utr0, utr1, "densities (re) with kept u, 2J=" + tj);
        assertArrayEquals(uti0, uti1, "densities (im) with kept u, 2J=" + tj);
        double[] basisWork = new double[kernel.basisWorkLength(gx)];
        double[] dW0 = new double[gx.halfMax * 6 * L], dW1 = new double[gx.halfMax * 6 * L];
        for (int k = 0; k < nslots; k++) {
            double[] wsw = Arrays.copyOfRange(sw, 0, n);
            kernel.derivativeBasis(gx, k, ar, ai, br, bi, gen, wsw, dsw, basisWork, dW0);
            kernel.derivativeBasisKept(gx, k, kept, gen, wsw, dsw, dW1);
            for (int p = 0; p < dW0.length; p++) {
                if (Double.doubleToRawLongBits(dW0[p]) != Double.doubleToRawLongBits(dW1[p])) {
                    throw new AssertionError(kernel.getClass().getSimpleName() + " 2J=" + tj + " ndens=" + ndens + " slot " + k
                            + " entry " + p + ": recomputed " + dW0[p] + ", kept " + dW1[p]);
                }
            }
        }
        return 1;
    }
}
