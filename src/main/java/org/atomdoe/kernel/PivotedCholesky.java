package org.atomdoe.kernel;

import java.util.Arrays;
import java.util.PriorityQueue;
import org.atomdoe.linalg.Dense;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.linalg.Parallel;
import org.atomdoe.util.Progress;

/**
 * Greedy maximisation of {@code log det K_SS} over subsets S of a kernel matrix by pivoted
 * Cholesky factorisation: the next pivot is the candidate with the largest residual (Schur
 * complement) diagonal {@code r_i(S) = K_ii - k_Si' K_SS^-1 k_Si}, and since
 * {@code det K_{S+i} = det K_SS r_i(S)} that is exactly the greedy log det step (D-optimal in the
 * kernel's feature space; for {@code K + sigma^2 I} the greedy maximum-entropy / information-gain
 * design of a GP). Harbrecht, Peters &amp; Schneider, Appl. Numer. Math. 62, 428 (2012) (pivoted
 * Cholesky for low-rank kernel approximation); Fine &amp; Scheinberg, JMLR 2, 243 (2001).
 *
 * <p>Lazy evaluation, exact: {@code r_i(S)} never increases as S grows, so a stale value is an
 * upper bound. Candidates sit in a max-heap on their last residual; the top one is accepted when
 * its residual is current, otherwise it and the next stale tops (a batch) are brought up to date.
 * Each candidate keeps its row of the factor, {@code l_i = L_SS^-1 k_Si}, and an update only
 * extends it over the pivots added since: with Z holding the batch's rows as columns,
 * {@code Z[new] = L[new,new]^-1 (K[new pivots, batch] - L[new, old] Z[old])} (the blocked
 * rank-k update and many-right-hand-side forward substitution of {@link DenseKernels}), then
 * {@code r_i = K_ii - |l_i|^2}. The work is therefore at most that of the eager algorithm (which
 * touches every candidate at every step) and usually a small fraction of it, and the kernel
 * matrix is never stored: only the rows of candidates that were ever near the top.
 *
 * <p>Same choices as the eager greedy (ties to the lower index), up to rounding in near ties.
 * Stops early when the largest residual falls to {@code tolerance * max_i K_ii} (the candidates'
 * span is exhausted: duplicates or a low-rank kernel).
 */
public final class PivotedCholesky {
    /** Stale candidates refreshed together. */
    static final int BATCH = 64;
    /** Candidates per group inside a batch (groups run on separate threads, each from its own shortest row). */
    static final int GROUP = 16;

    private PivotedCholesky() {}

    /**
     * @param pivots      chosen indices, in order (forced ones first)
     * @param residuals   residual variance {@code r(S)} of each pivot when it was chosen ({@code det K_SS = prod})
     * @param logDet      {@code log det K_SS = sum log residuals}
     * @param factor      lower Cholesky factor of {@code K_SS} in pivot order, row-major {@code k x k}
     * @param exhausted   stopped before the requested size because no residual exceeded the tolerance
     * @param refreshed   candidate-row updates done (a measure of the work; the eager algorithm does {@code n k})
     */
    public record Result(int[] pivots, double[] residuals, double logDet, double[] factor, boolean exhausted, long refreshed) {
        public int size() {
            return pivots.length;
        }
    }

    /** Greedy selection of {@code m} pivots with no forced ones; see {@link #select(SymmetricSource, int, int[], double, int, Progress)}. */
    public static Result select(SymmetricSource k, int m, int threads) {
        return select(k, m, null, 1e-12, threads, Progress.NONE);
    }

