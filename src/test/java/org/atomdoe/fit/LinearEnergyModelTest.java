package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearEnergyModelTest {

    @Test
    void recoversFeatureWeightsAndSpeciesEnergiesWithoutNoise() {
        double[] w = SyntheticEnergies.weights(11, 7);
        EnergyDataset train = SyntheticEnergies.make(12, 60, w, 0.0);
        for (EnergyWeighting wt : EnergyWeighting.values()) {
            for (RidgeSettings s : List.of(RidgeSettings.fixed(1e-14), RidgeSettings.gcv())) {
                LinearEnergyModel m = LinearEnergyModel.fit(train, wt, s);
                for (int j = 0; j < w.length; j++) {
                    assertEquals(w[j], m.featureWeights()[j], 1e-8 * Math.abs(w[j]), "w" + j + " " + wt + " " + s);
                }
                assertEquals(SyntheticEnergies.E0[0], m.speciesEnergies()[0], 1e-8 * 5.4321);
                assertEquals(SyntheticEnergies.E0[1], m.speciesEnergies()[1], 1e-8 * 3.125);
                EnergyErrors e = m.evaluate(SyntheticEnergies.make(13, 30, w, 0.0));
                assertTrue(e.maeMeVPerAtom() < 1e-6, "mae " + e.maeMeVPerAtom());
            }
        }
    }

    @Test
    void absentSpeciesInTheSubsetIsDroppedNotFatal() {
        double[] w = SyntheticEnergies.weights(21, 4);
        EnergyDataset all = SyntheticEnergies.make(22, 20, w, 0.0);
        // make a data set where species B never occurs: zero its counts and remove its energy
        int[] c = all.speciesCounts().clone();
        double[] e = all.energies().clone();
        for (int i = 0; i < all.size(); i++) {
            e[i] -= SyntheticEnergies.E0[1] * c[2 * i + 1];
            c[2 * i + 1] = 0;
        }
        EnergyDataset onlyA = new EnergyDataset(all.features(), 4, null, List.of("A", "B"), c, e, null);
        LinearEnergyModel m = LinearEnergyModel.fit(onlyA, RidgeSettings.gcv());
        assertArrayEquals(new int[] {1}, m.ridge().droppedColumns());
        assertEquals(0.0, m.speciesEnergies()[1]);
        assertEquals(SyntheticEnergies.E0[0], m.speciesEnergies()[0], 1e-8);
    }

    @Test
    void gcvModelBeatsExtremeLambdasOnNoisyEnergies() {
        double[] w = SyntheticEnergies.weights(31, 30);
        EnergyDataset train = SyntheticEnergies.make(32, 45, w, 0.02);
        EnergyDataset test = SyntheticEnergies.make(33, 400, w, 0.0);
        double gcv = LinearEnergyModel.fit(train, RidgeSettings.gcv()).evaluate(test).rmseMeVPerAtom();
        double tiny = LinearEnergyModel.fit(train, RidgeSettings.fixed(1e-13)).evaluate(test).rmseMeVPerAtom();
        double huge = LinearEnergyModel.fit(train, RidgeSettings.fixed(1e5)).evaluate(test).rmseMeVPerAtom();
        assertTrue(gcv < tiny && gcv < huge, "gcv " + gcv + " tiny " + tiny + " huge " + huge);
    }

    @Test
    void errorsOnAHandExample() {
        double[] pred = {10, 20, 30};
        double[] ref = {9, 20.5, 30};
        int[] n = {2, 5, 1};
        EnergyErrors e = EnergyErrors.of(pred, ref, n, new String[] {"A", "B", "A"});
        assertEquals(3, e.structures());
        assertEquals(200.0, e.maeMeVPerAtom(), 1e-9);
        assertEquals(Math.sqrt((250000.0 + 10000.0) / 3), e.rmseMeVPerAtom(), 1e-9);
        assertEquals(500.0, e.maxAbsMeVPerAtom(), 1e-9);
        assertEquals(400.0 / 3, e.meanMeVPerAtom(), 1e-9);
        assertEquals(List.of("A", "B"), List.copyOf(e.perConfigType().keySet()));
        EnergyErrors a = e.perConfigType().get("A");
        assertEquals(2, a.structures());
        assertEquals(250.0, a.maeMeVPerAtom(), 1e-9);
        assertEquals(Math.sqrt(125000.0), a.rmseMeVPerAtom(), 1e-9);
        assertEquals(100.0, e.perConfigType().get("B").maeMeVPerAtom(), 1e-9);
        assertEquals(-100.0, e.perConfigType().get("B").meanMeVPerAtom(), 1e-9);
        EnergyErrors none = EnergyErrors.of(pred, ref, n, new String[] {null, "", "A"});
        assertEquals(2, none.perConfigType().get(EnergyErrors.NO_CONFIG_TYPE).structures());
        assertTrue(EnergyErrors.of(pred, ref, n, null).perConfigType().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> EnergyErrors.of(pred, ref, new int[] {1, 2}, null));
    }

    @Test
    void perConfigTypeBreakdownOfAModel() {
        double[] w = SyntheticEnergies.weights(41, 5);
        EnergyDataset train = SyntheticEnergies.make(42, 50, w, 0.01);
        EnergyDataset test = SyntheticEnergies.make(43, 30, w, 0.01);
        EnergyErrors e = LinearEnergyModel.fit(train, RidgeSettings.gcv()).evaluate(test);
        assertEquals(List.of(EnergyErrors.NO_CONFIG_TYPE, "bulk", "surface"), List.copyOf(e.perConfigType().keySet()));
        int total = 0;
        double sumAbs = 0;
        for (EnergyErrors g : e.perConfigType().values()) {
            total += g.structures();
            sumAbs += g.maeMeVPerAtom() * g.structures();
        }
        assertEquals(30, total);
        assertEquals(e.maeMeVPerAtom() * 30, sumAbs, 1e-9);
    }

    @Test
    void modelAndErrorsRoundTripThroughJackson() throws Exception {
        double[] w = SyntheticEnergies.weights(51, 3);
        EnergyDataset train = SyntheticEnergies.make(52, 20, w, 0.01);
        LinearEnergyModel m = LinearEnergyModel.fit(train, RidgeSettings.gcv());
        ObjectMapper om = new ObjectMapper();
        String json = om.writeValueAsString(m);
        LinearEnergyModel back = om.readValue(json, LinearEnergyModel.class);
        assertArrayEquals(m.featureWeights(), back.featureWeights());
        assertArrayEquals(m.predict(train), back.predict(train));
        assertEquals(m.ridge().lambda(), back.ridge().lambda());
        EnergyErrors e = m.evaluate(train);
        EnergyErrors eb = om.readValue(om.writeValueAsString(e), EnergyErrors.class);
        assertEquals(e, eb);
    }

    @Test
    void tinyTrainingSetsStillGiveAModel() {
        double[] w = SyntheticEnergies.weights(101, 6);
        EnergyDataset all = SyntheticEnergies.make(102, 10, w, 0.01);
        for (RidgeSettings s : List.of(RidgeSettings.gcv(), RidgeSettings.modifiedGcv(1.4), RidgeSettings.leaveOneOut())) {
            for (int n = 1; n <= 3; n++) {
                int[] rows = new int[n];
                for (int i = 0; i < n; i++) rows[i] = i;
                LinearEnergyModel m = LinearEnergyModel.fit(all.subset(rows), s);
                for (double v : m.predict(all)) assertTrue(Double.isFinite(v), s + " n=" + n);
            }
        }
        // a single one-species structure: its energy per atom becomes the species energy
        EnergyDataset one = new EnergyDataset(new double[] {3.0, 1.0}, 2, null, List.of("A"), new int[] {4},
                new double[] {-20.0}, null);
        LinearEnergyModel m = LinearEnergyModel.fit(one, RidgeSettings.gcv());
        assertEquals(-5.0, m.speciesEnergies()[0], 1e-12);
        assertArrayEquals(new double[] {0, 0}, m.featureWeights());
    }

    @Test
    void fitReportAndTable() throws Exception {
        double[] w = SyntheticEnergies.weights(91, 4);
        EnergyDataset train = SyntheticEnergies.make(92, 40, w, 0.01);
        EnergyDataset test = SyntheticEnergies.make(93, 12, w, 0.01);
        EnergyFitReport r = EnergyFitReport.fitAndEvaluate(train, test, EnergyWeighting.PER_ATOM, RidgeSettings.gcv());
        assertEquals(40, r.train().structures());
        assertEquals(12, r.test().structures());
        assertEquals(r.model().evaluate(test), r.test());
        String t = r.test().table();
        String[] lines = t.split("\\R");
        assertEquals(1 + 3 + 1, lines.length, t); // header, three config types, all
        assertTrue(lines[4].startsWith("all") && lines[4].contains(String.format(java.util.Locale.ROOT, "%.3f",
                r.test().maeMeVPerAtom())), t);
        assertTrue(new ObjectMapper().writeValueAsString(r).contains("\"perConfigType\""));
        assertNull(EnergyFitReport.fitAndEvaluate(train, null, EnergyWeighting.PER_ATOM, RidgeSettings.gcv()).test());
    }

    @Test
    void predictionMapsSpeciesByName() {
        double[] w = SyntheticEnergies.weights(61, 3);
        EnergyDataset train = SyntheticEnergies.make(62, 20, w, 0.0);
        LinearEnergyModel m = LinearEnergyModel.fit(train, RidgeSettings.gcv());
        // same structures with the species columns listed the other way round
        int n = train.size();
        int[] swapped = new int[2 * n];
        for (int i = 0; i < n; i++) {
            swapped[2 * i] = train.speciesCounts()[2 * i + 1];
            swapped[2 * i + 1] = train.speciesCounts()[2 * i];
        }
        EnergyDataset other = new EnergyDataset(train.features(), 3, null, List.of("B", "A"), swapped, null, null);
        assertArrayEquals(m.predict(train), m.predict(other), 1e-9);
        EnergyDataset alien = new EnergyDataset(train.features(), 3, null, List.of("A", "C"), train.speciesCounts(), null, null);
        assertThrows(IllegalArgumentException.class, () -> m.predict(alien));
        assertNull(other.energies());
    }

    @Test
    void datasetChecksShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new EnergyDataset(new double[5], 2, null, List.of("A"), new int[] {1, 2, 3}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new EnergyDataset(new double[2], 1, null, List.of("A"), new int[] {1, 0}, null, null));
        EnergyDataset d = new EnergyDataset(new double[] {1, 2, 3, 4}, 2, null, List.of("A"), new int[] {2, 3}, new double[] {1, 2}, null);
        assertArrayEquals(new double[] {2, 1, 2, 3, 3, 4}, d.designMatrix());
        assertEquals(List.of("n[A]", "f0", "f1"), d.designLabels());
        double[] wx = d.weightedDesignMatrix(EnergyWeighting.PER_ATOM);
        assertArrayEquals(new double[] {1, 0.5, 1, 1, 1, 4.0 / 3}, wx, 1e-15);
        EnergyDataset s = d.subset(new int[] {1});
        assertArrayEquals(new double[] {3, 4}, s.features());
        assertArrayEquals(new double[] {2}, s.energies());
    }
}
