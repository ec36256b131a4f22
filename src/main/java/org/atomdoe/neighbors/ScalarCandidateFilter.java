package org.atomdoe.neighbors;

/**
 * Scalar twin of {@code PanamaCandidateFilter}: one candidate per step, the keep/drop decision taken
 * from sign bits (no branch to mispredict), every candidate index written and the count advanced
 * by 0 or 1.
 */
public final class ScalarCandidateFilter implements CandidateFilter {
    @Override
    public int select(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e,
                      double xi, double yi, double zi, double rc2, int key, int self, int[] cand, int m) {
        for (int q = s; q < e; q++) {
            double dx = ex[q] - xi, dy = ey[q] - yi, dz = ez[q] - zi;
            double r2 = dx * dx + dy * dy + dz * dz;
            cand[m] = q;
            // sign bit of r2 - rc2 is set iff r2 < rc2; of key - hkey iff hkey > key
            long keep = Double.doubleToRawLongBits(r2 - rc2) & ((long) key - hkey[q]);
            m += (int) (keep >>> 63) & (q != self ? 1 : 0);
        }
        return m;
    }
}
