package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Rotation, permutation, translation and supercell invariance; continuity at the cutoff. */
class DescriptorInvarianceTest {

    static Stream<Descriptor> descriptors() {
        List<String> sp = List.of("In", "P");
        return Stream.of(
                new PairRadialBasis(new RadialSettings(5.0, 6, sp, true)),
                new Acsf(DscribeReference.acsfB(sp)),
                new SoapPowerSpectrum(new SoapSettings(4.0, 4, 4, 0.7, "gto", "off", true, sp, true)),
                new SoapPowerSpectrum(new SoapSettings(4.0, 3, 3, 0.7, "polynomial", "off", true, sp, false)));
    }

    static double[] rows(Descriptor d, Structure s) {
        double[] out = new double[s.natoms() * d.featureCount()];
        d.compute(s, CellList.of(s, d.cutoff(), false), out);
        return out;
    }

    static void assertRowsEqual(double[] a, int ia, double[] b, int ib, int nf, double tol, String what) {
        double max = 0;
        for (int f = 0; f < nf; f++) max = Math.max(max, Math.abs(a[ia * nf + f]));
        assertTrue(max > 0, what + ": row is all zero");
        for (int f = 0; f < nf; f++) {
            assertEquals(a[ia * nf + f], b[ib * nf + f], tol * max, what + " feature " + f);
        }
    }

