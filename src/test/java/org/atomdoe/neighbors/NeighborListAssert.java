package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Compares neighbour lists as sets of (i, j, shift) with D and r to a tolerance. */
final class NeighborListAssert {
    private NeighborListAssert() {}

    record Key(int i, int j, int sa, int sb, int sc) {}

    /** One entry's payload: D and |D|. */
    record Value(double dx, double dy, double dz, double r) {}

    static Map<Key, Value> toMap(NeighborList nl) {
        Map<Key, Value> m = new HashMap<>();
        int[] off = nl.offsets();
        assertEquals(0, off[0], "offsets[0]");
        assertEquals(nl.size(), off[nl.natoms()], "offsets[n] == size");
        for (int i = 0; i < nl.natoms(); i++) {
            assertTrue(off[i] <= off[i + 1], "offsets non-decreasing at " + i);
            assertEquals(off[i + 1] - off[i], nl.count(i), "count of centre " + i);
            for (int k = off[i]; k < off[i + 1]; k++) {
                Key key = new Key(i, nl.neighbors()[k], nl.shiftX()[k], nl.shiftY()[k], nl.shiftZ()[k]);
                Value v = new Value(nl.dx()[k], nl.dy()[k], nl.dz()[k], nl.distances()[k]);
                if (m.put(key, v) != null) fail("duplicate entry " + key);
            }
        }
        return m;
    }

    /** Same set of (i, j, S), and D, r equal within {@code tol}. */
    static void assertSameList(NeighborList expected, NeighborList actual, double tol, String what) {
        assertEquals(expected.natoms(), actual.natoms(), what + ": natoms");
        assertEquals(expected.isHalf(), actual.isHalf(), what + ": half flag");
        Map<Key, Value> e = toMap(expected), a = toMap(actual);
        // A pair whose distance ties the cutoff to within tol may fall either side of it: the two
        // searches round D = r_j + S.H - r_i in different orders, so one ulp decides. Such a pair
        // may be in one list and not the other; it is dropped from both before comparing.
        double cutoff = expected.cutoff();
        e.entrySet().removeIf(en -> !a.containsKey(en.getKey()) && cutoff - en.getValue().r <= tol);
        a.entrySet().removeIf(en -> !e.containsKey(en.getKey()) && cutoff - en.getValue().r <= tol);
        for (Key k : e.keySet()) {
            if (!a.containsKey(k)) fail(what + ": missing " + k + " " + e.get(k) + " (expected " + e.size() + " entries, got " + a.size() + ")");
        }
        for (Key k : a.keySet()) {
            if (!e.containsKey(k)) fail(what + ": extra " + k + " " + a.get(k) + " (expected " + e.size() + " entries, got " + a.size() + ")");
        }
        for (Map.Entry<Key, Value> en : e.entrySet()) {
            Value x = en.getValue(), y = a.get(en.getKey());
            if (Math.abs(x.dx - y.dx) > tol || Math.abs(x.dy - y.dy) > tol || Math.abs(x.dz - y.dz) > tol
                    || Math.abs(x.r - y.r) > tol) {
                fail(what + ": " + en.getKey() + " expected " + x + " got " + y);
            }
        }
    }

    /** Arrays equal entry by entry (same order): for determinism checks. */
    static void assertIdentical(NeighborList a, NeighborList b, String what) {
        assertEquals(a.natoms(), b.natoms(), what);
        assertEquals(a.size(), b.size(), what + ": size");
        for (int i = 0; i <= a.natoms(); i++) assertEquals(a.offsets()[i], b.offsets()[i], what + ": offsets " + i);
        for (int k = 0; k < a.size(); k++) {
            if (a.neighbors()[k] != b.neighbors()[k] || a.shiftX()[k] != b.shiftX()[k] || a.shiftY()[k] != b.shiftY()[k]
                    || a.shiftZ()[k] != b.shiftZ()[k] || a.dx()[k] != b.dx()[k] || a.dy()[k] != b.dy()[k]
                    || a.dz()[k] != b.dz()[k] || a.distances()[k] != b.distances()[k]) {
                fail(what + ": entry " + k + " differs");
            }
        }
    }

    /** D = r_j + S·H - r_i from the stored positions, and r = |D|, for every entry. */
    static void assertGeometry(org.atomdoe.structure.Structure s, NeighborList nl, double tol) {
        double[] h = s.cell().toArray();
        for (int i = 0; i < nl.natoms(); i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) {
                int j = nl.neighbors()[k];
                int a = nl.shiftX()[k], b = nl.shiftY()[k], c = nl.shiftZ()[k];
                for (int ax = 0; ax < 3; ax++) {
                    if (!s.pbc(ax)) assertEquals(0, ax == 0 ? a : ax == 1 ? b : c, "shift along non-periodic axis");
                }
                double dx = s.x()[j] - s.x()[i] + (a * h[0] + b * h[3] + c * h[6]);
                double dy = s.y()[j] - s.y()[i] + (a * h[1] + b * h[4] + c * h[7]);
                double dz = s.z()[j] - s.z()[i] + (a * h[2] + b * h[5] + c * h[8]);
                assertEquals(dx, nl.dx()[k], tol);
                assertEquals(dy, nl.dy()[k], tol);
                assertEquals(dz, nl.dz()[k], tol);
                assertEquals(Math.sqrt(dx * dx + dy * dy + dz * dz), nl.distances()[k], tol);
                assertTrue(nl.distances()[k] < nl.cutoff(), "r < cutoff");
                assertTrue(!(j == i && a == 0 && b == 0 && c == 0), "(i, i, 0) excluded");
                if (nl.isHalf()) {
                    assertTrue(j > i || (j == i && BruteForceNeighbors.positiveShift(a, b, c)), "half-list rule");
                }
            }
        }
        Objects.requireNonNull(s);
    }
}
