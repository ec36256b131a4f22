package org.atomdoe.neighbors;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * Property: the cell list finds exactly the brute-force neighbour list (same (i, j, shift) set,
 * same vectors) on generated structures: skewed triclinic cells down to cells smaller than the
 * cutoff (many images), any periodicity, atoms outside the cell, clusters. jqwik shrinks a failure
 * to a minimal structure (fewest atoms, simplest coordinates) before reporting it.
 */
class NeighborSearchPropertiesTest {

    @Property(tries = 150, seed = "20261124")
    void cellListEqualsBruteForce(@ForAll("structures") Structure s, @ForAll @DoubleRange(min = 0.3, max = 7.0) double cutoff,
                                  @ForAll boolean half) {
        check(s, cutoff, half);
    }

    @Property(tries = 60, seed = "20261124")
    void cellListEqualsBruteForceForBothListKinds(@ForAll("structures") Structure s, @ForAll @DoubleRange(min = 0.3, max = 7.0) double cutoff) {
        check(s, cutoff, true);
        check(s, cutoff, false);
    }

    /**
     * The case CI's unseeded run found (2026-11-24): an image exactly one cell edge away with the
     * cutoff equal to that edge. The two searches round D differently, so the pair lands on either
     * side of the cutoff; the comparison must accept both outcomes, and nothing else.
     */
    @Example
    void pairsTyingTheCutoffMayFallEitherSide() {
        // one atom in a cube, the cutoff equal to the edge: found by a search of random cases
        double[][] cases = {{6.847, 0.3381, -0.0261, 0.1989}, {3.352, 0.5117, -0.1913, 0.987}, {6.56, 1.0494, -0.391, 0.5416}};
        for (double[] c : cases) {
            double edge = c[0];
            Structure s = structure(edge, edge, edge, 0, 0, 0, List.of(true, true, true), List.of(new double[] {c[1], c[2], c[3]}));
            check(s, edge, true);
            check(s, edge, false);
        }
    }

    private static void check(Structure s, double cutoff, boolean half) {
        NeighborList expected = BruteForceNeighbors.build(s, cutoff, half);
        NeighborList actual = CellList.of(s, cutoff, half);
        String what = s + " cutoff " + cutoff + (half ? " half" : " full");
        NeighborListAssert.assertSameList(expected, actual, 1e-9, what);
        NeighborListAssert.assertGeometry(s, actual, 1e-9);
    }

    @Provide
    Arbitrary<Structure> structures() {
        Arbitrary<Double> edge = Arbitraries.doubles().between(1.0, 9.0).ofScale(3);
        Arbitrary<Double> tilt = Arbitraries.doubles().between(-0.7, 0.7).ofScale(3);
        Arbitrary<List<Boolean>> pbc = Arbitraries.of(true, false).list().ofSize(3);
        Arbitrary<double[]> frac = Arbitraries.doubles().between(-0.4, 1.4).ofScale(4).array(double[].class).ofSize(3);
        Arbitrary<List<double[]>> atoms = frac.list().ofMinSize(1).ofMaxSize(14);
        return Combinators.combine(edge, edge, edge, tilt, tilt, tilt, pbc, atoms)
                .as(NeighborSearchPropertiesTest::structure);
    }

    /** Lattice rows a = (A,0,0), b = (tA,B,0), c = (uA,vB,C); fractional coordinates in the cell; all-false pbc is a cluster. */
    static Structure structure(double a, double b, double c, double t, double u, double v, List<Boolean> pbc, List<double[]> frac) {
        Cell cell = new Cell(new double[] {a, 0, 0, t * a, b, 0, u * a, v * b, c});
        boolean[] p = {pbc.get(0), pbc.get(1), pbc.get(2)};
        int n = frac.size();
        double[] x = new double[n], y = new double[n], z = new double[n], r = new double[3];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            double[] f = frac.get(i);
            cell.toCartesian(f[0], f[1], f[2], r);
            x[i] = r[0];
            y[i] = r[1];
            z[i] = r[2];
            sym[i] = i % 3 == 0 ? "O" : "Si";
        }
        boolean any = p[0] || p[1] || p[2];
        return Structure.of(any ? cell : Cell.NONE, p, sym, x, y, z);
    }
}
