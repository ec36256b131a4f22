package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.atomdoe.simd.VectorSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The exchange scan's candidate filter: Panama vs scalar vs the bound written out, at lane boundaries (1..70, primes, 1021). */
class ExchangeKernelsEquivalenceTest {
    private static final ExchangeKernels SCALAR = new ScalarExchangeKernels();

    private static int[] sizes() {
        return IntStream.concat(IntStream.rangeClosed(1, 70), IntStream.of(97, 101, 127, 131, 1021)).toArray();
    }

    private static ExchangeKernels panama() {
        ExchangeKernels p = VectorSupport.panamaOrNull(ExchangeKernels.class, "org.atomdoe.design.PanamaExchangeKernels");
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertNull(p, "scalar run must not load Panama kernels");
        Assumptions.assumeTrue(p != null, "Vector API not available in this JVM");
        return p;
    }

    /** The first j in [from, to) whose bound beats best, written out from the interface's formula. */
    private static int reference(int from, int to, double[] d, double di, double best, float[] c, double[] g, double gi) {
        for (int j = from; j < to; j++) {
            double ub = 1 + d[j] - di;
            if (c != null && !Float.isNaN(c[j])) {
                double r = Math.abs(c[j]) * (1 + ExchangeKernels.CACHE_SLACK) + 1e-3 * ExchangeKernels.CACHE_SLACK + g[j] * gi;
                ub = Math.min(ub, (1 + d[j]) * (1 - di) + r * r);
            }
            if (ub > best) return j;
        }
        return to;
    }

    @Test
    void scalarKernelFollowsTheBound() {
        check(SCALAR);
    }

    @Test
    void panamaKernelEqualsTheScalarTwin() {
        check(panama());
    }

    private static void check(ExchangeKernels k) {
        SplittableRandom r = new SplittableRandom(5);
        int calls = 0, hits = 0;
        for (int m : sizes()) {
            for (int trial = 0; trial < 4; trial++) {
                double[] d = new double[m], g = new double[m];
                float[] c = new float[m];
                for (int j = 0; j < m; j++) {
                    d[j] = 0.05 + 0.5 * r.nextDouble();
                    g[j] = trial == 0 ? 0 : 0.2 * r.nextDouble();
                    c[j] = r.nextInt(7) == 0 ? Float.NaN : (float) (0.3 * r.nextGaussian());
                }
                double di = 0.1 + 0.3 * r.nextDouble(), gi = trial == 0 ? 0 : 0.3 * r.nextDouble();
                for (double best : new double[] {0.5, 1.0, 1.0 + 1e-9, 1.1, 1.2, 1.4, 2.0}) {
                    for (float[] cache : new float[][] {null, c}) {
                        // every match in turn, as the scan walks (from = last match + 1)
                        for (int j = 0; j <= m; j++) {
                            int want = reference(j, m, d, di, best, cache, g, gi);
                            int got = k.next(j, m, d, di, best, cache, g, gi);
                            assertEquals(want, got, "m " + m + " from " + j + " best " + best + (cache == null ? " no cache" : " cached"));
                            assertEquals(SCALAR.next(j, m, d, di, best, cache, g, gi), got);
                            calls++;
                            if (want < m) hits++;
                            j = want;
                        }
                    }
                }
            }
        }
        // both outcomes are exercised
        org.junit.jupiter.api.Assertions.assertTrue(hits > 1000 && calls > hits, calls + " calls, " + hits + " hits");
    }
}
