package org.atomdoe.neighbors;

import static org.atomdoe.neighbors.NeighborListAssert.assertIdentical;
import static org.atomdoe.neighbors.NeighborListAssert.assertSameList;

import java.util.Random;
import org.atomdoe.bench.BccTungstenBox;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * The half-list rule is by atom index (i < j), the search is by position: lists must not depend on
 * how the atom indices relate to the positions. Every structure is also built with its atoms in
 * reversed and in shuffled order (so the lower index of a pair is as often "behind" as "ahead" in
 * any spatial search order), full and half, with and without the species sort, compared with the
 * brute-force list; the 2- and 3-thread builds must equal the serial one array for array.
 */
class AtomOrderTest {
    private static final double TOL = 1e-12;

    private static Structure permuted(Structure s, int[] perm) {
        int n = s.natoms();
        String[] sym = new String[n];
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int k = 0; k < n; k++) {
            int i = perm[k];
            sym[k] = s.symbol(i);
            x[k] = s.x()[i];
            y[k] = s.y()[i];
            z[k] = s.z()[i];
        }
        return Structure.of(s.cell(), new boolean[] {s.pbc(0), s.pbc(1), s.pbc(2)}, sym, x, y, z);
    }

    /** With {@code brute}: against the brute-force list; always: 2 threads equal to serial (structures of 1024+ atoms split). */
    private static void check(Structure s, double cutoff, boolean brute, String what) {
        int n = s.natoms();
        int[] reversed = new int[n], shuffled = new int[n];
        for (int k = 0; k < n; k++) {
            reversed[k] = n - 1 - k;
            shuffled[k] = k;
        }
        Random rnd = new Random(17);
        for (int k = n - 1; k > 0; k--) {
            int t = rnd.nextInt(k + 1), v = shuffled[k];
            shuffled[k] = shuffled[t];
            shuffled[t] = v;
        }
        for (Structure p : new Structure[] {s, permuted(s, reversed), permuted(s, shuffled)}) {
            for (boolean half : new boolean[] {false, true}) {
                NeighborList expected = brute ? BruteForceNeighbors.build(p, cutoff, half) : null;
                for (boolean sorted : new boolean[] {false, true}) {
                    NeighborList serial = new NeighborList();
                    new CellList().build(p, cutoff, half, sorted, serial);
                    if (brute) assertSameList(expected, serial, TOL, what + (half ? " half" : " full") + (sorted ? " sorted" : ""));
                    try (ParallelNeighbors pn = new ParallelNeighbors(2)) {
                        NeighborList par = new NeighborList();
                        pn.build(p, cutoff, half, sorted, par);
                        assertIdentical(serial, par, what + " 2 threads");
                    }
                }
            }
        }
    }

    @Test
    void bccBoxInAnyAtomOrder() {
        check(BccTungstenBox.build(5, 0.1, 5), 5.0, true, "bcc W 250 atoms");
        check(BccTungstenBox.build(8, 0.1, 5), 5.0, false, "bcc W 1024 atoms");
    }

    @Test
    void skewedTriclinicSlabAndSmallCellsInAnyAtomOrder() {
        Random rnd = new Random(29);
        boolean[] ttt = {true, true, true};
        check(RandomStructures.triclinic(rnd, 200, 12, 14, 0.9, 0.3, ttt, "Si", "O"), 4.5, true, "skewed triclinic");
        check(RandomStructures.triclinic(rnd, 200, 12, 14, 0.5, 0.2, new boolean[] {true, false, true}, "Cu", "Au"), 4.0, true, "slab");
        check(RandomStructures.triclinic(rnd, 5, 2.5, 3.5, 0.7, 0.1, ttt, "Fe", "C"), 5.0, true, "small cell, many images");
        check(RandomStructures.cluster(rnd, 200, 12, "C", "H"), 4.0, true, "cluster");
        check(RandomStructures.triclinic(rnd, 1100, 20, 24, 0.9, 0.3, ttt, "Si", "O"), 4.5, false, "skewed triclinic 1100");
    }
}
