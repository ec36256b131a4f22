package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
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

    /** Seven Si/Ge atoms in a triclinic cell (positions from a fixed seed, some close to images). */
    static Structure randomStructure(long seed) {
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
        return Structure.of(new Cell(h), new boolean[] {true, true, true}, sym, x, y, z);
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void forceAndStressRowsEqualFiniteDifferences(Aggregation agg) {
        SpeciesChannels ch = SpeciesChannels.of(List.of("Si", "Ge"));
        Structure s = randomStructure(11);
        NeighborList nl = CellList.of(s, RC, false);
        ToyPairDescriptor d = new ToyPairDescriptor(RC);
        double[] v = new double[s.natoms() * 2], g = new double[nl.size() * 6];
        d.computeWithGradients(s, nl, v, g);
        int w = agg.width(2, ch.size()), n = s.natoms();
        double[] f = new double[3 * n * w];
        ForceRows.forces(nl, g, 2, agg, ch.atomChannels(s), ch.size(), f, 0);
        double h = 1e-5;
        Function<Structure, double[]> row = t -> FiniteDifferences.aggregated(d, t, agg, ch);
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < 3; a++) {
                double[] dx = FiniteDifferences.alongAtom(row, s, j, a, h);
                for (int c = 0; c < w; c++) {
                    assertEquals(-dx[c], f[(3 * j + a) * w + c], 1e-6 * (1 + Math.abs(dx[c])), "F[" + j + "," + a + "] column " + c);
                }
            }
        }
        double[] st = new double[6 * w];
        ForceRows.stress(s, nl, g, 2, agg, ch.atomChannels(s), ch.size(), st, 0);
        double volume = s.cell().volume();
        for (int vi = 0; vi < 6; vi++) {
            double[] de = FiniteDifferences.alongStrain(row, s, vi, h);
            for (int c = 0; c < w; c++) {
                // stress = (1/V) dX/d eps (symmetrised)
                double fd = de[c] / volume;
                assertEquals(fd, st[vi * w + c], 1e-6 * (1 + Math.abs(fd)), "stress " + vi + " column " + c);
            }
        }
    }
}
