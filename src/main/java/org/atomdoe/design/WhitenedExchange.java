package org.atomdoe.design;

import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.Gemm;
import org.atomdoe.linalg.Parallel;
import org.atomdoe.util.Progress;

/**
 * The D-optimal modified Fedorov exchange (Cook &amp; Nachtsheim, Technometrics 22, 315 (1980)) on a
 * pruned, whitened working set, for the deterministic start of {@link OptimalDesign}.
 *
 * <p>State. With {@code M = L L'} the information matrix of the design S, every tracked row is kept
 * whitened, {@code z_j = L^-1 x_j}, so that {@code d_j = |z_j|^2 = x_j' M^-1 x_j} and
 * {@code d_ij = z_i . z_j}. Fedorov's swap value (Fedorov 1972, Theory of Optimal Experiments, 3.2)
 * is {@code Delta(i, j) = det M' / det M = (1 + d_j)(1 - d_i) + d_ij^2}.
 *
 * <p>Updates. Removing x_i ({@code w = z_i}, {@code a = d_i}) turns M into
 * {@code L (I - w w') L'}; with the symmetric square root {@code (I - w w')^-1/2 = I + g w w'},
 * {@code g = (1/sqrt(1 - a) - 1)/a}, every row becomes {@code z + g (w.z) w} and
 * {@code d += (w.z)^2/(1 - a)}. Adding x_k ({@code v} its whitened row after the removal,
 * {@code b = |v|^2}) uses {@code (I + v v')^-1/2 = I - h v v'}, {@code h = (1 - 1/sqrt(1 + b))/b},
 * and {@code d -= (v.z)^2/(1 + b)}. A swap is the map {@code A = I + g w w' - h v (v + g (v.w) w)'} of the rows
 * (the second dot follows from the first: {@code v.z' = v.z + g (w.z)(v.w)}). The rows are not rewritten: the
 * stored rows are those of the last refresh, the current row is {@code T z} with {@code T} the product of the swaps'
 * maps (p x p, {@code T <- A T}), and a swap's sweep only reads the stored rows, {@code w.(T z) = (T'w).z} (half
 * the memory traffic of a rewriting sweep; the first pass sweeps tens of thousands of rows per swap). A cross
 * product is {@code (T'T z_i).z_j}. O(m p) per swap for m tracked rows, and every {@link #REFRESH_SWAPS} swaps the
 * state is recomputed from a fresh factor ({@code T = I}) to bound rounding drift.
 *
 * <p>Pruning (exact). Since {@code d_ij^2 <= d_i d_j} (Cauchy-Schwarz in the M^-1 inner product),
 * {@code Delta(i, j) <= (1 + d_j)(1 - d_i) + d_i d_j = 1 + d_j - d_i}: the scan for design point i
 * skips, without a dot product, every j with {@code 1 + d_j - d_i <= best}, where {@code best} is the
 * best swap value found so far (starting at {@code e^tol}). The same bound limits the tracked set: a
 * re-prune computes exact leverages of all candidates ({@link Cholesky#solveRows}) and keeps the
 * design and the candidates with {@code d_j > min_S d_i + e^tol - 1} (of those below the {@link #LOW_POSITIONS}+1-th smallest
 * design leverage, only the ones that beat one of the design points below it by an exact swap value). Passes run on the tracked set
 * until one makes no swap; then the set is rebuilt from exact leverages, and a pass without swaps
 * on a freshly rebuilt set proves that no swap with any candidate improves the design (the same
 * stopping rule as the textbook exchange over all candidates). A pass that made many swaps
 * (estimated update work above one full leverage solve, or more than {@link #REFRESH_SWAPS}: its cached cross products
 * carry the growth of all of them) also triggers a rebuild, which shrinks the set early on.
 *
 * <p>Cross-product cache (exact bound). A swap changes every cross product by
 * {@code d_ij += c_i c_j/(1 - a) - c'_i c'_j/(1 + b)}, with {@code c_j = w.z_j} and {@code c'_j = v.z'_j}
 * the two dots of the sweep. By Cauchy-Schwarz over the swaps since an anchor,
 * {@code |d_ij(now) - d_ij(anchor)| <= sqrt(e_i e_j)} with {@code e_j = sum |alpha| c_j^2} accumulated over
 * those swaps ({@code alpha = 1/(1 - a)} and {@code -1/(1 + b)}); the sweep accumulates e for every row. Each
 * design position keeps the cross products it computed (floats, when positions x tracked rows is at most
 * {@link #CACHE_ENTRIES}; a swap at the position or a rebuild clears them), and the scan skips j when
 * {@code (1 + d_j)(1 - d_i) + (|cached| + sqrt(e_i e_j) + slack)^2 <= best}. Later passes thus compute only
 * the few dot products that could matter; the choices are the same as with all dot products. The convergence rebuild keeps the cache (see
 * {@link #track(DesignProblem, int[], double, double, int, Tracked)}). Within a pass,
 * the rows of positions without a valid cached row are computed together by one packed matrix product
 * {@code Z_S Z'} ({@link Gemm}, tasks over column panels, bitwise the same for any thread count), several times
 * faster per pair than single dot products; the first pass on a fresh set then needs almost no dot products.
 * The rows are computed block by block ({@link #ANCHOR_BLOCK} positions) just before the block is scanned.
 *
 * <p>Scan. The bounds are evaluated by {@link ExchangeKernels} (Vector API or scalar), which returns the next row whose
 * bound beats the best value so far; the roots {@code sqrt(e_j - e0_j)} are formed once per swap ({@link Tracked#growthRoots}).
 *
 * <p>Choices and threads. For each design point the best partner is the first candidate (in candidate order)
 * with the largest {@code Delta > e^tol}, as in the full scan; each position's scan runs on one thread. With several
 * threads, a window of consecutive positions is scanned at once, every scan on the state before the window (swaps are
 * rare: about one in 25 position visits on the 50000 x 101 benchmark); the positions up to the first one that finds a
 * swap are exactly what the serial scan would find, the swap is made, and the later scans are dropped and redone in the
 * next window. The window doubles after a window without a swap and halves after one with a swap. The swap sweeps are
 * split into row chunks. So the result does not depend on the thread count.
 */
