package org.atomdoe.neighbors;

import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * The O(N^2 x images) reference search: every atom pair over every periodic image that can lie
 * within the cutoff. Slow and obviously right; tests compare fast searches against it.
 *
 * <p>The images searched along periodic axis {@code a} are {@code -n_a..n_a} with
 * {@code n_a = ceil((cutoff + extent) / planeSpacing_a)}, where {@code extent} bounds how far the
 * stored (unwrapped) positions spread in fractional units, so that no image within the cutoff is
 * missed even for positions outside the cell.
 */
public final class BruteForceNeighbors {
    private BruteForceNeighbors() {}

    /** Builds the list for {@code s} with the conventions of {@link NeighborList}. */
    public static NeighborList build(Structure s, double cutoff, boolean half) {
        NeighborSearchChecks.check(s, cutoff);
        int n = s.natoms();
        double[] x = s.x(), y = s.y(), z = s.z();
        Cell cell = s.cell();
        int[] reach = new int[3];
        if (s.isPeriodic()) {
            double[] f = new double[3];
            double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < n; i++) {
                cell.toFractional(x[i], y[i], z[i], f);
                for (int a = 0; a < 3; a++) {
                    lo[a] = Math.min(lo[a], f[a]);
                    hi[a] = Math.max(hi[a], f[a]);
                }
            }
            for (int a = 0; a < 3; a++) {
                if (s.pbc(a)) {
                    double spread = n == 0 ? 0 : hi[a] - lo[a];
                    reach[a] = (int) Math.ceil(cutoff / cell.planeSpacing(a) + spread) + 1;
                }
            }
        }
        double rc2 = cutoff * cutoff;
        NeighborList nl = new NeighborList();
        nl.reset(n, cutoff, half);
        double[] h = cell.toArray();
        for (int i = 0; i < n; i++) {
            for (int jj = 0; jj < n; jj++) {
                if (half && jj < i) continue;
                for (int s0 = -reach[0]; s0 <= reach[0]; s0++) {
                    for (int s1 = -reach[1]; s1 <= reach[1]; s1++) {
                        for (int s2 = -reach[2]; s2 <= reach[2]; s2++) {
                            if (jj == i && s0 == 0 && s1 == 0 && s2 == 0) continue;
                            if (half && jj == i && !positiveShift(s0, s1, s2)) continue;
                            double ddx = x[jj] - x[i] + s0 * h[0] + s1 * h[3] + s2 * h[6];
                            double ddy = y[jj] - y[i] + s0 * h[1] + s1 * h[4] + s2 * h[7];
                            double ddz = z[jj] - z[i] + s0 * h[2] + s1 * h[5] + s2 * h[8];
                            double r2 = ddx * ddx + ddy * ddy + ddz * ddz;
                            if (r2 < rc2) nl.add(jj, s0, s1, s2, ddx, ddy, ddz, Math.sqrt(r2));
                        }
                    }
                }
            }
            nl.endCentre(i);
        }
        return nl;
    }

    /** Half-list tie-break for self images: the first non-zero shift component is positive. */
    public static boolean positiveShift(int s0, int s1, int s2) {
        if (s0 != 0) return s0 > 0;
        if (s1 != 0) return s1 > 0;
        return s2 > 0;
    }
}
