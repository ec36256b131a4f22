package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

class OptimalDesignTest {

    @Test
    void addAndSwapGainsEqualRecomputedCriteria() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 40, p = 1 + r.nextInt(8), m = p + r.nextInt(6);
            double ridge = trial % 2 == 0 ? 0 : 0.3;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, trial), n, p, ridge);
            int[] sel = new int[m];
            for (int k = 0; k < m; k++) sel[k] = k;
            DesignState st = new DesignState(prob, ridge, true, null);
            for (int i : sel) st.in[i] = true;
            st.size = m;
            assertTrue(st.rebuild());
            DesignCriteria base = DesignCriteria.of(prob, sel);
            assertEquals(base.logDet(), st.logDet, 1e-10);
            assertEquals(base.a(), st.traceInverse(), 1e-10 * base.a());
            assertEquals(base.i(), st.traceInverseW(), 1e-10 * base.i());
            for (int j = m; j < n; j += 7) {
                int[] plus = Arrays.copyOf(sel, m + 1);
                plus[m] = j;
                DesignCriteria c = DesignCriteria.of(prob, plus);
                assertEquals(c.logDet() - base.logDet(), st.addGain(Criterion.D, j), 1e-10);
                assertEquals(base.a() - c.a(), st.addGain(Criterion.A, j), 1e-10 * base.a());
                assertEquals(base.i() - c.i(), st.addGain(Criterion.I, j), 1e-10 * base.i());
                // swap out sel[0] for j: Fedorov's delta
                int i = sel[0];
                int[] swapped = sel.clone();
                swapped[0] = j;
                double dij = DenseMath.dot(prob.x(), i * p, st.g, j * p, p);
                double delta = (1 + st.d[j]) * (1 - st.d[i]) + dij * dij;
                assertEquals(DesignTestData.logDet(prob, swapped) - base.logDet(), Math.log(delta), 1e-10);
            }
            // incremental updates agree with a fresh state
            st.remove(sel[0]);
            st.add(m + 1);
            int[] now = st.selected();
            assertEquals(DesignCriteria.of(prob, now).logDet(), st.logDet, 1e-10);
            assertEquals(DesignCriteria.of(prob, now).a(), st.traceInverse(), 1e-9 * st.traceInverse());
        }
    }

    @Test
    void lazyGreedyEqualsBruteForceGreedy() {
        for (int t = 0; t < 5; t++) {
            int n = 60, p = 5, m = 12;
            double ridge = t % 2 == 0 ? 0.5 : 0;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 300 + t), n, p, ridge);
            double r = ridge > 0 ? ridge : OptimalDesign.startRidge(prob);
            int[] expected = new int[m];
            boolean[] used = new boolean[n];
            for (int k = 0; k < m; k++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (used[j]) continue;
                    int[] trial = Arrays.copyOf(expected, k + 1);
                    trial[k] = j;
                    double v = DesignCriteria.of(prob, trial, r).logDet();
                    if (v > best + 1e-12) {
                        best = v;
                        expected[k] = j;
                    }
                }
                used[expected[k]] = true;
            }
            int[] got = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, m)
                    .withAlgorithm(OptimalDesign.Algorithm.GREEDY), Progress.NONE).selected();
            assertArrayEquals(expected, got, "trial " + t);
        }
    }

    @Test
    void exchangeReachesTheExhaustiveOptimumInMostCases() {
        int cases = 30, hits = 0;
        for (int t = 0; t < cases; t++) {
            int n = 12 + t % 5, p = 2 + t % 3, m = p + 1 + t % 2;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 100 + t), n, p, 0);
            double best = exhaustiveBest(prob, m);
            OptimalDesign.Result res = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, m).withStarts(3, t),
                    Progress.NONE);
            double got = DesignTestData.logDet(prob, res.selected());
            assertTrue(got <= best + 1e-9, "cannot beat the exhaustive optimum");
            assertEquals(got, res.objective(), 1e-9);
            if (got >= best - 1e-9) hits++;
        }
        // Recorded rate: the greedy + modified Fedorov with 3 starts found the optimum in `hits` of 30 cases.
        System.out.println("exhaustive optimum reached in " + hits + " of " + cases + " cases");
        assertTrue(hits >= 24, "optimum reached in only " + hits + " of " + cases);
    }

    static double exhaustiveBest(DesignProblem prob, int m) {
        int n = prob.n();
        double best = Double.NEGATIVE_INFINITY;
        int[] c = new int[m];
        for (int k = 0; k < m; k++) c[k] = k;
        while (true) {
            best = Math.max(best, DesignTestData.logDet(prob, c));
            int k = m - 1;
            while (k >= 0 && c[k] == n - m + k) k--;
            if (k < 0) return best;
            c[k]++;
            for (int q = k + 1; q < m; q++) c[q] = c[q - 1] + 1;
        }
    }

    @Test
    void matchesOrBeatsAlgDesignOnTheReferenceCandidates() throws Exception {
        int[] shape = new int[2];
        double[] x = DesignTestData.csv(Path.of("src/test/resources/algdesign/cand_N200_p6.csv"), shape);
        DesignProblem prob = DesignProblem.of(x, shape[0], shape[1], 0);
        OptimalDesign.Result r = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 12).withStarts(10, 7), Progress.NONE);
        assertTrue(r.objective() >= 19.730814271368395 - 1e-9, "log det " + r.objective() + " vs AlgDesign 19.7308");
        double[] x2 = DesignTestData.csv(Path.of("src/test/resources/algdesign/cand_N2000_p20.csv"), shape);
        DesignProblem prob2 = DesignProblem.of(x2, shape[0], shape[1], 0);
        OptimalDesign.Result r2 = OptimalDesign.select(prob2, OptimalDesign.Settings.of(Criterion.D, 100), Progress.NONE);
        assertTrue(r2.objective() >= 102.46113045577697, "log det " + r2.objective() + " vs AlgDesign 102.461");
        assertEquals(r2.objective(), DesignTestData.logDet(prob2, r2.selected()), 1e-8);
    }

    @Test
    void matchesOrBeatsAlgDesignOnTheLargeCase() throws Exception {
        Path f = Path.of("../shared/reference/algdesign/cand_N10000_p50.csv");
        assumeTrue(Files.exists(f), "../shared absent: skipping the 10000 x 50 AlgDesign case");
        int[] shape = new int[2];
        double[] x = DesignTestData.csv(f, shape);
        DesignProblem prob = DesignProblem.of(x, shape[0], shape[1], 0);
        OptimalDesign.Result r = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 200).withThreads(2), Progress.NONE);
        // AlgDesign: 276.81 (default maxIteration), 282.39 (maxIteration 1000)
        assertTrue(r.objective() >= 282.3946727802384, "log det " + r.objective());
    }

    @Test
    void deterministicAndThreadIndependent() {
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(3000, 12, 5), 3000, 12, 0);
        for (Criterion c : Criterion.values()) {
            OptimalDesign.Settings s = OptimalDesign.Settings.of(c, 30).withStarts(2, 9);
            OptimalDesign.Result a = OptimalDesign.select(prob, s, Progress.NONE);
            OptimalDesign.Result b = OptimalDesign.select(prob, s.withThreads(2), Progress.NONE);
            assertArrayEquals(a.selected(), b.selected(), c.toString());
            assertEquals(a.objective(), b.objective(), 0.0);
            assertEquals(30, new HashSet<>(Arrays.stream(a.selected()).boxed().toList()).size());
        }
    }

    @Test
    void aAndIExchangeImproveOnGreedy() {
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(500, 6, 8), 500, 6, 0);
        for (Criterion c : new Criterion[] {Criterion.A, Criterion.I}) {
            OptimalDesign.Settings s = OptimalDesign.Settings.of(c, 12);
            OptimalDesign.Result g = OptimalDesign.select(prob, s.withAlgorithm(OptimalDesign.Algorithm.GREEDY), Progress.NONE);
            OptimalDesign.Result f = OptimalDesign.select(prob, s, Progress.NONE);
            DesignCriteria cg = DesignCriteria.of(prob, g.selected()), cf = DesignCriteria.of(prob, f.selected());
            double vg = c == Criterion.A ? cg.a() : cg.i(), vf = c == Criterion.A ? cf.a() : cf.i();
            assertTrue(vf <= vg + 1e-12, c + ": exchange " + vf + " worse than greedy " + vg);
            assertEquals(vf, f.objective(), 1e-9 * vf);
        }
    }

    @Test
    void underDeterminedDesignIsRegularisedAndReported() {
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(200, 20, 3), 200, 20, 0);
        OptimalDesign.Result r = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 8), Progress.NONE);
        assertEquals(8, r.selected().length);
        assertTrue(r.effectiveRidge() > 0, "n < p needs the start ridge");
        assertTrue(Double.isFinite(r.objective()));
    }

    @Test
    void costBudgetAndQuotasAreRespected() {
        int n = 400, p = 5;
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 21), n, p, 0);
        double[] cost = new double[n];
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            cost[i] = 1 + (i % 7);
            group[i] = i % 3;
        }
        OptimalDesign.Settings s = OptimalDesign.Settings.of(Criterion.D, 0).withBudget(cost, 40.0);
        OptimalDesign.Result r = OptimalDesign.select(prob, s, Progress.NONE);
        double total = 0;
        for (int i : r.selected()) total += cost[i];
        assertTrue(total <= 40.0 + 1e-9, "cost " + total);
        assertEquals(total, r.totalCost(), 1e-9);
        assertTrue(r.selected().length >= 6, "a cost budget of 40 buys several cheap rows");

        OptimalDesign.Result q = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 12)
                .withQuotas(group, new int[] {2, 5, 5}), Progress.NONE);
        int[] count = new int[3];
        for (int i : q.selected()) count[group[i]]++;
        assertTrue(count[0] <= 2 && count[1] <= 5 && count[2] <= 5, Arrays.toString(count));
        assertEquals(12, q.selected().length);
    }

    @Test
    void poolSmallerThanBudgetIsAClearError() {
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(5, 2, 1), 5, 2, 0);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 6), Progress.NONE));
        assertTrue(e.getMessage().contains("pool is smaller than the budget"));
    }

    @Test
    void augmentModeUsesFixedRows() {
        int n = 300, p = 4;
        double[] x = DesignTestData.gaussian(n, p, 4);
        double[] x0 = DesignTestData.gaussian(10, p, 99);
        DesignProblem prob = DesignProblem.of(x, n, p, 0).withFixed(x0, 10);
        OptimalDesign.Result r = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 3), Progress.NONE);
        assertEquals(DesignTestData.logDet(prob, r.selected()), r.objective(), 1e-9);
        assertEquals(0, r.effectiveRidge(), "fixed rows give full rank: no start ridge");
        Set<Integer> s = new HashSet<>();
        for (int i : r.selected()) s.add(i);
        assertEquals(3, s.size());
    }
}