final class WhitenedExchange {
    private WhitenedExchange() {}

    /** Swaps between refreshes from a fresh factorisation. */
    static final int REFRESH_SWAPS = 32;
    /** Largest cross-product cache (design positions x tracked rows, floats). */
    static final long CACHE_ENTRIES = 1L << 24;
    /** Passes a cached cross-product row is reused before it is recomputed (its bound widens with every swap). */
    static final int STALE_PASSES = 16;
    /** The scan's candidate filter (Vector API or scalar). */
    private static final ExchangeKernels KERNELS = ExchangeKernels.get();
    /** Most design positions scanned at once (speculatively, on the state before the first of them), per thread. */
    static final int WINDOW_PER_THREAD = 8;
    /** Fewest tracked rows for which positions are scanned in parallel (below, a scan is too short to fork for). */
    static int parallelRows = 4096; // not final: tests lower it to run the parallel window on small pools
    /** Rows per parallel task. */
    private static final int CHUNK = 1024;
    /**
     * Rows per task of the per-row loops ({@link Tracked#forChunks}: swap sweeps, refresh gathers): every row's result is its
     * own, so the split changes no value; half of {@link #CHUNK}, so the caller waits less for the last chunk at the end of
     * each of the ~200 sweeps per design.
     */
    private static final int ROW_CHUNK = 512;
    /** Design positions per matrix product in {@link Tracked#anchorRows}. */
    static final int ANCHOR_BLOCK = 64;
    /** Fewest rows to anchor for which the matrix product beats single dot products when it must first pack all tracked rows. */
    static final int GEMM_ROWS = 4;

    /** What the exchange did; {@code sel}, the group counts and the cost holder are updated in place. */
    record Outcome(int passes, int swaps, boolean converged, boolean timedOut) {}

    /**
     * The tracked rows: global indices {@code global[0..m)} (ascending), their whitened rows as of the last refresh
     * {@code z} (the current ones are {@code T z}, see {@link #map}) and current leverages {@code d}; {@code member[t]}
     * says whether tracked row t is in the design.
     */
    static final class Tracked {
        final DesignProblem prob;
        final int p, threads;
        final double ridge;
        int m;
        int[] global;
        double[] z, d;
        boolean[] member;
        /** Accumulated squared swap coefficients per row, {@code e_j = sum_s |alpha_s| c_j(s)^2} (see the class comment). */
        double[] e;
        /** Cached cross products per design position (null: none), the pass they are anchored at, e at each pass start. */
        float[][] cache;
        int[] anchor;
        java.util.List<double[]> eAtPass = new java.util.ArrayList<>();
        int pass = -1;
        /** {@link #growthRoots} per anchor pass, and the version of e each was formed at ({@code eVersion} counts changes). */
        private double[][] roots;
        private int[] rootsVersion;
        private int eVersion = 1;
        /** Whether the cross-product cache may be used (tests turn it off to compare choices). */
        boolean cacheEnabled = true;
        /**
         * The map of the swaps since the stored rows were written: the current whitened row of tracked row t is
         * {@code T z_t} ({@code p x p}, row-major); {@code plain} when {@code T = I} (after a refresh or a rebuild), so a
         * swap only reads the rows (see {@link #swap}).
         */
        double[] map;
        boolean plain = true;
        /** Buffers kept between calls: the anchoring product's operands, the refresh's rows, the rebuilt-from set's rows. */
        private double[] anchorA, anchorC, refreshRows;
        /** The probes' operands: the design rows, their images {@code T z} and {@code T'} (see {@link #anchorRows}). */
        private double[] probeRows, probeMapped, mapTransposed;
        /**
         * The stored rows packed as the anchoring product's B operand ({@link Gemm#packOperand}), or null when they changed
         * since (a swap leaves the stored rows as they are; a refresh, a compaction or a rebuild rewrites them). Every
         * product of the anchoring packed all m rows anew (m p doubles read and written per block of 64 positions).
         */
        private Gemm.Packed packedZ;
        private double[] packedBuffer;
        float[][] spareRows;

        /** Rows and leverages given ({@code z}, {@code d}: at least {@code global.length} rows, the first ones are used). */
        Tracked(DesignProblem prob, double ridge, int[] global, int threads, double[] z, double[] d) {
            this.prob = prob;
            this.p = prob.p();
            this.m = global.length;
            this.ridge = ridge;
            this.global = global;
            this.threads = threads;
            this.z = z;
            this.d = d;
            this.member = new boolean[m];
            this.e = new double[m];
        }

        /** Starts pass {@code pass}: records e; allocates the cross-product cache when it fits. */
        void startPass(int positions) {
            pass++;
            eAtPass.add(e.clone());
            if (cacheEnabled && cache == null && (long) positions * m <= CACHE_ENTRIES) { // (m may shrink by compaction)
                cache = new float[positions][];
                anchor = new int[positions];
            }
        }

        /**
         * Number of candidates that can no longer give an improving swap at this moment ({@code d_j <= threshold},
         * the tracking rule applied to the current design).
         */
        int droppable(double threshold) {
            int k = 0;
            for (int j = 0; j < m; j++) if (!member[j] && d[j] <= threshold) k++;
            return k;
        }

