package org.atomdoe.neighbors;

import static org.atomdoe.neighbors.NeighborListAssert.assertGeometry;
import static org.atomdoe.neighbors.NeighborListAssert.assertIdentical;
import static org.atomdoe.neighbors.NeighborListAssert.assertSameList;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bin-by-bin search with {@code u_a} windows over sorted stencil rows: every case where the
 * window or the per-bin sort could drop a neighbour (atoms exactly on bin faces, many equal
 * {@code u_a}, pairs exactly at the cutoff, non-periodic first axis, many centres per bin,
 * strongly skewed cells) is compared with the brute-force list, for several bin sizes, and the
 * multi-threaded build with the serial one.
 */
class CellListWindowTest {
    private static final double TOL = 1e-12;

    private static void check(Structure s, double cutoff, String what) {
        for (boolean half : new boolean[] {false, true}) {
            NeighborList expected = BruteForceNeighbors.build(s, cutoff, half);
            for (double bf : new double[] {0.25, 0.5, 1.0, 2.0}) {
                NeighborList actual = new NeighborList();
                new CellList(bf).build(s, cutoff, half, actual);
                assertSameList(expected, actual, TOL, what + " binFactor " + bf + (half ? " half" : " full"));
                assertGeometry(s, actual, 1e-11);
            }
        }
    }

