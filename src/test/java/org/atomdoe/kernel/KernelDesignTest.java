package org.atomdoe.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

/** Configuration kernels, the direct kernel design (greedy + Fedorov exchange) and kernel farthest-point selection. */
class KernelDesignTest {

    /** Random configurations of 2..6 atoms with SOAP-like rows, two species. */
    static AtomEnvironments pool(Random r, Kernel k, int configs, int d) {
        int[] start = new int[configs + 1];
        for (int c = 0; c < configs; c++) start[c + 1] = start[c] + 2 + r.nextInt(5);
        int n = start[configs];
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(r.nextGaussian()) + 0.2;
        int[] sp = new int[n];
        for (int i = 0; i < n; i++) sp[i] = i % 4 == 0 ? 8 : 14;
        return new AtomEnvironments(k.prepare(x, n, d, sp), start);
    }

    @Test
    void configurationKernelIsTheNormalisedSumOverAtomPairs() {
        Random r = new Random(2);
        Kernel k = new Kernel.DotProduct(2);
        AtomEnvironments env = pool(r, k, 90, 7); // more atoms than one column tile? no: exercise row blocks
        double[] kc = ConfigurationKernel.compute(k, env, false, 2);
        double[] kn = ConfigurationKernel.compute(k, env, true, 1);
        int n = env.configs();
        KernelRows x = env.rows();
        for (int a = 0; a < n; a += 7) {
            for (int b = 0; b < n; b += 5) {
                double s = 0;
                for (int i = env.start()[a]; i < env.start()[a + 1]; i++) {
                    for (int j = env.start()[b]; j < env.start()[b + 1]; j++) {
                        if (x.species(i) == x.species(j)) s += k.fromDot(dot(x, i, j), 1, 1);
                    }
                }
                assertEquals(s, kc[a * n + b], 1e-12 * (1 + s));
                assertEquals(kc[a * n + b] / Math.sqrt(kc[a * n + a] * kc[b * n + b]), kn[a * n + b], 1e-13);
                assertEquals(kn[a * n + b], kn[b * n + a], 0.0);
            }
            assertEquals(1.0, kn[a * n + a], 0.0);
        }
    }

    private static double dot(KernelRows x, int i, int j) {
        double s = 0;
        for (int t = 0; t < x.d(); t++) s += x.values()[i * x.d() + t] * x.values()[j * x.d() + t];
        return s;
    }

    private static double freshLogDet(double[] k, int n, int[] sel, double noise) {
        double[] shifted = k.clone();
        for (int i = 0; i < n; i++) shifted[i * n + i] += noise;
        return PivotedCholeskyTest.logDet(shifted, n, sel, sel.length);
    }

    private static double freshResidual(double[] k, int n, int[] sel, double noise, int j) {
        int[] s2 = java.util.Arrays.copyOf(sel, sel.length + 1);
        s2[sel.length] = j;
        return Math.exp(freshLogDet(k, n, s2, noise) - freshLogDet(k, n, sel, noise));
    }

    /** The normalised configuration kernel of a random pool. */
    private static double[] normalisedKernel(Random r, Kernel kern, int configs, int d) {
        return ConfigurationKernel.compute(kern, pool(r, kern, configs, d), true, 2);
    }

