package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ForceRows} against central finite differences of aggregated rows, with a smooth toy
 * descriptor whose pair gradients are known in closed form (so this tests the assembly alone).
 */
class ForceRowsTest {
    static final double RC = 4.0;

    static Structure randomStructure(long seed, double[] strain) {
        Random rnd = new Random(seed);
        double[] h = {5.1, 0.4, -0.3, 0.9, 4.7, 0.2, -0.6, 0.5, 5.3};
        int n = 7;
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble(), v = rnd.nextDouble(), w = rnd.nextDouble();
            x[i] = u * h[0] + v * h[3] + w * h[6];
            y[i] = u * h[1] + v * h[4] + w * h[7];
            z[i] = u * h[2] + v * h[5] + w * h[8];
            sym[i] = i % 3 == 0 ? "Ge" : "Si";
        }
        if (strain != null) {
            h = deform(h, strain);
            for (int i = 0; i < n; i++) {
                double[] p = deform(new double[] {x[i], y[i], z[i]}, strain);
                x[i] = p[0]; y[i] = p[1]; z[i] = p[2];
            }
        }
        return Structure.of(new Cell(h), new boolean[] {true, true, true}, sym, x, y, z);
    }

    /** Applies r -> (I + eps) r to each row of 3 (eps row-major 3x3). */
    static double[] deform(double[] rows, double[] eps) {
        double[] out = rows.clone();
        for (int r = 0; r < rows.length / 3; r++) {
            for (int a = 0; a < 3; a++) {
                double v = 0;
                for (int b = 0; b < 3; b++) v += eps[3 * a + b] * rows[3 * r + b];
                out[3 * r + a] += v;
            }
        }
        return out;
    }

    static double[] row(Structure s, Aggregation agg, SpeciesChannels ch) {
        ToyPairDescriptor d = new ToyPairDescriptor(RC);
        NeighborList nl = CellList.of(s, RC, false);
        double[] v = new double[s.natoms() * 2];
        d.compute(s, nl, v);
        double[] out = new double[agg.width(2, ch.size())];
        agg.apply(v, s.natoms(), 2, ch.atomChannels(s), ch.size(), out, 0);
        return out;
    }

    static Structure moved(Structure s, int j, int a, double h) {
        double[] x = s.x().clone(), y = s.y().clone(), z = s.z().clone();
        (a == 0 ? x : a == 1 ? y : z)[j] += h;
        String[] sym = new String[s.natoms()];
        for (int i = 0; i < sym.length; i++) sym[i] = s.symbol(i);
        return Structure.of(s.cell(), s.pbc(), sym, x, y, z);
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void forceAndStressRowsEqualFiniteDifferences(Aggregation agg) {
        SpeciesChannels ch = SpeciesChannels.of(List.of("Si", "Ge"));
        Structure s = randomStructure(11, null);
        NeighborList nl = CellList.of(s, RC, false);
        ToyPairDescriptor d = new ToyPairDescriptor(RC);
        double[] v = new double[s.natoms() * 2], g = new double[nl.size() * 6];
        d.computeWithGradients(s, nl, v, g);
        int w = agg.width(2, ch.size()), n = s.natoms();
        double[] f = new double[3 * n * w];
        ForceRows.forces(nl, g, 2, agg, ch.atomChannels(s), ch.size(), f, 0);
        double h = 1e-5;
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                double[] plus = row(moved(s, j, a, h), agg, ch), minus = row(moved(s, j, a, -h), agg, ch);
                for (int c = 0; c < w; c++) {
                    double fd = -(plus[c] - minus[c]) / (2 * h);
                    assertEquals(fd, f[(3 * j + a) * w + c], 1e-6 * (1 + Math.abs(fd)), "F[" + j + "," + a + "] column " + c);
                }
            }
        }
        double[] st = new double[6 * w];
        ForceRows.stress(s, nl, g, 2, agg, ch.atomChannels(s), ch.size(), st, 0);
        int[][] voigt = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
        double volume = s.cell().volume();
        for (int vi = 0; vi < 6; vi++) {
            double[] ep = new double[9], em = new double[9];
            int a = voigt[vi][0], b = voigt[vi][1];
            // symmetric strain: eps_ab = eps_ba = h/2 off the diagonal, so d/dh = the symmetrised strain derivative
            double t = a == b ? h : h / 2;
            ep[3 * a + b] = t; ep[3 * b + a] = t;
            em[3 * a + b] = -t; em[3 * b + a] = -t;
            double[] plus = row(randomStructure(11, ep), agg, ch), minus = row(randomStructure(11, em), agg, ch);
            for (int c = 0; c < w; c++) {
                // dX/dt with t the symmetric shear = dX/d eps_ab (sym), stress = (1/V) dX/d eps
                double fd = (plus[c] - minus[c]) / (2 * h) / volume;
                assertEquals(fd, st[vi * w + c], 1e-6 * (1 + Math.abs(fd)), "stress " + vi + " column " + c);
            }
        }
    }
}
