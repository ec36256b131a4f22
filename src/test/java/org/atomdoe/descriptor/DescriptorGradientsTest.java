package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pair gradients of {@link PairRadialBasis}, {@link Acsf} and {@link SoapPowerSpectrum} against central finite
 * differences of the rows, on real structures (a Si surface frame of Zuo et al.'s Si_train.xyz, an InP shear
 * frame of FitSNAP's InP set) and a random triclinic Si/Ge cell; force and stress rows through {@link ForceRows}.
 *
 * <p>Step and tolerance: fourth-order central differences ({@link FiniteDifferences#alongAtom}) with h = 1e-3 Å
 * (strain step 1e-4, so that distances up to 6 Å move by less than 2e-3 Å) have a truncation error
 * ~h^4 |x^(5)| / 30 and a rounding error ~1e-16 |x| / h, both about 1e-10 of a typical derivative here (the
 * two-point difference, error h^2 |x'''| / 6, was 4e-8 of the derivative at h = 1e-4 for the order-5 Chebyshev
 * functions, and more on entries near zero: too close to the tolerance). Every derivative entry must agree to
 * 1e-6 relative to its own magnitude, with an absolute floor for near-zero entries of 1e-6 x 1e-2 x the scale
 * of its column: the larger of the column's largest derivative and its values per Å, and for aggregated force
 * and stress rows the per-atom terms they sum ({@link #termScale}; in a symmetric crystal the sum cancels to
 * ~1e-9 of its terms, and a relative test would only measure the rounding of that cancellation), and at least
 * 1e-6 of the largest column scale (columns that vanish by symmetry have no scale of their own). Structures
 * are checked to have no interatomic distance within 5e-3 Å of a cutoff (the stencil reaches 2h; the second
 * derivative of the cosine cutoff jumps there and SOAP's density has a step).
 */
class DescriptorGradientsTest {
    static final double H = 1e-3, H_STRAIN = 1e-4, REL = 1e-6, FLOOR = 1e-2;

    static Structure structure(String name) {
        if (name.equals("random")) {
            double[] h = {5.3, 0.4, -0.3, 1.1, 4.9, 0.2, -0.7, 0.6, 5.6};
            return FiniteDifferences.randomStructure(20261124L, h, 8, 2.0, "Si", "Ge");
        }
        return DscribeReference.structure(name);
    }

    static List<String> species(String structure) {
        return structure.equals("random") ? List.of("Si", "Ge") : DscribeReference.species(structure);
    }

    /** Every option the descriptors support: species pairs, G1-G5 with R_s, kappa, integer and non-integer zeta, both lambdas; SOAP gto/polynomial, normalised or not. */
    static DifferentiableDescriptor descriptor(String kind, List<String> sp) {
        return switch (kind) {
            case "radial" -> new PairRadialBasis(new RadialSettings(5.0, 6, sp, true));
            case "acsf" -> new Acsf(new AcsfSettings(4.15, new double[][] {{0.5, 0.0}, {1.0, 2.5}}, new double[] {1.3},
                    new double[][] {{0.01, 1, 1}, {0.05, 2, -1}, {0.05, 2.5, 1}}, new double[][] {{0.02, 1, -1}, {0.03, 4, 1}}, sp, true));
            case "soap-gto" -> new SoapPowerSpectrum(new SoapSettings(3.15, 3, 4, 0.7, "gto", "off", true, sp, true));
            case "soap-gto-raw" -> new SoapPowerSpectrum(new SoapSettings(3.14, 4, 3, 0.5, "gto", "off", true, sp, false));
            case "soap-poly" -> new SoapPowerSpectrum(new SoapSettings(3.02, 3, 3, 0.6, "polynomial", "off", true, sp, true));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("radial", "acsf", "soap-gto", "soap-gto-raw", "soap-poly")) {
            for (String s : List.of("Si_surface_24atom", "InP_shear_8atom", "random")) out.add(Arguments.of(kind, s));
        }
        return out.stream();
    }

    /** One case: the structure (checked clear of the cutoffs), descriptor, list, values and pair gradients. */
    record Case(Structure s, DifferentiableDescriptor d, NeighborList nl, double[] values, double[] g) {
        int n() {
            return s.natoms();
        }

        int nf() {
            return d.featureCount();
        }
    }

    static Case setUp(String kind, String name) {
        Structure s = structure(name);
        DifferentiableDescriptor d = descriptor(kind, species(name));
        FiniteDifferences.assertAwayFromCutoffs(s, 5e-3, d.cutoff());
        NeighborList nl = CellList.of(s, d.cutoff(), false);
        double[] values = new double[s.natoms() * d.featureCount()], g = new double[nl.size() * 3 * d.featureCount()];
        d.computeWithGradients(s, nl, values, g);
        return new Case(s, d, nl, values, g);
    }

    /** The atoms whose displacement is checked: all of a small cell, a spread of four of a larger one. */
    static int[] movedAtoms(Structure s) {
        int n = s.natoms();
        return n <= 8 ? java.util.stream.IntStream.range(0, n).toArray() : new int[] {0, n / 3, 2 * n / 3, n - 1};
    }

    /**
     * Each entry to {@link #REL} of its own magnitude, with the near-zero floor {@code REL * FLOOR * scale[column]}, where
     * the column scale is the larger of the column's largest derivative and its values' magnitude per Å (the rounding
     * error of a difference is proportional to the values, ~1e-16 |x| / h), at least 1e-6 of the largest column scale.
     */
    static void assertDerivativesClose(double[] fd, double[] analytic, double[] columnScale, int nf, String what) {
        double global = 0;
        for (double v : columnScale) global = Math.max(global, v);
        for (int t = 0; t < fd.length; t++) {
            // a column that vanishes by symmetry (odd l at a centrosymmetric site) has no scale of its own
            double floor = FLOOR * Math.max(columnScale[t % nf], 1e-6 * global);
            double tol = REL * Math.max(Math.abs(fd[t]), floor);
            assertTrue(Math.abs(fd[t] - analytic[t]) <= tol,
                    what + " entry " + t + " (column " + t % nf + "): finite difference " + fd[t] + ", analytic " + analytic[t]);
        }
    }

    /**
     * Per aggregated column: the sum over atoms of {@code |x_{i,f}|} and of the largest {@code |d x_{i,f} / d r_{j,a}|}
     * over the moved atoms j (the terms an aggregated row and its difference are summed from: in a symmetric crystal
     * the sum cancels to near zero while its rounding and truncation errors scale with the terms).
     */
    static double[] termScale(double[] rows, NeighborList nl, double[] g, int[] moved, int nf, int[] channels, int width, Aggregation agg) {
        int n = nl.natoms();
        double[] out = new double[width], jac = new double[width];
        for (int i = 0; i < n; i++) {
            int base = agg == Aggregation.SPECIES_SUM ? channels[i] * (1 + nf) + 1 : 0;
            for (int f = 0; f < nf; f++) out[base + f] += Math.abs(rows[i * nf + f]);
        }
        for (int j : moved) {
            for (int a = 0; a < 3; a++) {
                double[] jj = jacobian(nl, g, nf, j, a);
                Arrays.fill(jac, 0.0);
                for (int i = 0; i < n; i++) {
                    int base = agg == Aggregation.SPECIES_SUM ? channels[i] * (1 + nf) + 1 : 0;
                    for (int f = 0; f < nf; f++) jac[base + f] += Math.abs(jj[i * nf + f]);
                }
                for (int c = 0; c < width; c++) out[c] = Math.max(out[c], jac[c]);
            }
        }
        return out;
    }

    /** Per aggregated column: {@code (1/V) max_{a,b} sum_k |g_{k,a,f} D_{k,b}|} plus the values' {@code (1/V) sum_i |x_{i,f}|}. */
    static double[] stressTermScale(double[] rows, NeighborList nl, double[] g, int nf, int[] channels, int width, Aggregation agg, double volume) {
        double[] out = new double[width];
        double[][] disp = {nl.dx(), nl.dy(), nl.dz()};
        for (int i = 0; i < nl.natoms(); i++) {
            int base = agg == Aggregation.SPECIES_SUM ? channels[i] * (1 + nf) + 1 : 0;
            for (int f = 0; f < nf; f++) {
                double m = 0;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        double sum = 0;
                        for (int k = nl.start(i); k < nl.end(i); k++) sum += Math.abs(g[(3 * k + a) * nf + f] * disp[b][k]);
                        m = Math.max(m, sum);
                    }
                }
                out[base + f] += (m + Math.abs(rows[i * nf + f])) / volume;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void jacobianEqualsFiniteDifferences(String kind, String name) {
        Case cs = setUp(kind, name);
        Structure s = cs.s();
        DifferentiableDescriptor d = cs.d();
        int nf = cs.nf();
        NeighborList nl = cs.nl();
        double[] values = cs.values(), g = cs.g();
        int[] moved = movedAtoms(s);
        double[][] fds = new double[3 * moved.length][], an = new double[3 * moved.length][];
        double[] scale = new double[nf];
        for (int t = 0; t < values.length; t++) scale[t % nf] = Math.max(scale[t % nf], Math.abs(values[t]));
        double total = 0;
        for (int q = 0; q < moved.length; q++) {
            for (int a = 0; a < 3; a++) {
                int j = moved[q];
                double[] fd = FiniteDifferences.alongAtom(t -> FiniteDifferences.rows(d, t), s, j, a, H);
                fds[3 * q + a] = fd;
                an[3 * q + a] = jacobian(nl, g, nf, j, a);
                for (int t = 0; t < fd.length; t++) {
                    scale[t % nf] = Math.max(scale[t % nf], Math.abs(fd[t]));
                    total = Math.max(total, Math.abs(fd[t]));
                }
            }
        }
        assertTrue(total > 0, "no row depends on the moved atoms: the test checks nothing");
        for (int q = 0; q < fds.length; q++) {
            assertDerivativesClose(fds[q], an[q], scale, nf, kind + " d rows / d r[" + moved[q / 3] + "," + q % 3 + "]");
        }
    }

    /** {@code d x_i / d r_{j,a}} for all i from the pair gradients (the identity in {@link DifferentiableDescriptor}). */
    static double[] jacobian(NeighborList nl, double[] g, int nf, int j, int a) {
        double[] out = new double[nl.natoms() * nf];
        int[] nbr = nl.neighbors();
        for (int i = 0; i < nl.natoms(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int base = (3 * k + a) * nf;
                if (nbr[k] == j) for (int f = 0; f < nf; f++) out[i * nf + f] += g[base + f];
                if (i == j) for (int f = 0; f < nf; f++) out[i * nf + f] -= g[base + f];
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void forceAndStressRowsEqualFiniteDifferences(String kind, String name) {
        Case cs = setUp(kind, name);
        Structure s = cs.s();
        DifferentiableDescriptor d = cs.d();
        SpeciesChannels ch = SpeciesChannels.of(species(name));
        Aggregation agg = ch.size() > 1 ? Aggregation.SPECIES_SUM : Aggregation.SUM;
        int n = cs.n(), nf = cs.nf(), w = agg.width(nf, ch.size());
        int[] channels = ch.atomChannels(s);
        NeighborList nl = cs.nl();
        double[] values = cs.values(), g = cs.g();
        double[] forces = new double[3 * n * w], stress = new double[6 * w];
        ForceRows.forces(nl, g, nf, agg, channels, ch.size(), forces, 0);
        ForceRows.stress(s, nl, g, nf, agg, channels, ch.size(), stress, 0);
        Function<Structure, double[]> row = t -> FiniteDifferences.aggregated(d, t, agg, ch);

        // two atoms (of both species where there are two): the full Jacobian is checked in jacobianEqualsFiniteDifferences
        int[] moved = {0, n - 1};
        double[] fd = new double[3 * moved.length * w], an = new double[fd.length];
        double[] scale = termScale(values, nl, g, moved, nf, channels, w, agg);
        for (int q = 0; q < moved.length; q++) {
            for (int a = 0; a < 3; a++) {
                double[] dx = FiniteDifferences.alongAtom(row, s, moved[q], a, H);
                for (int c = 0; c < w; c++) {
                    fd[(3 * q + a) * w + c] = -dx[c];
                    an[(3 * q + a) * w + c] = forces[(3 * moved[q] + a) * w + c];
                    scale[c] = Math.max(scale[c], Math.abs(dx[c]));
                }
            }
        }
        assertDerivativesClose(fd, an, scale, w, kind + " force rows");

        double volume = Math.abs(s.cell().volume());
        double[] sfd = new double[6 * w], sScale = stressTermScale(values, nl, g, nf, channels, w, agg, volume);
        for (int v = 0; v < 6; v++) {
            double[] de = FiniteDifferences.alongStrain(row, s, v, H_STRAIN);
            for (int c = 0; c < w; c++) {
                sfd[v * w + c] = de[c] / volume;
                sScale[c] = Math.max(sScale[c], Math.abs(sfd[v * w + c]));
            }
        }
        assertDerivativesClose(sfd, stress, sScale, w, kind + " stress rows");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void translationAndRotationInvariance(String kind, String name) {
        Case cs = setUp(kind, name);
        int n = cs.n(), nf = cs.nf();
        NeighborList nl = cs.nl();
        double[] g = cs.g();
        // translation: the force rows of all atoms sum to zero
        double[] forces = new double[3 * n * nf];
        ForceRows.forces(nl, g, nf, Aggregation.SUM, null, 1, forces, 0);
        double max = 0;
        for (double v : forces) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0, "all force rows are zero");
        for (int a = 0; a < 3; a++) {
            for (int f = 0; f < nf; f++) {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += forces[(3 * j + a) * nf + f];
                assertEquals(0.0, sum, 1e-11 * max, "sum of force rows, direction " + a + " feature " + f);
            }
        }
        // rotation: every row is invariant, so its virial sum_k g_k D_k^T is symmetric (no torque), atom by atom
        double[][] disp = {nl.dx(), nl.dy(), nl.dz()};
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < nf; f++) {
                double[] vir = new double[9];
                double scale = 0;
                for (int k = nl.start(i); k < nl.end(i); k++) {
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 3; b++) {
                            double v = g[(3 * k + a) * nf + f] * disp[b][k];
                            vir[3 * a + b] += v;
                            scale = Math.max(scale, Math.abs(v));
                        }
                    }
                }
                for (int a = 0; a < 3; a++) {
                    for (int b = a + 1; b < 3; b++) {
                        assertEquals(vir[3 * a + b], vir[3 * b + a], 1e-10 * scale + 1e-300, "atom " + i + " feature " + f + " torque " + a + b);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void gradientPassGivesTheValuesAndOnlyTouchesItsRange(String kind, String name) {
        Structure s = structure(name);
        DifferentiableDescriptor d = descriptor(kind, species(name));
        int n = s.natoms(), nf = d.featureCount();
        NeighborList nl = CellList.of(s, d.cutoff(), false);
        double[] expected = FiniteDifferences.rows(d, s);
        double[] values = new double[n * nf], g = new double[nl.size() * 3 * nf];
        Arrays.fill(values, Double.NaN);
        Arrays.fill(g, Double.NaN);
        int from = n / 4, to = from + Math.max(1, n / 2);
        d.computeAtomsWithGradients(s, nl, from, to, values, g);
        for (int i = 0; i < n; i++) {
            boolean in = i >= from && i < to;
            for (int f = 0; f < nf; f++) {
                double v = values[i * nf + f];
                if (!in) assertTrue(Double.isNaN(v), "row " + i + " outside [" + from + ", " + to + ") was written");
                else assertEquals(expected[i * nf + f], v, 1e-12 * (1 + Math.abs(expected[i * nf + f])), "atom " + i + " feature " + f);
            }
        }
        for (int k = 0; k < nl.size(); k++) {
            boolean in = k >= nl.start(from) && k < nl.end(to - 1);
            for (int t = 0; t < 3 * nf; t++) {
                assertEquals(!in, Double.isNaN(g[3 * k * nf + t]), "entry " + k + (in ? " not filled" : " outside the range was written"));
            }
        }
    }

    @Test
    void innerAverageHasNoGradients() {
        SoapPowerSpectrum inner = new SoapPowerSpectrum(new SoapSettings(4.0, 3, 3, 0.7, "gto", "inner", true, List.of("Si"), false));
        assertFalse(inner.hasGradients());
        assertTrue(descriptor("soap-gto", List.of("Si")).hasGradients());
        Structure s = structure("Si_surface_24atom");
        NeighborList nl = CellList.of(s, inner.cutoff(), false);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> inner.computeWithGradients(s, nl, new double[s.natoms() * inner.featureCount()], new double[nl.size() * 3 * inner.featureCount()]));
        assertTrue(e.getMessage().contains("average=\"off\""), e.getMessage());
    }

    @Test
    void tooShortGradientArrayIsRejected() {
        DifferentiableDescriptor d = descriptor("radial", List.of("Si"));
        Structure s = structure("Si_surface_24atom");
        NeighborList nl = CellList.of(s, d.cutoff(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.computeWithGradients(s, nl, new double[s.natoms() * d.featureCount()], new double[10]));
        assertTrue(e.getMessage().contains("per neighbour entry"), e.getMessage());
    }
}