        /**
         * Drops the non-member rows with {@code d_j <= threshold} (the tracking rule applied to the current design,
         * as a rebuild would, without recomputing), keeping the order; returns the new index of each old row (-1: dropped).
         * In place (a kept row only moves to a lower index), so the arrays may be longer than {@code m} afterwards.
         */
        int[] compact(double threshold) {
            int[] map = new int[m];
            int k = 0;
            for (int j = 0; j < m; j++) map[j] = member[j] || d[j] > threshold ? k++ : -1;
            // independent arrays on the threads: task 0 moves the rows, the others one recorded e or one cached row each
            int passes = eAtPass.size(), rowsCached = cache == null ? 0 : cache.length;
            Parallel.forEach(threads, 1 + passes + rowsCached, task -> {
                if (task == 0) {
                    for (int j = 0; j < m; j++) {
                        int q = map[j];
                        if (q < 0 || q == j) continue;
                        global[q] = global[j];
                        System.arraycopy(z, j * p, z, q * p, p);
                        d[q] = d[j];
                        e[q] = e[j];
                        member[q] = member[j];
                    }
                } else if (task <= passes) {
                    compactRow(eAtPass.get(task - 1), map);
                } else {
                    float[] row = cache[task - 1 - passes];
                    if (row != null) for (int j = 0; j < m; j++) if (map[j] >= 0) row[map[j]] = row[j];
                }
            });
            m = k;
            eVersion++;
            packedZ = null;
            return map;
        }

        private void compactRow(double[] row, int[] map) {
            for (int j = 0; j < m; j++) if (map[j] >= 0) row[map[j]] = row[j];
        }

        /**
         * Computes, by one packed matrix product per block of positions ({@link Gemm}), the cross-product rows of every
         * design position whose cached row is missing or too old, anchored at the current pass: {@code C = Z_S Z'}
         * runs at matrix-product speed, where the scan would otherwise compute each surviving pair by its own dot
         * product. {@code local[pos]} is the tracked row of position pos; positions {@code [from, from + positions)}.
         */
        void anchorRows(int[] local, int from, int positions) {
            if (cache == null) return;
            positions = Math.min(positions, local.length - from);
            int[] todo = new int[Math.max(positions, 0)];
            int count = 0;
            for (int pos = from; pos < from + positions; pos++) {
                if (cache[pos] == null || pass - anchor[pos] > STALE_PASSES) todo[count++] = pos;
            }
            if (count == 0) return;
            Parallel.prepare(threads); // the probes and packing first: the helpers may have parked since the last loop
            // a few rows (positions swapped in the last pass) by single dot products when the product would first have to
            // pack all of Z; with Z packed already the product is faster even for one row
            if (count < GEMM_ROWS && (packedZ == null || packedZ.rows() != m)) {
                float[][] rows = new float[count][];
                double[][] ys = new double[count][];
                int[] at = new int[count];
                for (int r = 0; r < count; r++) {
                    int pos = todo[r];
                    if (cache[pos] == null || cache[pos].length < m) cache[pos] = newRow(pos);
                    rows[r] = cache[pos];
                    double[] y = probe(local[pos]);
                    ys[r] = y == null ? z : y;
                    at[r] = y == null ? local[pos] * p : 0;
                    anchor[pos] = pass;
                }
                int nc = count;
                forChunks(m, (lo, hi) -> {
                    for (int j = lo; j < hi; j++) for (int r = 0; r < nc; r++) rows[r][j] = (float) DenseMath.dot(ys[r], at[r], z, j * p, p);
                });
                return;
            }
            int blk = Math.max(1, Math.min(count, ANCHOR_BLOCK));
            // the product's buffers are kept: a fresh 64 x m double array per block (6.6 MB at 13,000 rows, 26 blocks per
            // design) was zeroed by the main thread, serial at any thread count
            if (anchorA == null || anchorA.length < blk * p) anchorA = new double[blk * p];
            if (anchorC == null || anchorC.length < (long) blk * m) anchorC = new double[blk * m];
            double[] a = anchorA, c = anchorC;
            org.atomdoe.linalg.DenseKernels kern = org.atomdoe.linalg.Dense.kernels();
            if (packedZ == null || packedZ.rows() != m) {
                packedZ = Gemm.packOperand(z, 0, p, m, p, kern.gemmNr(), false, packedBuffer, threads);
                packedBuffer = packedZ.data();
            }
            if (!plain) transposeMap();
            for (int b0 = 0; b0 < count; b0 += blk) {
                int k = Math.min(blk, count - b0);
                probes(local, todo, b0, k, a);
                Gemm.ntPacked(kern, k, m, p, 1.0, null, a, 0, p, packedZ, null, 0, 0, false, c, 0, m, 0, threads);
                float[][] rows = new float[k][];
                for (int r = 0; r < k; r++) {
                    int pos = todo[b0 + r];
                    float[] row = cache[pos];
                    if (row != null && row.length < m) row = cache[pos] = null;
                    rows[r] = row;
                    anchor[pos] = pass;
                }
                // a missing row is taken (and a new one zeroed) and converted to floats on the threads, row by row (the
                // allocation of up to 64 x m floats per block was serial on the calling thread)
                int kk = k, b00 = b0;
                Parallel.forEach(threads, k, r -> {
                    float[] row = rows[r];
                    if (row == null) row = cache[todo[b00 + r]] = newRow(todo[b00 + r]);
                    for (int j = 0, o = r * m; j < m; j++) row[j] = (float) c[o + j];
                });
            }
        }

        /** {@code T'} into {@link #mapTransposed} (the second factor of the probes {@code T'T z}). */
        private void transposeMap() {
            if (mapTransposed == null) mapTransposed = new double[p * p];
            for (int r = 0; r < p; r++) for (int q = 0; q < p; q++) mapTransposed[q * p + r] = map[r * p + q];
        }