    /**
     * @param k         the matrix
     * @param m         pivots wanted in total (forced ones included), {@code <= k.size()}
     * @param forced    indices that come first, in this order (e.g. an existing training set), or null
     * @param tolerance relative residual below which the span counts as exhausted
     * @param threads   worker threads
     */
    public static Result select(SymmetricSource k, int m, int[] forced, double tolerance, int threads, Progress progress) {
        int n = k.size();
        if (m < 0 || m > n) throw new IllegalArgumentException("cannot choose " + m + " of " + n + " candidates");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        forced = forced == null ? new int[0] : forced;
        if (forced.length > m) throw new IllegalArgumentException(forced.length + " forced pivots exceed the " + m + " wanted");
        State st = new State(k, m, threads);
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            double di = k.diagonal(i);
            if (!(di >= 0) || !Double.isFinite(di)) throw new IllegalArgumentException("diagonal entry " + i + " is " + di + ": not a PSD matrix");
            maxDiag = Math.max(maxDiag, di);
        }
        double floor = tolerance * maxDiag;
        boolean[] isForced = new boolean[n];
        progress.start("pivoted Cholesky", m);
        for (int f : forced) {
            if (f < 0 || f >= n || isForced[f]) throw new IllegalArgumentException("forced pivot " + f + " is out of range or repeated");
            isForced[f] = true;
            st.refresh(new int[] {f}, 1);
            if (!(st.residual[f] > 0)) throw new IllegalArgumentException("forced pivot " + f + " adds nothing: its residual is " + st.residual[f]);
            st.accept(f);
            progress.advance(1);
        }
        // max-heap on (residual bound, then lower index)
        PriorityQueue<long[]> heap = new PriorityQueue<>(Math.max(1, n), (a, b) -> {
            int c = Double.compare(Double.longBitsToDouble(b[0]), Double.longBitsToDouble(a[0]));
            return c != 0 ? c : Long.compare(a[1], b[1]);
        });
        for (int i = 0; i < n; i++) if (!isForced[i]) heap.add(new long[] {Double.doubleToLongBits(st.residual(i)), i});
        boolean exhausted = false;
        int[] batch = new int[BATCH];
        while (st.k < m) {
            if (heap.isEmpty()) {
                exhausted = true;
                break;
            }
            long[] top = heap.poll();
            int i = (int) top[1];
            if (st.len[i] == st.k) {
                if (!(st.residual[i] > floor)) {
                    exhausted = true;
                    break;
                }
                st.accept(i);
                progress.advance(1);
                continue;
            }
            int nb = 0;
            batch[nb++] = i;
            while (nb < BATCH && !heap.isEmpty() && st.len[(int) heap.peek()[1]] != st.k) batch[nb++] = (int) heap.poll()[1];
            st.refresh(batch, nb);
            for (int b = 0; b < nb; b++) heap.add(new long[] {Double.doubleToLongBits(st.residual[batch[b]]), batch[b]});
        }
        progress.finish();
        int kk = st.k;
        double[] l = new double[kk * kk];
        for (int r = 0; r < kk; r++) System.arraycopy(st.lss, r * m, l, r * kk, r + 1);
        double logDet = 0;
        for (int r = 0; r < kk; r++) logDet += Math.log(st.pivotResidual[r]);
        return new Result(Arrays.copyOf(st.pivots, kk), Arrays.copyOf(st.pivotResidual, kk), logDet, l, exhausted, st.refreshed);
    }

    /** The factor, the candidates' partial rows and residuals. */
    private static final class State {
        final SymmetricSource src;
        final int m, threads;
        final DenseKernels dk = Dense.kernels();
        /** L_SS, row-major m x m; row j holds pivot j's row. */
        final double[] lss;
        final int[] pivots;
        final double[] pivotResidual;
        final double[] residual;
        final int[] len;
        final double[][] rows;
        int k;
        long refreshed;

        State(SymmetricSource src, int m, int threads) {
            this.src = src;
            this.m = m;
            this.threads = threads;
            int n = src.size();
            lss = new double[m * m];
            pivots = new int[m];
            pivotResidual = new double[m];
            residual = new double[n];
            len = new int[n];
            rows = new double[n][];
            for (int i = 0; i < n; i++) residual[i] = src.diagonal(i);
        }

        double residual(int i) {
            return residual[i];
        }

        void accept(int i) {
            double r = residual[i];
            System.arraycopy(rows[i] == null ? new double[0] : rows[i], 0, lss, k * m, k);
            lss[k * m + k] = Math.sqrt(r);
            pivots[k] = i;
            pivotResidual[k] = r;
            rows[i] = null; // its row now lives in L_SS
            k++;
        }

        /** Brings the rows and residuals of {@code batch[0..nb)} up to the current pivots. */
        void refresh(int[] batch, int nb) {
            int[] order = Arrays.copyOf(batch, nb);
            // group candidates of similar row length so that little is recomputed
            Integer[] boxed = new Integer[nb];
            for (int b = 0; b < nb; b++) boxed[b] = order[b];
            Arrays.sort(boxed, (a, b) -> Integer.compare(len[b], len[a]));
            for (int b = 0; b < nb; b++) order[b] = boxed[b];
            int groups = (nb + GROUP - 1) / GROUP;
            Parallel.forEach(Math.min(threads, groups), groups, gi -> {
                int g0 = gi * GROUP, gn = Math.min(GROUP, nb - g0);
                refreshGroup(Arrays.copyOfRange(order, g0, g0 + gn), gn);
            });
            refreshed += nb;
        }

        private void refreshGroup(int[] cand, int nc) {
            int kk = k;
            int from = kk;
            for (int b = 0; b < nc; b++) from = Math.min(from, len[cand[b]]);
            int ldz = nc;
            double[] z = new double[Math.max(1, kk * ldz)];
            for (int b = 0; b < nc; b++) {
                double[] row = rows[cand[b]];
                for (int t = 0; t < from; t++) z[t * ldz + b] = row[t];
            }
            if (kk > from) {
                src.block(cand, nc, pivots, from, kk, z, from * ldz, ldz); // K(new pivots, batch) straight into Z
                if (from > 0) dk.gemmSub(0, kk - from, 0, nc, from, lss, from * m, m, z, 0, ldz, z, from * ldz, ldz, false);
                dk.lowerSolveColumns(kk - from, lss, from * m + from, m, z, from * ldz, ldz, nc);
            }
            double[] sq = new double[nc];
            if (kk > 0) dk.columnSquares(kk, z, 0, ldz, nc, sq, 0);
            for (int b = 0; b < nc; b++) {
                int i = cand[b];
                double[] row = rows[i];
                if (row == null || row.length < kk) row = new double[Math.max(kk, Math.min(m, 2 * Math.max(kk, 8)))];
                for (int t = 0; t < kk; t++) row[t] = z[t * ldz + b];
                rows[i] = row;
                len[i] = kk;
                residual[i] = src.diagonal(i) - sq[b];
            }
        }
    }
}
