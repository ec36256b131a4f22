package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

class IncrementalGreedyTest {
    /** Eager greedy D: every leverage from a fresh factor at every step (ties to the lower index). */
    private static int[] eagerGreedy(DesignProblem prob, double ridge, int m) {
        int n = prob.n(), p = prob.p();
        int[] chosen = new int[m];
        boolean[] used = new boolean[n];
        for (int k = 0; k < m; k++) {
            double[] l = DesignCriteria.information(prob, Arrays.copyOf(chosen, k), ridge);
            DenseMath.cholesky(l, p);
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (used[j]) continue;
                double[] z = prob.row(j);
                org.atomdoe.linalg.Cholesky.solveLower(l, 0, p, p, z, 0);
                double d = DenseMath.dot(z, 0, z, 0, p);
                if (d > best) {
                    best = d;
                    chosen[k] = j;
                }
            }
            used[chosen[k]] = true;
        }
        return chosen;
    }

    @Test
    void equalsTheEagerGreedyThroughSweepsRefreshesAndTheRankStep() {
        // n p^2 large against the refresh work, so sweeps, incremental refreshes and exact recomputations (the step to
        // full rank, where leverages fall from order 1/ridge to order 1) all occur; ridge 0 uses the start ridge
        for (int t = 0; t < 3; t++) {
            int n = 1500 + 500 * t, p = 8 + 4 * t, m = 5 * p;
            double ridge = t == 1 ? 0.3 : 0;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 900 + t), n, p, ridge);
            double r = ridge > 0 ? ridge : OptimalDesign.startRidge(prob);
            List<Integer> order = new ArrayList<>();
            OptimalDesign.Settings s = OptimalDesign.Settings.of(Criterion.D, m);
            IncrementalGreedy.run(prob, s, r, m, Long.MAX_VALUE, order, null, Progress.NONE);
            assertArrayEquals(eagerGreedy(prob, r, m), order.stream().mapToInt(Integer::intValue).toArray(), "trial " + t);
            List<Integer> two = new ArrayList<>();
            IncrementalGreedy.run(prob, s.withThreads(2), r, m, Long.MAX_VALUE, two, null, Progress.NONE);
            assertEquals(order, two, "thread count changes the choices, trial " + t);
        }
    }

    @Test
    void equalsTheEagerGreedyWithAndWithoutFixedRowsOverManyBandSweeps() {
        // Leverages that spread widely (rows of very different norms) and a long run after full rank: many band sweeps, candidates
        // left below the band for many steps, then solved; with fixed rows the start leverages are solved, without them they
        // start as the bounds |x|^2 / ridge
        for (int t = 0; t < 4; t++) {
            int n = 2500, p = 10 + 3 * t, m = 6 * p;
            double[] x = DesignTestData.gaussian(n, p, 4100 + t);
            SplittableRandom rnd = new SplittableRandom(t);
            for (int j = 0; j < n; j++) {
                double scale = Math.exp(rnd.nextGaussian());
                for (int k = 0; k < p; k++) x[j * p + k] *= scale;
            }
            DesignProblem prob = DesignProblem.of(x, n, p, t == 2 ? 0.2 : 0);
            if (t % 2 == 1) prob = prob.withFixed(DesignTestData.gaussian(p / 2, p, 17 + t), p / 2);
            double r = prob.ridge() > 0 ? prob.ridge() : OptimalDesign.startRidge(prob);
            List<Integer> order = new ArrayList<>();
            IncrementalGreedy.run(prob, OptimalDesign.Settings.of(Criterion.D, m), r, m, Long.MAX_VALUE, order, null, Progress.NONE);
            assertArrayEquals(eagerGreedy(prob, r, m), order.stream().mapToInt(Integer::intValue).toArray(), "trial " + t);
        }
    }

    /** The greedy's picks on {@code threads} threads. */
    private static int[] picks(DesignProblem prob, OptimalDesign.Settings s, int target, int threads, int[] groupCount) {
        List<Integer> order = new ArrayList<>();
        double r = prob.ridge() > 0 ? prob.ridge() : OptimalDesign.startRidge(prob);
        IncrementalGreedy.run(prob, s.withThreads(threads), r, target, Long.MAX_VALUE, order, groupCount, Progress.NONE);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void picksAreTheSameOnOneTwoAndThreeThreadsWithTiesQuotasAndCosts() {
        // the leverage sweeps run on the threads: their rounding, and so every pick, must not depend on the thread count.
        // Rows of small integers with many duplicates make exact ties (decided by the index) and near-ties (decided by
        // the rounding of the refresh path) common.
        SplittableRandom rnd = new SplittableRandom(77);
        for (int t = 0; t < 6; t++) {
            int n = 900 + 400 * t, p = 6 + 3 * t, m = 4 * p;
            double[] x = new double[n * p];
            int distinct = n / 3;
            for (int j = 0; j < n; j++) {
                int src = j < distinct ? j : rnd.nextInt(distinct); // two thirds duplicate an earlier row
                for (int k = 0; k < p; k++) x[j * p + k] = j < distinct ? rnd.nextInt(3) - 1 : x[src * p + k];
            }
            DesignProblem prob = DesignProblem.of(x, n, p, t % 2 == 0 ? 0 : 0.5);
            OptimalDesign.Settings s = OptimalDesign.Settings.of(Criterion.D, m).withAlgorithm(OptimalDesign.Algorithm.GREEDY);
            int[] one = picks(prob, s, m, 1, null);
            assertEquals(m, one.length, "trial " + t);
            assertEquals(m, Arrays.stream(one).distinct().count(), "a candidate picked twice, trial " + t);
            assertArrayEquals(one, picks(prob, s, m, 2, null), "2 threads, trial " + t);
            assertArrayEquals(one, picks(prob, s, m, 3, null), "3 threads, trial " + t);

            // quotas: tops whose group is full are dropped
            int groupsCount = 5;
            int[] groups = new int[n], quotas = new int[groupsCount];
            for (int j = 0; j < n; j++) groups[j] = j % 7 == 0 ? -1 : rnd.nextInt(groupsCount);
            for (int g = 0; g < groupsCount; g++) quotas[g] = 1 + p / 2 + g;
            OptimalDesign.Settings sq = new OptimalDesign.Settings(Criterion.D, m, null, Double.NaN, groups, quotas,
                    OptimalDesign.Algorithm.GREEDY, 1, 0L, 1e-9, 100, 0.0, 1);
            int[] q1 = picks(prob, sq, m, 1, new int[groupsCount]);
            int[] used = new int[groupsCount];
            for (int j : q1) if (groups[j] >= 0) used[groups[j]]++;
            for (int g = 0; g < groupsCount; g++) assertTrue(used[g] <= quotas[g], "quota of group " + g + ", trial " + t);
            assertArrayEquals(q1, picks(prob, sq, m, 3, new int[groupsCount]), "3 threads with quotas, trial " + t);

            // a cost budget: keys are gains per cost, the loop runs until nothing is affordable
            double[] costs = new double[n];
            for (int j = 0; j < n; j++) costs[j] = 1 + rnd.nextInt(4);
            double budget = 3.0 * p;
            OptimalDesign.Settings sc = new OptimalDesign.Settings(Criterion.D, 0, costs, budget, null, null,
                    OptimalDesign.Algorithm.GREEDY, 1, 0L, 1e-9, 100, 0.0, 1);
            int[] c1 = picks(prob, sc, n, 1, null);
            double spent = 0;
            for (int j : c1) spent += costs[j];
            assertTrue(spent <= budget * (1 + 1e-12) && c1.length > 0, "budget, trial " + t);
            assertArrayEquals(c1, picks(prob, sc, n, 3, null), "3 threads with costs, trial " + t);
        }
    }

    @Test
    void eagerGreedyOnThreeThreadsOnProblemsLargerThanABatch() {
        // a few hundred stale tops per step on three threads: the lazy loop must pick what the eager greedy picks
        for (int t = 0; t < 2; t++) {
            int n = 4000, p = 24 + 8 * t, m = 3 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 1900 + t), n, p, 0);
            double r = OptimalDesign.startRidge(prob);
            int[] three = picks(prob, OptimalDesign.Settings.of(Criterion.D, m), m, 3, null);
            assertArrayEquals(eagerGreedy(prob, r, m), three, "trial " + t);
        }
    }

    @Test
    void heapPopsInKeyOrderWithTiesToTheLowerIndex() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 1000;
        IncrementalGreedy.Heap h = new IncrementalGreedy.Heap(n);
        double[] keys = new double[n];
        for (int j = 0; j < n; j++) keys[j] = h.keys[j] = rnd.nextInt(50); // many ties
        h.heapify();
        // lower a few tops, as a refresh does
        for (int k = 0; k < 300; k++) {
            int top = h.ids[0];
            keys[top] -= rnd.nextInt(5);
            h.replaceTop(keys[top]);
        }
        Integer[] expected = new Integer[n];
        for (int j = 0; j < n; j++) expected[j] = j;
        Arrays.sort(expected, (a, b) -> keys[a] != keys[b] ? Double.compare(keys[b], keys[a]) : Integer.compare(a, b));
        for (int k = 0; k < n; k++) {
            assertEquals(expected[k], h.ids[0], "pop " + k);
            h.pop();
        }
        assertEquals(0, h.size);
    }
}