        /**
         * The probes {@code T'T z} of the design rows of positions {@code todo[b0..b0+k)} into the rows of {@code out}
         * (k x p): with T = I the rows themselves, else two small products ({@code (Z_S T') T}), at matrix-product speed
         * where the probes one by one (two p x p products each, on the calling thread at any thread count) took ~5 % of the
         * anchoring. The probes only enter the cached bounds (a few ulps of rounding, far below {@link ExchangeKernels#CACHE_SLACK}).
         * {@link #transposeMap} must have run since the last swap.
         */
        private void probes(int[] local, int[] todo, int b0, int k, double[] out) {
            double[] rows = plain ? out : probeRows(k);
            for (int r = 0; r < k; r++) System.arraycopy(z, local[todo[b0 + r]] * p, rows, r * p, p);
            if (plain) return;
            if (probeMapped == null || probeMapped.length < k * p) probeMapped = new double[Math.max(k, ANCHOR_BLOCK) * p];
            Gemm.nt(k, p, p, 1.0, rows, 0, p, map, 0, p, false, probeMapped, 0, p, 0, 1); // rows (T z)'
            Gemm.nt(k, p, p, 1.0, probeMapped, 0, p, mapTransposed, 0, p, false, out, 0, p, 0, 1); // rows (T'T z)'
        }

        private double[] probeRows(int k) {
            if (probeRows == null || probeRows.length < k * p) probeRows = new double[Math.max(k, ANCHOR_BLOCK) * p];
            return probeRows;
        }

        /**
         * {@code g_j = sqrt(max(0, e_j - e0_j))} against e at the start of pass {@code a} (the anchor of cached rows), for
         * the scan's bound {@code |d_ij - cached| <= g_i g_j}: formed once after each change of e, not at every visit.
         */
        synchronized double[] growthRoots(int a) {
            if (roots == null || roots.length < eAtPass.size()) {
                int len = eAtPass.size();
                roots = roots == null ? new double[len][] : java.util.Arrays.copyOf(roots, len);
                rootsVersion = rootsVersion == null ? new int[len] : java.util.Arrays.copyOf(rootsVersion, len);
            }
            double[] r = roots[a];
            if (r == null || r.length < m || rootsVersion[a] != eVersion) {
                if (r == null || r.length < m) r = roots[a] = new double[m];
                formRoots(r, eAtPass.get(a), 0, m);
                rootsVersion[a] = eVersion;
            }
            return r;
        }

        /** {@code r[j] = sqrt(max(0, e_j - e0_j))} for {@code j in [from, to)}: the growth roots against the anchor {@code e0}. */
        private void formRoots(double[] r, double[] e0, int from, int to) {
            for (int j = from; j < to; j++) r[j] = Math.sqrt(Math.max(0, e[j] - e0[j]));
        }

        /** The current whitened row of tracked row t, {@code T z_t}, into {@code out}. */
        void currentRow(int t, double[] out) {
            if (plain) {
                System.arraycopy(z, t * p, out, 0, p);
                return;
            }
            for (int a = 0; a < p; a++) out[a] = DenseMath.dot(map, a * p, z, t * p, p);
        }

        /** {@code T' y}: a vector of the current frame taken to the frame of the stored rows ({@code y} itself when T = I). */
        double[] toStored(double[] y) {
            if (plain) return y;
            double[] out = new double[p];
            for (int a = 0; a < p; a++) {
                double ya = y[a];
                for (int b = 0; b < p; b++) out[b] += ya * map[a * p + b];
            }
            return out;
        }

        /**
         * {@code T'T z_t}, whose dot product with a stored row z_j is the current cross product {@code d_tj}, or null when
         * T = I (then z_t itself).
         */
        double[] probe(int t) {
            if (plain) return null;
            double[] c = new double[p];
            currentRow(t, c);
            return toStored(c);
        }

        /** The current whitened rows {@code T z_t} of all tracked rows (for tests). */
        double[] currentRows() {
            double[] out = new double[m * p], row = new double[p];
            for (int t = 0; t < m; t++) {
                currentRow(t, row);
                System.arraycopy(row, 0, out, t * p, p);
            }
            return out;
        }

        /**
         * Takes over the cross-product cache, the accumulated growth e and the e recorded at each pass start of {@code old}
         * (see {@link WhitenedExchange#track(DesignProblem, int[], double, double, int, Tracked)}): both sets list their
         * rows in ascending candidate order, so one merge maps old rows to new ones; new rows get NaN cached values and no
         * growth.
         */
        void carryOver(Tracked old) {
            int[] from = new int[m]; // old row of each new row, -1: new to the set
            for (int r = 0, q = 0; r < m; r++) {
                int g = global[r];
                while (q < old.m && old.global[q] < g) q++;
                from[r] = q < old.m && old.global[q] == g ? q : -1;
            }
            pass = old.pass;
            eAtPass = new java.util.ArrayList<>(old.eAtPass.size());
            for (double[] rec : old.eAtPass) eAtPass.add(remap(rec, from));
            e = remap(old.e, from);
            cache = new float[old.cache.length][];
            anchor = old.anchor.clone();
            int rows = cache.length;
            Parallel.forEach(threads, rows, pos -> {
                float[] src = old.cache[pos];
                if (src == null) return;
                float[] dst = new float[m];
                for (int r = 0; r < m; r++) dst[r] = from[r] < 0 ? Float.NaN : src[from[r]];
                cache[pos] = dst;
            });
            eVersion++;
        }

        private double[] remap(double[] src, int[] from) {
            double[] out = new double[m];
            for (int r = 0; r < m; r++) out[r] = from[r] < 0 ? 0 : src[from[r]];
            return out;
        }

        /**
         * A cross-product row of at least m floats for position {@code pos}: one of the set this one was rebuilt from
         * ({@link #spareRows}, every entry is written before it is read), else a new one.
         */
        private float[] newRow(int pos) {
            if (spareRows != null && pos < spareRows.length && spareRows[pos] != null && spareRows[pos].length >= m) {
                float[] row = spareRows[pos];
                spareRows[pos] = null;
                return row;
            }
            return new float[m];
        }

