package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * Properties of every descriptor on generated structures (periodic cells, some smaller than the
 * cutoff, and clusters): rows are unchanged by a rigid rotation of atoms and cell, by a
 * translation, and follow a permutation of the atoms. The fixed-structure cases stay in
 * {@link DescriptorInvarianceTest}; here jqwik searches the structure space and shrinks a
 * counterexample to the smallest structure and simplest angles.
 */
class DescriptorInvariancePropertiesTest {

    @Property(tries = 60, seed = "20261124")
    void rotationInvariant(@ForAll("descriptors") Descriptor d, @ForAll("structures") Structure s,
                           @ForAll @DoubleRange(min = -3.2, max = 3.2) double a, @ForAll @DoubleRange(min = -3.2, max = 3.2) double b,
                           @ForAll @DoubleRange(min = -3.2, max = 3.2) double c) {
        assumeSeparated(s);
        Structure r = DescriptorInvarianceTest.transform(s, DescriptorInvarianceTest.rotation(a, b, c), new double[3]);
        assertSameRows(d, s, r, identity(s.natoms()), "rotation (" + a + ", " + b + ", " + c + ") of " + s);
    }

    @Property(tries = 60, seed = "20261124")
    void translationInvariant(@ForAll("descriptors") Descriptor d, @ForAll("structures") Structure s,
                              @ForAll @DoubleRange(min = -20, max = 20) double tx, @ForAll @DoubleRange(min = -20, max = 20) double ty,
                              @ForAll @DoubleRange(min = -20, max = 20) double tz) {
        assumeSeparated(s);
        double[][] one = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        Structure t = DescriptorInvarianceTest.transform(s, one, new double[] {tx, ty, tz});
        assertSameRows(d, s, t, identity(s.natoms()), "translation (" + tx + ", " + ty + ", " + tz + ") of " + s);
    }

    @Property(tries = 60, seed = "20261124")
    void permutationEquivariant(@ForAll("descriptors") Descriptor d, @ForAll("structures") Structure s, @ForAll long seed) {
        assumeSeparated(s);
        int n = s.natoms();
        int[] perm = identity(n);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        // atom k of the permuted structure is atom perm[k] of the original
        Structure p = DescriptorInvarianceTest.permuted(s, perm);
        assertSameRows(d, s, p, perm, "permutation " + java.util.Arrays.toString(perm) + " of " + s);
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) id[i] = i;
        return id;
    }

    /** Atoms closer than 0.8 Å (images included) are not physical and make some bases ill-conditioned. */
    private static void assumeSeparated(Structure s) {
        Assume.that(BruteForceNeighbors.build(s, 0.8, true).size() == 0);
    }

    /** Row k of {@code t} equals row {@code map[k]} of {@code s}, relative to the largest feature of s. */
    private static void assertSameRows(Descriptor d, Structure s, Structure t, int[] map, String what) {
        int nf = d.featureCount();
        double[] a = DescriptorInvarianceTest.rows(d, s), b = DescriptorInvarianceTest.rows(d, t);
        double scale = 1;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < t.natoms(); k++) {
            for (int f = 0; f < nf; f++) {
                assertEquals(a[map[k] * nf + f], b[k * nf + f], 1e-9 * scale,
                        () -> d.name() + ": " + what + ": feature mismatch");
            }
        }
    }

    @Provide
    Arbitrary<Descriptor> descriptors() {
        return Arbitraries.of(DescriptorInvarianceTest.descriptors().toList());
    }

    @Provide
    Arbitrary<Structure> structures() {
        Arbitrary<Double> edge = Arbitraries.doubles().between(2.5, 8.0).ofScale(2);
        Arbitrary<Double> tilt = Arbitraries.doubles().between(-0.5, 0.5).ofScale(2);
        Arbitrary<Boolean> periodic = Arbitraries.of(true, false);
        Arbitrary<double[]> frac = Arbitraries.doubles().between(0, 1).ofScale(3).array(double[].class).ofSize(3);
        Arbitrary<List<double[]>> atoms = frac.list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Boolean>> phosphorus = Arbitraries.of(true, false).list().ofSize(6);
        return Combinators.combine(edge, edge, edge, tilt, tilt, periodic, atoms, phosphorus).as((ea, eb, ec, t, u, per, at, isP) -> {
            Cell cell = new Cell(new double[] {ea, 0, 0, t * ea, eb, 0, u * ea, 0, ec});
            int n = at.size();
            double[] x = new double[n], y = new double[n], z = new double[n], r = new double[3];
            String[] sym = new String[n];
            for (int i = 0; i < n; i++) {
                cell.toCartesian(at.get(i)[0], at.get(i)[1], at.get(i)[2], r);
                x[i] = r[0];
                y[i] = r[1];
                z[i] = r[2];
                sym[i] = isP.get(i) ? "P" : "In";
            }
            return Structure.of(per ? cell : Cell.NONE, new boolean[] {per, per, per}, sym, x, y, z);
        });
    }
}
