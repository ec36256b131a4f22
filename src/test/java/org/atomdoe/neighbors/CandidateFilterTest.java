package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.Random;
import org.atomdoe.simd.VectorSupport;
import org.atomdoe.structure.Cell;
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

    /**
     * {@code select2f} (float pre-decision, double test within the error band of the cutoff, half-list
     * key pre-skip) keeps for each centre exactly what the double {@code select} keeps, in both
     * kernels: sizes 1..70, primes to 1021, six starts, coordinates far from the origin (so the float
     * copies are rounded), a third of the candidates within 10^-4 Å of the cutoff (inside and outside
     * the float band) and some exactly on it, own images at the ends and lane boundaries, and half-list
     * keys that rise along the run after a low run of 0..40 candidates (the pre-skip's limit is 16).
     */
    @Test
    void floatPreDecisionKeepsExactlyTheDoubleSet() {
        CandidateFilter sca = new ScalarCandidateFilter();
        CandidateFilter vec = VectorSupport.panamaOrNull(CandidateFilter.class, PANAMA);
        Random rnd = new Random(31);
        int[] sizes = new int[80];
        for (int k = 0; k < 70; k++) sizes[k] = k + 1;
        int[] more = {71, 73, 79, 97, 127, 128, 129, 251, 509, 1021};
        System.arraycopy(more, 0, sizes, 70, more.length);
        final double rc = 2, rc2 = rc * rc;
        int ambiguous = 0;
        for (CandidateFilter f : vec == null ? new CandidateFilter[] {sca} : new CandidateFilter[] {sca, vec}) {
            for (int len : sizes) {
                for (int start : new int[] {0, 1, 3, 7, 8, 13}) {
                    int n = start + len + CandidateFilter.PADDING;
                    double ox = 41.3, oy = -57.9, oz = 63.7; // centre A near here: float copies rounded
                    double xa = ox, ya = oy, za = oz, xb = ox + 0.37, yb = oy - 0.11, zb = oz + 0.23;
                    double[] x = new double[n], y = new double[n], z = new double[n];
                    int[] hkey = new int[n];
                    int low = rnd.nextInt(41);
                    for (int q = 0; q < n; q++) {
                        double cx = q % 2 == 0 ? xa : xb, cy = q % 2 == 0 ? ya : yb, cz = q % 2 == 0 ? za : zb;
                        // a random direction; distance random, or within 1e-4 of rc, or exactly rc along an axis
                        double ux = rnd.nextGaussian(), uy = rnd.nextGaussian(), uz = rnd.nextGaussian();
                        double nu = Math.sqrt(ux * ux + uy * uy + uz * uz);
                        int kind = rnd.nextInt(6);
                        if (kind == 5) {
                            x[q] = cx + rc;
                            y[q] = cy;
                            z[q] = cz;
                        } else {
                            double r = kind < 2 ? rc + (rnd.nextDouble() - 0.5) * 2e-4 : 3 * rc * rnd.nextDouble();
                            x[q] = cx + r * ux / nu;
                            y[q] = cy + r * uy / nu;
                            z[q] = cz + r * uz / nu;
                        }
                        hkey[q] = q - start < low ? rnd.nextInt(10) : 10 + q + rnd.nextInt(3);
                    }
                    double maxAbs = 0;
                    float[] fx = new float[n], fy = new float[n], fz = new float[n];
                    for (int q = 0; q < n; q++) {
                        fx[q] = (float) x[q];
                        fy[q] = (float) y[q];
                        fz[q] = (float) z[q];
                        maxAbs = Math.max(maxAbs, Math.max(Math.abs(x[q]), Math.max(Math.abs(y[q]), Math.abs(z[q]))));
                    }
                    maxAbs = Math.max(maxAbs, Math.max(Math.abs(xb), Math.max(Math.abs(yb), Math.abs(zb))));
                    double band = CellList.floatBandWidth(rc, maxAbs);
                    float lowF = Math.nextDown((float) (rc2 - band)), hiF = Math.nextUp((float) (rc2 + band));
                    for (int q = start; q < start + len; q++) {
                        float dx = fx[q] - (float) xa, dy = fy[q] - (float) ya, dz = fz[q] - (float) za;
                        float r2 = dx * dx + dy * dy + dz * dz;
                        if (r2 >= lowF && r2 < hiF) ambiguous++;
                    }
                    int e = start + len;
                    int[][] selfs = {{-1, -1}, {start, e - 1}, {start + Math.min(len - 1, 7), start + Math.min(len - 1, 8)},
                            {e - 1, start}};
                    for (int[] keys : new int[][] {{Integer.MIN_VALUE, Integer.MIN_VALUE}, {9, 12 + start + len / 3}}) {
                        for (int[] self : selfs) {
                            int room = len + CandidateFilter.PADDING;
                            int[] out = new int[1 + 2 * room];
                            Arrays.fill(out, -1);
                            out[0] = 42;
                            long m2 = f.select2f(fx, fy, fz, lowF, hiF, x, y, z, hkey, start, e, rc2, xa, ya, za, keys[0],
                                    self[0], out, 1, xb, yb, zb, keys[1], self[1], out, 1 + room);
                            int ma = (int) (m2 >>> 32), mb = (int) m2;
                            int[] a = new int[len + 1 + CandidateFilter.PADDING], b = new int[a.length];
                            int ea = sca.select(x, y, z, hkey, start, e, xa, ya, za, rc2, keys[0], self[0], a, 0);
                            int eb = sca.select(x, y, z, hkey, start, e, xb, yb, zb, rc2, keys[1], self[1], b, 0);
                            String what = f.getClass().getSimpleName() + " len " + len + " start " + start + " low " + low
                                    + " keys " + Arrays.toString(keys) + " self " + Arrays.toString(self);
                            assertEquals(Arrays.toString(Arrays.copyOf(a, ea)), Arrays.toString(Arrays.copyOfRange(out, 1, ma)), "A, " + what);
                            assertEquals(Arrays.toString(Arrays.copyOf(b, eb)),
                                    Arrays.toString(Arrays.copyOfRange(out, 1 + room, mb)), "B, " + what);
                            assertEquals(42, out[0], "entries before ma untouched, " + what);
                        }
                    }
                }
            }
        }
        // the double fallback was exercised (float r² inside the band), not only the float decision
        org.junit.jupiter.api.Assertions.assertTrue(ambiguous > 100, "ambiguous candidates: " + ambiguous);
    }

    /**
     * {@code select2fRows} (all rows of a centre pair in one call) keeps, per centre, the
     * concatenation of what the double {@code select} keeps run by run, in both kernels: 1 to 9 runs
     * of lengths 0..70, primes to 1021 (every length used), anywhere in the arrays (overlapping
     * allowed), coordinates far from the origin, many candidates within 10^-4 Å of the cutoff,
     * half-list keys or none, own images inside some runs.
     */
    @Test
    void rowKernelKeepsWhatOneCallPerRunKeeps() {
        CandidateFilter sca = new ScalarCandidateFilter();
        CandidateFilter vec = VectorSupport.panamaOrNull(CandidateFilter.class, PANAMA);
        // both step widths of the Panama row kernel (8 lanes with a pack table, 16 with compress), whichever this
        // hardware prefers
        CandidateFilter vec8 = vec == null ? null : panamaOfWidth(false), vec16 = vec == null ? null : panamaOfWidth(true);
        Random rnd = new Random(47);
        int[] sizes = new int[81];
        for (int k = 0; k <= 70; k++) sizes[k] = k;
        int[] more = {71, 73, 79, 97, 127, 128, 129, 251, 509, 1021};
        System.arraycopy(more, 0, sizes, 71, more.length);
        final double rc = 2, rc2 = rc * rc;
        final int n = 1100 + CandidateFilter.PADDING;
        double xa = 41.3, ya = -57.9, za = 63.7, xb = xa + 0.37, yb = ya - 0.11, zb = za + 0.23;
        double[] x = new double[n], y = new double[n], z = new double[n];
        float[] fx = new float[n], fy = new float[n], fz = new float[n];
        int[] hkey = new int[n];
        for (int q = 0; q < n; q++) {
            double cx = q % 2 == 0 ? xa : xb, cy = q % 2 == 0 ? ya : yb, cz = q % 2 == 0 ? za : zb;
            double ux = rnd.nextGaussian(), uy = rnd.nextGaussian(), uz = rnd.nextGaussian();
            double nu = Math.sqrt(ux * ux + uy * uy + uz * uz);
            double r = rnd.nextInt(3) == 0 ? rc + (rnd.nextDouble() - 0.5) * 2e-4 : 3 * rc * rnd.nextDouble();
            x[q] = cx + r * ux / nu;
            y[q] = cy + r * uy / nu;
            z[q] = cz + r * uz / nu;
            fx[q] = (float) x[q];
            fy[q] = (float) y[q];
            fz[q] = (float) z[q];
            hkey[q] = rnd.nextInt(2 * n);
        }
        double band = CellList.floatBandWidth(rc, 100);
        float lowF = Math.nextDown((float) (rc2 - band)), hiF = Math.nextUp((float) (rc2 + band));
        int cases = 0, kept = 0;
        for (CandidateFilter f : vec == null ? new CandidateFilter[] {sca} : new CandidateFilter[] {sca, vec, vec8, vec16}) {
            int next = 0;
            for (int c = 0; c < 400; c++) {
                int nr = 1 + rnd.nextInt(9);
                int[] rs = new int[nr], re = new int[nr];
                int total = 0;
                for (int r = 0; r < nr; r++) {
                    int len = sizes[next++ % sizes.length];
                    if (len > 300 && rnd.nextBoolean()) len = rnd.nextInt(40);
                    rs[r] = rnd.nextInt(n - CandidateFilter.PADDING - len + 1);
                    re[r] = rs[r] + len;
                    total += len;
                }
                boolean half = rnd.nextBoolean();
                int keyA = half ? rnd.nextInt(2 * n) : Integer.MIN_VALUE, keyB = half ? rnd.nextInt(2 * n) : Integer.MIN_VALUE;
                // own images inside a run (or none)
                int r0 = rnd.nextInt(nr);
                int selfA = re[r0] > rs[r0] && rnd.nextBoolean() ? rs[r0] + rnd.nextInt(re[r0] - rs[r0]) : -1;
                int selfB = re[r0] > rs[r0] && rnd.nextBoolean() ? re[r0] - 1 : -1;
                int room = total + CandidateFilter.PADDING;
                int[] out = new int[1 + 2 * room];
                out[0] = 42;
                long m2 = f.select2fRows(fx, fy, fz, lowF, hiF, x, y, z, hkey, rs, re, nr, rc2, xa, ya, za, keyA, selfA,
                        out, 1, xb, yb, zb, keyB, selfB, out, 1 + room);
                int ma = (int) (m2 >>> 32), mb = (int) m2;
                int[] a = new int[room], b = new int[room];
                int ea = 0, eb = 0;
                for (int r = 0; r < nr; r++) {
                    ea = sca.select(x, y, z, hkey, rs[r], re[r], xa, ya, za, rc2, keyA, selfA, a, ea);
                    eb = sca.select(x, y, z, hkey, rs[r], re[r], xb, yb, zb, rc2, keyB, selfB, b, eb);
                }
                String what = f.getClass().getSimpleName() + " case " + c + " runs " + Arrays.toString(rs) + " "
                        + Arrays.toString(re) + " keys " + keyA + ", " + keyB + " self " + selfA + ", " + selfB;
                assertEquals(Arrays.toString(Arrays.copyOf(a, ea)), Arrays.toString(Arrays.copyOfRange(out, 1, ma)), "A, " + what);
                assertEquals(Arrays.toString(Arrays.copyOf(b, eb)), Arrays.toString(Arrays.copyOfRange(out, 1 + room, mb)),
                        "B, " + what);
                assertEquals(42, out[0], "entries before ma untouched, " + what);
                cases++;
                kept += ea + eb;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(cases >= 400 && kept > 1000, "cases " + cases + ", kept " + kept);
    }

    /** The Panama kernel with 16-lane (compress) or 8-lane (table) row steps, by reflection (no compile-time vector types). */
    private static CandidateFilter panamaOfWidth(boolean wide) {
        try {
            var c = Class.forName(PANAMA).getDeclaredConstructor(boolean.class);
            c.setAccessible(true);
            return (CandidateFilter) c.newInstance(wide);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whole lists with the float pre-decision (Panama kernel) equal the scalar kernel's entry for
     * entry, and the brute-force list, on lattices whose neighbour distance is the cutoff to within
     * 2·10^-6 Å (below the float rounding of the coordinates): a periodic simple-cubic box and the same atoms as a cluster 10^3 Å from the origin
     * (a wider float band there).
     */
    @Test
    void cutoffTiesGiveTheSameListsWithTheFloatPreDecision() {
        CandidateFilter vec = panama();
        Random rnd = new Random(37);
        double a = 2.9;
        int m = 7, n = m * m * m;
        for (double origin : new double[] {0.1234567, 1000.1234567}) {
            double[] x = new double[n], y = new double[n], z = new double[n];
            int k = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    for (int l = 0; l < m; l++, k++) {
                        x[k] = origin + i * a + (rnd.nextDouble() - 0.5) * 2e-6;
                        y[k] = origin + j * a + (rnd.nextDouble() - 0.5) * 2e-6;
                        z[k] = origin + l * a + (rnd.nextDouble() - 0.5) * 2e-6;
                    }
                }
            }
            String[] sym = new String[n];
            Arrays.fill(sym, "Cu");
            boolean p = origin < 1;
            Structure s = p
                    ? Structure.of(Cell.orthorhombic(m * a, m * a, m * a), new boolean[] {true, true, true}, sym, x, y, z)
                    : Structure.of(Cell.NONE, new boolean[3], sym, x, y, z);
            for (boolean half : new boolean[] {false, true}) {
                NeighborList sc = new NeighborList(), ve = new NeighborList();
                new CellList(1.0, new ScalarCandidateFilter()).build(s, a, half, sc);
                new CellList(1.0, vec).build(s, a, half, ve);
                String what = "origin " + origin + " half " + half;
                NeighborListAssert.assertIdentical(sc, ve, what);
                NeighborListAssert.assertSameList(BruteForceNeighbors.build(s, a, half), ve, 1e-12, what);
                // the ties fall on both sides of the cutoff (at most 6 neighbours per atom, 3 in a half list)
                int most = (half ? 3 : 6) * n;
                org.junit.jupiter.api.Assertions.assertTrue(ve.size() > most / 4 && ve.size() < 3 * most / 4,
                        what + ": entries " + ve.size() + " of at most " + most);
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

    /**
     * The half-list row cut: the first key above the bin's smallest centre key, by the Vector API
     * kernel and by the scalar twin, against a plain loop, for runs of 1..70 images, primes and 1021
     * at several starts, with the cut anywhere from the first image to past the last.
     */
    @Test
    void firstKeyAboveIsTheScalarLoopsIndex() {
        CandidateFilter sca = new ScalarCandidateFilter();
        CandidateFilter vec = VectorSupport.panamaOrNull(CandidateFilter.class, PANAMA);
        if (Boolean.getBoolean("atomdoe.expectScalar")) assertEquals(null, vec, "no Vector API module in the scalar run");
        Random rnd = new Random(41);
        int[] sizes = new int[80];
        for (int k = 0; k < 70; k++) sizes[k] = k + 1;
        int[] more = {71, 73, 79, 97, 127, 128, 129, 251, 509, 1021};
        System.arraycopy(more, 0, sizes, 70, more.length);
        int cuts = 0;
        for (CandidateFilter f : vec == null ? new CandidateFilter[] {sca} : new CandidateFilter[] {sca, vec}) {
            for (int len : sizes) {
                for (int start : new int[] {0, 1, 3, 7, 8, 13, 16}) {
                    int e = start + len;
                    int[] hkey = new int[e + CandidateFilter.PADDING];
                    // the padding and the images before start hold keys above every key tried: they must not count
                    Arrays.fill(hkey, Integer.MAX_VALUE);
                    for (int cut : new int[] {0, 1, len / 3, len / 2, len - 1, len}) {
                        // keys at most 100 before the cut, then random (some of them at most 100 again)
                        for (int q = start; q < e; q++) hkey[q] = q - start < cut ? rnd.nextInt(101) : rnd.nextInt(300);
                        for (int key : new int[] {100, -1, Integer.MIN_VALUE, 299}) {
                            int expect = start;
                            while (expect < e && hkey[expect] <= key) expect++;
                            assertEquals(expect, f.firstKeyAbove(hkey, start, e, key),
                                    f.getClass().getSimpleName() + " len " + len + " start " + start + " cut " + cut + " key " + key);
                            if (expect > start && expect < e) cuts++;
                        }
                    }
                    assertEquals(start, f.firstKeyAbove(hkey, start, start, 100), "empty run");
                }
            }
        }
        // the keys tried cut inside the run, not only at its ends
        assertEquals(true, cuts > 1000, "cuts inside the runs: " + cuts);
    }
}
