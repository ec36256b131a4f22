package org.atomdoe.design;

import java.util.List;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.Dense;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.util.Progress;

/**
 * Greedy D-optimal forward selection of rows with lazy evaluation (Minoux 1978) and incremental
 * leverage refreshes: the start of the deterministic D exchange in {@link OptimalDesign}.
 *
 * <p>Greedy D picks, at step k, the candidate with the largest gain {@code log(1 + d_j)},
 * {@code d_j = x_j' M_k^-1 x_j}, {@code M_k = lambda I + X0'X0 + sum_{t<k} x_{s_t} x_{s_t}'}
 * (Fedorov 1972, Theory of Optimal Experiments, 2.4). Adding x_s is a rank-one step: with
 * {@code u_k = M_k^-1 x_s / sqrt(1 + d_s)} (Sherman-Morrison), {@code M_{k+1}^-1 = M_k^-1 - u_k u_k'}
 * and every leverage drops by a square, {@code d_j(k+1) = d_j(k) - (x_j . u_k)^2}. Equivalently the
 * greedy is a diagonally pivoted Cholesky factorisation of the kernel {@code I + X M_0^-1 X'} (the
 * Schur-complement diagonal is {@code 1 + d_j}), of which only the pivots' columns are ever needed.
 *
 * <p>Laziness. Leverages only decrease, so a value from an earlier step bounds the current one: a
 * max-heap holds every candidate's leverage as of the step it was last brought up to date
 * ({@code stamp}); the top is accepted when it is current, otherwise it is brought up to date and
 * sifted down. Bringing candidate j from step {@code stamp_j} to step k costs {@code k - stamp_j} dot
 * products with the stored {@code u_t} (p flops each) instead of a triangular solve with the current
 * factor (p^2/2): most refreshes are of rows refreshed a few steps earlier. A refresh recomputes
 * {@code d_j} exactly, {@code |L^-1 x_j|^2} with the maintained Cholesky factor {@code L L' = M_k}, when the
 * gap exceeds p/2 (cheaper) or when the subtracted part exceeds half of the old value (the
 * subtraction would lose more than one bit: e.g. at the step the selection reaches full rank, where
 * leverages fall from order {@code 1/lambda} to order 1). So every leverage used is within a few
 * rounding errors of the exact value relative to itself, and the choices equal the eager greedy's
 * except at near-ties of that size; ties go to the lower index.
 *
 * <p>The factor is kept by rank-one updates (LINPACK dchud, {@link Cholesky#update}); {@code u_k} comes
 * from two triangular solves with it. Everything runs on the calling thread in a fixed order, so the
 * result does not depend on the thread count (only the first leverages of all candidates, one
 * {@link Cholesky#solveRows}, use the threads, and that is bitwise thread-invariant).
 */
final class IncrementalGreedy {
    private IncrementalGreedy() {}

    /**
     * A sweep (exact leverages of every candidate by one {@link Cholesky#solveRows}) runs when the refreshes since
     * the last one cost this fraction of it in flops: the many-row solve runs at matrix-product speed, several times
     * the speed of single-row refreshes, and leaves every bound exact (fewer refreshes, shorter gaps after it).
     */
    static final double SWEEP_RATIO = 0.1;
    /** Flop weight of a single-row exact recomputation (a substitution, slower per flop than the dot products). */
    static final double EXACT_WEIGHT = 3;