    @Test
    void exchangeGainsEqualRecomputedLogDets() {
        Random r = new Random(4);
        int n = 60;
        double[] k = normalisedKernel(r, new Kernel.DotProduct(4), n, 6);
        double noise = 0.01;
        int[] start = {3, 17, 4, 40, 22, 9, 51, 30, 12, 45, 1, 58}; // a poor start, so that swaps help
        KernelDesign.Exchange ex = new KernelDesign.Exchange(k, n, noise, start, 2, 1);
        int[] sel = start.clone();
        double ld = freshLogDet(k, n, sel, noise);
        int applied = 0;
        for (int step = 0; step < 25; step++) {
            // random gains on the current (up/downdated) state
            for (int trial = 0; trial < 6; trial++) {
                int pos = r.nextInt(sel.length), j;
                do j = r.nextInt(n); while (contains(sel, j));
                int[] swapped = sel.clone();
                swapped[pos] = j;
                assertEquals(freshLogDet(k, n, swapped, noise) - ld, ex.logGain(pos, j), 1e-10, "step " + step);
            }
            // maintained residual variances
            for (int j = 0; j < n; j += 3) if (!contains(sel, j)) assertEquals(freshResidual(k, n, sel, noise, j), ex.v[j], 1e-10);
            // an improving swap (best for some position), applied by up/downdates
            int pos = 2 + step % (sel.length - 2), j = ex.bestSwap(pos, 0);
            if (j < 0) continue;
            double predicted = ex.logGain(pos, j);
            assertTrue(predicted > 0);
            ex.swap(pos, j);
            sel[pos] = j;
            double now = freshLogDet(k, n, sel, noise);
            assertEquals(now - ld, predicted, 1e-10, "accepted swap " + step);
            assertArrayEquals(sel, ex.selected());
            ld = now;
            applied++;
        }
        assertTrue(applied >= 10, "only " + applied + " swaps were exercised");
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) if (v == x) return true;
        return false;
    }

    @Test
    void greedyPlusExchangeReachesALocalOptimumAndKeepsFixedPoints() {
        Random r = new Random(1);
        int n = 70;
        double[] k = normalisedKernel(r, new Kernel.DotProduct(4), n, 4);
        double noise = 0.02;
        int[] fixed = {10, 20};
        KernelDesign.Result res = KernelDesign.select(k, n, fixed, new KernelDesign.Settings(14, noise, true, 50, 1e-12, 2), Progress.NONE);
        int[] sel = res.selected();
        assertEquals(14, sel.length);
        assertEquals(10, sel[0]);
        assertEquals(20, sel[1]);
        assertTrue(res.converged());
        assertTrue(res.swaps() >= 2, "this case (greedy is not locally optimal) should exercise the exchange");
        assertEquals(freshLogDet(k, n, sel, noise), res.logDet(), 1e-10);
        double sum = 0;
        for (double g : res.swapGains()) sum += g;
        assertEquals(res.logDet() - res.greedyLogDet(), sum, 1e-9);
        assertTrue(res.logDet() >= res.greedyLogDet() - 1e-12);
        // no single swap of a free position improves the design
        double ld = res.logDet();
        for (int pos = 2; pos < sel.length; pos++) {
            for (int j = 0; j < n; j++) {
                if (contains(sel, j)) continue;
                int[] s2 = sel.clone();
                s2[pos] = j;
                assertTrue(freshLogDet(k, n, s2, noise) <= ld + 1e-9, "improving swap left: " + pos + " -> " + j);
            }
        }
        // greedy only = the first pivots of K + sigma^2 I
        KernelDesign.Result g = KernelDesign.select(k, n, null, new KernelDesign.Settings(5, noise, false, 0, 0, 1), Progress.NONE);
        assertEquals(freshLogDet(k, n, g.selected(), noise), g.logDet(), 1e-10);
    }

    @Test
    void farthestPointIsMaximinInKernelDistance() {
        Random r = new Random(6);
        int n = 40;
        double[] k = normalisedKernel(r, new Kernel.DotProduct(2), n, 6);
        int[] sel = KernelFarthestPoint.select(k, n, null, 10);
        for (int step = 1; step < sel.length; step++) {
            // the chosen one maximises the distance to the nearest of those before it
            double chosen = nearest(k, n, sel, step, sel[step]);
            for (int a = 0; a < n; a++) {
                if (contains(java.util.Arrays.copyOf(sel, step), a)) continue;
                assertTrue(nearest(k, n, sel, step, a) <= chosen + 1e-12);
            }
        }
        assertArrayEquals(java.util.Arrays.copyOf(sel, 4), KernelFarthestPoint.select(k, n, null, 4));
        int[] withFixed = KernelFarthestPoint.select(k, n, new int[] {5}, 3);
        assertEquals(5, withFixed[0]);
        assertThrows(IllegalArgumentException.class, () -> KernelFarthestPoint.select(k, n, null, n + 1));
    }

    private static double nearest(double[] k, int n, int[] sel, int count, int a) {
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < count; s++) best = Math.min(best, k[a * n + a] + k[sel[s] * n + sel[s]] - 2 * k[a * n + sel[s]]);
        return best;
    }
}
