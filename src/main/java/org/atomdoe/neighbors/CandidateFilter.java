package org.atomdoe.neighbors;

/**
 * The innermost kernel of the cell-list search: from one contiguous run {@code [s, e)} of binned
 * atom images, keep those within the cutoff of a centre, branch-free.
 *
 * <p>Appends to {@code cand[m..]}, in increasing order, every {@code q} in {@code [s, e)} with
 * {@code q != self}, {@code (ex[q]-xi)² + (ey[q]-yi)² + (ez[q]-zi)² < rc2} and {@code hkey[q] > key},
 * and returns the new count ({@code self} is the centre's own image, which a full list must not
 * contain; pass -1 when it cannot be in the run). Implementations may read {@code ex, ey, ez, hkey}
 * up to {@code e + }{@link #PADDING} and write {@code cand} up to {@code m + (e - s) + }{@link #PADDING};
 * callers size the arrays for it. The squared distance is evaluated as {@code dx·dx + dy·dy + dz·dz}
 * in that order in both implementations (with fused multiply-adds in neither), so they keep exactly
 * the same set.
 */
public interface CandidateFilter {
    /** Slack the arrays need past the last index used (covers 16 lanes). */
    int PADDING = 16;

    int select(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e,
               double xi, double yi, double zi, double rc2, int key, int self, int[] cand, int m);

    /**
     * {@link #select} for two centres over one run: the run's coordinates are loaded once and
     * tested against centre A ({@code xa, ya, za, keyA, selfA}, kept indices appended to
     * {@code cand[ma..]}) and centre B (appended to {@code candB[mb..]}). Each centre keeps
     * exactly the set {@link #select} would keep for it. Why: the centres of a bin come in
     * ascending {@code u_a}, so the union of two consecutive centres' row windows is barely longer
     * than either, and the per-row set-up (window pointers, loop entry, mispredicted loop exit)
     * is paid once for both. Same padding rules as {@link #select} for both outputs.
     *
     * @return {@code ((long) ma' << 32) | mb'}, the two new counts
     */
    long select2(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                 double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                 double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb);

    /**
     * {@link #select2} with a single-precision pre-decision: {@code fx, fy, fz} are the run's
     * coordinates rounded to float (the centres' are rounded the same way here), and the float
     * squared distance decides alone when it is below {@code lowF} (kept) or at least {@code hiF}
     * (dropped); between the two the double test of {@link #select2} decides. The caller chooses
     * {@code lowF <= rc2 - band}, {@code hiF >= rc2 + band} with {@code band} bounding the float
     * error (see {@link CellList}), so each centre keeps exactly the set {@link #select2} keeps.
     * Same padding rules. Implementations may ignore the float arrays.
     */
    /**
     * Whether centre pairs should test whole stencil rows ({@link CellList}): true for kernels whose
     * {@link #select2f} is cheap per candidate (8 float lanes), where the rows' repeated trip counts
     * beat the window pointers; false for the scalar twin, for which the 27 % fewer candidates of
     * the windows pay (measured 11.8 vs 12.5-13.1 ms thread CPU per 16k full build, 2026-11-24).
     */
    boolean prefersWholeRows();

    long select2f(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                  double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                  double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                  double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb);

    /**
     * The first index in {@code [s, e)} whose key {@code hkey[q]} is above {@code key}, or {@code e}
     * when there is none (or {@code s} when {@code s >= e}). The half-list search starts each stencil
     * row of a bin there (every image before it would fail every centre's key test). Implementations
     * may read {@code hkey} up to {@code e + }{@link #PADDING}. The default is the scalar loop.
     */
    default int firstKeyAbove(int[] hkey, int s, int e, int key) {
        while (s < e && hkey[s] <= key) s++;
        return s;
    }

    /**
     * {@link #select2f} over the runs {@code [rs[r], re[r])}, {@code r < nr}, in that order, in one
     * call: the same kept sets in the same order as one {@link #select2f} per run. Why: a centre pair
     * tests 9 whole stencil rows of ~24 images (3 float steps each), so the per-call set-up (the
     * centres' broadcasts, 25 arguments) cost as much as a step; here it is paid once per pair.
     */
    default long select2fRows(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                              double[] ex, double[] ey, double[] ez, int[] hkey, int[] rs, int[] re, int nr,
                              double rc2, double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                              double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        for (int r = 0; r < nr; r++) {
            long m2 = select2f(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, rs[r], re[r], rc2, xa, ya, za, keyA, selfA,
                    cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
            ma = (int) (m2 >>> 32);
            mb = (int) m2;
        }
        return (long) ma << 32 | mb;
    }
}
