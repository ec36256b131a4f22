package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.ConfigurationRows;
import org.atomdoe.descriptor.DescriptorCalculator;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.descriptor.ToyPairDescriptor;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * The energy + force + stress fit recovers a model that generated the labels exactly, and the design
 * blocks carry the same information as the fit's weighted rows.
 */
class ForceDataTest {
    static final double[] W = {0.37, -0.021};
    static final double E0 = -4.5;

    /** Random periodic Si cells with labels made by the toy model E = W . sum x + E0 N (forces, stress consistent). */
    static List<Structure> labelled(long seed, int count) {
        Random rnd = new Random(seed);
        List<Structure> out = new ArrayList<>();
        ToyPairDescriptor toy = new ToyPairDescriptor(3.5);
        for (int c = 0; c < count; c++) {
            int n = 3 + rnd.nextInt(5);
            double a = 4.2 + rnd.nextDouble();
            double[] h = {a, 0.3 * rnd.nextGaussian(), 0, 0, a, 0.2 * rnd.nextGaussian(), 0, 0, a};
            double[] x = new double[n], y = new double[n], z = new double[n];
            String[] sym = new String[n];
            for (int i = 0; i < n; i++) {
                x[i] = a * rnd.nextDouble();
                y[i] = a * rnd.nextDouble();
                z[i] = a * rnd.nextDouble();
                sym[i] = "Si";
            }
            out.add(Structure.of(new Cell(h), new boolean[] {true, true, true}, sym, x, y, z));
        }
        try (DescriptorCalculator calc = new DescriptorCalculator(toy, 1)) {
            ConfigurationRows rows = calc.configurationRows(out, Aggregation.SUM, SpeciesChannels.of(List.of("Si")), true, true);
            for (int c = 0; c < count; c++) {
                Structure s = out.get(c);
                s.putInfo("energy", W[0] * rows.energy()[2 * c] + W[1] * rows.energy()[2 * c + 1] + E0 * s.natoms());
                double[] f = new double[3 * s.natoms()], st = new double[6];
                for (int r = 0; r < f.length; r++) f[r] = W[0] * rows.forces()[c][2 * r] + W[1] * rows.forces()[c][2 * r + 1];
                for (int r = 0; r < 6; r++) st[r] = W[0] * rows.stress()[c][2 * r] + W[1] * rows.stress()[c][2 * r + 1];
                s.putArray("forces", AtomArray.ofReals(3, f));
                s.putInfo("stress", st);
            }
            return out;
        }
    }

    static ForceData forceData(List<Structure> frames) {
        try (DescriptorCalculator calc = new DescriptorCalculator(new ToyPairDescriptor(3.5), 2)) {
            return ForceData.of(frames, calc.configurationRows(frames, Aggregation.SUM, SpeciesChannels.of(List.of("Si")), true, true));
        }
    }

    static EnergyDataset energies(List<Structure> frames, ForceData fd) {
        try (DescriptorCalculator calc = new DescriptorCalculator(new ToyPairDescriptor(3.5), 1)) {
            double[] e = calc.aggregate(frames, Aggregation.SUM, SpeciesChannels.of(List.of("Si")));
            return EnergyDataset.fromStructures(frames, List.of("Si"), e, 2, List.of("a", "b"));
        }
    }

    @Test
    void fitOnEnergiesForcesAndStressRecoversTheGeneratingModel() {
        List<Structure> frames = labelled(1, 12);
        ForceData fd = forceData(frames);
        EnergyDataset ed = energies(frames, fd);
        LinearEnergyModel m = LinearEnergyModel.fit(ed, fd, LabelSigmas.withForces(true), RidgeSettings.fixed(1e-12));
        assertEquals(E0, m.speciesEnergies()[0], 1e-6);
        assertEquals(W[0], m.featureWeights()[0], 1e-6 * Math.abs(W[0]));
        assertEquals(W[1], m.featureWeights()[1], 1e-6 * Math.abs(W[1]));
        ForceErrors err = fd.evaluate(m);
        assertTrue(err.mae() < 1e-6, "force MAE " + err.mae());
        assertEquals(3L * frames.stream().mapToInt(Structure::natoms).sum(), err.components());
    }

    @Test
    void designBlocksCarryTheInformationOfTheWeightedFit() {
        List<Structure> frames = labelled(2, 6);
        ForceData fd = forceData(frames);
        EnergyDataset ed = energies(frames, fd);
        LabelSigmas sig = new LabelSigmas(true, true, 0.002, 0.07, 0.03);
        int p = ed.designColumns();
        double[] fromFit = new double[p * p], fromDesign = new double[p * p];
        for (RowBlock b : fd.fitBlocks(ed, sig)) {
            for (int r = 0; r < b.rows(); r++) {
                for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) fromFit[i * p + j] += b.weight(r) * b.x()[r * p + i] * b.x()[r * p + j];
            }
        }
        double[][] blocks = fd.designBlocks(ed, sig);
        for (int c = 0; c < blocks.length; c++) {
            assertEquals((1 + 3 * frames.get(c).natoms() + 6) * p, blocks[c].length, "rows of block " + c);
            for (int r = 0; r < blocks[c].length / p; r++) {
                for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) fromDesign[i * p + j] += blocks[c][r * p + i] * blocks[c][r * p + j];
            }
        }
        for (int k = 0; k < p * p; k++) assertEquals(fromFit[k], fromDesign[k], 1e-9 * Math.abs(fromFit[k]) + 1e-12, "entry " + k);
    }

    @Test
    void framesWithoutForcesContributeNoForceRowsToTheFit() {
        List<Structure> frames = labelled(3, 4);
        ForceData fd = forceData(frames);
        ForceData noForces = new ForceData(fd.featureCount(), fd.forceRows(), new double[4][], fd.stressRows(), new double[4][],
                fd.volumes(), fd.natoms());
        List<RowBlock> blocks = noForces.fitBlocks(energies(frames, fd), LabelSigmas.withForces(true));
        assertEquals(1, blocks.size());
        assertNull(noForces.forces()[0]);
    }
}
