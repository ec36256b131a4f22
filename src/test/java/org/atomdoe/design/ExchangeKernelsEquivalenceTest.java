package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /** The separate-dot form of the sweep (the code it replaced), with the given dot kernel. */
    private static void referenceSweep(org.atomdoe.linalg.DenseKernels k, int from, int to, int p, double[] z, double[] w,
                                       double[] v, double g, double h, double vw, double inv1, double inv2, double[] d, double[] e) {
        for (int j = from; j < to; j++) {
            int o = j * p;
            double c1 = k.dot(p, w, 0, z, o);
            double c2 = k.dot(p, v, 0, z, o) + g * c1 * vw;
            double s1 = g * c1, s2 = -h * c2;
            for (int q = 0; q < p; q++) z[o + q] += s1 * w[q] + s2 * v[q];
            d[j] += c1 * c1 * inv1 - c2 * c2 * inv2;
            e[j] += c1 * c1 * inv1 + c2 * c2 * inv2;
        }
    }

    @Test
    void sweepsEqualSeparateDotProducts() {
        ExchangeKernels pk = VectorSupport.panamaOrNull(ExchangeKernels.class, "org.atomdoe.design.PanamaExchangeKernels");
        org.atomdoe.linalg.DenseKernels pd = VectorSupport.panamaOrNull(org.atomdoe.linalg.DenseKernels.class,
                "org.atomdoe.linalg.PanamaDenseKernels");
        org.atomdoe.linalg.DenseKernels sd = new org.atomdoe.linalg.ScalarDenseKernels();
        SplittableRandom r = new SplittableRandom(9);
        for (int p : sizes()) {
            int rows = 7;
            double[] z = new double[rows * p], w = new double[p], v = new double[p], d = new double[rows], e = new double[rows];
            for (int k = 0; k < z.length; k++) z[k] = r.nextGaussian();
            for (int k = 0; k < p; k++) {
                w[k] = r.nextGaussian() / Math.sqrt(p);
                v[k] = r.nextGaussian() / Math.sqrt(p);
            }
            for (int j = 0; j < rows; j++) {
                d[j] = r.nextDouble();
                e[j] = r.nextDouble();
            }
            double g = 0.3, h = 0.2, vw = 0.1, inv1 = 1.4, inv2 = 0.8;
            double[] z1 = z.clone(), d1 = d.clone(), e1 = e.clone();
            referenceSweep(sd, 1, rows - 1, p, z1, w, v, g, h, vw, inv1, inv2, d1, e1);
            // the read-only sweep: the leverages and growths of the full sweep bit for bit, the rows untouched
            double[] z5 = z.clone(), d5 = d.clone(), e5 = e.clone();
            SCALAR.sweepLeverages(1, rows - 1, p, z5, w, v, g, vw, inv1, inv2, d5, e5);
            assertArrayEquals(z, z5, 0.0, "scalar read-only sweep writes no row, p " + p);
            assertArrayEquals(d1, d5, 0.0, "scalar read-only sweep, p " + p);
            assertArrayEquals(e1, e5, 0.0);
            if (pk == null) continue;
            // the Panama read-only sweep: bit for bit the separate Panama dot calls, and within rounding of the scalar twin
            double[] z4 = z.clone(), d4 = d.clone(), e4 = e.clone();
            referenceSweep(pd, 1, rows - 1, p, z4, w, v, g, h, vw, inv1, inv2, d4, e4);
            double[] z6 = z.clone(), d6 = d.clone(), e6 = e.clone();
            pk.sweepLeverages(1, rows - 1, p, z6, w, v, g, vw, inv1, inv2, d6, e6);
            assertArrayEquals(z, z6, 0.0, "Panama read-only sweep writes no row, p " + p);
            assertArrayEquals(d4, d6, 0.0, "Panama read-only sweep, p " + p);
            assertArrayEquals(e4, e6, 0.0);
            assertArrayEquals(d1, d6, 1e-12 * p, "Panama within rounding of the scalar twin");
            assertArrayEquals(e1, e6, 1e-12 * p);
        }
    }
}
