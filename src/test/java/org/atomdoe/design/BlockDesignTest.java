package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.atomdoe.design.OptimalDesign.Algorithm;
import org.atomdoe.design.OptimalDesign.Result;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Block design engine: gains by formula vs recomputed criteria, compression, greedy and exchange optimality. */
class BlockDesignTest {

    /** n blocks of 1..maxRows rows, p columns; every third block rank-deficient (a repeated row). */
    static BlockDesignProblem randomBlocks(long seed, int n, int p, int maxRows, double ridge) {
        Random rnd = new Random(seed);
        double[][] blocks = new double[n][];
        for (int c = 0; c < n; c++) {
            int r = 1 + rnd.nextInt(maxRows);
            double scale = Math.exp(rnd.nextGaussian());
            blocks[c] = new double[r * p];
            for (int k = 0; k < r * p; k++) blocks[c][k] = scale * rnd.nextGaussian();
            if (c % 3 == 0 && r > 1) System.arraycopy(blocks[c], 0, blocks[c], p, p);
        }
        return BlockDesignProblem.of(blocks, p, ridge);
    }

    static double value(Criterion c, DesignCriteria d) {
        return switch (c) {
            case D -> -d.logDet();
            case A -> d.a();
            case I -> d.i();
        };
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void blockGainsEqualRecomputedCriteria(Criterion c) {
        BlockDesignProblem prob = randomBlocks(3, 25, 7, 9, 0.1);
        int[] sel = {0, 4, 7, 11};
        BlockGains gains = new BlockGains(prob, c, 1);
        assertTrue(gains.factor(prob.information(sel, prob.ridge())));
        double before = value(c, prob.criteria(sel, prob.ridge()));
        assertEquals(before, gains.objective(), 1e-10 * Math.abs(before));
        int[] cand = {1, 2, 3, 5, 6, 24};
        double[] g = new double[cand.length];
        gains.gains(cand, cand.length, false, g);
        for (int k = 0; k < cand.length; k++) {
            int[] plus = Arrays.copyOf(sel, sel.length + 1);
            plus[sel.length] = cand[k];
            double after = value(c, prob.criteria(plus, prob.ridge()));
            assertEquals(before - after, g[k], 1e-10 * Math.max(1, Math.abs(before)), c + " gain of block " + cand[k]);
        }
        if (c == Criterion.D) {
            double[] loss = new double[sel.length];
            gains.gains(sel, sel.length, true, loss);
            for (int k = 0; k < sel.length; k++) {
                final int drop = sel[k];
                int[] minus = Arrays.stream(sel).filter(v -> v != drop).toArray();
                double after = value(c, prob.criteria(minus, prob.ridge()));
                assertEquals(after - before, loss[k], 1e-10 * Math.max(1, Math.abs(before)), "loss of removing " + drop);
            }
        }
    }

    @Test
    void compressionKeepsTheInformationOfEveryBlock() {
        BlockDesignProblem prob = randomBlocks(5, 12, 5, 14, 0);
        BlockDesignProblem small = prob.compressed(BlockDesign.COMPRESSION_TOLERANCE);
        for (int c = 0; c < prob.n(); c++) {
            assertTrue(small.blockRows(c) <= Math.min(prob.blockRows(c), prob.p()), "block " + c + " has " + small.blockRows(c) + " rows");
            double[] a = prob.information(new int[] {c}, 0), b = small.information(new int[] {c}, 0);
            for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], 1e-12 * (1 + Math.abs(a[k])), "block " + c + " entry " + k);
        }
        // a block with a repeated row has rank r - 1 when r <= p
        int c0 = 0;
        if (prob.blockRows(c0) > 1 && prob.blockRows(c0) <= prob.p()) assertEquals(prob.blockRows(c0) - 1, small.blockRows(c0));
    }

    /** The textbook outer-product pivoted Cholesky on the full matrix (the form {@code pivotedRoot} had before it swapped into pivot order). */
    static double[] fullMatrixPivotedRoot(double[] g, int p, double relTol) {
        double maxDiag = 0;
        for (int k = 0; k < p; k++) maxDiag = Math.max(maxDiag, g[k * p + k]);
        double[] r = new double[p * p];
        int rank = 0;
        if (maxDiag <= 0) return new double[0];
        while (rank < p) {
            int q = -1;
            double best = relTol * maxDiag;
            for (int k = 0; k < p; k++) {
                if (g[k * p + k] > best) {
                    best = g[k * p + k];
                    q = k;
                }
            }
            if (q < 0) break;
            double inv = 1 / Math.sqrt(best);
            int row = rank * p;
            for (int k = 0; k < p; k++) r[row + k] = g[q * p + k] * inv;
            r[row + q] = Math.sqrt(best);
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) g[a * p + b] -= r[row + a] * r[row + b];
            for (int k = 0; k < p; k++) {
                g[q * p + k] = 0;
                g[k * p + q] = 0;
            }
            rank++;
        }
        return Arrays.copyOf(r, rank * p);
    }

    @Test
    void pivotedRootInPivotOrderEqualsTheFullMatrixForm() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 300; trial++) {
            int p = 1 + rnd.nextInt(24), k = 1 + rnd.nextInt(2 * p);
            double[] b = new double[k * p];
            for (int i = 0; i < b.length; i++) b[i] = trial % 4 == 0 ? rnd.nextInt(3) - 1 : rnd.nextGaussian(); // small integers: exact ties
            if (trial % 5 == 0 && k > 1) System.arraycopy(b, 0, b, p, p);
            double[] g = new double[p * p];
            for (int r = 0; r < k; r++) for (int a = 0; a < p; a++) for (int c = 0; c < p; c++) g[a * p + c] += b[r * p + a] * b[r * p + c];
            double tol = trial % 3 == 0 ? 0 : 1e-13;
            double[] want = fullMatrixPivotedRoot(g.clone(), p, tol);
            double[] lower = g.clone();
            for (int a = 0; a < p; a++) for (int c = a + 1; c < p; c++) lower[a * p + c] = Double.NaN; // the upper triangle is not read
            double[] got = BlockDesignProblem.pivotedRoot(lower, p, tol);
            assertEquals(want.length, got.length, "rank, trial " + trial);
            for (int i = 0; i < want.length; i++) assertEquals(0, Double.compare(want[i] + 0.0, got[i] + 0.0), "trial " + trial + " entry " + i); // same values, zero signs aside
        }
    }

    @Test
    void compressionKeepsTheMeanOuterProductOfTheCandidateRows() {
        BlockDesignProblem prob = randomBlocks(8, 30, 6, 14, 0);
        BlockDesignProblem small = prob.compressed(BlockDesign.COMPRESSION_TOLERANCE);
        double[] a = prob.referenceMatrix(), b = small.referenceMatrix();
        for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], 1e-12 * (1 + Math.abs(a[k])), "W entry " + k);
    }

    @Test
    void singleRowBlocksGiveTheRowEngineDesign() {
        Random rnd = new Random(9);
        int n = 60, p = 6;
        double[] x = new double[n * p];
        for (int k = 0; k < x.length; k++) x[k] = rnd.nextGaussian();
        DesignProblem rows = DesignProblem.of(x, n, p, 0);
        for (Criterion c : Criterion.values()) {
            Settings greedy = Settings.of(c, 10).withAlgorithm(Algorithm.GREEDY);
            Result a = OptimalDesign.select(rows, greedy, Progress.NONE);
            Result b = BlockDesign.select(BlockDesignProblem.ofRows(rows), greedy, Progress.NONE);
            assertArrayEquals(a.selected(), b.selected(), c + " greedy");
            Result fa = OptimalDesign.select(rows, Settings.of(c, 10), Progress.NONE);
            Result fb = BlockDesign.select(BlockDesignProblem.ofRows(rows), Settings.of(c, 10), Progress.NONE);
            assertEquals(fa.objective(), fb.objective(), 1e-8 * Math.abs(fa.objective()), c + " exchange");
        }
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void greedyEqualsBruteForceGreedy(Criterion c) {
        BlockDesignProblem prob = randomBlocks(21, 30, 8, 6, 0.5);
        Result r = BlockDesign.select(prob, Settings.of(c, 6).withAlgorithm(Algorithm.GREEDY), Progress.NONE);
        int[] sel = new int[0];
        for (int step = 0; step < 6; step++) {
            int best = -1;
            double bestVal = Double.POSITIVE_INFINITY;
            for (int j = 0; j < prob.n(); j++) {
                final int jj = j;
                if (Arrays.stream(sel).anyMatch(v -> v == jj)) continue;
                int[] plus = Arrays.copyOf(sel, sel.length + 1);
                plus[sel.length] = j;
                double v = value(c, prob.criteria(plus, prob.ridge()));
                if (v < bestVal - 1e-12 * Math.abs(v)) {
                    bestVal = v;
                    best = j;
                }
            }
            sel = Arrays.copyOf(sel, sel.length + 1);
            sel[step] = best;
        }
        assertArrayEquals(sel, r.selected());
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void exchangeEndsWhereNoSingleSwapImproves(Criterion c) {
        BlockDesignProblem prob = randomBlocks(33, 28, 7, 5, 0);
        Settings s = Settings.of(c, 5);
        Result r = BlockDesign.select(prob, s, Progress.NONE);
        assertTrue(r.converged());
        double best = value(c, prob.criteria(r.selected(), r.effectiveRidge()));
        assertEquals(c == Criterion.D ? -best : best, r.objective(), 1e-9 * Math.abs(best));
        Result greedy = BlockDesign.select(prob, s.withAlgorithm(Algorithm.GREEDY), Progress.NONE);
        assertTrue(c == Criterion.D ? r.objective() >= greedy.objective() - 1e-12 : r.objective() <= greedy.objective() + 1e-12);
        for (int pos = 0; pos < r.selected().length; pos++) {
            for (int j = 0; j < prob.n(); j++) {
                final int jj = j;
                if (Arrays.stream(r.selected()).anyMatch(v -> v == jj)) continue;
                int[] swapped = r.selected().clone();
                swapped[pos] = j;
                DesignCriteria d = prob.criteria(swapped, r.effectiveRidge());
                if (d.logDet() == null) continue;
                double v = value(c, d);
                assertTrue(v >= best - 1e-7 * Math.abs(best), c + ": swapping position " + pos + " for " + j + " improves " + best + " to " + v);
            }
        }
    }

    @Test
    void quotasCostsAndThreadsAreHonoured() {
        BlockDesignProblem prob = randomBlocks(44, 40, 6, 8, 0.2);
        int[] groups = new int[prob.n()];
        for (int j = 0; j < groups.length; j++) groups[j] = j % 4;
        Settings s = Settings.of(Criterion.D, 8).withQuotas(groups, new int[] {1, 2, 3, 4});
        Result r = BlockDesign.select(prob, s, Progress.NONE);
        int[] count = new int[4];
        for (int j : r.selected()) count[groups[j]]++;
        for (int g = 0; g < 4; g++) assertTrue(count[g] <= g + 1, "group " + g + " has " + count[g]);
        double[] costs = new double[prob.n()];
        for (int j = 0; j < costs.length; j++) costs[j] = prob.blockRows(j);
        Result b = BlockDesign.select(prob, Settings.of(Criterion.D, 0).withBudget(costs, 20), Progress.NONE);
        assertTrue(b.totalCost() <= 20 + 1e-9, "cost " + b.totalCost());
        assertTrue(b.selected().length > 1);
        Result one = BlockDesign.select(prob, Settings.of(Criterion.I, 7).withStarts(3, 5), Progress.NONE);
        Result two = BlockDesign.select(prob, Settings.of(Criterion.I, 7).withStarts(3, 5).withThreads(2), Progress.NONE);
        assertArrayEquals(one.selected(), two.selected());
    }
}
