package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * SNAP pair gradients against central finite differences of the values (every flag), the stress rows against
 * finite strains, SIMD against scalar at lane boundaries, threads and atom ranges.
 */
class SnapGradientPropertiesTest {
    static final double H = 1e-5;

    static SnapSettings inp(int twojmax) {
        return SnapBispectrumPropertiesTest.inp(twojmax);
    }

    static final class Result {
        final NeighborList nl;
        final double[] values, grads;

        Result(NeighborList nl, double[] values, double[] grads) {
            this.nl = nl;
            this.values = values;
            this.grads = grads;
        }
    }

    static Result gradients(SnapBispectrum d, Structure s) {
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff(), false);
        double[] v = new double[s.natoms() * d.featureCount()], g = new double[nl.size() * 3 * d.featureCount()];
        d.computeWithGradients(s, nl, v, g);
        return new Result(nl, v, g);
    }

    /** Dense {@code dB_{i,f}/dr_{j,a}} at {@code ((i*n + j)*3 + a)*F + f} from the pair gradients. */
    static double[] jacobian(Result r, int n, int nf) {
        double[] jac = new double[n * n * 3 * nf];
        int[] nbr = r.nl.neighbors();
        for (int i = 0; i < n; i++) {
            for (int k = r.nl.start(i); k < r.nl.end(i); k++) {
                for (int a = 0; a < 3; a++) {
                    for (int f = 0; f < nf; f++) {
                        double g = r.grads[(k * 3 + a) * nf + f];
                        jac[((i * n + nbr[k]) * 3 + a) * nf + f] += g;
                        jac[((i * n + i) * 3 + a) * nf + f] -= g;
                    }
                }
            }
        }
        return jac;
    }

    static Structure moved(Structure s, int j, int a, double h) {
        double[] x = s.x().clone(), y = s.y().clone(), z = s.z().clone();
        (a == 0 ? x : a == 1 ? y : z)[j] += h;
        return Structure.of(s.cell(), s.pbc(), SnapBispectrumPropertiesTest.symbols(s), x, y, z);
    }

    static void assertMatchesFiniteDifferences(SnapBispectrum d, Structure s, String what) {
        assertMatchesFiniteDifferences(d, s, 1, what);
    }

    /**
     * Every dB_i/dr_j (all i, every {@code stride}-th j) against (B(r + h e) - B(r - h e)) / 2h,
     * |Δ| ≤ 1e-6·max(1, max_f |FD|).
     */
    static void assertMatchesFiniteDifferences(SnapBispectrum d, Structure s, int stride, String what) {
        int n = s.natoms(), nf = d.featureCount();
        double[] jac = jacobian(gradients(d, s), n, nf);
        double worst = 0, largest = 0;
        for (int j = 0; j < n; j += stride) {
            for (int a = 0; a < 3; a++) {
                double[] plus = SnapBispectrumPropertiesTest.compute(d, moved(s, j, a, H));
                double[] minus = SnapBispectrumPropertiesTest.compute(d, moved(s, j, a, -H));
                for (int i = 0; i < n; i++) {
                    double scale = 1.0;
                    for (int f = 0; f < nf; f++) scale = Math.max(scale, Math.abs(plus[i * nf + f] - minus[i * nf + f]) / (2 * H));
                    for (int f = 0; f < nf; f++) {
                        double fd = (plus[i * nf + f] - minus[i * nf + f]) / (2 * H);
                        double got = jac[((i * n + j) * 3 + a) * nf + f];
                        largest = Math.max(largest, Math.abs(fd));
                        worst = Math.max(worst, Math.abs(fd - got) / scale);
                        if (Math.abs(fd - got) > 1e-6 * scale) {
                            throw new AssertionError(what + ": dB[" + i + "," + d.labels().get(f) + "]/dr[" + j + "," + "xyz".charAt(a)
                                    + "] = " + got + ", finite difference " + fd);
                        }
                    }
                }
            }
        }
        assertTrue(largest > 1e-2, what + ": derivatives all near zero (" + largest + "), the test would prove nothing");
        assertTrue(worst <= 1e-6, what + ": worst relative error " + worst);
    }

    @Test
    void finiteDifferencesOnRealStructures() throws IOException {
        Structure surface = SnapReference.structure(SnapReference.resource("Ta_surface_24atom.extxyz"));
        assertMatchesFiniteDifferences(new SnapBispectrum(SnapReference.settings("Ta_2J8_bzero1")), surface, 5, "Ta surface 2J=8");
        Structure shear = SnapReference.structure(SnapReference.resource("InP_shear_8atom.extxyz"));
        assertMatchesFiniteDifferences(new SnapBispectrum(SnapReference.settings("InP_2J6_chem_fitsnap")), shear,
                "InP shear chem+bnorm+wselfall");
    }

    @Test
    void finiteDifferencesOnRandomStructuresWithEveryFlag() {
        Structure s = SnapBispectrumPropertiesTest.randomInP(11, 42);
        List<SnapSettings> variants = List.of(
                inp(6),
                inp(5).withBzeroflag(true).withQuadraticflag(true), // odd 2J, qSNAP
                inp(4).withChemflag(true).withBnormflag(true),
                inp(4).withChemflag(true).withWselfallflag(true).withBzeroflag(true),
                inp(6).withSwitchflag(false).withRmin0(0.8),
                inp(3).withRmin0(0.5));
        for (SnapSettings st : variants) {
            for (SnapKernel kernel : SnapGradientLammpsTest.kernels()) {
                assertMatchesFiniteDifferences(new SnapBispectrum(st, 1, kernel), s, st + " " + kernel.getClass().getSimpleName());
            }
        }
    }

    /** Stress rows (ForceRows.stress on the pair gradients) against (1/V) dX/dε of strained copies of a triclinic cell. */
    @Test
    void stressRowsMatchFiniteStrains() {
        Structure s = triclinicInP(13, 7, null);
        SpeciesChannels ch = SpeciesChannels.of(INP);
        int[][] voigt = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
        for (SnapSettings st : List.of(inp(6).withBzeroflag(true), inp(2).withChemflag(true).withQuadraticflag(true))) {
            SnapBispectrum d = new SnapBispectrum(st);
            int nf = d.featureCount();
            Result r = gradients(d, s);
            for (Aggregation agg : List.of(Aggregation.SUM, Aggregation.SPECIES_SUM)) {
                int w = agg.width(nf, ch.size());
                double[] stress = new double[6 * w];
                ForceRows.stress(s, r.nl, r.grads, nf, agg, ch.atomChannels(s), ch.size(), stress, 0);
                double volume = Math.abs(s.cell().volume()), largest = 0;
                for (int v = 0; v < 6; v++) {
                    int a = voigt[v][0], b = voigt[v][1];
                    double t = a == b ? H : H / 2; // symmetric strain, d/dt = symmetrised strain derivative
                    double[] ep = new double[9], em = new double[9];
                    ep[3 * a + b] = t;
                    ep[3 * b + a] = t;
                    em[3 * a + b] = -t;
                    em[3 * b + a] = -t;
                    double[] plus = aggregate(d, triclinicInP(13, 7, ep), agg, ch), minus = aggregate(d, triclinicInP(13, 7, em), agg, ch);
                    double scale = 1.0 / volume;
                    for (int c = 0; c < w; c++) scale = Math.max(scale, Math.abs(plus[c] - minus[c]) / (2 * H) / volume);
                    for (int c = 0; c < w; c++) {
                        double fd = (plus[c] - minus[c]) / (2 * H) / volume;
                        largest = Math.max(largest, Math.abs(fd));
                        assertEquals(fd, stress[v * w + c], 1e-6 * scale, agg + " stress " + v + " column " + c + " " + st);
                    }
                }
                assertTrue(largest > 1e-3, "stress rows all near zero: " + largest);
            }
        }
    }

    static final List<String> INP = SnapBispectrumPropertiesTest.INP;

    static double[] aggregate(SnapBispectrum d, Structure s, Aggregation agg, SpeciesChannels ch) {
        double[] v = SnapBispectrumPropertiesTest.compute(d, s);
        double[] out = new double[agg.width(d.featureCount(), ch.size())];
        agg.apply(v, s.natoms(), d.featureCount(), ch.atomChannels(s), ch.size(), out, 0);
        return out;
    }

    /** A random triclinic periodic In/P cell (smaller than the cutoff: many periodic images), optionally strained by I + ε. */
    static Structure triclinicInP(int n, long seed, double[] strain) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] h = {6.4, 0.0, 0.0, 1.1, 6.0, 0.0, -0.7, 0.9, 6.6};
        double[] pos = new double[3 * n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                double u = rnd.nextDouble(), v = rnd.nextDouble(), w = rnd.nextDouble();
                for (int c = 0; c < 3; c++) pos[3 * i + c] = u * h[c] + v * h[3 + c] + w * h[6 + c];
                if (minDistance(pos, i, h) > 1.8 || attempt > 500) break;
            }
            sym[i] = i % 3 == 1 ? "P" : "In";
        }
        if (strain != null) {
            h = FiniteDifferences.deform(h, strain);
            pos = FiniteDifferences.deform(pos, strain);
        }
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pos[3 * i];
            y[i] = pos[3 * i + 1];
            z[i] = pos[3 * i + 2];
        }
        return Structure.of(new Cell(h), new boolean[] {true, true, true}, sym, x, y, z);
    }

    private static double minDistance(double[] pos, int i, double[] h) {
        double best = Double.MAX_VALUE;
        for (int k = 0; k < i; k++) {
            for (int s0 = -1; s0 <= 1; s0++) for (int s1 = -1; s1 <= 1; s1++) for (int s2 = -1; s2 <= 1; s2++) {
                double d2 = 0;
                for (int c = 0; c < 3; c++) {
                    double d = pos[3 * i + c] - pos[3 * k + c] + s0 * h[c] + s1 * h[3 + c] + s2 * h[6 + c];
                    d2 += d * d;
                }
                best = Math.min(best, Math.sqrt(d2));
            }
        }
        return best;
    }

    /** Panama kernel vs scalar twin on values and gradients at every batch boundary (1..70 atoms, primes), plain and chem. */
    @Test
    void panamaMatchesScalarAtLaneBoundaries() {
        SnapKernel panama = SnapBispectrumPropertiesTest.panamaOrSkip();
        ScalarSnapKernel scalar = new ScalarSnapKernel();
        for (int n = 1; n <= 70; n += (n < 12 ? 1 : 7)) {
            Structure s = SnapBispectrumPropertiesTest.randomInP(n, 2000 + n);
            // chem + qSNAP (wide rows) on the first batch boundaries only
            for (SnapSettings st : n <= 9 ? List.of(inp(4), inp(2).withChemflag(true).withQuadraticflag(true)) : List.of(inp(4))) {
                Result a = gradients(new SnapBispectrum(st, 1, scalar), s), b = gradients(new SnapBispectrum(st, 1, panama), s);
                int nf = a.values.length / n;
                SnapBispectrumPropertiesTest.assertClose(a.values, b.values, nf, 1e-12, "values n=" + n);
                SnapBispectrumPropertiesTest.assertClose(a.grads, b.grads, nf, 1e-11, "gradients n=" + n + " chem=" + st.chemflag());
            }
        }
        for (int n : new int[] {37}) { // 2J = 8: 9 full batches of 4 plus one lane
            Structure s = SnapBispectrumPropertiesTest.randomInP(n, 97 + n);
            SnapSettings st = inp(8).withBzeroflag(true);
            Result a = gradients(new SnapBispectrum(st, 1, scalar), s), b = gradients(new SnapBispectrum(st, 1, panama), s);
            SnapBispectrumPropertiesTest.assertClose(a.grads, b.grads, SnapIndex.of(8).nb, 1e-11, "2J=8 n=" + n);
        }
    }

    /**
     * A neighbour within rounding of the cutoff: LAMMPS's weight (cos φ + 1)/2 rounds to 0 there while its derivative
     * does not, and the pair gradient (then only dsw·dB/dw, linear in the distance to the cutoff) must not vanish:
     * 1e-9 rc inside gives 1/100 of the gradient 1e-7 rc inside (the ratio of sin φ), both kernels.
     */
    @Test
    void gradientOfANeighbourAtTheCutoffWhoseWeightRoundsToZero() {
        SnapSettings st = SnapReference.settings("Ta_2J6_bzero0");
        double rc = st.maxCutoff(), r1 = rc * (1 - 1e-9), r2 = rc * (1 - 1e-7);
        assertEquals(-1.0, Math.cos(Math.PI * r1 / rc), 0.0, "the weight must round to 0 at r1");
        double expected = Math.sin(Math.PI * r1 / rc) / Math.sin(Math.PI * r2 / rc);
        List<SnapKernel> kernels = new java.util.ArrayList<>(List.of(new ScalarSnapKernel()));
        if (!(SnapBispectrum.defaultKernel() instanceof ScalarSnapKernel)) kernels.add(SnapBispectrum.defaultKernel());
        for (SnapKernel k : kernels) {
            SnapBispectrum d = new SnapBispectrum(st, 1, k);
            double[] g1 = gradients(d, SnapBispectrumPropertiesTest.dimer(r1)).grads;
            double[] g2 = gradients(d, SnapBispectrumPropertiesTest.dimer(r2)).grads;
            double max = 0;
            for (double v : g2) max = Math.max(max, Math.abs(v));
            assertTrue(max > 1e-9, "the gradient 1e-7 rc inside the cutoff is " + max);
            for (int c = 0; c < g1.length; c++) {
                assertEquals(expected * g2[c], g1[c], 1e-4 * expected * max, k.getClass().getSimpleName() + " entry " + c);
            }
        }
    }

    /** Values of the gradient pass equal the values-only pass; both kernels. */
    @Test
    void valuesEqualValuesOnlyPass() {
        Structure s = SnapBispectrumPropertiesTest.randomInP(13, 5);
        for (SnapSettings st : List.of(inp(8).withBzeroflag(true), inp(3).withChemflag(true).withBnormflag(true).withQuadraticflag(true))) {
            for (SnapKernel kernel : SnapGradientLammpsTest.kernels()) {
                SnapBispectrum d = new SnapBispectrum(st, 1, kernel);
                SnapBispectrumPropertiesTest.assertClose(SnapBispectrumPropertiesTest.compute(d, s), gradients(d, s).values, d.featureCount(), 1e-12,
                        "values " + kernel.getClass().getSimpleName());
            }
        }
    }

    /** Threads give bitwise the same output; ranges fill their own rows and entries only; entries beyond the pair cutoff are 0. */
    @Test
    void threadsRangesAndEntriesOutsideThePairCutoff() {
        Structure s = SnapBispectrumPropertiesTest.randomInP(150, 9);
        SnapSettings st = inp(4).withBzeroflag(true);
        SnapBispectrum one = new SnapBispectrum(st, 1), two = new SnapBispectrum(st, 2);
        Result a = gradients(one, s), b = gradients(two, s);
        assertTrue(Arrays.equals(a.values, b.values) && Arrays.equals(a.grads, b.grads), "1 vs 2 threads differ");

        int nf = one.featureCount(), n = s.natoms(), from = 37, to = 101;
        NeighborList nl = a.nl;
        double[] v = new double[n * nf], g = new double[nl.size() * 3 * nf];
        Arrays.fill(v, Double.NaN);
        Arrays.fill(g, Double.NaN);
        two.computeAtomsWithGradients(s, nl, from, to, v, g);
        for (int i = 0; i < n; i++) {
            boolean inside = i >= from && i < to;
            for (int f = 0; f < nf; f++) {
                double got = v[i * nf + f];
                assertTrue(inside ? got == a.values[i * nf + f] : Double.isNaN(got), "value row " + i + " (range " + from + ".." + to + ")");
            }
            for (int k = nl.start(i) * 3 * nf; k < nl.end(i) * 3 * nf; k++) {
                assertTrue(inside ? g[k] == a.grads[k] : Double.isNaN(g[k]), "gradient entry of atom " + i);
            }
        }

        // In-In pairs between their cutoff (7.6 * 0.62 Å) and the list cutoff (the P-P one) do not count
        int[] nbr = nl.neighbors();
        int outside = 0;
        for (int i = 0; i < n; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int si = st.species().indexOf(s.symbol(i)), sj = st.species().indexOf(s.symbol(nbr[k]));
                if (nl.distances()[k] < st.pairCutoff(si, sj)) continue;
                outside++;
                for (int c = k * 3 * nf; c < (k + 1) * 3 * nf; c++) assertEquals(0.0, a.grads[c], "entry beyond the pair cutoff");
            }
        }
        assertTrue(outside > 0, "the structure should have entries between the pair and list cutoffs");
    }

    @Test
    void rejectsShortGradientArray() {
        Structure s = SnapBispectrumPropertiesTest.randomInP(5, 1);
        SnapBispectrum d = new SnapBispectrum(inp(4));
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.computeWithGradients(s, nl, new double[5 * d.featureCount()], new double[nl.size() * 3 * d.featureCount() - 1]));
        assertTrue(e.getMessage().contains("pair gradients need"), e.getMessage());
    }
}