    static Structure transform(Structure s, double[][] rot, double[] shift) {
        double[] h = s.cell().toArray(), nh = new double[9];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) nh[3 * r + c] = rot[c][0] * h[3 * r] + rot[c][1] * h[3 * r + 1] + rot[c][2] * h[3 * r + 2];
        int n = s.natoms();
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = {s.x()[i], s.y()[i], s.z()[i]};
            x[i] = rot[0][0] * p[0] + rot[0][1] * p[1] + rot[0][2] * p[2] + shift[0];
            y[i] = rot[1][0] * p[0] + rot[1][1] * p[1] + rot[1][2] * p[2] + shift[1];
            z[i] = rot[2][0] * p[0] + rot[2][1] * p[1] + rot[2][2] * p[2] + shift[2];
        }
        return new Structure(new Cell(nh), s.pbc(), s.speciesSymbols(), s.species(), x, y, z, null, null);
    }

    /** The structure whose atom k is atom {@code perm[k]} of {@code s}. */
    static Structure permuted(Structure s, int[] perm) {
        int n = s.natoms();
        String[] sym = new String[n];
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            sym[i] = s.symbol(perm[i]);
            x[i] = s.x()[perm[i]];
            y[i] = s.y()[perm[i]];
            z[i] = s.z()[perm[i]];
        }
        return Structure.of(s.cell(), s.pbc(), sym, x, y, z);
    }

    static double[][] rotation(double a, double b, double c) {
        double[][] rx = {{1, 0, 0}, {0, Math.cos(a), -Math.sin(a)}, {0, Math.sin(a), Math.cos(a)}};
        double[][] ry = {{Math.cos(b), 0, Math.sin(b)}, {0, 1, 0}, {-Math.sin(b), 0, Math.cos(b)}};
        double[][] rz = {{Math.cos(c), -Math.sin(c), 0}, {Math.sin(c), Math.cos(c), 0}, {0, 0, 1}};
        return mul(rz, mul(ry, rx));
    }

    static double[][] mul(double[][] p, double[][] q) {
        double[][] o = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) o[i][j] += p[i][k] * q[k][j];
        return o;
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void rotationAndTranslation(Descriptor d) {
        Structure s = DscribeReference.structure("InP_shear_8atom");
        double[] a = rows(d, s);
        double[] b = rows(d, transform(s, rotation(0.3, -1.1, 2.0), new double[] {1.7, -0.4, 12.3}));
        for (int i = 0; i < s.natoms(); i++) assertRowsEqual(a, i, b, i, d.featureCount(), 1e-9, d.name() + " atom " + i);
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void permutation(Descriptor d) {
        Structure s = DscribeReference.structure("InP_shear_8atom");
        int n = s.natoms();
        int[] perm = {5, 2, 7, 0, 3, 6, 1, 4};
        Structure p = permuted(s, perm);
        double[] a = rows(d, s), b = rows(d, p);
        for (int i = 0; i < n; i++) assertRowsEqual(a, perm[i], b, i, d.featureCount(), 1e-12, d.name() + " atom " + i);
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void supercellGivesTheSameRows(Descriptor d) {
        Structure s = DscribeReference.structure("InP_shear_8atom");
        int n = s.natoms();
        double[] h = s.cell().toArray();
        String[] sym = new String[8 * n];
        double[] x = new double[8 * n], y = new double[8 * n], z = new double[8 * n];
        int k = 0;
        for (int c = 0; c < 8; c++) {
            int i0 = c & 1, i1 = (c >> 1) & 1, i2 = (c >> 2) & 1;
            for (int i = 0; i < n; i++, k++) {
                sym[k] = s.symbol(i);
                x[k] = s.x()[i] + i0 * h[0] + i1 * h[3] + i2 * h[6];
                y[k] = s.y()[i] + i0 * h[1] + i1 * h[4] + i2 * h[7];
                z[k] = s.z()[i] + i0 * h[2] + i1 * h[5] + i2 * h[8];
            }
        }
        double[] h2 = h.clone();
        for (int t = 0; t < 9; t++) h2[t] *= 2;
        Structure big = Structure.of(new Cell(h2), s.pbc(), sym, x, y, z);
        double[] a = rows(d, s), b = rows(d, big);
        for (int c = 0; c < 8; c++)
            for (int i = 0; i < n; i++) assertRowsEqual(a, i, b, c * n + i, d.featureCount(), 1e-9, d.name() + " copy " + c + " atom " + i);
    }

    @Test
    void bruteForceAndCellListAgree() {
        Structure s = DscribeReference.structure("Si_surface_24atom");
        Descriptor d = new SoapPowerSpectrum(SoapSettings.of(5.0, 8, 6, 1.0, List.of("Si")));
        double[] a = rows(d, s);
        double[] b = new double[a.length];
        d.compute(s, BruteForceNeighbors.build(s, d.cutoff(), false), b);
        for (int i = 0; i < s.natoms(); i++) assertRowsEqual(a, i, b, i, d.featureCount(), 1e-12, "atom " + i);
    }

    /** Two atoms, no periodicity: the pair term vanishes continuously as the distance reaches the cutoff. */
    @Test
    void continuousAtTheCutoff() {
        List<String> sp = List.of("Si");
        for (Descriptor d : new Descriptor[] {new Acsf(DscribeReference.acsfB(sp)), new PairRadialBasis(new RadialSettings(5.0, 8, sp, true))}) {
            double[] inside = dimer(d, 5.0 * (1 - 1e-7)), outside = dimer(d, 5.0 * (1 + 1e-7)), mid = dimer(d, 3.0);
            double scale = 0;
            for (double v : mid) scale = Math.max(scale, Math.abs(v));
            for (int f = 0; f < inside.length; f++) {
                assertEquals(0.0, outside[f], 0.0, d.name() + " beyond the cutoff");
                assertEquals(0.0, inside[f], 1e-12 * scale, d.name() + " just inside the cutoff, feature " + f);
            }
        }
        // SOAP (DScribe convention): the density is smooth through r_cut itself; the neighbour's Gaussian is
        // truncated at r_cut + 3.717 sigma (DScribe's padding), a documented step of ~0.4 % of the row norm
        Descriptor soap = new SoapPowerSpectrum(SoapSettings.of(5.0, 8, 6, 1.0, sp));
        double rc = soap.cutoff();
        double[] in = dimer(soap, rc * (1 - 1e-9)), out = dimer(soap, rc * (1 + 1e-9));
        double norm = 0, jump = 0;
        for (int f = 0; f < in.length; f++) {
            norm += out[f] * out[f];
            jump = Math.max(jump, Math.abs(in[f] - out[f]));
        }
        assertTrue(jump > 0 && jump < 1e-2 * Math.sqrt(norm), "SOAP jump at the padded cutoff " + jump);
        double[] a = dimer(soap, 5.0 * (1 - 1e-9)), b = dimer(soap, 5.0 * (1 + 1e-9));
        for (int f = 0; f < a.length; f++) assertEquals(a[f], b[f], 1e-7 * Math.sqrt(norm), "SOAP continuous through r_cut");
    }

    /**
     * Rows do not depend on the list's cutoff as long as it covers the descriptor's: one species (ACSF's contiguous
     * copy of a centre's entries, then the entries beyond r_cut dropped in place) and two species (the gather by channel).
     */
    @Test
    void rowsAreTheSameFromAListWithALargerCutoff() {
        java.util.Random rnd = new java.util.Random(5);
        int n = 40;
        double a = 7.3;
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a * rnd.nextDouble();
            y[i] = a * rnd.nextDouble();
            z[i] = a * rnd.nextDouble();
        }
        for (List<String> sp : List.of(List.of("W"), List.of("W", "Be"))) {
            String[] symbols = new String[n];
            for (int i = 0; i < n; i++) symbols[i] = sp.get(i % sp.size());
            Structure s = Structure.of(Cell.orthorhombic(a, a, a), new boolean[] {true, true, true}, symbols, x, y, z);
            for (String spec : new String[] {"acsf:rcut=4", "soap:rcut=4,nmax=4,lmax=3,sigma=0.5", "radial:rcut=4,nmax=6"}) {
                Descriptor d = DescriptorSpecs.parse(spec, sp);
                double[] exact = new double[n * d.featureCount()], wide = new double[n * d.featureCount()];
                d.compute(s, CellList.of(s, d.cutoff(), false), exact);
                d.compute(s, CellList.of(s, d.cutoff() * 1.4, false), wide);
                for (int f = 0; f < exact.length; f++) {
                    assertEquals(exact[f], wide[f], 1e-12 * (1 + Math.abs(exact[f])), spec + " " + sp + " entry " + f);
                }
            }
        }
    }

    private static double[] dimer(Descriptor d, double r) {
        Structure s = Structure.of(Cell.NONE, new boolean[3], new String[] {"Si", "Si"}, new double[] {0, r * 0.6}, new double[] {0, r * 0.8}, new double[] {0, 0});
        double[] out = new double[2 * d.featureCount()];
        NeighborList nl = BruteForceNeighbors.build(s, d.cutoff() * 1.01, false);
        d.compute(s, nl, out);
        return java.util.Arrays.copyOf(out, d.featureCount());
    }
}