        /** Forgets the cached cross products of a design position (its design point changed). */
        void invalidate(int pos) {
            if (cache != null) cache[pos] = null;
        }

        /** Recomputes z and d from a fresh factor of M(sel); false when M is not positive definite. */
        boolean refresh(int[] sel) {
            Parallel.prepare(threads); // the information matrix and its factor first, serial
            double[] l = DesignCriteria.information(prob, sel, ridge);
            if (!DenseMath.cholesky(l, p)) return false;
            if (refreshRows == null || refreshRows.length < m * p) refreshRows = new double[m * p];
            double[] rows = refreshRows, x = prob.x();
            forChunks(m, (lo, hi) -> {
                for (int t = lo; t < hi; t++) System.arraycopy(x, global[t] * p, rows, t * p, p);
            });
            Cholesky.solveRows(l, 0, p, p, rows, 0, p, m, z, 0, p, d, 0, threads);
            plain = true;
            packedZ = null;
            return true;
        }

        /**
         * Swaps tracked design row {@code ti} for tracked candidate {@code tk}: both whitened rank-one
         * steps in one sweep (see the class comment).
         */
        void swap(int ti, int tk) {
            double[] w = new double[p], v = new double[p];
            currentRow(ti, w);
            currentRow(tk, v);
            double a = d[ti];
            double g = a > 0 ? (1 / Math.sqrt(1 - a) - 1) / a : 0.5;
            double ck = DenseMath.dot(w, 0, v, 0, p);
            for (int q = 0; q < p; q++) v[q] = v[q] + g * ck * w[q];
            double b = d[tk] + ck * ck / (1 - a);
            double h = b > 0 ? (1 - 1 / Math.sqrt(1 + b)) / b : 0.5;
            double vw = DenseMath.dot(v, 0, w, 0, p);
            double inv1 = 1 / (1 - a), inv2 = 1 / (1 + b);
            // the rows stay as stored: the dot products with w and v are those of the stored rows with T'w and T'v, and
            // the swap's map A = I + g w w' - h v (v + g vw w)' is composed into T (A T = T + g w (T'w)' - h v (T'v + g vw T'w)')
            double[] ws = toStored(w), vs = toStored(v);
            // with several threads, the growth roots in use (formed since e last changed) are formed again in the same sweep:
            // formed lazily, the first scan of the next window formed them alone while the other scans waited for its lock (on
            // one thread nothing waits, and the lazy forming skips the ~20 % of them that no scan asks for before e changes)
            int[] active = threads > 1 ? currentRoots() : new int[0];
            int na = active.length;
            double[][] ra = new double[na][], e0s = new double[na][];
            for (int k = 0; k < na; k++) {
                ra[k] = roots[active[k]];
                e0s[k] = eAtPass.get(active[k]);
            }
            forChunks(m, (from, to) -> {
                KERNELS.sweepLeverages(from, to, p, z, ws, vs, g, vw, inv1, inv2, d, e);
                for (int k = 0; k < na; k++) formRoots(ra[k], e0s[k], from, to);
            });
            if (plain) {
                if (map == null) map = new double[p * p];
                java.util.Arrays.fill(map, 0.0);
                for (int q = 0; q < p; q++) map[q * p + q] = 1;
                plain = false;
            }
            for (int r = 0; r < p; r++) {
                double gw = g * w[r], hv = h * v[r];
                for (int c = 0; c < p; c++) map[r * p + c] += gw * ws[c] - hv * (vs[c] + g * vw * ws[c]);
            }
            member[ti] = false;
            member[tk] = true;
            eVersion++;
            for (int anc : active) rootsVersion[anc] = eVersion;
        }

        /** The anchor passes whose growth roots are formed for the current e (see {@link #growthRoots}). */
        private synchronized int[] currentRoots() {
            if (roots == null) return new int[0];
            int k = 0;
            int[] out = new int[roots.length];
            for (int a = 0; a < roots.length; a++) {
                if (roots[a] != null && roots[a].length >= m && rootsVersion[a] == eVersion) out[k++] = a;
            }
            return java.util.Arrays.copyOf(out, k);
        }

        /**
         * The tracked candidate with the largest {@code Delta(ti, j) > floor} (the first such in candidate
         * order), or -1; {@code ok} filters candidates (quotas, budget). Runs on the calling thread (the exchange
         * scans several positions at once instead, see {@link WhitenedExchange#run}); reads the state and writes only
         * the cached row of {@code pos}, so scans of different positions may run concurrently.
         */
        int bestPartner(int pos, int ti, double floor, java.util.function.IntPredicate ok) {
            return bestPartner(pos, ti, floor, ok, null);
        }

        /**
         * As {@link #bestPartner(int, int, double, java.util.function.IntPredicate)}, giving up (-1) as soon as {@code dropped}
         * says the result is no longer wanted (a speculative scan behind a position that found a swap). A scan given up
         * leaves the cached row of {@code pos} valid: every value written is a current cross product, the others are as
         * before or NaN.
         */
        int bestPartner(int pos, int ti, double floor, java.util.function.IntPredicate ok, java.util.function.BooleanSupplier dropped) {
            double di = d[ti], oneMinus = 1 - di;
            int zi = ti * p;
            // a row anchored at most STALE_PASSES ago is reused (bounded); otherwise the row is recomputed and re-anchored
            float[] row = null;
            double[] e0 = null;
            boolean reuse = false;
            if (cache != null) {
                row = cache[pos];
                reuse = row != null && pass - anchor[pos] <= STALE_PASSES;
                if (!reuse) {
                    if (row == null || row.length < m) row = cache[pos] = newRow(pos);
                    java.util.Arrays.fill(row, 0, m, Float.NaN);
                    anchor[pos] = pass;
                }
                e0 = eAtPass.get(anchor[pos]);
            }
            double[] g = e0 == null ? null : growthRoots(anchor[pos]);
            double gi = g == null ? 0 : g[ti];
            // Delta <= 1 + d_j - d_i (Cauchy-Schwarz) and, with a cached row, Delta <= (1 + d_j)(1 - d_i) + r^2 with
            // r = |cached| + sqrt(e_i e_j) since the anchor: the kernel skips every row whose smaller bound does not
            // beat the best so far (a freshly filled row is all NaN: first bound only)
            float[] bounds = reuse ? row : null;
            double bv = floor;
            int bj = -1;
            double[] y = null; // T'T z_i, formed at the first dot product (null while T = I: z_i itself)
            boolean probed = plain;
            for (int j = 0; (j = KERNELS.next(j, m, d, di, bv, bounds, g, gi)) < m; j++) {
                if (member[j]) continue;
                if (dropped != null && dropped.getAsBoolean()) return -1;
                if (!probed) {
                    y = probe(ti);
                    probed = true;
                }
                double dij = y == null ? DenseMath.dot(z, zi, z, j * p, p) : DenseMath.dot(y, 0, z, j * p, p);
                if (row != null) row[j] = (float) dij;
                double delta = (1 + d[j]) * oneMinus + dij * dij;
                if (delta > bv && ok.test(global[j])) {
                    bv = delta;
                    bj = j;
                }
            }
            return bj;
        }

