package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atomdoe.bench.BccTungstenBox;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;

/**
 * SOAP's neighbour buffers: with one species and every entry inside the density, the rows copy the list's ranges
 * instead of filtering entry by entry; both fills must give the same bits (the entries and their order are the same).
 */
class SoapNeighbourBufferTest {

    private static int outside(NeighborList nl, double cutoff) {
        int n = 0;
        for (int k = 0; k < nl.size(); k++) if (nl.distances()[k] > cutoff) n++;
        return n;
    }

    @Test
    void copiedRangesGiveTheFilteredRows() {
        Structure box = BccTungstenBox.build(4, 0.1, 11L);
        for (DescriptorKernels kernels : List.of(DescriptorKernels.DEFAULT, new ScalarDescriptorKernels())) {
            for (int lMax : new int[] {6, 3}) { // 6: the unrolled harmonics; 3 the loop version
                SoapPowerSpectrum d = new SoapPowerSpectrum(SoapSettings.of(5.0, 8, lMax, 1.0, List.of("W")), kernels);
                NeighborList exact = CellList.of(box, d.cutoff(), false); // every entry inside: the copy
                NeighborList wider = CellList.of(box, d.cutoff() + 1.5, false); // entries outside: the per-entry filter
                assertEquals(0, outside(exact, d.cutoff()));
                assertTrue(outside(wider, d.cutoff()) > box.natoms(), "the wider list must reach beyond the density");
                double[] a = new double[box.natoms() * d.featureCount()], b = new double[a.length];
                d.compute(box, exact, a);
                d.compute(box, wider, b);
                assertArrayEquals(b, a, 0.0, "lMax " + lMax + " " + kernels.getClass().getSimpleName());
                double max = 0;
                for (double v : a) max = Math.max(max, Math.abs(v));
                assertTrue(max > 0);
                // a range of centres alone: the same rows, the others untouched
                double[] c = new double[a.length];
                d.computeAtoms(box, exact, 17, 41, c);
                for (int i = 0; i < box.natoms(); i++) {
                    for (int f = 0; f < d.featureCount(); f++) {
                        int t = i * d.featureCount() + f;
                        assertEquals(i >= 17 && i < 41 ? a[t] : 0.0, c[t], 0.0);
                    }
                }
            }
        }
    }
}
