package org.atomdoe.neighbors;

import static org.atomdoe.neighbors.NeighborListAssert.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import org.atomdoe.bench.BccTungstenBox;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * The parallel binning ({@link CellList#prepareParallel}, also the serial build's with a team of one)
 * must give, array for array, the list of the reference binning {@link CellList#prepareReference}: on real threads (2 and 3, with the size threshold lowered to 1 so
 * the parallel path is taken for every structure) and on a sequential team of 1..7 members run in
 * reverse order (more members than bins, empty atom ranges).
 */
class ParallelPrepareTest {
    private static final boolean[] TTT = {true, true, true};

    private static List<Structure> structures() {
        List<Structure> list = new ArrayList<>();
        list.add(BccTungstenBox.build(9, 0.1, 99)); // 1458 atoms, above the default threshold too
        // a perfect lattice in shuffled atom order: many equal u_a within a bin, so the order of ties
        // (by index, from the stable counting sort) shows in the output
        list.add(shuffled(BccTungstenBox.build(8, 0.0, 1), new Random(12)));
        list.add(RandomStructures.triclinic(new Random(3), 1500, 24, 28, 0.8, 0.2, TTT, "Si", "O"));
        list.add(RandomStructures.triclinic(new Random(4), 1200, 22, 26, 0.5, 0.1, new boolean[] {true, true, false}, "Cu"));
        list.add(RandomStructures.triclinic(new Random(5), 700, 14, 30, 0.6, 0.3, new boolean[] {true, false, false}, "Ni", "Al"));
        list.add(RandomStructures.cluster(new Random(6), 900, 25, "C", "H"));
        // cutoff larger than the cell: many images of every atom, an atom its own neighbour
        list.add(RandomStructures.triclinic(new Random(7), 3, 2, 3.5, 0.7, 0.4, TTT, "W", "Re"));
        list.add(Structure.of(Cell.orthorhombic(2.2, 2.5, 3.1), TTT, new String[] {"W"},
                new double[] {-0.3}, new double[] {2.9}, new double[] {0.1}));
        list.add(RandomStructures.triclinic(new Random(8), 40, 4, 9, 0.9, 0.5, new boolean[] {false, true, true}, "Fe"));
        return list;
    }

    private static Structure shuffled(Structure s, Random rnd) {
        int n = s.natoms();
        int[] perm = new int[n];
        for (int k = 0; k < n; k++) perm[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int t = rnd.nextInt(k + 1), v = perm[k];
            perm[k] = perm[t];
            perm[t] = v;
        }
        String[] sym = new String[n];
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int k = 0; k < n; k++) {
            sym[k] = s.symbol(perm[k]);
            x[k] = s.x()[perm[k]];
            y[k] = s.y()[perm[k]];
            z[k] = s.z()[perm[k]];
        }
        return Structure.of(s.cell(), s.pbc(), sym, x, y, z);
    }

    /** The list from the reference binning ({@link CellList#prepareReference}, atom by atom) and the serial search. */
    private static NeighborList serial(Structure s, double cutoff, boolean half, boolean sorted) {
        CellList cl = new CellList();
        cl.prepareReference(s, cutoff, half);
        NeighborList out = new NeighborList();
        out.reset(s.natoms(), cutoff, half);
        out.sortedBySpecies = sorted;
        out.deferShifts(s); // as the builders do: the search writes no shifts
        cl.search(half, sorted, s.speciesCount(), out);
        return out;
    }

    @Test
    void serialBuildEqualsTheReferenceBinning() {
        for (Structure s : structures()) {
            for (boolean half : new boolean[] {false, true}) {
                NeighborList out = new NeighborList();
                new CellList().build(s, 4.0, half, true, out);
                assertIdentical(serial(s, 4.0, half, true), out, "serial build, " + s);
            }
        }
    }

    @Test
    void threadsWithParallelPrepareEqualSerialArrayForArray() {
        List<Structure> list = structures();
        for (int threads : new int[] {2, 3}) {
            try (ParallelNeighbors pn = new ParallelNeighbors(threads, 1)) {
                NeighborList out = new NeighborList();
                // twice: the second round reuses the grown buffers of larger and smaller structures
                for (int round = 0; round < 2; round++) {
                    for (int k = 0; k < list.size(); k++) {
                        Structure s = list.get(k);
                        for (boolean half : new boolean[] {false, true}) {
                            for (boolean sorted : new boolean[] {false, true}) {
                                NeighborList expected = serial(s, 5.0, half, sorted);
                                pn.build(s, 5.0, half, sorted, out);
                                assertIdentical(expected, out, threads + " threads, structure " + k + (half ? " half" : " full"));
                            }
                        }
                    }
                }
            }
        }
    }

    /** Runs the members one after another, last first: any order dependence between members shows. */
    private record ReverseTeam(int size) implements CellList.Team {
        @Override
        public void run(IntConsumer task) {
            for (int t = size - 1; t >= 0; t--) task.accept(t);
        }
    }

    @Test
    void anyTeamSizeGivesTheSerialBinning() {
        List<Structure> list = structures();
        for (int size = 1; size <= 7; size++) {
            CellList cl = new CellList();
            for (int k = 0; k < list.size(); k++) {
                Structure s = list.get(k);
                for (double cutoff : new double[] {3.0, 5.0}) {
                    for (boolean half : new boolean[] {false, true}) {
                        NeighborList expected = serial(s, cutoff, half, false);
                        cl.prepareParallel(s, cutoff, half, new ReverseTeam(size));
                        NeighborList out = new NeighborList();
                        out.reset(s.natoms(), cutoff, half);
                        out.deferShifts(s);
                        cl.search(half, false, s.speciesCount(), out);
                        assertIdentical(expected, out, "team " + size + ", structure " + k + ", cutoff " + cutoff);
                        assertTrue(expected.size() > 0 || s.natoms() < 2, "structure " + k + " has pairs");
                    }
                }
            }
        }
    }
}