        private void forChunks(int count, DesignState.Range body) {
            int chunks = (count + ROW_CHUNK - 1) / ROW_CHUNK;
            if (threads <= 1 || chunks <= 1) {
                body.run(0, count);
                return;
            }
            Parallel.forEach(threads, chunks, c -> body.run(c * ROW_CHUNK, Math.min(count, (c + 1) * ROW_CHUNK)));
        }
    }

    /**
     * The tracked set for design {@code sel}: exact leverages of all candidates under M(sel), then the
     * design plus the candidates with {@code d_j > min_S d_i + e^tol - 1}, whitened. Null when M(sel)
     * cannot be factorised.
     */
    static Tracked track(DesignProblem prob, int[] sel, double ridge, double tolerance, int threads) {
        return track(prob, sel, ridge, tolerance, threads, null);
    }

    /**
     * As {@link #track(DesignProblem, int[], double, double, int)}, carrying over the cross-product cache of {@code old} (the
     * tracked set of the same design just before, or null): a cached {@code d_ij = x_i' M^-1 x_j} and its growth bound do not
     * depend on how the rows are stored, so a rebuild, like a refresh, keeps them. Rows that stay tracked keep their cached
     * values, accumulated growth e and the e recorded at each pass start; rows new to the set start with no cached value
     * (NaN: the first bound, then an exact dot product). The final quiet pass on the rebuilt set thus re-anchors nothing
     * (it used to recompute all 400 x m cross products by {@link Gemm}). {@link #run} carries the cache over only at the
     * rebuild after a quiet pass: after a pass with many swaps the carried rows' growth bounds are loose, and on the
     * 50000 x 101 benchmark the later passes then computed ~1 M single dot products each instead of ~0.01-0.17 M.
     */
    static Tracked track(DesignProblem prob, int[] sel, double ridge, double tolerance, int threads, Tracked old) {
        return track(prob, sel, ridge, tolerance, threads, old, LOW_POSITIONS, null);
    }

    /** The same with {@code lowPositions} design points deciding which low candidates are tracked (see {@link #keep}). */
    static Tracked track(DesignProblem prob, int[] sel, double ridge, double tolerance, int threads, Tracked old,
                         int lowPositions) {
        return track(prob, sel, ridge, tolerance, threads, old, lowPositions, null);
    }

    /**
     * The same, reusing the buffers of {@code previous} (the set being replaced, which must not be used afterwards): its
     * rows array when it holds all N candidates (the solve writes every entry) and its cross-product rows. A fresh
     * N x p array (40 MB on the 50000 x 101 benchmark) was zeroed by the main thread at every rebuild.
     */
    static Tracked track(DesignProblem prob, int[] sel, double ridge, double tolerance, int threads, Tracked old,
                         int lowPositions, Tracked previous) {
        int n = prob.n(), p = prob.p();
        Parallel.prepare(threads); // the information matrix and its factor first, serial
        double[] l = DesignCriteria.information(prob, sel, ridge);
        if (!DenseMath.cholesky(l, p)) return null;
        // one solve for all candidates keeps the whitened rows too (the tracked ones are kept below): a second solve for the
        // tracked rows cost about as much again in pass 1, where most candidates are tracked
        double[] d = new double[n];
        double[] zAll = previous != null && previous.z.length == (long) n * p ? previous.z : new double[n * p];
        Cholesky.solveRows(l, 0, p, p, prob.x(), 0, p, n, zAll, 0, p, d, 0, threads);
        boolean[] chosen = new boolean[n];
        double minD = Double.POSITIVE_INFINITY;
        for (int i : sel) {
            chosen[i] = true;
            minD = Math.min(minD, d[i]);
        }
        boolean[] keep = keep(sel, chosen, d, zAll, n, p, minD, tolerance, threads, lowPositions);
        int count = 0;
        for (int j = 0; j < n; j++) if (keep[j]) count++;
        int[] global = new int[count];
        int k = 0;
        for (int j = 0; j < n; j++) if (keep[j]) global[k++] = j;
        // the tracked rows moved down in place (global is ascending, so a row only moves to a lower index)
        for (int r = 0; r < count; r++) {
            int j = global[r];
            if (j != r) {
                System.arraycopy(zAll, j * p, zAll, r * p, p);
                d[r] = d[j];
            }
        }
        Tracked t = new Tracked(prob, ridge, global, threads, zAll, d);
        for (int r = 0; r < count; r++) t.member[r] = chosen[global[r]];
        if (old != null && old.cache != null && (long) old.cache.length * count <= CACHE_ENTRIES) t.carryOver(old);
        if (previous != null && previous.cache != null) t.spareRows = previous.cache;
        if (previous != null) t.packedBuffer = previous.packedBuffer;
        return t;
    }

