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

/**
 * SNAP pair gradients, assembled by {@link ForceRows} with {@link Aggregation#SPECIES_SUM}, equal LAMMPS
 * 29Sep2021 {@code compute snad/atom} ({@code -Σ_{i' of type I} dB_{i'}/dr_i}, per type block x, y, z).
 */
class SnapGradientLammpsTest {
    /** |Δ| ≤ TOL · max(1, max |snad| of the atom's row). */
    static final double TOL = 1e-10;

    /**
     * {@code ase_prism_rot_mat} of InP_shear_8atom from the reference meta.json: positions_lammps = positions · R,
     * so snad vectors go back to the original frame as v · Rᵀ.
     */
    static final double[][] SHEAR_R = {
        {0.7069341053859746, -0.7012789870873709, 0.09193450338062764},
        {0.7070670331664746, 0.6975409579938101, -0.11615860936769698},
        {0.01733151035804797, 0.14712033914720538, 0.9889667459312877}};

    static Stream<Arguments> runs() throws IOException {
        return SnapReference.runs("_snad.txt");
    }

    /**
     * Our {@code -Σ_{i' of type I} dB_{i'}/dr_i} in the snad layout, from the force rows of the species sums
     * ({@code F_{i,a} = -d/dr_{i,a} Σ_{i' of species s} B_{i'}}); type I = species I of the settings (LAMMPS type order).
     */
    static double[][] snad(SnapBispectrum d, Structure s) {
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff(), false);
        int nf = d.featureCount(), n = s.natoms();
        double[] values = new double[n * nf], g = new double[nl.size() * 3 * nf];
        d.computeWithGradients(s, nl, values, g);
        List<String> types = d.settings().species();
        SpeciesChannels ch = SpeciesChannels.of(types);
        int w = Aggregation.SPECIES_SUM.width(nf, ch.size());
        double[] f = new double[3 * n * w];
        ForceRows.forces(nl, g, nf, Aggregation.SPECIES_SUM, ch.atomChannels(s), ch.size(), f, 0);
        // the one pass the command line uses (gradients summed centre by centre as the kernel hands them over): same rows
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 1, (t, cutoff, reuse) -> BruteForceNeighbors.build(t, cutoff, false))) {
            assertArrayEquals(f, calc.configurationRows(List.of(s), Aggregation.SPECIES_SUM, ch, true, false).forces()[0],
                    "configurationRows force rows");
        }
        double[][] out = new double[n][types.size() * 3 * nf];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < types.size(); t++) {
                int block = ch.symbols().indexOf(types.get(t)) * (1 + nf) + 1;
                for (int a = 0; a < 3; a++) {
                    System.arraycopy(f, (3 * i + a) * w + block, out[i], (t * 3 + a) * nf, nf);
                }
            }
        }
        return out;
    }

    static double maxRelativeError(double[][] ref, double[][] got) {
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i].length, got[i].length, "columns of atom " + i);
            double scale = 1.0;
            for (double v : ref[i]) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < ref[i].length; k++) worst = Math.max(worst, Math.abs(got[i][k] - ref[i][k]) / scale);
        }
        return worst;
    }

    static List<SnapKernel> kernels() {
        SnapKernel chosen = SnapBispectrum.defaultKernel();
        return chosen instanceof ScalarSnapKernel ? List.of(chosen) : List.of(chosen, new ScalarSnapKernel());
    }

    static void check(Path snadFile, Path structureFile, SnapSettings st, double[][] rotation, String what) throws IOException {
        double[][] ref = SnapReference.readSna(snadFile);
        Structure s = SnapReference.structure(structureFile);
        assertEquals(ref.length, s.natoms(), what + ": atoms");
        if (rotation != null) ref = rotate(ref, rotation, new SnapBispectrum(st).featureCount());
        for (SnapKernel kernel : kernels()) {
            double err = maxRelativeError(ref, snad(new SnapBispectrum(st, 1, kernel), s));
            assertTrue(err <= TOL, what + " " + kernel.getClass().getSimpleName() + ": max relative error " + err);
        }
    }

    /** v_original = v_lammps · Rᵀ, i.e. v[a] = Σ_b R[a][b] v_lammps[b], for every (type, component) of every row. */
    static double[][] rotate(double[][] ref, double[][] r, int nf) {
        double[][] out = new double[ref.length][];
        for (int i = 0; i < ref.length; i++) {
            out[i] = new double[ref[i].length];
            for (int t = 0; t < ref[i].length / (3 * nf); t++) {
                for (int f = 0; f < nf; f++) {
                    for (int a = 0; a < 3; a++) {
                        double v = 0;
                        for (int b = 0; b < 3; b++) v += r[a][b] * ref[i][(t * 3 + b) * nf + f];
                        out[i][(t * 3 + a) * nf + f] = v;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void matchesLammpsSnadInLammpsFrame(String config, String set) throws IOException {
        check(SnapReference.resource(config + "__" + set + "_snad.txt"), SnapReference.resource(config + "_lammps_frame.extxyz"),
                SnapReference.settings(set), null, config + " " + set);
    }

    /** The general-triclinic shear cell, rotated and tilt-flipped by LAMMPS: computed in its original frame, snad rotated back. */
    @Test
    void matchesLammpsSnadInOriginalFrameOfRotatedCell() throws IOException {
        for (String set : List.of("InP_2J6_bzero0", "InP_2J8_bzero0")) {
            check(SnapReference.resource("InP_shear_8atom__" + set + "_snad.txt"), SnapReference.resource("InP_shear_8atom.extxyz"),
                    SnapReference.settings(set), SHEAR_R, "InP_shear_8atom original frame " + set);
        }
    }

    /**
     * The snad runs of ../shared/reference/snap not copied to the test resources (larger files: liquid, 63-atom InP,
     * shear chem), when present, with the default kernel.
     */
    @Test
    void matchesEverySharedSnadFile() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SnapReference.SHARED), "../shared/reference/snap absent: skipping");
        List<String> stems;
        try (Stream<Path> files = Files.list(SnapReference.SHARED)) {
            stems = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("_snad.txt"))
                    .map(f -> f.substring(0, f.length() - "_snad.txt".length())).sorted().toList();
        }
        assertTrue(stems.size() >= 20, "expected the reference snad runs, found " + stems);
        int checked = 0;
        for (String stem : stems) {
            if (SnapReference.resource(stem + "_snad.txt") != null) continue; // done by matchesLammpsSnadInLammpsFrame
            int cut = stem.indexOf("__");
            String config = stem.substring(0, cut), set = stem.substring(cut + 2);
            double[][] ref = SnapReference.readSna(SnapReference.SHARED.resolve(stem + "_snad.txt"));
            Structure s = SnapReference.structure(SnapReference.SHARED.resolve(config + "_lammps_frame.extxyz"));
            double err = maxRelativeError(ref, snad(new SnapBispectrum(SnapReference.settings(set)), s));
            assertTrue(err <= TOL, stem + ": max relative error " + err);
            checked++;
        }
        assertTrue(checked > 0, "no shared-only snad run found");
    }
}
