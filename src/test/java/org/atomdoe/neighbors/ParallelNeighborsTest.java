package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.atomdoe.bench.BccTungstenBox;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

class ParallelNeighborsTest {
    private static final boolean[] TTT = {true, true, true};

    @Test
    void oneLargeStructureSplitOverThreadsEqualsSerialArrayForArray() {
        Structure w = BccTungstenBox.build(9, 0.1, 99); // 1458 atoms, several chunks
        Structure tri = RandomStructures.triclinic(new Random(3), 1500, 24, 28, 0.8, 0.2, TTT, "Si", "O");
        Structure slab = RandomStructures.triclinic(new Random(4), 1200, 22, 26, 0.5, 0.1, new boolean[] {true, true, false}, "Cu");
        for (int threads : new int[] {1, 2, 3}) {
            try (ParallelNeighbors pn = new ParallelNeighbors(threads)) {
                NeighborList out = new NeighborList();
                for (Structure s : new Structure[] {w, tri, slab, w}) {
                    for (boolean half : new boolean[] {false, true}) {
                        for (boolean sorted : new boolean[] {false, true}) {
                            NeighborList serial = new NeighborList();
                            new CellList().build(s, 5.0, half, sorted, serial);
                            pn.build(s, 5.0, half, sorted, out);
                            NeighborListAssert.assertIdentical(serial, out, threads + " threads, " + s);
                            assertEquals(sorted, out.isSortedBySpecies());
                        }
                    }
                }
                // the W box has 26 neighbours per atom (a few more through the displacements)
                pn.build(w, 5.0, false, out);
                assertTrue(Math.abs(out.size() - 26 * w.natoms()) < w.natoms() / 50, "size " + out.size());
            }
        }
    }

    /** Each part of a phase runs exactly once per phase, and the phase returns only after all. */
    @Test
    void everyPartOfAPhaseRunsExactlyOnceWhicheverThreadTakesIt() {
        for (int threads : new int[] {2, 3}) {
            try (ParallelNeighbors pn = new ParallelNeighbors(threads)) {
                AtomicIntegerArray runs = new AtomicIntegerArray(threads);
                java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
                for (int phase = 1; phase <= 1500; phase++) {
                    final int work = phase % 7 == 0 ? 20_000 : 0; // some phases long enough for the workers to join
                    pn.run(p -> {
                        double x = 0;
                        for (int k = 0; k < work; k++) x += Math.sqrt(k + p);
                        if (x < 0) throw new AssertionError();
                        runs.incrementAndGet(p);
                        seen.add(Thread.currentThread());
                    });
                    for (int p = 0; p < threads; p++) assertEquals(phase, runs.get(p), threads + " threads, phase " + phase + ", part " + p);
                }
                assertTrue(seen.contains(Thread.currentThread()), "the caller takes parts");
            }
        }
    }

