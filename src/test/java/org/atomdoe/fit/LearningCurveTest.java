package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningCurveTest {
    static final List<SubsetSelector> METHODS = List.of(new RandomSelector(), new FarthestPointSelector(),
            new ClusterStratifiedSelector());

    static LearningCurve.Settings settings(int threads) {
        return new LearningCurve.Settings(new int[] {12, 20, 40, 80, 120}, 10, 100L, EnergyWeighting.PER_ATOM,
                RidgeSettings.gcv(), threads, 0.10);
    }

    @Test
    void errorShrinksWithBudgetAndResultsDoNotDependOnThreads() throws Exception {
        double[] w = SyntheticEnergies.weights(71, 8);
        EnergyDataset pool = SyntheticEnergies.make(72, 120, w, 0.01);
        EnergyDataset test = SyntheticEnergies.make(73, 200, w, 0.0); // noise-free: model error only
        LearningCurve.Result one = LearningCurve.run(pool, test, METHODS, settings(1));
        LearningCurve.Result two = LearningCurve.run(pool, test, METHODS, settings(2));
        ObjectMapper om = new ObjectMapper();
        assertEquals(om.writeValueAsString(one), om.writeValueAsString(two));

        // jobs: random and cluster 10 seeds x 5 sizes, fps once per size
        assertEquals(10 * 5 + 5 + 10 * 5, one.points().size());
        assertEquals(15, one.summaries().size());
        Map<String, Map<Integer, Double>> med = LearningCurve.medianMae(one);
        for (String m : List.of("random", "fps", "cluster")) {
            Map<Integer, Double> c = med.get(m);
            assertTrue(c.get(80) < 0.5 * c.get(12), m + " " + c);
            // the whole pool: every method fits the same rows
            assertEquals(one.fullPool().maeMeVPerAtom(), c.get(120), 1e-6 * one.fullPool().maeMeVPerAtom());
        }
        for (LearningCurve.BudgetReached b : one.budgets()) {
            assertNotNull(b.budget(), b.method());
            assertTrue(b.budget() <= 120);
            assertEquals(1.1 * one.fullPool().maeMeVPerAtom(), b.thresholdMae(), 1e-12);
        }
        LearningCurve.Summary r12 = one.summaries().stream()
                .filter(s -> s.method().equals("random") && s.size() == 12).findFirst().orElseThrow();
        assertEquals(10, r12.runs());
        assertTrue(r12.maeMin() <= r12.maeQ1() && r12.maeQ1() <= r12.maeMedian() && r12.maeMedian() <= r12.maeQ3()
                && r12.maeQ3() <= r12.maeMax());
        assertTrue(r12.maeMax() > r12.maeMin(), "random seeds should differ");
    }

    @Test
    void explicitSelectionMatrixAndPerTypeErrors() {
        double[] w = SyntheticEnergies.weights(74, 5);
        EnergyDataset pool = SyntheticEnergies.make(75, 40, w, 0.01);
        EnergyDataset test = SyntheticEnergies.make(76, 30, w, 0.0);
        // select on the raw descriptor sums instead of the weighted design rows
        LearningCurve.Settings s = new LearningCurve.Settings(new int[] {10, 40}, 3, 5L, null, null, 2, 0.1);
        LearningCurve.Result r = LearningCurve.run(pool, test, pool.features(), 5, List.of(new FarthestPointSelector()), s);
        assertEquals(2, r.points().size());
        LearningCurve.Point p10 = r.points().get(0);
        assertEquals(10, p10.size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new FarthestPointSelector().select(pool.features(), 40, 5, 10, 0), p10.selected());
        assertEquals(List.of(EnergyErrors.NO_CONFIG_TYPE, "bulk", "surface"), List.copyOf(p10.maePerConfigType().keySet()));
        assertThrows(IllegalArgumentException.class,
                () -> LearningCurve.run(pool, test, new double[39 * 5], 5, List.of(new FarthestPointSelector()), s));
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, LearningCurve.quantile(v, 0.5));
        assertEquals(1.75, LearningCurve.quantile(v, 0.25));
        assertEquals(3.25, LearningCurve.quantile(v, 0.75));
        assertEquals(7.0, LearningCurve.quantile(new double[] {7}, 0.25));
    }

    @Test
    void rejectsBadSettings() {
        double[] w = SyntheticEnergies.weights(81, 3);
        EnergyDataset pool = SyntheticEnergies.make(82, 10, w, 0.01);
        LearningCurve.Settings tooBig = new LearningCurve.Settings(new int[] {5, 11}, 2, 0, null, null, 1, 0.1);
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.run(pool, pool, METHODS, tooBig));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningCurve.Settings(new int[] {0}, 2, 0, null, null, 1, 0.1));
        LearningCurve.Settings ok = new LearningCurve.Settings(new int[] {5}, 2, 0, null, null, 1, 0.1);
        assertThrows(IllegalArgumentException.class,
                () -> LearningCurve.run(pool, pool, List.of(new RandomSelector(), new RandomSelector()), ok));
        SubsetSelector broken = SubsetSelector.named("broken", false, (x, rows, cols, n, seed) -> new int[n]);
        assertThrows(IllegalStateException.class, () -> LearningCurve.run(pool, pool, List.of(broken), ok));
    }
}
