package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.atomdoe.design.OptimalDesign.Algorithm;
import org.atomdoe.design.OptimalDesign.Result;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.util.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Leverage cap and initial (space-filling) designs of the block and row engines. */
class RobustDesignTest {

    /** Blocks of 2..5 rows, p columns; a few "extreme" blocks 6x larger than the rest (they dominate unconstrained designs). */
    static BlockDesignProblem skewedBlocks(long seed, int n, int p, double ridge) {
        Random rnd = new Random(seed);
        double[][] blocks = new double[n][];
        for (int c = 0; c < n; c++) {
            int r = 2 + rnd.nextInt(4);
            double scale = c % 10 == 3 ? 6 : 1;
            blocks[c] = new double[r * p];
            for (int k = 0; k < r * p; k++) blocks[c][k] = scale * rnd.nextGaussian();
        }
        return BlockDesignProblem.of(blocks, p, ridge);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    @Test
    void leveragesAreTracesOfTheHatBlocksAndSumToP() {
        BlockDesignProblem prob = skewedBlocks(1, 30, 6, 0);
        int[] sel = {0, 3, 5, 8, 13, 21};
        double[] h = BlockDesign.leverages(prob, sel, 0);
        assertEquals(6, Arrays.stream(h).sum(), 1e-9, "without ridge the leverages of a full-rank design sum to p");
        // against the definition: trace(R_i M^-1 R_i') from an explicit inverse
        double[] m = prob.information(sel, 0);
        assertTrue(DenseMath.cholesky(m, 6));
        double[] inv = DenseMath.inverseFromCholesky(m, 6);
        for (int k = 0; k < sel.length; k++) {
            int c = sel[k];
            double t = 0;
            for (int r = prob.offsets()[c]; r < prob.offsets()[c + 1]; r++) {
                for (int a = 0; a < 6; a++) for (int b = 0; b < 6; b++) t += prob.rows()[r * 6 + a] * inv[a * 6 + b] * prob.rows()[r * 6 + b];
            }
            assertEquals(t, h[k], 1e-9 * Math.max(1, t));
        }
        assertTrue(Arrays.stream(BlockDesign.leverages(prob, sel, 5.0)).sum() < 6, "a ridge lowers the leverages");
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void theCapHoldsInTheFinalDesign(Criterion c) {
        int n = 60, p = 8, size = 12;
        BlockDesignProblem prob = skewedBlocks(7, n, p, 0);
        double cap = 1.5;
        Result free = BlockDesign.select(prob, Settings.of(c, size), Progress.NONE);
        double freeMax = max(BlockDesign.leverages(prob, free.selected(), free.effectiveRidge()));
        assertTrue(freeMax > cap * p / size, c + ": without a cap the design has a point above " + cap + " p/n (" + freeMax + ")");
        Result capped = BlockDesign.select(prob, Settings.of(c, size).withMaxLeverage(cap), Progress.NONE);
        assertEquals(size, capped.selected().length);
        assertEquals(size, Arrays.stream(capped.selected()).distinct().count());
        double[] h = BlockDesign.leverages(prob, capped.selected(), capped.effectiveRidge());
        assertTrue(max(h) <= cap * p / size * (1 + 1e-9), c + ": largest leverage " + max(h) + " above the cap " + cap * p / size);
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void withoutAnEffectiveCapTheDesignIsUnchanged(Criterion c) {
        BlockDesignProblem prob = skewedBlocks(11, 50, 7, 0);
        Result plain = BlockDesign.select(prob, Settings.of(c, 10), Progress.NONE);
        assertArrayEquals(plain.selected(), BlockDesign.select(prob, Settings.of(c, 10).withMaxLeverage(0), Progress.NONE).selected());
        // a cap no design can reach changes nothing either (D then runs the eager greedy: the same choices as the lazy one)
        Result loose = BlockDesign.select(prob, Settings.of(c, 10).withMaxLeverage(1e6), Progress.NONE);
        assertArrayEquals(plain.selected(), loose.selected(), c + ": a loose cap changed the design");
        assertEquals(plain.objective(), loose.objective(), 1e-12 * Math.abs(plain.objective()));
    }

    @Test
    void theRowEngineEnforcesTheCapThroughOneRowBlocks() {
        int n = 80, p = 5, size = 20;
        Random rnd = new Random(3);
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            double scale = i % 8 == 0 ? 5 : 1;
            for (int k = 0; k < p; k++) x[i * p + k] = scale * rnd.nextGaussian();
        }
        DesignProblem prob = DesignProblem.of(x, n, p, 0);
        BlockDesignProblem rows = BlockDesignProblem.ofRows(prob);
        Result free = OptimalDesign.select(prob, Settings.of(Criterion.D, size), Progress.NONE);
        double cap = 1.5 * p / size;
        assertTrue(max(BlockDesign.leverages(rows, free.selected(), 0)) > cap, "the free D design has a point above the cap");
        Result capped = OptimalDesign.select(prob, Settings.of(Criterion.D, size).withMaxLeverage(1.5), Progress.NONE);
        assertTrue(max(BlockDesign.leverages(rows, capped.selected(), capped.effectiveRidge())) <= cap * (1 + 1e-9));
    }

    @ParameterizedTest
    @EnumSource(Criterion.class)
    void theExchangeImprovesTheInitialDesign(Criterion c) {
        BlockDesignProblem prob = skewedBlocks(5, 40, 6, 0.01);
        int[] start = {1, 2, 4, 6, 9, 10, 12, 14};
        Result kept = BlockDesign.select(prob, Settings.of(c, 8).withInitial(start).withAlgorithm(Algorithm.GREEDY), Progress.NONE);
        assertArrayEquals(start, kept.selected(), "without exchange the initial design is returned");
        Result ex = BlockDesign.select(prob, Settings.of(c, 8).withInitial(start), Progress.NONE);
        double before = BlockDesignTest.value(c, prob.criteria(start, prob.ridge()));
        double after = BlockDesignTest.value(c, prob.criteria(ex.selected(), prob.ridge()));
        assertTrue(after < before, c + ": exchange from the start improved " + before + " -> " + after);
        assertTrue(ex.swaps() > 0);
        // the row engine: the same start, the criterion improves too
        DesignProblem rows = new DesignProblem(prob.rows(), prob.offsets()[prob.n()], 6, null, 0, 0.01, null, 0);
        Result r0 = OptimalDesign.select(rows, Settings.of(c, 8).withInitial(start).withAlgorithm(Algorithm.GREEDY), Progress.NONE);
        assertArrayEquals(start, r0.selected());
        Result r1 = OptimalDesign.select(rows, Settings.of(c, 8).withInitial(start), Progress.NONE);
        double rb = BlockDesignTest.value(c, DesignCriteria.of(rows, start, 0.01));
        double ra = BlockDesignTest.value(c, DesignCriteria.of(rows, r1.selected(), 0.01));
        assertTrue(ra < rb, c + ": row exchange from the start improved " + rb + " -> " + ra);
    }

    @Test
    void initialDesignsAreChecked() {
        BlockDesignProblem prob = skewedBlocks(5, 20, 4, 0.01);
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Criterion.D, 3).withInitial(new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> BlockDesign.select(prob, Settings.of(Criterion.D, 3).withInitial(new int[] {1, 1, 2}), Progress.NONE));
        int[] groups = new int[20];
        for (int i = 0; i < 20; i++) groups[i] = i % 2;
        Settings q = Settings.of(Criterion.D, 3).withQuotas(groups, new int[] {2, 1}).withInitial(new int[] {1, 3, 0});
        assertThrows(IllegalArgumentException.class, () -> BlockDesign.select(prob, q, Progress.NONE), "two of group 1, quota 1");
    }
}