    /**
     * Design points whose exact swap values decide which candidates a rebuild tracks (see {@link #keep}): on the 50000 x 101
     * benchmark 8 cut the tracked rows of pass 1 from 36,979 to 23,259 (branch fed8), 32 cut them to 13,316 (branch fed9x;
     * the swap values come from one 32 x 1024 matrix product per chunk of candidates). Tests pass others to
     * {@link #track(DesignProblem, int[], double, double, int, Tracked, int)}.
     */
    static final int LOW_POSITIONS = 32;

    /** Per-thread operands of {@link #keep}'s chunk products (the packed candidates and their swap values). */
    private static final ThreadLocal<KeepBuffers> KEEP_BUFFERS = ThreadLocal.withInitial(KeepBuffers::new);

    /** One thread's scratch for {@link #keep}: a chunk's packed candidates, their indices and their swap values. */
    private static final class KeepBuffers {
        final int[] idx = new int[CHUNK];
        double[] rows = new double[0], values = new double[0];
    }

    /**
     * Which candidates a rebuild tracks: the design, and every candidate that could give an improving swap now. With
     * {@code h} the {@link #LOW_POSITIONS}+1-th smallest design leverage, no design point with {@code d_i >= h} can gain from a
     * candidate with {@code d_j <= h + e^tol - 1} (first bound); for the few design points below h the swap values
     * {@code Delta(i, j)} of the candidates with {@code min d_i + e^tol - 1 < d_j <= h + e^tol - 1} are computed exactly (the
     * whitened rows of all candidates are at hand), and such a candidate is kept only if one of them beats {@code e^tol}. So a pass on a freshly rebuilt set
     * that makes no swap still proves that no candidate improves the design, on a set of about half the rows when the
     * smallest design leverages are outliers (the greedy start).
     */
    private static boolean[] keep(int[] sel, boolean[] chosen, double[] d, double[] z, int n, int p, double minD, double tolerance,
                                  int threads, int lowPositions) {
        double slack = Math.expm1(tolerance), floor = Math.exp(tolerance);
        double base = minD + slack;
        boolean[] keep = new boolean[n];
        int lowCount = Math.min(lowPositions, sel.length - 1);
        double high = base;
        int[] low = new int[0];
        if (lowCount > 0) {
            double[] ds = new double[sel.length];
            for (int q = 0; q < sel.length; q++) ds[q] = d[sel[q]];
            java.util.Arrays.sort(ds);
            high = Math.max(base, ds[lowCount] + slack);
            int c = 0;
            low = new int[lowCount];
            for (int i : sel) if (d[i] < ds[lowCount] && c < lowCount) low[c++] = i;
            low = java.util.Arrays.copyOf(low, c);
        }
        final double hi = high;
        final int[] lows = low;
        final int k = lows.length;
        // the design rows below h, packed: the swap values of a chunk of candidates come from one K x CHUNK matrix product
        // (Gemm, one thread per chunk), so K = 16-32 costs about what single dot products cost for a few
        double[] zLow = new double[Math.max(1, k) * p];
        for (int r = 0; r < k; r++) System.arraycopy(z, lows[r] * p, zLow, r * p, p);
        int chunks = (n + CHUNK - 1) / CHUNK;
        Parallel.forEach(threads, chunks, ch -> {
            int lo = ch * CHUNK, end = Math.min(n, lo + CHUNK);
            // the candidates in between, packed (near the optimum only a few per cent of all rows lie between the smallest
            // and the K+1-th smallest design leverage; the product then runs on those rows only)
            KeepBuffers buf = KEEP_BUFFERS.get(); // per thread: up to 0.8 + 0.26 MB per chunk were allocated (and zeroed) anew
            int[] idx = buf.idx;
            int cnt = 0;
            for (int j = lo; j < end; j++) {
                if (chosen[j] || d[j] > hi) keep[j] = true;
                else if (d[j] > base) idx[cnt++] = j;
            }
            if (cnt == 0 || k == 0) return;
            if (buf.rows.length < cnt * p) buf.rows = new double[CHUNK * p];
            if (buf.values.length < k * cnt) buf.values = new double[k * CHUNK];
            double[] rows = buf.rows, c = buf.values;
            for (int q = 0; q < cnt; q++) System.arraycopy(z, idx[q] * p, rows, q * p, p);
            Gemm.nt(k, cnt, p, 1.0, zLow, 0, p, rows, 0, p, false, c, 0, cnt, 0, 1);
            for (int q = 0; q < cnt; q++) {
                int j = idx[q];
                for (int r = 0; r < k; r++) {
                    int i = lows[r];
                    if (!(d[j] > d[i] + slack)) continue;
                    double dij = c[r * cnt + q];
                    // the margin covers the product's rounding (a few ulps of |z_i||z_j|, far below 1e-12)
                    if ((1 + d[j]) * (1 - d[i]) + dij * dij > floor * (1 - 1e-12)) {
                        keep[j] = true;
                        break;
                    }
                }
            }
        });
        return keep;
    }