    @Test
    void manyStructuresInInputOrder() {
        Random rnd = new Random(11);
        List<Structure> list = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            list.add(t % 5 == 4 ? RandomStructures.cluster(rnd, 10 + t, 9, "C", "H")
                    : RandomStructures.triclinic(rnd, 5 + 3 * t, 3, 8, 1.0, 0.3, TTT, "Ni", "Al"));
        }
        try (ParallelNeighbors pn = new ParallelNeighbors(3)) {
            List<NeighborList> all = pn.buildAll(list, 4.0, true);
            assertEquals(list.size(), all.size());
            for (int t = 0; t < list.size(); t++) {
                NeighborListAssert.assertIdentical(CellList.of(list.get(t), 4.0, true), all.get(t), "structure " + t);
            }
            AtomicIntegerArray sizes = new AtomicIntegerArray(list.size());
            pn.forEach(list, 4.0, false, (i, s, nl) -> sizes.set(i, nl.size() + 1));
            for (int t = 0; t < list.size(); t++) {
                assertEquals(CellList.of(list.get(t), 4.0, false).size() + 1, sizes.get(t), "forEach structure " + t);
            }
        }
    }

    @Test
    void errorsNameTheStructure() {
        List<Structure> list = new ArrayList<>();
        list.add(RandomStructures.triclinic(new Random(1), 4, 3, 4, 0.2, 0, TTT, "W"));
        list.add(Structure.of(Cell.orthorhombic(3, 3, 3), TTT, new String[] {"W"},
                new double[] {Double.NaN}, new double[1], new double[1]));
        try (ParallelNeighbors pn = new ParallelNeighbors(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pn.buildAll(list, 3.0, false));
            assertTrue(e.getMessage().contains("structure 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pn.build(list.get(0), -1, false, new NeighborList()));
            // still usable
            assertEquals(2, pn.buildAll(list.subList(0, 1), 3.0, false).size() + 1);
        }
        assertThrows(IllegalArgumentException.class, () -> new ParallelNeighbors(0));
    }

    /**
     * The positions are checked inside the first binning phase, each thread over its atoms: the error
     * must still name the lowest-index bad atom with the serial check's message, for fully periodic
     * structures (checked in the phase with the local bins) and others (the phase before the bin
     * geometry), whichever thread's range holds it, and the instance must build correctly afterwards.
     */
    @Test
    void nonFinitePositionsGiveTheSerialErrorOnAnyThread() {
        List<Structure> good = new ArrayList<>();
        good.add(BccTungstenBox.build(7, 0.1, 5)); // 686 atoms, fully periodic
        good.add(RandomStructures.triclinic(new Random(9), 600, 12, 20, 0.5, 0.2, new boolean[] {true, true, false}, "Cu"));
        good.add(RandomStructures.cluster(new Random(10), 500, 20, "C", "H"));
        double[] bads = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int threads : new int[] {2, 3}) {
            try (ParallelNeighbors pn = new ParallelNeighbors(threads, 1)) {
                NeighborList out = new NeighborList();
                for (int k = 0; k < good.size(); k++) {
                    Structure s = good.get(k);
                    int n = s.natoms();
                    // bad atoms in the last range only, in the first and the last, and one at the very end
                    int[][] patterns = {{n - 2}, {n / 2 + 1, n - 1}, {1, n / 2 + 3, n - 1}, {n - 1}, {n / 3, n / 3 + 1}};
                    for (int p = 0; p < patterns.length; p++) {
                        double[] x = s.x().clone(), y = s.y().clone(), z = s.z().clone();
                        for (int q = 0; q < patterns[p].length; q++) {
                            int i = patterns[p][q];
                            double v = bads[(p + q) % 3];
                            if ((p + q) % 3 == 0) x[i] = v;
                            else if ((p + q) % 3 == 1) y[i] = v;
                            else z[i] = v;
                        }
                        String[] sym = new String[n];
                        for (int i = 0; i < n; i++) sym[i] = s.symbol(i);
                        Structure bad = Structure.of(s.cell(), s.pbc(), sym, x, y, z);
                        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class,
                                () -> NeighborSearchChecks.check(bad, 4.0));
                        assertTrue(expected.getMessage().startsWith("atom " + patterns[p][0] + " "), expected.getMessage());
                        for (boolean half : new boolean[] {false, true}) {
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                    () -> pn.build(bad, 4.0, half, out));
                            assertEquals(expected.getMessage(), e.getMessage(), threads + " threads, structure " + k + ", pattern " + p);
                            IllegalArgumentException serial = assertThrows(IllegalArgumentException.class,
                                    () -> new CellList().build(bad, 4.0, half, new NeighborList()));
                            assertEquals(expected.getMessage(), serial.getMessage(), "serial, structure " + k + ", pattern " + p);
                        }
                    }
                    // the instance still builds the good structure exactly
                    pn.build(s, 4.0, true, out);
                    NeighborListAssert.assertIdentical(CellList.of(s, 4.0, true), out, threads + " threads after errors, structure " + k);
                }
            }
        }
    }
}
