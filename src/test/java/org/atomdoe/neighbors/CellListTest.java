package org.atomdoe.neighbors;

import static org.atomdoe.neighbors.NeighborListAssert.assertGeometry;
import static org.atomdoe.neighbors.NeighborListAssert.assertIdentical;
import static org.atomdoe.neighbors.NeighborListAssert.assertSameList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellListTest {
    private static final double TOL = 1e-12;
    private static final boolean[] TTT = {true, true, true};

    private static void checkAgainstBruteForce(Structure s, double cutoff, String what) {
        for (boolean half : new boolean[] {false, true}) {
            NeighborList expected = BruteForceNeighbors.build(s, cutoff, half);
            NeighborList actual = CellList.of(s, cutoff, half);
            assertSameList(expected, actual, TOL, what + (half ? " half" : " full"));
            assertGeometry(s, actual, 1e-11);
        }
    }

    @Test
    void stronglySkewedTriclinicCellsMatchBruteForce() {
        Random rnd = new Random(101);
        for (int t = 0; t < 12; t++) {
            Structure s = RandomStructures.triclinic(rnd, 25, 5, 9, 1.8, 0.3, TTT, "Si", "O");
            checkAgainstBruteForce(s, 2.0 + 3.0 * rnd.nextDouble(), "skewed cell " + t);
        }
    }

    @Test
    void cellsSmallerThanTheCutoffGiveManyImagesAndSelfImages() {
        Random rnd = new Random(202);
        for (int t = 0; t < 8; t++) {
            Structure s = RandomStructures.triclinic(rnd, 3, 1.5, 3, 1.0, 0.2, TTT, "W");
            double cutoff = 4 + 3 * rnd.nextDouble();
            checkAgainstBruteForce(s, cutoff, "small cell " + t);
            NeighborList nl = CellList.of(s, cutoff, false);
            boolean selfImage = false;
            for (int i = 0; i < 3; i++) {
                for (int k = nl.start(i); k < nl.end(i); k++) selfImage |= nl.neighbors()[k] == i;
            }
            assertTrue(selfImage, "an atom is its own neighbour through an image");
        }
    }

    @Test
    void singleAtomCell() {
        double a = 3.165;
        Structure s = Structure.of(Cell.orthorhombic(a, a, a), TTT, new String[] {"W"},
                new double[] {0.3}, new double[] {0.1}, new double[] {-0.2});
        checkAgainstBruteForce(s, 5.0, "simple cubic 1 atom");
        // simple cubic: 6 at a, 12 at a*sqrt2 = 4.476 -> 18 images within 5.0
        assertEquals(18, CellList.of(s, 5.0, false).size());
        assertEquals(9, CellList.of(s, 5.0, true).size());
        Structure tri = RandomStructures.triclinic(new Random(5), 1, 2, 4, 1.5, 0.5, TTT, "Cu");
        checkAgainstBruteForce(tri, 6.5, "1-atom triclinic");
    }

    @Test
    void slabsPeriodicInPlaneOnly() {
        Random rnd = new Random(303);
        boolean[] ttf = {true, true, false};
        for (int t = 0; t < 8; t++) {
            Structure s = RandomStructures.triclinic(rnd, 20, 3, 8, 1.2, 0.4, ttf, "Cu", "O");
            checkAgainstBruteForce(s, 3 + 3 * rnd.nextDouble(), "slab " + t);
        }
        // other single non-periodic axes, and one periodic axis only (a wire)
        boolean[][] patterns = {{false, true, true}, {true, false, true}, {true, false, false}, {false, false, true}};
        for (boolean[] p : patterns) {
            Structure s = RandomStructures.triclinic(rnd, 15, 3, 6, 1.0, 0.4, p, "Ni");
            checkAgainstBruteForce(s, 4.5, "pbc " + java.util.Arrays.toString(p));
        }
    }

    @Test
    void clustersWithoutCell() {
        Random rnd = new Random(404);
        for (int t = 0; t < 6; t++) {
            Structure s = RandomStructures.cluster(rnd, 40, 12, "C", "H");
            checkAgainstBruteForce(s, 1.5 + 4 * rnd.nextDouble(), "cluster " + t);
        }
        // a cluster with a cell but no periodicity: the cell is ignored
        Structure c = RandomStructures.triclinic(rnd, 30, 4, 6, 1.5, 0.5, new boolean[3], "Ar");
        checkAgainstBruteForce(c, 3.0, "cluster with cell");
        // degenerate geometries: all atoms on a line, one atom, no atoms, coincident atoms
        double[] line = {0, 1, 2, 3, 4.5, 7};
        double[] zeros = new double[6];
        checkAgainstBruteForce(Structure.of(Cell.NONE, new boolean[3], new String[] {"H", "H", "H", "H", "H", "H"},
                line, zeros, zeros.clone()), 2.2, "line");
        checkAgainstBruteForce(Structure.of(Cell.NONE, new boolean[3], new String[] {"H"}, new double[1], new double[1],
                new double[1]), 2.0, "one atom");
        checkAgainstBruteForce(Structure.of(Cell.NONE, new boolean[3], new String[0], new double[0], new double[0],
                new double[0]), 2.0, "no atoms");
        checkAgainstBruteForce(Structure.of(Cell.orthorhombic(4, 4, 4), TTT, new String[] {"H", "H"},
                new double[] {1, 1}, new double[] {1, 1}, new double[] {1, 1}), 3.0, "coincident atoms");
    }

    @Test
    void positionsFarOutsideTheCell() {
        Random rnd = new Random(505);
        for (int t = 0; t < 4; t++) {
            Structure s = RandomStructures.triclinic(rnd, 12, 4, 7, 1.0, 3.0, TTT, "Fe");
            checkAgainstBruteForce(s, 5.0, "unwrapped " + t);
        }
    }

    /**
     * The builders write no shifts; the list derives them on first use from D and the positions. Atoms
     * stored up to 3 cells away from the cell, skewed cells, slabs and clusters: the derived shifts
     * equal the brute-force ones, a copy taken before the first use derives the same, and threads
     * asking at the same time all see the derived arrays.
     */
    @Test
    void shiftsDerivedOnFirstUseAreExact() throws Exception {
        Random rnd = new Random(909);
        boolean[][] pbcs = {TTT, {true, false, true}, {false, false, false}};
        for (int t = 0; t < 6; t++) {
            boolean[] pbc = pbcs[t % 3];
            Structure s = t % 3 == 2 ? RandomStructures.cluster(rnd, 30, 6, "C")
                    : RandomStructures.triclinic(rnd, 20, 3, 6, 1.2, 3.0, pbc, "Fe", "Ni");
            for (boolean half : new boolean[] {false, true}) {
                NeighborList expected = BruteForceNeighbors.build(s, 4.5, half);
                NeighborList built = CellList.of(s, 4.5, half);
                NeighborList copy = built.copy();
                int[][] seen = new int[4][];
                Thread[] th = new Thread[4];
                for (int k = 0; k < th.length; k++) {
                    int kk = k;
                    th[k] = new Thread(() -> seen[kk] = built.shiftY());
                    th[k].start();
                }
                for (Thread x : th) x.join();
                assertSameList(expected, built, TOL, "structure " + t + (half ? " half" : " full"));
                assertIdentical(built, copy, "copy taken before the shifts were derived, structure " + t);
                for (int[] a : seen) assertSame(built.shiftY(), a, "one derivation for all threads");
            }
        }
    }

    /** Property test: random cells (any pbc pattern), cutoffs from 0.2 to 2 cell widths, bin factors. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void randomCellsAndCutoffs(long seed) {
        Random rnd = new Random(seed);
        boolean[] pbc = {rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()};
        int n = 1 + rnd.nextInt(30);
        Structure s = RandomStructures.triclinic(rnd, n, 2, 8, 2 * rnd.nextDouble(), rnd.nextDouble(), pbc, "A", "B", "C");
        double width = Math.min(s.cell().planeSpacing(0), Math.min(s.cell().planeSpacing(1), s.cell().planeSpacing(2)));
        double cutoff = width * (0.2 + 1.8 * rnd.nextDouble());
        double binFactor = new double[] {0.25, 0.5, 1.0, 2.0}[rnd.nextInt(4)];
        for (boolean half : new boolean[] {false, true}) {
            NeighborList expected = BruteForceNeighbors.build(s, cutoff, half);
            NeighborList actual = new NeighborList();
            new CellList(binFactor).build(s, cutoff, half, actual);
            assertSameList(expected, actual, TOL, "seed " + seed + " pbc " + java.util.Arrays.toString(pbc));
        }
    }

    @Test
    void halfListIsFullListWithEachPairOnce() {
        Random rnd = new Random(606);
        Structure s = RandomStructures.triclinic(rnd, 30, 3, 6, 1.2, 0.3, TTT, "Si");
        NeighborList full = CellList.of(s, 5.5, false), half = CellList.of(s, 5.5, true);
        assertEquals(full.size(), 2 * half.size());
        Map<NeighborListAssert.Key, NeighborListAssert.Value> fm = NeighborListAssert.toMap(full);
        Set<NeighborListAssert.Key> fromHalf = new HashSet<>();
        for (NeighborListAssert.Key k : NeighborListAssert.toMap(half).keySet()) {
            NeighborListAssert.Key rev = new NeighborListAssert.Key(k.j(), k.i(), -k.sa(), -k.sb(), -k.sc());
            assertTrue(fromHalf.add(k) && fromHalf.add(rev), "pair listed twice: " + k);
        }
        assertEquals(fm.keySet(), fromHalf);
    }

    @Test
    void reusedInstanceGivesTheSameListsAsFreshOnes() {
        Random rnd = new Random(707);
        Structure[] ss = {
            RandomStructures.triclinic(rnd, 40, 6, 9, 1.0, 0.2, TTT, "Si", "O"),
            RandomStructures.triclinic(rnd, 2, 2, 3, 1.0, 0.2, TTT, "W"),
            RandomStructures.cluster(rnd, 25, 8, "C"),
            RandomStructures.triclinic(rnd, 18, 4, 6, 1.0, 0.2, new boolean[] {true, true, false}, "Cu"),
            RandomStructures.triclinic(rnd, 40, 6, 9, 1.0, 0.2, TTT, "Si", "O"),
        };
        CellList reused = new CellList();
        NeighborList out = new NeighborList();
        for (int round = 0; round < 2; round++) {
            for (int t = 0; t < ss.length; t++) {
                for (boolean half : new boolean[] {false, true}) {
                    boolean sorted = (t + round) % 2 == 0;
                    reused.build(ss[t], 4.0, half, sorted, out);
                    NeighborList fresh = new NeighborList();
                    new CellList().build(ss[t], 4.0, half, sorted, fresh);
                    assertIdentical(fresh, out, "structure " + t + " round " + round);
                    assertSameList(BruteForceNeighbors.build(ss[t], 4.0, half), out, TOL, "structure " + t);
                }
            }
        }
    }

    @Test
    void speciesSortedListsGroupNeighboursStably() {
        Random rnd = new Random(808);
        Structure s = RandomStructures.triclinic(rnd, 40, 6, 8, 1.0, 0.3, TTT, "Ba", "Ti", "O");
        for (boolean half : new boolean[] {false, true}) {
            NeighborList plain = new NeighborList(), sorted = new NeighborList();
            CellList cl = new CellList();
            cl.build(s, 5.0, half, false, plain);
            cl.build(s, 5.0, half, true, sorted);
            assertFalse(plain.isSortedBySpecies());
            assertTrue(sorted.isSortedBySpecies());
            assertSameList(plain, sorted, 0, "sorted vs plain");
            int[] sp = s.species();
            for (int i = 0; i < s.natoms(); i++) {
                for (int k = sorted.start(i) + 1; k < sorted.end(i); k++) {
                    assertTrue(sp[sorted.neighbors()[k - 1]] <= sp[sorted.neighbors()[k]], "species order at centre " + i);
                }
                // stable: within one species, the plain order is kept
                for (int spc = 0; spc < s.speciesCount(); spc++) {
                    int kp = plain.start(i), ks = sorted.start(i);
                    while (true) {
                        while (kp < plain.end(i) && sp[plain.neighbors()[kp]] != spc) kp++;
                        while (ks < sorted.end(i) && sp[sorted.neighbors()[ks]] != spc) ks++;
                        if (kp >= plain.end(i) || ks >= sorted.end(i)) {
                            assertEquals(kp >= plain.end(i), ks >= sorted.end(i));
                            break;
                        }
                        assertEquals(plain.neighbors()[kp], sorted.neighbors()[ks]);
                        assertEquals(plain.shiftX()[kp], sorted.shiftX()[ks]);
                        assertEquals(plain.dz()[kp], sorted.dz()[ks]);
                        kp++;
                        ks++;
                    }
                }
            }
        }
    }

    @Test
    void buildsAreDeterministic() {
        Structure s = RandomStructures.triclinic(new Random(909), 60, 6, 9, 1.5, 0.5, TTT, "Si", "O");
        assertIdentical(CellList.of(s, 4.5, false), CellList.of(s, 4.5, false), "two builds");
    }

    @Test
    void clearErrorsForBadInput() {
        Structure s = RandomStructures.triclinic(new Random(1), 4, 3, 4, 0.2, 0, TTT, "W");
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cl.build(s, bad, false, out));
            assertTrue(e.getMessage().contains("cutoff"), e.getMessage());
        }
        Structure nan = Structure.of(Cell.orthorhombic(3, 3, 3), TTT, new String[] {"W", "W"},
                new double[] {0, Double.NaN}, new double[2], new double[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cl.build(nan, 3, false, out));
        assertTrue(e.getMessage().contains("atom 1"), e.getMessage());
        // a singular cell cannot even become a periodic structure; the message says why
        IllegalArgumentException sing = assertThrows(IllegalArgumentException.class, () -> Structure.of(
                new Cell(new double[] {1, 0, 0, 2, 0, 0, 0, 0, 1}), TTT, new String[] {"W"}, new double[1], new double[1], new double[1]));
        assertTrue(sing.getMessage().contains("regular cell"), sing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CellList(0));
        // the instance still works after the errors
        cl.build(s, 3.0, false, out);
        assertSameList(BruteForceNeighbors.build(s, 3.0, false), out, TOL, "after errors");
    }
}
