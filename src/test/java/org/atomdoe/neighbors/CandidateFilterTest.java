package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.Random;
import org.atomdoe.simd.VectorSupport;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API candidate kernel against its scalar twin, at lane and block boundaries. */
class CandidateFilterTest {
    private static final String PANAMA = "org.atomdoe.neighbors.PanamaCandidateFilter";

    private static CandidateFilter panama() {
        CandidateFilter p = VectorSupport.panamaOrNull(CandidateFilter.class, PANAMA);
        if (Boolean.getBoolean("atomdoe.expectScalar")) {
            assertEquals(null, p, "no Vector API module in the scalar run");
        }
        Assumptions.assumeTrue(p != null, "Vector API not available in this JVM");
        return p;
    }

    @Test
    void panamaKeepsExactlyTheScalarCandidates() {
        CandidateFilter vec = panama(), sca = new ScalarCandidateFilter();
        Random rnd = new Random(17);
        int[] sizes = new int[80];
        for (int k = 0; k < 70; k++) sizes[k] = k + 1;
        int[] more = {71, 73, 79, 97, 127, 128, 129, 251, 509, 1021};
        System.arraycopy(more, 0, sizes, 70, more.length);
        for (int len : sizes) {
            for (int start : new int[] {0, 1, 3, 7, 8, 13}) {
                int n = start + len + CandidateFilter.PADDING;
                double[] x = new double[n], y = new double[n], z = new double[n];
                int[] hkey = new int[n];
                for (int q = 0; q < n; q++) {
                    x[q] = 6 * rnd.nextDouble();
                    y[q] = 6 * rnd.nextDouble();
                    z[q] = 6 * rnd.nextDouble();
                    hkey[q] = rnd.nextInt(40);
                }
                // a candidate exactly on the cutoff must be dropped by both (strict <)
                x[start] = 3 + 2;
                y[start] = 3;
                z[start] = 3;
                for (int key : new int[] {Integer.MIN_VALUE, 19}) {
                  // the centre's own image: none, first, a lane boundary, last, a point well inside the cutoff
                  for (int self : new int[] {-1, start, start + Math.min(len - 1, 4), start + len - 1, start + len / 2}) {
                    if (self >= 0) {
                        x[self] = 3.25;
                        y[self] = 3;
                        z[self] = 3;
                    }
                    int[] a = new int[len + 8 + CandidateFilter.PADDING], b = new int[a.length];
                    Arrays.fill(a, -1);
                    Arrays.fill(b, -1);
                    a[0] = b[0] = 42; // entries before m are kept
                    int ma = sca.select(x, y, z, hkey, start, start + len, 3, 3, 3, 4.0, key, self, a, 1);
                    int mb = vec.select(x, y, z, hkey, start, start + len, 3, 3, 3, 4.0, key, self, b, 1);
                    String what = "len " + len + " start " + start + " key " + key + " self " + self;
                    assertEquals(ma, mb, "count, " + what);
                    assertEquals(Arrays.toString(Arrays.copyOf(a, ma)), Arrays.toString(Arrays.copyOf(b, mb)),
                            "kept indices, " + what);
                    assertEquals(42, b[0], "entries before m untouched, " + what);
                    // independent check of the scalar twin
                    int expect = 1;
                    for (int q = start; q < start + len; q++) {
                        double dx = x[q] - 3, dy = y[q] - 3, dz = z[q] - 3;
                        if (q != self && dx * dx + dy * dy + dz * dz < 4.0 && hkey[q] > key) assertEquals(q, a[expect++]);
                    }
                    assertEquals(expect, ma);
                  }
                }
            }
        }
    }

