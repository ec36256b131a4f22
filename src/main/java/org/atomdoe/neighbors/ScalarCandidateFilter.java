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

    @Override
    public long select2(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                        double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                        double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        for (int q = s; q < e; q++) {
            final double x = ex[q], y = ey[q], z = ez[q];
            final int h = hkey[q];
            double dx = x - xa, dy = y - ya, dz = z - za;
            double r2 = dx * dx + dy * dy + dz * dz;
            cand[ma] = q;
            long keep = Double.doubleToRawLongBits(r2 - rc2) & ((long) keyA - h);
            ma += (int) (keep >>> 63) & (q != selfA ? 1 : 0);
            dx = x - xb;
            dy = y - yb;
            dz = z - zb;
            r2 = dx * dx + dy * dy + dz * dz;
            candB[mb] = q;
            keep = Double.doubleToRawLongBits(r2 - rc2) & ((long) keyB - h);
            mb += (int) (keep >>> 63) & (q != selfB ? 1 : 0);
        }
        return (long) ma << 32 | mb;
    }

    @Override
    public boolean prefersWholeRows() {
        return false;
    }

    /** The exact double test alone (the float pre-decision only saves work with wide vectors). */
    @Override
    public long select2f(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                         double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                         double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                         double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        return select2(ex, ey, ez, hkey, s, e, rc2, xa, ya, za, keyA, selfA, cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
    }
}
