package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DescriptorCalculator#configurationRows}: the one pass that sums each centre's pair gradients into the force and
 * stress rows as they are handed over ({@link DifferentiableDescriptor.CentreGradients}) gives, bit for bit, the energy
 * rows of the values and {@link ForceRows#forces} / {@link ForceRows#stress} on the array of every pair gradient; for
 * large structures split into blocks of atoms, whatever the thread count.
 */
class ConfigurationRowsTest {
    private static final DescriptorCalculator.NeighborSearch BRUTE = (s, cutoff, reuse) -> BruteForceNeighbors.build(s, cutoff, false);
    /** Large cells: the linked-cell search (the brute-force one is quadratic); its list order is deterministic. */
    private static final DescriptorCalculator.NeighborSearch CELLS = (s, cutoff, reuse) -> CellList.of(s, cutoff, false);

    /** The rows the old two-step path built: values and all pair gradients, then the aggregation and ForceRows. */
    static ConfigurationRows reference(DifferentiableDescriptor d, List<Structure> frames, Aggregation agg, SpeciesChannels ch) {
        return reference(d, frames, agg, ch, BRUTE);
    }

    static ConfigurationRows reference(DifferentiableDescriptor d, List<Structure> frames, Aggregation agg, SpeciesChannels ch,
                                       DescriptorCalculator.NeighborSearch search) {
        int nf = d.featureCount(), w = agg.width(nf, ch.size());
        double[] energy = new double[frames.size() * w];
        double[][] f = new double[frames.size()][], st = new double[frames.size()][];
        for (int c = 0; c < frames.size(); c++) {
            Structure s = frames.get(c);
            NeighborList nl = search.build(s, d.cutoff(), null);
            double[] values = new double[s.natoms() * nf], g = new double[nl.size() * 3 * nf];
            d.computeWithGradients(s, nl, values, g);
            int[] channels = ch.atomChannels(s);
            agg.apply(values, s.natoms(), nf, channels, ch.size(), energy, c * w);
            f[c] = new double[3 * s.natoms() * w];
            ForceRows.forces(nl, g, nf, agg, channels, ch.size(), f[c], 0);
            st[c] = new double[6 * w];
            ForceRows.stress(s, nl, g, nf, agg, channels, ch.size(), st[c], 0);
        }
        return new ConfigurationRows(w, energy, f, st);
    }

    static void assertSameRows(ConfigurationRows want, ConfigurationRows got, String what) {
        assertEquals(want.width(), got.width(), what + ": width");
        assertArrayEquals(want.energy(), got.energy(), what + ": energy rows");
        for (int c = 0; c < want.size(); c++) {
            assertArrayEquals(want.forces()[c], got.forces()[c], what + ": force rows of configuration " + c);
            assertArrayEquals(want.stress()[c], got.stress()[c], what + ": stress rows of configuration " + c);
        }
    }

    static List<SnapKernel> kernels() {
        return SnapGradientLammpsTest.kernels();
    }

    static Stream<Arguments> snapCases() {
        List<Arguments> out = new ArrayList<>();
        SnapSettings base = SnapGradientPropertiesTest.inp(6);
        SnapSettings chem = new SnapSettings(base.species(), base.rcutfac(), base.rfac0(), 0.0, 4, base.radelem(), base.wj(),
                true, true, false, true, false, false);
        SnapSettings quad = new SnapSettings(base.species(), base.rcutfac(), base.rfac0(), 0.0, 2, base.radelem(), base.wj(),
                true, true, true, false, true, false);
        for (SnapKernel k : kernels()) {
            for (Aggregation agg : Aggregation.values()) out.add(Arguments.of(base, k, agg));
            out.add(Arguments.of(chem, k, Aggregation.SPECIES_SUM));
            out.add(Arguments.of(quad, k, Aggregation.SUM));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("snapCases")
    void snapOnePassEqualsValuesThenPairGradients(SnapSettings st, SnapKernel kernel, Aggregation agg) {
        SnapBispectrum d = new SnapBispectrum(st, 1, kernel);
        SpeciesChannels ch = SpeciesChannels.of(st.species());
        List<Structure> frames = List.of(SnapGradientPropertiesTest.triclinicInP(9, 5, null),
                SnapGradientPropertiesTest.triclinicInP(13, 6, null));
        ConfigurationRows want = reference(d, frames, agg, ch);
        for (int threads : new int[] {1, 2}) {
            try (DescriptorCalculator calc = new DescriptorCalculator(d, threads, BRUTE)) {
                assertSameRows(want, calc.configurationRows(frames, agg, ch, true, true),
                        kernel.getClass().getSimpleName() + " " + agg + " threads " + threads);
            }
        }
    }

    @Test
    void forcesOnlyAndEnergyOnlyLeaveTheOtherKindsOut() {
        SnapBispectrum d = new SnapBispectrum(SnapGradientPropertiesTest.inp(4));
        SpeciesChannels ch = SpeciesChannels.of(d.settings().species());
        List<Structure> frames = List.of(SnapGradientPropertiesTest.triclinicInP(9, 5, null));
        ConfigurationRows want = reference(d, frames, Aggregation.SUM, ch);
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 1, BRUTE)) {
            ConfigurationRows f = calc.configurationRows(frames, Aggregation.SUM, ch, true, false);
            assertNull(f.stress());
            assertArrayEquals(want.forces()[0], f.forces()[0]);
            ConfigurationRows e = calc.configurationRows(frames, Aggregation.SUM, ch, false, false);
            assertNull(e.forces());
            // the values-only pass groups the Z sums differently: equal up to rounding
            assertArrayEquals(want.energy(), e.energy(), 1e-9 * Math.abs(want.energy()[1]));
        }
    }

    /** A bcc cell of 2 m^3 atoms (a = 3.165 Å) with random displacements, one or two species. */
    static Structure bcc(int m, long seed, boolean twoSpecies) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double a = 3.165;
        int n = 2 * m * m * m;
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        int k = 0;
        for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) for (int l = 0; l < m; l++) for (int b = 0; b < 2; b++) {
            x[k] = (i + 0.5 * b) * a + 0.1 * (2 * rnd.nextDouble() - 1);
            y[k] = (j + 0.5 * b) * a + 0.1 * (2 * rnd.nextDouble() - 1);
            z[k] = (l + 0.5 * b) * a + 0.1 * (2 * rnd.nextDouble() - 1);
            sym[k] = twoSpecies && k % 3 == 0 ? "Mo" : "W";
            k++;
        }
        return Structure.of(new Cell(new double[] {m * a, 0, 0, 0, m * a, 0, 0, 0, m * a}), new boolean[] {true, true, true}, sym, x, y, z);
    }

    /** 1024 atoms: split into blocks of atoms (SNAP: gradients handed over per block, summed in block order). */
    @Test
    void largeStructureSplitIsBitwiseTheSameForAnyThreadCount() {
        List<String> species = List.of("Mo", "W");
        List<Structure> frames = List.of(bcc(8, 3, true), bcc(2, 4, true));
        SpeciesChannels ch = SpeciesChannels.of(species);
        for (String spec : new String[] {"snap:twojmax=2,rcutfac=4.7", "radial:rcut=4.5,nmax=4"}) {
            DifferentiableDescriptor d = (DifferentiableDescriptor) DescriptorSpecs.parse(spec, species);
            ConfigurationRows want = reference(d, frames, Aggregation.SPECIES_SUM, ch, CELLS);
            for (int threads : new int[] {1, 2, 3}) {
                try (DescriptorCalculator calc = new DescriptorCalculator(d, threads, CELLS)) {
                    ConfigurationRows got = calc.configurationRows(frames, Aggregation.SPECIES_SUM, ch, true, true);
                    assertNotNull(got.stress()[0]);
                    assertSameRows(want, got, spec + " threads " + threads);
                }
            }
        }
    }

    /** Per-atom SNAP rows of a large structure are split over threads too, with the same rows. */
    @Test
    void largeSnapStructurePerAtomRowsDoNotDependOnThreads() {
        Structure s = bcc(8, 7, false);
        Descriptor d = DescriptorSpecs.parse("snap:twojmax=4,rcutfac=4.7", List.of("W"));
        double[] one;
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 1, CELLS)) {
            one = calc.perAtom(s);
        }
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 2, CELLS)) {
            assertArrayEquals(one, calc.perAtom(s));
        }
    }
}