    /**
     * Runs the exchange from design {@code sel} (modified in place: a swapped-in candidate takes the
     * position of the one it replaced). Returns null when M(sel) is not positive definite (the caller
     * falls back to the full-state exchange).
     */
    static Outcome run(DesignProblem prob, int[] sel, double ridge, Settings s, long deadline, int[] groupCount,
                       double[] cost, Progress progress) {
        int n = prob.n(), p = prob.p();
        int threads = s.threads();
        double floor = Math.exp(s.tolerance());
        int passes = 0, swaps = 0, sinceRefresh = 0;
        Tracked t = track(prob, sel, ridge, s.tolerance(), threads);
        if (t == null) return null;
        boolean fresh = true;
        int[] local = localIndex(t, sel);
        int maxWindow = threads > 1 ? WINDOW_PER_THREAD * threads : 1;
        int window = 1;
        int[] found = new int[maxWindow];
        // the first position of the current window that found a swap: the scans behind it are dropped, so they are not
        // started, and those under way give up (16 % of the speculative scans on the 50000 x 101 benchmark were dropped)
        java.util.concurrent.atomic.AtomicInteger firstSwap = new java.util.concurrent.atomic.AtomicInteger();
        while (passes < s.maxPasses()) {
            passes++;
            t.startPass(sel.length);
            int before = swaps;
            int pos = 0;
            while (pos < sel.length) {
                if (StopRequest.stop(deadline)) {
                    progress.advance(1);
                    return new Outcome(passes, swaps, false, true);
                }
                // the next block of positions' missing rows by one matrix product, just before they are scanned (rows
                // computed at the pass start would be carried through every compaction of the pass)
                if (pos % ANCHOR_BLOCK == 0) t.anchorRows(local, pos, ANCHOR_BLOCK);
                // a window of positions is scanned at once, each on the state before the window (swaps are rare): the
                // scans up to the first one that finds a swap are exact, the later ones are dropped and rescanned
                int end = Math.min(Math.min(sel.length, pos + window), (pos / ANCHOR_BLOCK + 1) * ANCHOR_BLOCK);
                int from = pos;
                double c0 = cost[0];
                final Tracked ft = t;
                final int[] fl = local;
                firstSwap.set(Integer.MAX_VALUE);
                Parallel.forEach(end - from > 1 ? threads : 1, end - from, q -> {
                    if (firstSwap.get() < q) { // dropped: the window's first swap lies before q
                        found[q] = -1;
                        return;
                    }
                    int i = sel[from + q], ti = fl[from + q];
                    // removing i would lose rank: numerically unreliable to swap
                    int f = 1 - ft.d[ti] > 1e-9 ? ft.bestPartner(from + q, ti, floor,
                            j -> OptimalDesign.allowed(s, j, groupCount, c0, i), () -> firstSwap.get() < q) : -1;
                    found[q] = f;
                    if (f >= 0) firstSwap.accumulateAndGet(q, Math::min);
                });
                int at = -1;
                for (int q = 0; q < end - from && at < 0; q++) if (found[q] >= 0) at = q;
                // wider after a window without a swap, narrower after one with (the dropped scans are wasted work)
                window = threads == 1 || t.m < parallelRows ? 1
                        : at < 0 ? Math.min(maxWindow, 2 * window) : Math.max(threads, window / 2);
                if (at < 0) {
                    pos = end;
                    continue;
                }
                pos = from + at;
                int tk = found[at];
                int i = sel[pos];
                int ti = local[pos];
                int j = t.global[tk];
                t.swap(ti, tk);
                t.invalidate(pos);
                sel[pos] = j;
                local[pos] = tk;
                swaps++;
                if (s.costs() != null) cost[0] += s.costs()[j] - s.costs()[i];
                if (groupCount != null) {
                    if (s.groups()[i] >= 0) groupCount[s.groups()[i]]--;
                    if (s.groups()[j] >= 0) groupCount[s.groups()[j]]++;
                }
                // shrink the working set as the design improves: candidates below the smallest design leverage
                // cannot give an improving swap now (a heuristic within the pass, like the tracking itself)
                double threshold = minMemberLeverage(t, local) + Math.expm1(s.tolerance());
                if (t.droppable(threshold) > t.m / 8) {
                    int[] map = t.compact(threshold);
                    for (int q = 0; q < local.length; q++) local[q] = map[local[q]];
                }
                if (++sinceRefresh >= REFRESH_SWAPS) {
                    if (!t.refresh(sel)) throw new IllegalStateException("information matrix lost positive definiteness");
                    sinceRefresh = 0;
                }
                pos++;
            }
            progress.advance(1);
            int made = swaps - before;
            if (made == 0 && fresh) return new Outcome(passes, swaps, true, false);
            // rebuild from exact leverages after a quiet pass (to prove or refute convergence), when the next pass's
            // sweeps (2 per swap, m p each) would cost more than one leverage solve of all rows (n p^2 / 2), or after a
            // pass with more swaps than a refresh interval: the cross products cached in it carry the growth bound of all
            // those swaps, and the next passes would compute most pairs again by single dot products (on the 50000 x 101
            // benchmark, with the tracked set of 32 exact design points, no rebuild after pass 1's 90 swaps made the
            // scans of passes 2-13 ~5x dearer)
            if (made == 0 || 4.0 * made * t.m > (double) n * p || made > REFRESH_SWAPS) {
                // after a quiet pass the cached cross products are kept (bounds still tight); after many swaps re-anchored
                t = track(prob, sel, ridge, s.tolerance(), threads, made == 0 ? t : null, LOW_POSITIONS, t);
                if (t == null) throw new IllegalStateException("information matrix lost positive definiteness");
                local = localIndex(t, sel);
                sinceRefresh = 0;
                fresh = true;
            } else {
                fresh = false;
            }
        }
        return new Outcome(passes, swaps, false, false);
    }

    /** The smallest leverage of the design rows (tracked rows {@code local}). */
    private static double minMemberLeverage(Tracked t, int[] local) {
        double min = Double.POSITIVE_INFINITY;
        for (int tr : local) min = Math.min(min, t.d[tr]);
        return min;
    }

    /** Tracked index of each design position. */
    private static int[] localIndex(Tracked t, int[] sel) {
        int[] local = new int[sel.length];
        for (int pos = 0; pos < sel.length; pos++) {
            local[pos] = java.util.Arrays.binarySearch(t.global, 0, t.m, sel[pos]);
            if (local[pos] < 0) throw new IllegalStateException("design row " + sel[pos] + " not tracked");
        }
        return local;
    }
}
