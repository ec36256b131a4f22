package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