    /** Simple cubic lattice: atoms exactly on bin faces, rows full of equal u_a, shells exactly at the cutoff. */
    @Test
    void latticeOnBinFacesWithPairsExactlyAtTheCutoff() {
        int n = 6;
        double a = 1.0;
        double[] x = new double[n * n * n], y = new double[n * n * n], z = new double[n * n * n];
        String[] sym = new String[n * n * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    x[k] = i * a;
                    y[k] = j * a;
                    z[k] = l * a;
                    sym[k++] = (i + j + l) % 2 == 0 ? "Na" : "Cl";
                }
            }
        }
        Structure s = Structure.of(Cell.orthorhombic(n * a, n * a, n * a), new boolean[] {true, true, true}, sym, x, y, z);
        // 2.0 = second-shell distance along an axis (excluded, strict r < cutoff); 2.0 + 1e-9 includes it
        check(s, 2.0, "cubic, cutoff on a shell");
        check(s, 2.0 + 1e-9, "cubic, cutoff just above a shell");
        check(s, 1.5, "cubic, 1.5");
        NeighborList nl = CellList.of(s, 1.0 + 1e-9, false);
        assertEquals(6 * n * n * n, nl.size(), "six nearest neighbours per atom");
    }

    /** Many atoms per bin in a skewed cell: windows move through long rows, many centres per bin. */
    @ParameterizedTest
    @ValueSource(longs = {3, 17, 29})
    void denseSkewedCells(long seed) {
        Random rnd = new Random(seed);
        Structure s = RandomStructures.triclinic(rnd, 300, 7, 10, 1.5, 0, new boolean[] {true, true, true}, "Si", "O", "H");
        check(s, 2.5 + rnd.nextDouble(), "dense skewed, seed " + seed);
    }

    /**
     * Centre pairs test whole stencil rows when the rows are barely longer than a centre's window,
     * and the union of their windows otherwise: both modes occur among these cells (cubic and
     * skewed, bin factors 0.25..2) and both equal the brute-force list (in {@link #check}).
     */
    @Test
    void wholeRowsAndWindowsBothOccurAndAreExact() {
        Random rnd = new Random(53);
        int whole = 0, windows = 0;
        for (int t = 0; t < 8; t++) {
            double skew = t < 2 ? 0 : 0.3 * t;
            Structure s = RandomStructures.triclinic(rnd, 120, 6, 9, skew, 0, new boolean[] {true, true, true}, "Si", "O");
            double cutoff = 2.5 + rnd.nextDouble();
            for (double bf : new double[] {0.25, 0.5, 1.0, 2.0}) {
                // the scalar kernel told to prefer whole rows, so both modes run without the Vector API too
                CellList cl = new CellList(bf, new WholeRowsScalar());
                for (boolean half : new boolean[] {false, true}) {
                    NeighborList nl = new NeighborList();
                    cl.build(s, cutoff, half, nl);
                    assertSameList(BruteForceNeighbors.build(s, cutoff, half), nl, TOL,
                            "skew " + skew + " binFactor " + bf + (half ? " half" : " full") + " whole " + cl.wholeRows());
                }
                if (cl.wholeRows()) whole++;
                else windows++;
            }
            check(s, cutoff, "skew " + skew);
        }
        org.junit.jupiter.api.Assertions.assertTrue(whole > 0 && windows > 0, "whole rows " + whole + ", windows " + windows);
    }

    /** The scalar kernel, asking for whole rows like the Vector API one. */
    private static final class WholeRowsScalar implements CandidateFilter {
        private final ScalarCandidateFilter f = new ScalarCandidateFilter();

        @Override
        public boolean prefersWholeRows() {
            return true;
        }

        @Override
        public int select(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double xi, double yi,
                          double zi, double rc2, int key, int self, int[] cand, int m) {
            return f.select(ex, ey, ez, hkey, s, e, xi, yi, zi, rc2, key, self, cand, m);
        }

        @Override
        public long select2(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                            double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                            double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
            return f.select2(ex, ey, ez, hkey, s, e, rc2, xa, ya, za, keyA, selfA, cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
        }

        @Override
        public long select2f(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                             double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                             double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                             double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
            return f.select2(ex, ey, ez, hkey, s, e, rc2, xa, ya, za, keyA, selfA, cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
        }
    }

    /** Non-periodic first axis (the window axis in bounding-box coordinates) and wires. */
    @Test
    void nonPeriodicFirstAxisSlabsAndWires() {
        Random rnd = new Random(41);
        boolean[][] patterns = {{false, true, true}, {true, false, false}, {false, false, true}, {false, true, false}};
        for (boolean[] pbc : patterns) {
            Structure s = RandomStructures.triclinic(rnd, 200, 5, 8, 0.8, 0.2, pbc, "Cu", "Au");
            check(s, 3.0, "pbc " + java.util.Arrays.toString(pbc));
        }
        check(RandomStructures.cluster(rnd, 250, 9, "C", "H"), 2.2, "cluster");
    }

    /** Cutoff several times the cell: many images of each atom in the same rows, self images. */
    @Test
    void tinySkewedCellWithLongCutoff() {
        Random rnd = new Random(5);
        for (int t = 0; t < 4; t++) {
            Structure s = RandomStructures.triclinic(rnd, 1 + t, 2, 3, 1.8, 0.3, new boolean[] {true, true, true}, "W");
            check(s, 5.5, "tiny cell " + t);
        }
    }

    /** Two and three threads give the serial arrays, for the shapes above. */
    @Test
    void parallelEqualsSerialOnEdgeCases() {
        Random rnd = new Random(77);
        Structure[] ss = {
            RandomStructures.triclinic(rnd, 1500, 14, 18, 1.2, 0.2, new boolean[] {true, true, true}, "Si", "O"),
            RandomStructures.triclinic(rnd, 1200, 14, 18, 0.5, 0.3, new boolean[] {false, true, true}, "Cu"),
            RandomStructures.cluster(rnd, 1100, 20, "C", "H"),
        };
        for (int threads : new int[] {2, 3}) {
            try (ParallelNeighbors pn = new ParallelNeighbors(threads)) {
                NeighborList out = new NeighborList();
                for (Structure s : ss) {
                    for (boolean half : new boolean[] {false, true}) {
                        NeighborList serial = new NeighborList();
                        new CellList().build(s, 4.0, half, true, serial);
                        pn.build(s, 4.0, half, true, out);
                        assertIdentical(serial, out, threads + " threads " + s.natoms());
                    }
                }
            }
        }
    }
}