    /**
     * Runs until {@code target} candidates are in {@code order} or none is allowed; returns whether the
     * time limit (or a stop request) ended it.
     */
    static boolean run(DesignProblem prob, Settings s, double ridge, int target, long deadline,
                       List<Integer> order, int[] groupCount, Progress progress) {
        int n = prob.n(), p = prob.p();
        double[] x = prob.x();
        DenseKernels kern = Dense.kernels();
        double[] l = new double[p * p];
        for (int k = 0; k < p; k++) l[k * p + k] = ridge;
        DenseMath.addGram(l, prob.fixed(), p, null, prob.fixedRows());
        if (!DenseMath.cholesky(l, p)) throw new IllegalStateException("the fixed rows and ridge give no positive definite start");
        double[] d = new double[n];
        Cholesky.solveRows(l, 0, p, p, x, 0, p, n, null, 0, 0, d, 0, s.threads());
        boolean budget = !Double.isNaN(s.costBudget()) && s.costs() != null;
        double[] u = new double[Math.max(1, Math.min(target, Math.min(n, 4 * p))) * p]; // u_t, row t; grown on demand
        int[] stamp = new int[n];
        Heap heap = new Heap(n);
        rekey(heap, s, budget, d, stamp, 0);
        double[] w = new double[p], tmp = new double[p];
        int maxGap = Math.max(1, p / 2);
        double cost = 0;
        int step = 0;
        double work = 0, sweepWork = SWEEP_RATIO * n * (double) p * p / 2;
        while (order.size() < target && heap.size > 0) {
            if (StopRequest.stop(deadline)) return true;
            if (work > sweepWork) { // see SWEEP_RATIO
                Cholesky.solveRows(l, 0, p, p, x, 0, p, n, null, 0, 0, d, 0, s.threads());
                rekey(heap, s, budget, d, stamp, step);
                work = 0;
            }
            int j = heap.ids[0];
            if (!OptimalDesign.allowed(s, j, groupCount, cost, -1)) { // can only get less affordable or fuller
                heap.pop();
                continue;
            }
            if (stamp[j] != step) {
                int gap = step - stamp[j];
                double dj = d[j];
                boolean exact = gap > maxGap;
                if (!exact) {
                    // sum_t (x_j . u_t)^2, bit for bit the loop over kern.dot (four u_t per pass over x_j)
                    double sub = kern.sumSquaredDots(gap, p, u, stamp[j] * p, p, x, j * p);
                    work += (double) gap * p;
                    if (sub > 0.5 * dj) exact = true; // cancellation would lose more than one bit
                    else dj -= sub;
                }
                if (exact) {
                    System.arraycopy(x, j * p, tmp, 0, p);
                    Cholesky.solveLower(l, 0, p, p, tmp, 0);
                    dj = kern.dot(p, tmp, 0, tmp, 0);
                    work += EXACT_WEIGHT * p * p / 2.0;
                }
                d[j] = dj;
                stamp[j] = step;
                heap.replaceTop(key(s, budget, j, dj));
                continue;
            }
            heap.pop();
            order.add(j);
            // u = M^-1 x_j / sqrt(1 + d_j) from the factor, then the factor takes x_j
            System.arraycopy(x, j * p, w, 0, p);
            Cholesky.solveLower(l, 0, p, p, w, 0);
            double dj = kern.dot(p, w, 0, w, 0);
            Cholesky.solveLowerTransposed(l, 0, p, p, w, 0);
            double scale = 1 / Math.sqrt(1 + dj);
            if ((step + 1) * p > u.length) u = java.util.Arrays.copyOf(u, Math.min(2 * u.length, Math.min(target, n) * p));
            for (int q = 0; q < p; q++) u[step * p + q] = w[q] * scale;
            System.arraycopy(x, j * p, tmp, 0, p);
            Cholesky.update(l, 0, p, p, tmp, 0);
            cost += s.costs() == null ? 1 : s.costs()[j];
            if (groupCount != null && s.groups()[j] >= 0) groupCount[s.groups()[j]]++;
            step++;
            progress.advance(1);
        }
        return false;
    }

    // The loop over all candidates lives in its own small method (rekey; the refresh of stale steps is one kernel call):
    // inlined into run's compiled code all the same, but its back branches no longer count as run's. Counted in run,
    // they made it "old" for the JIT (over ~500,000 back branches), so a cold JVM compiled run with C2 twice (on-stack
    // replacement, then a normal compile that the single call never enters): ~0.5 s of the only C2 thread of a 2-CPU
    // machine, during which the vector kernels waited in the compile queue (BENCHMARKS.md, design engine, branch e2e7).

    /** Sets every heap entry's key from {@code d} and its stamp to {@code step}, then restores the heap order. */
    private static void rekey(Heap heap, Settings s, boolean budget, double[] d, int[] stamp, int step) {
        for (int h = 0; h < heap.size; h++) {
            int q = heap.ids[h];
            stamp[q] = step;
            heap.keys[h] = key(s, budget, q, d[q]);
        }
        heap.heapify();
    }

    /**
     * The heap key: the gain per cost {@code log(1 + d) / c_j} with a cost budget; without one the leverage d itself, which
     * orders the candidates as the gain {@code log(1 + d)} does (monotone) without a logarithm for each of the N keys at every
     * sweep.
     */
    private static double key(Settings s, boolean budget, int j, double d) {
        return budget ? LazyGreedy.key(s, true, j, Math.log1p(d)) : d;
    }

    /** A binary max-heap of (key, candidate) on primitive arrays; ties go to the lower candidate index. */
    static final class Heap {
        final double[] keys;
        final int[] ids;
        int size;

        /** Candidates {@code 0..n-1}; set {@code keys[j]} for candidate j, then call {@link #heapify()}. */
        Heap(int n) {
            keys = new double[n];
            ids = new int[n];
            size = n;
            for (int j = 0; j < n; j++) ids[j] = j;
        }

        private boolean above(double ka, int a, double kb, int b) {
            return ka > kb || (ka == kb && a < b);
        }

        void heapify() {
            for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
        }

        /** Gives the top a new (not larger) key and restores the order. */
        void replaceTop(double key) {
            keys[0] = key;
            siftDown(0);
        }

        void pop() {
            size--;
            if (size > 0) {
                keys[0] = keys[size];
                ids[0] = ids[size];
                siftDown(0);
            }
        }

        private void siftDown(int i) {
            double k = keys[i];
            int id = ids[i];
            int half = size >>> 1;
            while (i < half) {
                int c = 2 * i + 1, r = c + 1;
                if (r < size && above(keys[r], ids[r], keys[c], ids[c])) c = r;
                if (!above(keys[c], ids[c], k, id)) break;
                keys[i] = keys[c];
                ids[i] = ids[c];
                i = c;
            }
            keys[i] = k;
            ids[i] = id;
        }
    }
}
