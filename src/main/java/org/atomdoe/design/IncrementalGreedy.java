package org.atomdoe.design;

import java.util.List;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.Dense;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.linalg.Parallel;
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
 * <p>Band sweeps. Only candidates whose key is near the top can be picked or even touched in the next
 * steps: a sweep makes exact (by one many-row {@link Cholesky#solveRows} at matrix-product speed, on
 * the threads) the leverages of the candidates whose key is at least {@code theta = SWEEP_BAND *} the
 * largest key, and the heap holds only those. All other keys stay as they were, upper bounds below
 * theta, so while the heap's top key is at least theta the heap's top is the top of all candidates;
 * when it falls below theta the next sweep runs. A candidate far below the top is thereby solved only
 * when the picks come down to its (stale) key, not at every sweep, and the lazy loop refreshes few
 * candidates (gaps of a few steps) between sweeps. The sweep rule changes which candidates are exact
 * when, not which one is picked: every key is an upper bound, the top is accepted only when current.
 * Without fixed rows the start leverages are {@code |x_j|^2 / lambda}: they enter as bounds, and each
 * candidate is solved first by the sweep whose band reaches it (not all of them by a sweep at step 0).
 *
 * <p>Float sweeps. Of the candidates a large sweep makes exact, about 1 % stay at or above theta; the others only get
 * a tighter bound. So a sweep of at least {@code 4p} stale candidates first computes their leverages in float
 * ({@link GreedyBoundKernels}) and turns them into rigorous upper bounds on the double values; only the candidates whose
 * bound reaches theta are solved in double, with the same {@code W = L^-1} and product as {@link Cholesky#solveRows}, so
 * their values are bit for bit those of a double sweep, and the others keep the bound as their key.
 *
 * <p>The factor is kept by rank-one updates (LINPACK dchud, {@link Cholesky#update}); {@code u_k} comes
 * from two triangular solves with it. The lazy loop runs on the calling thread in a fixed order and the
 * sweeps' candidate lists depend on the keys only, so the result does not depend on the thread count
 * (the sweeps' gathers and {@link Cholesky#solveRows} use the threads, and that is bitwise
 * thread-invariant).
 */
final class IncrementalGreedy {
    private IncrementalGreedy() {}

    /**
     * A sweep also runs when the refreshes since the last one cost this fraction of a sweep of all candidates in flops
     * (rarely reached with band sweeps, whose heap top falls below theta first).
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
        int[] stamp = new int[n];
        Sweep sw = new Sweep(n);
        if (prob.fixedRows() == 0) {
            // M_0 = ridge I: d_j = |x_j|^2 / ridge, an upper bound to be solved when the band reaches it (stamp: none yet)
            if (n >= Cholesky.GEMM_ROWS_PER_COLUMN * p) {
                sw.floatRows(x, p, s.threads(), d, ridge); // float sweeps will come: the float rows in the same pass
            } else {
                initialBounds(kern, x, p, ridge, d);
            }
            java.util.Arrays.fill(stamp, UNSOLVED);
        } else {
            Cholesky.solveRows(l, 0, p, p, x, 0, p, n, null, 0, 0, d, 0, s.threads());
        }
        boolean budget = !Double.isNaN(s.costBudget()) && s.costs() != null;
        double[] u = new double[Math.max(1, Math.min(target, Math.min(n, 4 * p))) * p]; // u_t, row t; grown on demand
        double[] keys = keys(s, budget, d); // every candidate's key; -infinity once picked or no longer allowed
        Heap heap = new Heap(n);
        double theta = sw.run(heap, keys, d, stamp, 0, l, x, p, s, budget);
        double[] w = new double[p], tmp = new double[p];
        int maxGap = Math.max(1, p / 2);
        double cost = 0;
        int step = 0;
        double work = 0, sweepWork = SWEEP_RATIO * n * (double) p * p / 2;
        while (order.size() < target) {
            if (StopRequest.stop(deadline)) return true;
            if (heap.size == 0 || heap.keys[0] < theta || work > sweepWork) { // see SWEEP_BAND, SWEEP_RATIO
                theta = sw.run(heap, keys, d, stamp, step, l, x, p, s, budget);
                work = 0;
                if (heap.size == 0) break;
            }
            int j = heap.ids[0];
            if (!OptimalDesign.allowed(s, j, groupCount, cost, -1)) { // can only get less affordable or fuller
                heap.pop();
                keys[j] = Double.NEGATIVE_INFINITY;
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
                double kj = key(s, budget, j, dj);
                keys[j] = kj;
                heap.replaceTop(kj);
                continue;
            }
            heap.pop();
            keys[j] = Double.NEGATIVE_INFINITY;
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

    /**
     * The band of a sweep: candidates with keys at least this fraction of the largest key are made exact. Closer to 1:
     * fewer candidates per sweep, more sweeps and fewer refreshes in the lazy loop (serial); on the 50000 x 101
     * benchmark 0.9 solves 9.8 N rows in 53 sweeps and leaves 6,800 refreshes, against 13 N rows in 13 full sweeps and
     * 88,000 refreshes before.
     */
    static final double SWEEP_BAND = 0.9;

    /** Partial sweeps: exact leverages of the candidates whose keys lie in the top band, gathered and solved on the threads. */
    private static final class Sweep {
        final int[] sel, stale, keptPerTask, selCount, staleCount;
        final double[] outMaxPerTask;
        final float[] sq;
        double[] xb, db, xNorm;
        float[] xf, wf;
        /** The largest key of the candidates that the last sweep left out of the heap (valid once a sweep has run). */
        double outsideMax;
        boolean outsideKnown;

        Sweep(int n) {
            sel = new int[n];
            stale = new int[n];
            sq = new float[n];
            keptPerTask = new int[(n + BOUND_ROWS - 1) / BOUND_ROWS];
            int keyTasks = Math.max(1, (n + KEY_ROWS - 1) / KEY_ROWS);
            selCount = new int[keyTasks];
            staleCount = new int[keyTasks];
            outMaxPerTask = new double[keyTasks];
        }

        /**
         * Makes every candidate whose key is at least theta = band * (largest key) exact at {@code step}, loads exactly
         * those into the heap and returns theta; the others keep their (larger than exact) keys, all below theta, so
         * while the heap's top key is at least theta it is the top of all candidates.
         */
        double run(Heap heap, double[] keys, double[] d, int[] stamp, int step, double[] l, double[] x, int p,
                   Settings s, boolean budget) {
            int n = keys.length;
            // the helpers parked during the lazy loop: woken now, they are spinning when the sweep's first loop forks
            Parallel.prepare(s.threads());
            double max = Double.NEGATIVE_INFINITY;
            if (outsideKnown) {
                // keys change between sweeps only in the heap (refreshes, picks): the largest is the larger of the heap's top
                // and the largest key left outside it by the last sweep, the same value as a scan of all N
                max = Math.max(outsideMax, heap.size > 0 ? heap.keys[0] : Double.NEGATIVE_INFINITY);
            } else {
                for (int j = 0; j < n; j++) max = Math.max(max, keys[j]);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                heap.size = 0;
                return 0;
            }
            double theta = max > 0 ? SWEEP_BAND * max : max;
            while (true) {
                // the scan of all N keys on the threads: each task lists its range's candidates at its own offset, then the
                // lists are moved together in range order (the same lists as one scan; max is order-free)
                int tasks = s.threads() > 1 ? Math.max(1, (n + KEY_ROWS - 1) / KEY_ROWS) : 1, span = tasks > 1 ? KEY_ROWS : n;
                double th = theta;
                Parallel.forEach(s.threads(), tasks, c -> {
                    int lo = c * span, hi = Math.min(n, lo + span), mc = lo, sc = lo;
                    double outc = Double.NEGATIVE_INFINITY;
                    for (int j = lo; j < hi; j++) {
                        double kj = keys[j];
                        if (kj >= th) {
                            sel[mc++] = j;
                            if (stamp[j] != step) stale[sc++] = j;
                        } else {
                            outc = Math.max(outc, kj);
                        }
                    }
                    selCount[c] = mc - lo;
                    staleCount[c] = sc - lo;
                    outMaxPerTask[c] = outc;
                });
                int m = selCount[0], ns = staleCount[0];
                double out = outMaxPerTask[0];
                for (int c = 1; c < tasks; c++) {
                    System.arraycopy(sel, c * span, sel, m, selCount[c]);
                    System.arraycopy(stale, c * span, stale, ns, staleCount[c]);
                    m += selCount[c];
                    ns += staleCount[c];
                    out = Math.max(out, outMaxPerTask[c]);
                }
                if (ns >= Cholesky.GEMM_ROWS_PER_COLUMN * p) {
                    filtered(ns, theta, keys, d, stamp, step, l, x, p, s, budget);
                } else {
                    solve(stale, ns, l, x, p, d, s.threads());
                    for (int r = 0; r < ns; r++) {
                        int j = stale[r];
                        stamp[j] = step;
                        keys[j] = key(s, budget, j, d[j]);
                    }
                }
                // the heap takes only the candidates still at or above theta: the others could not come to its top before the
                // next sweep (the top falling below theta, or the heap running empty, triggers it), so they only cost heap work
                double best = Double.NEGATIVE_INFINITY;
                int h = 0;
                for (int q = 0; q < m; q++) {
                    int j = sel[q];
                    best = Math.max(best, keys[j]);
                    if (keys[j] >= theta) sel[h++] = j;
                    else out = Math.max(out, keys[j]);
                }
                if (h > 0 || theta <= 0) {
                    heap.load(sel, h, keys);
                    outsideMax = out;
                    outsideKnown = true;
                    return theta;
                }
                // every candidate above theta is exact now; if even the best fell below theta (the step to full rank, where
                // leverages fall from order 1/ridge to order 1), the others' stale keys may still beat it: take all above band * best
                theta = best > 0 ? SWEEP_BAND * best : best;
            }
        }

        /**
         * The stale candidates {@code stale[0..ns)} of a sweep with at least {@code GEMM_ROWS_PER_COLUMN * p} of them (where
         * {@link Cholesky#solveRows} multiplies by {@code W = L^-1}): first {@code |W x_j|^2} in float for all of them
         * ({@link GreedyBoundKernels}, on the threads), turned into rigorous upper bounds on the double values
         * ({@link GreedyBoundKernels#bound}). A candidate whose bound lies below theta keeps the bound as its key (stamp
         * {@link #UNSOLVED}: a bound, not exact at any step): the double solve would only have found it below theta too.
         * The others (about 1 % of the rows on the 50000 x 101 benchmark) get the double leverage from the same W, bit for
         * bit what {@link Cholesky#solveRows} gives for this sweep. Which candidates are exact changes, not their values.
         */
        private void filtered(int ns, double theta, double[] keys, double[] d, int[] stamp, int step, double[] l, double[] x,
                              int p, Settings s, boolean budget) {
            int threads = s.threads();
            DenseKernels kern = Dense.kernels();
            if (xf == null) floatRows(x, p, threads, null, 0);
            double[] w = Cholesky.inverseLower(kern, l, 0, p, p, 1); // p^3/6 flops: not worth a hand-off
            double ww = 0;
            for (double v : w) ww += v * v;
            double wNorm = Math.sqrt(ww);
            wf = GreedyBoundKernels.pack(w, p, BOUNDS.width(), wf);
            float[] wpf = wf, sqs = sq;
            int[] ids = stale, kept = keptPerTask;
            int tasks = (ns + BOUND_ROWS - 1) / BOUND_ROWS;
            // each task writes its rows' bounds and moves its survivors, in order, to the front of its own range of stale
            Parallel.forEach(threads, tasks, b -> {
                int r0 = b * BOUND_ROWS, nr = Math.min(BOUND_ROWS, ns - r0), m = r0;
                BOUNDS.squares(nr, ids, r0, xf, p, wpf, sqs, r0);
                for (int r = r0; r < r0 + nr; r++) {
                    int j = ids[r];
                    double bj = GreedyBoundKernels.bound(sqs[r], p, wNorm, xNorm[j]);
                    double kj = key(s, budget, j, bj);
                    if (kj >= theta || Double.isNaN(kj)) {
                        ids[m++] = j;
                    } else {
                        d[j] = bj;
                        stamp[j] = UNSOLVED;
                        keys[j] = kj;
                    }
                }
                kept[b] = m - r0;
            });
            int m = 0;
            for (int b = 0; b < tasks; b++) {
                System.arraycopy(stale, b * BOUND_ROWS, stale, m, kept[b]);
                m += kept[b];
            }
            if (m == 0) return;
            gather(stale, m, x, p, threads);
            Cholesky.solveRowsByInverse(kern, w, p, xb, 0, p, m, null, 0, 0, db, 0, threads);
            for (int r = 0; r < m; r++) {
                int j = stale[r];
                d[j] = db[r];
                stamp[j] = step;
                keys[j] = key(s, budget, j, d[j]);
            }
        }

        /**
         * The candidate rows in float and their norms, once per run; with {@code bounds}, also the start bounds of
         * {@link #initialBounds} (the same values).
         */
        void floatRows(double[] x, int p, int threads, double[] bounds, double ridge) {
            int n = sel.length;
            float[] f = new float[n * p];
            double[] norms = new double[n];
            DenseKernels kern = Dense.kernels();
            Parallel.forEach(threads, (n + GATHER_ROWS - 1) / GATHER_ROWS, b -> {
                for (int j = b * GATHER_ROWS, e = Math.min(n, j + GATHER_ROWS); j < e; j++) {
                    for (int q = j * p; q < j * p + p; q++) f[q] = (float) x[q];
                    double ss = kern.dot(p, x, j * p, x, j * p);
                    norms[j] = Math.sqrt(ss);
                    if (bounds != null) bounds[j] = initialBound(ss, ridge);
                }
            });
            xf = f;
            xNorm = norms;
        }

        /** Rows {@code ids[0..m)} of x into {@code xb}, in parallel. */
        private void gather(int[] ids, int m, double[] x, int p, int threads) {
            if (xb == null || xb.length < m * p) {
                xb = new double[Math.max(m, Math.min(ids.length, 2 * m)) * p];
                db = new double[xb.length / p];
            }
            double[] xg = xb;
            int blocks = (m + GATHER_ROWS - 1) / GATHER_ROWS;
            Parallel.forEach(threads, blocks, b -> {
                for (int r = b * GATHER_ROWS, e = Math.min(m, r + GATHER_ROWS); r < e; r++) System.arraycopy(x, ids[r] * p, xg, r * p, p);
            });
        }

        /** Exact leverages of candidates {@code ids[0..m)}: rows gathered in parallel, one many-row solve. */
        private void solve(int[] ids, int m, double[] l, double[] x, int p, double[] d, int threads) {
            if (m == 0) return;
            gather(ids, m, x, p, threads);
            Cholesky.solveRows(l, 0, p, p, xb, 0, p, m, null, 0, 0, db, 0, threads);
            for (int r = 0; r < m; r++) d[ids[r]] = db[r];
        }
    }

    /** Keys per task of a sweep's scan of all candidates (at one thread the scan is one task). */
    static final int KEY_ROWS = 4096;

    /** Rows per task of a sweep's float bounds. */
    static final int BOUND_ROWS = 256;
    private static final GreedyBoundKernels BOUNDS = GreedyBoundKernels.get();

    /** Rows per task of a sweep's gather. */
    static final int GATHER_ROWS = 1024;

    // The loop over all candidates lives in its own small method (rekey; the refresh of stale steps is one kernel call):
    // inlined into run's compiled code all the same, but its back branches no longer count as run's. Counted in run,
    // they made it "old" for the JIT (over ~500,000 back branches), so a cold JVM compiled run with C2 twice (on-stack
    // replacement, then a normal compile that the single call never enters): ~0.5 s of the only C2 thread of a 2-CPU
    // machine, during which the vector kernels waited in the compile queue (BENCHMARKS.md, design engine, branch e2e7).

    /** A stamp older than any step by more than the refresh limit: the value is a bound, not exact at any step. */
    static final int UNSOLVED = Integer.MIN_VALUE / 2;

    /**
     * {@code d_j = |x_j|^2 / ridge} rounded upwards (relative 1e-12 over the rounding of the sum), the leverages against
     * {@code M_0 = ridge I}, as bounds without a stamp: each is solved exactly by the sweep whose band first reaches it.
     */
    private static void initialBounds(DenseKernels kern, double[] x, int p, double ridge, double[] d) {
        for (int j = 0; j < d.length; j++) d[j] = initialBound(kern.dot(p, x, j * p, x, j * p), ridge);
    }

    /** The start bound of a row with squared norm {@code ss}. */
    private static double initialBound(double ss, double ridge) {
        return ss / ridge * (1 + 1e-12);
    }

    /** The keys of all candidates from their leverages {@code d}. */
    private static double[] keys(Settings s, boolean budget, double[] d) {
        double[] k = new double[d.length];
        for (int j = 0; j < d.length; j++) k[j] = key(s, budget, j, d[j]);
        return k;
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

        /** Makes the heap hold candidates {@code ids[0..m)} with keys {@code keys[id]}. */
        void load(int[] ids, int m, double[] keys) {
            for (int h = 0; h < m; h++) {
                this.ids[h] = ids[h];
                this.keys[h] = keys[ids[h]];
            }
            size = m;
            heapify();
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