    /**
     * {@code select2} keeps, for each of its two centres, exactly what {@code select} keeps for that
     * centre alone, in both kernels, at sizes 1..70, primes to 1021 and six starts, with own images
     * at the run's ends and at lane boundaries, half-list keys, and the two outputs in one array.
     */
    @Test
    void twoCentreKernelKeepsWhatEachCentreKeepsAlone() {
        CandidateFilter sca = new ScalarCandidateFilter();
        CandidateFilter vec = VectorSupport.panamaOrNull(CandidateFilter.class, PANAMA);
        Random rnd = new Random(29);
        int[] sizes = new int[80];
        for (int k = 0; k < 70; k++) sizes[k] = k + 1;
        int[] more = {71, 73, 79, 97, 127, 128, 129, 251, 509, 1021};
        System.arraycopy(more, 0, sizes, 70, more.length);
        for (CandidateFilter f : vec == null ? new CandidateFilter[] {sca} : new CandidateFilter[] {sca, vec}) {
            for (int len : sizes) {
                for (int start : new int[] {0, 1, 3, 7, 8, 13}) {
                    int n = start + len + CandidateFilter.PADDING;
                    double[] x = new double[n], y = new double[n], z = new double[n];
                    int[] hkey = new int[n];
                    for (int q = 0; q < n; q++) {
                        x[q] = 6 * rnd.nextDouble();
                        y[q] = 6 * rnd.nextDouble();
                        z[q] = 6 * rnd.nextDouble();
                        hkey[q] = rnd.nextInt(40);
                    }
                    x[start] = 3 + 2; // exactly on A's cutoff: dropped (strict <)
                    y[start] = 3;
                    z[start] = 3;
                    int e = start + len;
                    int[][] selfs = {{-1, -1}, {start, e - 1}, {start + Math.min(len - 1, 4), start + Math.min(len - 1, 3)},
                            {e - 1, start}, {start + len / 2, start + len / 2}};
                    for (int[] keys : new int[][] {{Integer.MIN_VALUE, Integer.MIN_VALUE}, {19, 7}}) {
                        for (int[] self : selfs) {
                            double xb = 3.4, yb = 2.9, zb = 3.2;
                            int room = len + CandidateFilter.PADDING;
                            int[] out = new int[1 + 2 * room];
                            Arrays.fill(out, -1);
                            out[0] = 42;
                            long m2 = f.select2(x, y, z, hkey, start, e, 4.0, 3, 3, 3, keys[0], self[0], out, 1,
                                    xb, yb, zb, keys[1], self[1], out, 1 + room);
                            int ma = (int) (m2 >>> 32), mb = (int) m2;
                            int[] a = new int[len + 1 + CandidateFilter.PADDING], b = new int[a.length];
                            int ea = sca.select(x, y, z, hkey, start, e, 3, 3, 3, 4.0, keys[0], self[0], a, 0);
                            int eb = sca.select(x, y, z, hkey, start, e, xb, yb, zb, 4.0, keys[1], self[1], b, 0);
                            String what = f.getClass().getSimpleName() + " len " + len + " start " + start
                                    + " keys " + Arrays.toString(keys) + " self " + Arrays.toString(self);
                            assertEquals(ea, ma - 1, "count A, " + what);
                            assertEquals(eb, mb - 1 - room, "count B, " + what);
                            assertEquals(Arrays.toString(Arrays.copyOf(a, ea)), Arrays.toString(Arrays.copyOfRange(out, 1, ma)), "A, " + what);
                            assertEquals(Arrays.toString(Arrays.copyOf(b, eb)),
                                    Arrays.toString(Arrays.copyOfRange(out, 1 + room, mb)), "B, " + what);
                            assertEquals(42, out[0], "entries before ma untouched, " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void cellListsWithEitherKernelAreIdentical() {
        CandidateFilter vec = panama();
        Random rnd = new Random(23);
        for (int t = 0; t < 6; t++) {
            boolean[] pbc = {true, t % 3 != 1, t % 2 == 0};
            Structure s = RandomStructures.triclinic(rnd, 60, 5, 9, 1.5, 0.3, pbc, "Si", "O");
            for (boolean half : new boolean[] {false, true}) {
                NeighborList a = new NeighborList(), b = new NeighborList();
                new CellList(0.5, new ScalarCandidateFilter()).build(s, 4.5, half, a);
                new CellList(0.5, vec).build(s, 4.5, half, b);
                NeighborListAssert.assertIdentical(a, b, "structure " + t);
            }
        }
        assertNotNull(CellList.DEFAULT_FILTER);
    }
}
