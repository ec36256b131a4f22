package org.atomdoe.neighbors;

import org.atomdoe.structure.Structure;

/** Argument checks shared by every neighbour search, with messages a user can act on. */
public final class NeighborSearchChecks {
    private NeighborSearchChecks() {}

    /** Throws {@link IllegalArgumentException} for a non-positive cutoff, a singular periodic cell or NaN positions. */
    public static void check(Structure s, double cutoff) {
        if (!(cutoff > 0) || Double.isInfinite(cutoff)) {
            throw new IllegalArgumentException("the neighbour cutoff must be a positive finite number of Å, got " + cutoff);
        }
        if (s.isPeriodic() && !s.cell().isRegular()) {
            throw new IllegalArgumentException("the cell is singular (volume 0), cannot search periodic images");
        }
        double[] x = s.x(), y = s.y(), z = s.z();
        for (int i = 0; i < s.natoms(); i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || !Double.isFinite(z[i])) {
                throw new IllegalArgumentException("atom " + i + " has a non-finite position (" + x[i] + ", " + y[i] + ", " + z[i] + ")");
            }
        }
    }
}
