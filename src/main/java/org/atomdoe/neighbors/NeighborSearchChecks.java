package org.atomdoe.neighbors;

import org.atomdoe.structure.Structure;

/** Argument checks shared by every neighbour search, with messages a user can act on. */
public final class NeighborSearchChecks {
    private NeighborSearchChecks() {}

    /** Throws {@link IllegalArgumentException} for a non-positive cutoff, a singular periodic cell or NaN positions. */
    public static void check(Structure s, double cutoff) {
        checkSettings(s, cutoff);
        int i = firstNonFinite(s.x(), s.y(), s.z(), 0, s.natoms());
        if (i >= 0) nonFinite(i, s.x()[i], s.y()[i], s.z()[i]);
    }

    /** The checks of {@link #check} that do not read the positions: the cutoff and the cell. */
    static void checkSettings(Structure s, double cutoff) {
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("the neighbour cutoff must be a positive finite number of Å, got " + cutoff);
        }
        if (s.isPeriodic() && !s.cell().isRegular()) {
            throw new IllegalArgumentException("the cell is singular (volume 0), cannot search periodic images");
        }
    }

    /** The first atom of {@code [from, to)} with a non-finite coordinate, or -1 (split over threads by the parallel binning). */
    static int firstNonFinite(double[] x, double[] y, double[] z, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || !Double.isFinite(z[i])) return i;
        }
        return -1;
    }

    /** Throws the error of {@link #check} for atom {@code i} at {@code (x, y, z)}. */
    static void nonFinite(int i, double x, double y, double z) {
        throw new IllegalArgumentException("atom " + i + " has a non-finite position (" + x + ", " + y + ", " + z + ")");
    }
}
