package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pair path of the SNAP force rows ({@link SnapBispectrum#computeWithPairForces}: one basis and one contraction per
 * unordered pair, against {@code Z'_i + Z'^†_j}) gives the force and stress rows of the per-centre path
 * ({@link ForceRows} on every entry's pair gradients) up to rounding, and the energy rows bit for bit; and the two
 * twins of {@link SnapKernel#contractPair} agree at every layer length.
 */
class SnapPairForcesTest {
    private static final DescriptorCalculator.NeighborSearch BRUTE = (s, cutoff, reuse) -> BruteForceNeighbors.build(s, cutoff, false);

    /** A one-species copy of a structure. */
    static Structure oneSpecies(Structure s, String symbol) {
        String[] sym = new String[s.natoms()];
        java.util.Arrays.fill(sym, symbol);
        return Structure.of(s.cell(), new boolean[] {true, true, true}, sym, s.x(), s.y(), s.z());
    }

    static SnapSettings settings(int twojmax, boolean bnorm, boolean switching) {
        SnapSettings b = SnapGradientPropertiesTest.inp(twojmax);
        return new SnapSettings(b.species(), b.rcutfac(), b.rfac0(), 0.0, twojmax, b.radelem(), b.wj(), switching, true, false,
                false, bnorm, false);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (SnapKernel k : SnapGradientLammpsTest.kernels()) {
            for (int tj = 0; tj <= 8; tj++) out.add(Arguments.of(settings(tj, false, true), k, Aggregation.SUM));
            out.add(Arguments.of(settings(5, true, true), k, Aggregation.MEAN));
            out.add(Arguments.of(settings(4, false, false), k, Aggregation.SPECIES_SUM));
        }
        return out.stream();
    }

    /**
     * Small triclinic cells (every atom has periodic images of itself, and of its neighbours several times, among its
     * neighbours) and a bcc cell: rows of the pair path against the per-centre path.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void pairPathGivesThePerCentreRows(SnapSettings st, SnapKernel kernel, Aggregation agg) {
        SnapBispectrum d = new SnapBispectrum(st, 1, kernel);
        SpeciesChannels ch = SpeciesChannels.of(st.species());
        List<Structure> frames = List.of(oneSpecies(SnapGradientPropertiesTest.triclinicInP(5, 5, null), "In"),
                oneSpecies(SnapGradientPropertiesTest.triclinicInP(11, 6, null), "P"),
                oneSpecies(ConfigurationRowsTest.bcc(2, 9, false), "In"));
        for (Structure s : frames) assertTrue(d.pairForcesApply(s));
        ConfigurationRows want = ConfigurationRowsTest.reference(d, frames, agg, ch);
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 1, BRUTE)) {
            ConfigurationRows got = calc.configurationRows(frames, agg, ch, true, true);
            String what = kernel.getClass().getSimpleName() + " 2J=" + st.twojmax() + " " + agg;
            org.junit.jupiter.api.Assertions.assertArrayEquals(want.energy(), got.energy(), what + ": energy rows");
            for (int c = 0; c < frames.size(); c++) {
                assertClose(want.forces()[c], got.forces()[c], what + ": forces of configuration " + c);
                assertClose(want.stress()[c], got.stress()[c], what + ": stress of configuration " + c);
            }
        }
    }

    /** Equal up to rounding: every entry within 1e-10 of the largest magnitude of the rows. */
    static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0.0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0.0, what + ": rows are all zero, the test would prove nothing");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-10 * scale, what + " entry " + i);
        }
    }

    @Test
    void pathAppliesOnlyToOneDensityLinearOneSpecies() {
        SnapBispectrum d = new SnapBispectrum(settings(4, false, true));
        assertTrue(d.pairForcesApply(oneSpecies(SnapGradientPropertiesTest.triclinicInP(5, 5, null), "In")));
        assertFalse(d.pairForcesApply(SnapGradientPropertiesTest.triclinicInP(5, 5, null)), "two species");
        SnapSettings b = settings(4, false, true);
        SnapSettings quad = new SnapSettings(b.species(), b.rcutfac(), b.rfac0(), 0.0, 4, b.radelem(), b.wj(), true, true, true,
                false, false, false);
        assertFalse(new SnapBispectrum(quad).pairForcesApply(oneSpecies(SnapGradientPropertiesTest.triclinicInP(5, 5, null), "In")));
    }

    /** Task lengths (complex entries) of the twin test: 1..70, primes, 1021. */
    static int[] lengths() {
        List<Integer> n = new ArrayList<>();
        for (int i = 1; i <= 70; i++) n.add(i);
        for (int p : new int[] {71, 73, 97, 101, 127, 131, 257, 509, 1021}) n.add(p);
        return n.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code PanamaSnapKernel.contractPair} against {@code ScalarSnapKernel.contractPair} on random data: groups of one,
     * two, three and four tasks on a layer of every length (vector body, scalar tail, the grouping by three).
     */
    @Test
    void contractPairTwinsAgreeAtEveryLength() {
        List<SnapKernel> ks = SnapGradientLammpsTest.kernels();
        SnapKernel vec = ks.get(0), scalar = new ScalarSnapKernel();
        SplittableRandom rnd = new SplittableRandom(42);
        int checked = 0;
        for (int len : lengths()) {
            for (int group = 1; group <= 4; group++) {
                // tasks: `group` on one layer of length len (at half 1), then one on a layer of length 1 (at half 0)
                int nt = group + 1, nf = 3;
                int[] half = new int[nt], tl = new int[nt], z = new int[nt], f = new int[nt], dens = new int[nt];
                double[] scale = new double[nt];
                int zEnd = 0;
                half[0] = 0;
                tl[0] = 1;
                z[0] = zEnd;
                zEnd += 1;
                for (int t = 1; t < nt; t++) {
                    half[t] = 1;
                    tl[t] = len;
                    z[t] = zEnd;
                    zEnd += len + (t % 2); // a gap now and then: offsets not multiples of the vector
                }
                for (int t = 0; t < nt; t++) {
                    f[t] = rnd.nextInt(nf);
                    scale[t] = 0.5 + rnd.nextDouble();
                }
                SnapGradientIndex.Tasks tasks = new SnapGradientIndex.Tasks(half, tl, z, f, scale, dens);
                int zOff = 3, ps = 2 * (1 + len) + 5;
                double[] za = random(rnd, 2 * zEnd + 2 * zOff + 8), zb = random(rnd, 2 * zEnd + 2 * zOff + 8);
                double[] p = random(rnd, 3 * ps), m = random(rnd, 12);
                double[] want = new double[3 * nf], got = new double[3 * nf];
                scalar.contractPair(tasks, nf, za, zOff, zb, 2 * zOff, p, ps, m, 2, want);
                vec.contractPair(tasks, nf, za, zOff, zb, 2 * zOff, p, ps, m, 2, got);
                double norm = 0.0;
                for (double v : want) norm = Math.max(norm, Math.abs(v));
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-13 * Math.max(1.0, norm) * Math.sqrt(len), vec.getClass().getSimpleName()
                            + " len " + len + " group " + group + " entry " + i);
                }
                checked++;
            }
        }
        assertTrue(checked > 300);
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2 * rnd.nextDouble() - 1;
        return a;
    }

    /** The force rows do not depend on the cell's atom order (pairs are chosen by index). */
    @Test
    void rowsDoNotDependOnTheAtomOrder() {
        SnapBispectrum d = new SnapBispectrum(settings(6, false, true));
        SpeciesChannels ch = SpeciesChannels.of(d.settings().species());
        Structure s = oneSpecies(SnapGradientPropertiesTest.triclinicInP(9, 3, null), "In");
        int n = s.natoms();
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = s.x()[n - 1 - i];
            y[i] = s.y()[n - 1 - i];
            z[i] = s.z()[n - 1 - i];
            sym[i] = "In";
        }
        Structure r = Structure.of(s.cell(), new boolean[] {true, true, true}, sym, x, y, z);
        try (DescriptorCalculator calc = new DescriptorCalculator(d, 1, BRUTE)) {
            double[] a = calc.configurationRows(List.of(s), Aggregation.SUM, ch, true, false).forces()[0];
            double[] b = calc.configurationRows(List.of(r), Aggregation.SUM, ch, true, false).forces()[0];
            int w = a.length / (3 * n);
            double[] bBack = new double[a.length];
            for (int i = 0; i < n; i++) System.arraycopy(b, 3 * (n - 1 - i) * w, bBack, 3 * i * w, 3 * w);
            assertClose(a, bBack, "reversed atom order");
        }
    }
}
