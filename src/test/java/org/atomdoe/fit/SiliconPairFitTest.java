package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the fit on real DFT data (Zuo et al. 2020 Si, official split) with a trivial
 * pair-distance feature ({@link PairDistanceFeatures}); skipped when ../shared is absent. It checks
 * that the pipeline gives a sane error, not how good a potential is.
 */
class SiliconPairFitTest {
    static final Path DATA = Path.of("..", "shared", "data", "zuo2020_mlearn", "extxyz_efs");

    @Test
    void pairFeatureFitOfSiliconEnergiesHasASaneTestError() throws Exception {
        Path train = DATA.resolve("Si_train.xyz"), test = DATA.resolve("Si_test.xyz");
        Assumptions.assumeTrue(Files.exists(train) && Files.exists(test), "Zuo et al. Si data not found under " + DATA.toAbsolutePath());
        List<Structure> tr = ExtXyzReader.readAll(train), te = ExtXyzReader.readAll(test);
        assertEquals(214, tr.size());
        assertEquals(25, te.size());
        PairDistanceFeatures pf = new PairDistanceFeatures(5.0, 1.8, 24, 0.2);
        EnergyDataset dtr = EnergyDataset.fromStructures(tr, List.of("Si"), pf.compute(tr), pf.bins, pf.labels());
        EnergyDataset dte = EnergyDataset.fromStructures(te, List.of("Si"), pf.compute(te), pf.bins, pf.labels());
        LinearEnergyModel m = LinearEnergyModel.fit(dtr, RidgeSettings.gcv());
        EnergyErrors e = m.evaluate(dte);
        assertTrue(Double.isFinite(e.maeMeVPerAtom()) && e.maeMeVPerAtom() < 100, "test MAE " + e.maeMeVPerAtom());
        assertTrue(e.rmseMeVPerAtom() >= e.maeMeVPerAtom());
        assertEquals(4, e.perConfigType().size());
        // the fit explains the data far better than the mean energy per atom alone
        LinearEnergyModel meanOnly = LinearEnergyModel.fit(dtr, RidgeSettings.fixed(1e12));
        assertTrue(e.maeMeVPerAtom() < 0.5 * meanOnly.evaluate(dte).maeMeVPerAtom());
    }
}
