package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SNAP bispectrum equals LAMMPS 29Sep2021 compute sna/atom on every stored reference run. */
class SnapBispectrumLammpsTest {
    /** |ΔB| ≤ TOL · max(1, max_k |B_k| of the atom) (README of the reference). */
    static final double TOL = 1e-10;

    static Stream<Arguments> runs() throws IOException {
        return SnapReference.runs("_sna.txt");
    }

    static double maxRelativeError(double[][] ref, double[] got, int features) {
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double scale = 1.0;
            for (double v : ref[i]) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < ref[i].length; k++) {
                worst = Math.max(worst, Math.abs(got[i * features + k] - ref[i][k]) / scale);
            }
        }
        return worst;
    }

    static double[] compute(SnapBispectrum d, Structure s) {
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff(), false);
        double[] out = new double[s.natoms() * d.featureCount()];
        d.compute(s, nl, out);
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void matchesLammpsInOriginalFrame(String config, String set) throws IOException {
        check(config, set, config + ".extxyz");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void matchesLammpsInLammpsFrame(String config, String set) throws IOException {
        check(config, set, config + "_lammps_frame.extxyz");
    }

    private static void check(String config, String set, String structureFile) throws IOException {
        double[][] ref = SnapReference.readSna(SnapReference.resource(config + "__" + set + "_sna.txt"));
        Structure s = SnapReference.structure(SnapReference.resource(structureFile));
        SnapSettings st = SnapReference.settings(set);
        SnapKernel chosen = SnapBispectrum.defaultKernel();
        List<SnapKernel> kernels = chosen instanceof ScalarSnapKernel ? List.of(chosen) : List.of(chosen, new ScalarSnapKernel());
        for (SnapKernel kernel : kernels) {
            SnapBispectrum d = new SnapBispectrum(st, 1, kernel);
            assertEquals(ref.length, s.natoms());
            assertEquals(ref[0].length, d.featureCount(), "column count");
            double err = maxRelativeError(ref, compute(d, s), d.featureCount());
            assertTrue(err <= TOL, config + " " + set + " " + kernel.getClass().getSimpleName()
                    + ": max relative error " + err);
        }
    }

    /** The big chem reference stays in ../shared (300 kB); checked when present. */
    @Test
    void matchesLammpsChemOnSharedFile() throws IOException {
        Path f = SnapReference.SHARED.resolve("InP_s_vP_63atom__InP_2J6_chem_fitsnap_sna.txt");
        Assumptions.assumeTrue(Files.exists(f), "../shared/reference/snap absent: skipping the 63-atom chem check");
        double[][] ref = SnapReference.readSna(f);
        Structure s = SnapReference.structure(SnapReference.SHARED.resolve("InP_s_vP_63atom.extxyz"));
        SnapBispectrum d = new SnapBispectrum(SnapReference.settings("InP_2J6_chem_fitsnap"), 2);
        double err = maxRelativeError(ref, compute(d, s), d.featureCount());
        assertTrue(err <= TOL, "max relative error " + err);
    }

    @Test
    void componentOrderMatchesLammpsIndexFiles() throws IOException {
        for (int tj : new int[] {2, 6, 8}) {
            int[][] ref = SnapReference.readIndex(SnapReference.resource("bispectrum_index_2J" + tj + ".txt"));
            SnapIndex ix = SnapIndex.of(tj);
            assertEquals(ref.length, ix.nb);
            for (int k = 0; k < ref.length; k++) {
                assertArrayEquals(ref[k], new int[] {ix.bJ1[k], ix.bJ2[k], ix.bJ[k]}, "2J=" + tj + " component " + (k + 1));
            }
        }
        SnapBispectrum d = new SnapBispectrum(SnapReference.settings("Ta_2J8_bzero0"));
        assertEquals("B[0,0,0]", d.labels().get(0));
        assertEquals("B[4,3,7]", d.labels().get(18));
        assertEquals("B[8,8,8]", d.labels().get(54));
    }

    /** README hand check: Ta dimer B_000 = (1 + fc)^3 with fc = 0.3647523. */
    @Test
    void dimerFirstComponentIsCubeOfDensity() throws IOException {
        Structure s = SnapReference.structure(SnapReference.resource("Ta_dimer_box20.extxyz"));
        SnapBispectrum d = new SnapBispectrum(SnapReference.settings("Ta_2J6_bzero0"));
        double[] out = compute(d, s);
        double r = Math.sqrt(2.7 * 2.7 + 0.3 * 0.3 + 0.4 * 0.4);
        double fc = 0.5 * (Math.cos(Math.PI * r / 4.67637) + 1);
        assertEquals(Math.pow(1 + fc, 3), out[0], 1e-12);
        assertEquals(out[0], out[d.featureCount()], 1e-12);
    }
}
