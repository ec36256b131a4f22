package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

class WhitenedExchangeTest {
    /** Random swaps of a design member for a non-member whose removal keeps M regular. */
    private static int[] randomSwap(WhitenedExchange.Tracked t, SplittableRandom r) {
        while (true) {
            int ti = r.nextInt(t.m), tk = r.nextInt(t.m);
            if (t.member[ti] && !t.member[tk] && t.d[ti] < 0.9) return new int[] {ti, tk};
        }
    }

    /** The design position holding candidate {@code c}. */
    private static int positionOf(int[] sel, int c) {
        for (int pos = 0; pos < sel.length; pos++) if (sel[pos] == c) return pos;
        throw new AssertionError("candidate " + c + " is not in the design");
    }

    private static int[] design(WhitenedExchange.Tracked t) {
        List<Integer> s = new ArrayList<>();
        for (int r = 0; r < t.m; r++) if (t.member[r]) s.add(t.global[r]);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void maintainedRowsEqualAFreshComputationAfterManySwaps() {
        for (int trial = 0; trial < 3; trial++) {
            int n = 300, p = 7 + 5 * trial, size = 3 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 7 + trial), n, p, 0);
            int[] sel = new int[size];
            for (int k = 0; k < size; k++) sel[k] = 3 * k;
            // tolerance -1 in log: threshold below every leverage, so every candidate is tracked
            WhitenedExchange.Tracked t = WhitenedExchange.track(prob, sel, 0, -50, 2);
            assertNotNull(t);
            assertEquals(n, t.m);
            SplittableRandom r = new SplittableRandom(trial);
            double[] e0 = t.e.clone();
            double[] cross0 = cross(t);
            for (int s = 0; s < 150; s++) {
                int[] sw = randomSwap(t, r);
                t.swap(sw[0], sw[1]);
            }
            int[] now = design(t);
            WhitenedExchange.Tracked fresh = WhitenedExchange.track(prob, now, 0, -50, 1);
            double[] crossNow = cross(t), crossFresh = cross(fresh);
            double[] zNow = t.currentRows(); // the stored rows mapped by the swaps since (T z)
            for (int j = 0; j < n; j++) {
                assertEquals(fresh.d[j], t.d[j], 1e-9 * (1 + fresh.d[j]), "leverage " + j);
                assertEquals(DenseMath.dot(zNow, j * p, zNow, j * p, p), t.d[j], 1e-9 * (1 + t.d[j]), "d = |z|^2");
            }
            for (int k = 0; k < crossNow.length; k++) assertEquals(crossFresh[k], crossNow[k], 1e-9, "cross product " + k);
            // the cache bound: |d_ij(now) - d_ij(then)| <= sqrt(e_i e_j) accumulated since then, after many swaps and after few
            assertBound(t, cross0, crossNow, e0);
            double[] e1 = t.e.clone();
            for (int s = 0; s < 2; s++) {
                int[] sw = randomSwap(t, r);
                t.swap(sw[0], sw[1]);
            }
            int sharper = assertBound(t, crossNow, cross(t), e1);
            assertTrue(sharper > 40 * 40 / 2, "after two swaps the bound is sharper than Cauchy-Schwarz on the rows for most pairs: " + sharper);
        }
    }

    /** Asserts the bound for the first 40 x 40 pairs; returns how many are below half the bound sqrt(d_i d_j). */
    private static int assertBound(WhitenedExchange.Tracked t, double[] before, double[] after, double[] e0) {
        int sharper = 0;
        for (int a = 0; a < 40; a++) {
            for (int b = 0; b < 40; b++) {
                double change = Math.abs(after[a * 40 + b] - before[a * 40 + b]);
                double bound = Math.sqrt((t.e[a] - e0[a]) * (t.e[b] - e0[b]));
                assertTrue(change <= bound * (1 + 1e-9) + 1e-12, "pair " + a + "," + b + ": " + change + " > " + bound);
                if (bound < 0.5 * Math.sqrt(t.d[a] * t.d[b])) sharper++;
            }
        }
        return sharper;
    }

    /** d_ij = z_i . z_j for the first 40 tracked rows (invariant under the choice of square root of M). */
    private static double[] cross(WhitenedExchange.Tracked t) {
        double[] c = new double[40 * 40], z = t.currentRows();
        for (int a = 0; a < 40; a++) for (int b = 0; b < 40; b++) c[a * 40 + b] = DenseMath.dot(z, a * t.p, z, b * t.p, t.p);
        return c;
    }

    @Test
    void swapValuesEqualRecomputedLogDet() {
        int n = 200, p = 9, size = 20;
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 11), n, p, 0);
        int[] sel = new int[size];
        for (int k = 0; k < size; k++) sel[k] = 5 * k;
        WhitenedExchange.Tracked t = WhitenedExchange.track(prob, sel, 0, -50, 1);
        double base = DesignTestData.logDet(prob, sel);
        for (int ti = 0; ti < n; ti += 5) {
            for (int tj = 1; tj < n; tj += 17) {
                if (!t.member[ti] || t.member[tj]) continue;
                double dij = DenseMath.dot(t.z, ti * p, t.z, tj * p, p);
                double delta = (1 + t.d[tj]) * (1 - t.d[ti]) + dij * dij;
                int[] swapped = sel.clone();
                swapped[ti / 5] = tj;
                assertEquals(DesignTestData.logDet(prob, swapped) - base, Math.log(delta), 1e-10);
            }
        }
    }

    @Test
    void cachedScansChooseLikeFullScans() {
        for (int trial = 0; trial < 4; trial++) {
            int n = 600, p = 6 + 3 * trial, size = 4 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 40 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            WhitenedExchange.Tracked cached = WhitenedExchange.track(prob, sel, 0, 1e-9, 2);
            WhitenedExchange.Tracked plain = plainScans(prob, sel);
            int[] localOf = localPositions(cached, sel);
            int swaps = 0, reused = 0, anchored = 0;
            for (int pass = 0; pass < 6; pass++) {
                cached.startPass(size);
                plain.startPass(size);
                for (int pos = 0; pos < size; pos++) {
                    // odd trials: missing rows are anchored by one matrix product per block of 5 positions, as run() does
                    if (trial % 2 == 1 && pos % 5 == 0) {
                        cached.anchorRows(localOf, pos, 5);
                        double[] zNow = cached.currentRows();
                        for (int q = pos; q < Math.min(size, pos + 5); q++) {
                            assertNotNull(cached.cache[q]);
                            if (cached.anchor[q] != cached.pass) continue; // a valid older row is kept (bounded by e)
                            anchored++;
                            for (int j = 0; j < cached.m; j += 7) {
                                double dij = DenseMath.dot(zNow, localOf[q] * p, zNow, j * p, p);
                                assertEquals(dij, cached.cache[q][j], 1e-6 * (1 + Math.abs(dij)), "anchored cross product");
                            }
                        }
                    }
                    int ti = localOf[pos];
                    if (!(1 - cached.d[ti] > 1e-9)) continue;
                    if (cached.cache != null && cached.cache[pos] != null) reused++;
                    int a = cached.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
                    int b = plain.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
                    assertEquals(b, a, "trial " + trial + " pass " + pass + " position " + pos);
                    if (a < 0) continue;
                    cached.swap(ti, a);
                    cached.invalidate(pos);
                    plain.swap(ti, a);
                    localOf[pos] = a;
                    swaps++;
                }
                // the in-pass compaction and a refresh move or rewrite rows: the cached scans must still choose alike
                double threshold = Double.POSITIVE_INFINITY;
                for (int q : localOf) threshold = Math.min(threshold, cached.d[q]);
                int[] moved = cached.compact(threshold - 0.02);
                int[] movedPlain = plain.compact(threshold - 0.02);
                assertEquals(java.util.Arrays.toString(moved), java.util.Arrays.toString(movedPlain));
                for (int q = 0; q < size; q++) localOf[q] = moved[localOf[q]];
                int[] now = new int[size];
                for (int q = 0; q < size; q++) now[q] = cached.global[localOf[q]];
                assertTrue(cached.refresh(now) && plain.refresh(now));
            }
            assertTrue(swaps > 0, "the greedy start should be improvable");
            assertTrue(reused > 0, "later passes reuse cached cross products");
            if (trial % 2 == 1) assertTrue(anchored >= size, "every position anchored at least once: " + anchored);
        }
    }

    /**
     * Speculative scans that give up part way (as the window's scans behind a position that found a swap do) return -1 and
     * leave a cache from which later scans still choose what full scans choose; the swaps' sweeps form the growth roots in use
     * on two threads.
     */
    @Test
    void scansGivenUpLeaveACacheThatChoosesLikeFullScans() {
        for (int trial = 0; trial < 3; trial++) {
            int n = 600, p = 7 + 4 * trial, size = 4 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 70 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            WhitenedExchange.Tracked cached = WhitenedExchange.track(prob, sel, 0, 1e-9, 2);
            WhitenedExchange.Tracked plain = plainScans(prob, sel);
            int[] localOf = localPositions(cached, sel);
            int swaps = 0, givenUp = 0;
            for (int pass = 0; pass < 5; pass++) {
                cached.startPass(size);
                plain.startPass(size);
                for (int pos = 0; pos < size; pos++) {
                    int ti = localOf[pos];
                    if (!(1 - cached.d[ti] > 1e-9)) continue;
                    // the next position's scan, given up after 0-3 candidates that needed a dot product
                    int next = (pos + 1) % size, tn = localOf[next], limit = (pos + pass) % 4;
                    if (1 - cached.d[tn] > 1e-9) {
                        int[] asked = new int[1];
                        int r = cached.bestPartner(next, tn, Math.exp(1e-9), j -> true, () -> asked[0]++ >= limit);
                        if (asked[0] > limit) {
                            assertEquals(-1, r, "a scan given up finds nothing");
                            givenUp++;
                        }
                    }
                    int a = cached.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
                    int b = plain.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
                    assertEquals(b, a, "trial " + trial + " pass " + pass + " position " + pos);
                    if (a < 0) continue;
                    cached.swap(ti, a);
                    cached.invalidate(pos);
                    plain.swap(ti, a);
                    localOf[pos] = a;
                    swaps++;
                }
            }
            assertTrue(swaps > 0, "the greedy start should be improvable");
            assertTrue(givenUp > 0, "some scans were given up");
        }
    }

    /**
     * A rebuild that carries the cross-product cache over (the convergence rebuild of {@link WhitenedExchange#run}) keeps
     * valid bounds (every carried value plus its growth bound covers the exact cross product of the fresh rows) and the scans
     * on the rebuilt set choose what full scans choose, also after further swaps.
     */
    @Test
    void aRebuildCarriesTheCacheOverAndChoosesLikeFullScans() {
        for (int trial = 0; trial < 3; trial++) {
            int n = 600, p = 6 + 3 * trial, size = 4 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 90 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            WhitenedExchange.Tracked cached = WhitenedExchange.track(prob, sel, 0, 1e-9, 2);
            WhitenedExchange.Tracked plain = plainScans(prob, sel);
            int swaps = 0;
            for (int pass = 0; pass < 2; pass++) swaps += comparePass(cached, plain, sel, "trial " + trial + " pass " + pass);
            assertTrue(swaps > 0, "the greedy start should be improvable");
            WhitenedExchange.Tracked carried = WhitenedExchange.track(prob, sel, 0, 1e-9, 2, cached);
            plain = plainScans(prob, sel);
            assertEquals(plain.m, carried.m);
            for (int r = 0; r < plain.m; r++) assertEquals(plain.global[r], carried.global[r]);
            assertEquals(cached.pass, carried.pass);
            int checked = 0;
            for (int pos = 0; pos < size; pos++) {
                float[] row = carried.cache[pos];
                if (row == null) continue;
                int ti = java.util.Arrays.binarySearch(carried.global, 0, carried.m, sel[pos]);
                double[] g = carried.growthRoots(carried.anchor[pos]);
                for (int j = 0; j < carried.m; j++) {
                    if (Float.isNaN(row[j])) continue;
                    double dij = DenseMath.dot(plain.z, ti * p, plain.z, j * p, p);
                    double bound = Math.abs(row[j]) * (1 + ExchangeKernels.CACHE_SLACK) + 1e-3 * ExchangeKernels.CACHE_SLACK + g[ti] * g[j];
                    assertTrue(Math.abs(dij) <= bound, "trial " + trial + " position " + pos + " row " + j + ": " + dij + " > " + bound);
                    checked++;
                }
            }
            assertTrue(checked > size * 10, "carried cross products: " + checked);
            for (int pass = 2; pass < 6; pass++) comparePass(carried, plain, sel, "trial " + trial + " pass " + pass + " (rebuilt)");
        }
    }

    /**
     * A rebuilt set holds every candidate that gives an improving swap with some design point (the exact part of the
     * tracking rule: the candidates below the {@code LOW_POSITIONS}+1-th smallest design leverage are kept only when one of
     * the design points below it gains from them), checked against every swap value of a full state; and it is smaller than
     * the set of all candidates above the smallest design leverage, at least on some of these greedy starts.
     */
    @Test
    void aRebuiltSetHoldsEveryImprovingCandidate() {
        int smaller = 0;
        for (int trial = 0; trial < 6; trial++) {
            int n = 500 + 250 * trial, p = 5 + 2 * trial, size = 3 * p; // from trial 3 on, more than one chunk of candidates
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 120 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            double tol = 1e-9, floor = Math.exp(tol);
            // 1 to 64 exact design points (capped at the design size - 1), their swap values by the chunked matrix product
            WhitenedExchange.Tracked t = WhitenedExchange.track(prob, sel, 0, tol, 1 + trial % 2, null, new int[] {1, 4, 8, 16, 32, 64}[trial]);
            WhitenedExchange.Tracked byMinimum = WhitenedExchange.track(prob, sel, 0, tol, 2, null, 0);
            WhitenedExchange.Tracked all = WhitenedExchange.track(prob, sel, 0, -50, 1);
            assertEquals(n, all.m);
            java.util.Set<Integer> tracked = new java.util.HashSet<>();
            for (int r = 0; r < t.m; r++) tracked.add(t.global[r]);
            int improving = 0;
            for (int i : sel) {
                if (!(1 - all.d[i] > 1e-9)) continue;
                for (int j = 0; j < n; j++) {
                    if (all.member[j]) continue;
                    double dij = DenseMath.dot(all.z, i * p, all.z, j * p, p);
                    if ((1 + all.d[j]) * (1 - all.d[i]) + dij * dij > floor) {
                        improving++;
                        assertTrue(tracked.contains(j), "trial " + trial + ": candidate " + j + " improves on " + i + " but is not tracked");
                    }
                }
            }
            assertTrue(improving > 0, "the greedy start should be improvable");
            assertTrue(t.m <= byMinimum.m);
            if (t.m < byMinimum.m) smaller++;
        }
        assertTrue(smaller > 0, "the exact rule should prune beyond the smallest design leverage somewhere");
    }

    /**
     * Rows anchored by the matrix product on the stored rows packed once (kept across blocks and swaps, dropped at a refresh
     * and a compaction) and probes {@code T'T z} by two small products equal the current cross products: after swaps
     * (T not the identity), after a refresh (rows rewritten) and after a compaction (rows moved), for 1, 3 and 6 positions.
     */
    @Test
    void anchoredRowsOnAKeptPackingEqualTheCurrentCrossProducts() {
        for (int trial = 0; trial < 3; trial++) {
            int n = 500, p = 5 + 7 * trial, size = 3 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 900 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            WhitenedExchange.Tracked t = WhitenedExchange.track(prob, sel, 0, -50, 2); // every candidate tracked
            SplittableRandom r = new SplittableRandom(trial);
            for (int step = 0; step < 8; step++) {
                t.startPass(size);
                int[] local = localPositions(t, sel);
                int[] counts = {6, 1, 3};
                for (int b = 0, from = 0; b < counts.length && from < size; from += counts[b++]) {
                    for (int pos = from; pos < Math.min(size, from + counts[b]); pos++) t.invalidate(pos);
                    t.anchorRows(local, from, counts[b]);
                    double[] zNow = t.currentRows();
                    for (int pos = from; pos < Math.min(size, from + counts[b]); pos++) {
                        for (int j = 0; j < t.m; j++) {
                            double dij = DenseMath.dot(zNow, local[pos] * p, zNow, j * p, p);
                            assertEquals(dij, t.cache[pos][j], 1e-6 * (1 + Math.abs(dij)), "step " + step + " position " + pos);
                        }
                    }
                }
                // then swaps (the packing is kept), and every other step a refresh or a compaction (the packing is dropped)
                for (int s = 0; s < 2; s++) {
                    int[] q = randomSwap(t, r);
                    int pos = positionOf(sel, t.global[q[0]]);
                    t.swap(q[0], q[1]);
                    t.invalidate(pos);
                    sel[pos] = t.global[q[1]];
                }
                if (step % 4 == 1) assertTrue(t.refresh(sel));
                if (step % 4 == 3) {
                    double min = Double.POSITIVE_INFINITY;
                    for (int row = 0; row < t.m; row++) if (t.member[row]) min = Math.min(min, t.d[row]);
                    t.compact(min - 0.05);
                }
            }
        }
    }

    /**
     * A rebuild that reuses the buffers of the set it replaces (its N x p rows array and its cross-product rows, as
     * {@link WhitenedExchange#run} does) tracks the same rows with the same whitened rows and leverages bit for bit as a
     * fresh rebuild, and the anchored cross products and a refresh are the same bit for bit too: no stale value of the
     * reused buffers survives.
     */
    @Test
    void aRebuildReusingTheOldBuffersEqualsAFreshOne() {
        for (int trial = 0; trial < 3; trial++) {
            int n = 700, p = 6 + 4 * trial, size = 4 * p;
            DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 160 + trial), n, p, 0);
            int[] sel = greedyStart(prob, size);
            WhitenedExchange.Tracked first = WhitenedExchange.track(prob, sel, 0, 1e-9, 2);
            WhitenedExchange.Tracked plain = plainScans(prob, sel);
            // a pass with anchored rows and swaps, so the old set's buffers hold values of another design
            assertTrue(comparePass(first, plain, sel, "trial " + trial) > 0, "the greedy start should be improvable");
            for (int pos = 0; pos < size; pos++) {
                if (first.cache[pos] == null) first.cache[pos] = new float[first.m]; // every position has a row to reuse
                java.util.Arrays.fill(first.cache[pos], 12345f);
            }
            java.util.Arrays.fill(first.z, -7.0);
            WhitenedExchange.Tracked fresh = WhitenedExchange.track(prob, sel, 0, 1e-9, 2);
            WhitenedExchange.Tracked reused = WhitenedExchange.track(prob, sel, 0, 1e-9, 2, null, WhitenedExchange.LOW_POSITIONS, first);
            assertEquals(fresh.m, reused.m);
            for (int r = 0; r < fresh.m; r++) {
                assertEquals(fresh.global[r], reused.global[r]);
                assertEquals(Double.doubleToLongBits(fresh.d[r]), Double.doubleToLongBits(reused.d[r]), "leverage of row " + r);
            }
            for (int q = 0; q < fresh.m * p; q++) assertEquals(Double.doubleToLongBits(fresh.z[q]), Double.doubleToLongBits(reused.z[q]));
            int[] local = localPositions(fresh, sel);
            fresh.startPass(size);
            reused.startPass(size);
            // 2 positions by single dot products (nothing packed yet), 5 by the matrix product (which packs the rows), then
            // 2 by the product on the kept packing
            fresh.anchorRows(local, 0, 2);
            reused.anchorRows(local, 0, 2);
            fresh.anchorRows(local, 2, 5);
            reused.anchorRows(local, 2, 5);
            fresh.anchorRows(local, 7, 2);
            reused.anchorRows(local, 7, 2);
            for (int pos = 0; pos < 9; pos++) {
                for (int j = 0; j < fresh.m; j++) {
                    assertEquals(Float.floatToIntBits(fresh.cache[pos][j]), Float.floatToIntBits(reused.cache[pos][j]),
                            "trial " + trial + " position " + pos + " row " + j);
                }
            }
            assertTrue(fresh.refresh(sel) && reused.refresh(sel));
            for (int q = 0; q < fresh.m * p; q++) assertEquals(Double.doubleToLongBits(fresh.z[q]), Double.doubleToLongBits(reused.z[q]));
            for (int r = 0; r < fresh.m; r++) assertEquals(Double.doubleToLongBits(fresh.d[r]), Double.doubleToLongBits(reused.d[r]));
        }
    }

    /** One pass over the positions: the cached and the uncached scan choose alike; both make the swap. Returns the swaps. */
    private static int comparePass(WhitenedExchange.Tracked cached, WhitenedExchange.Tracked plain, int[] sel, String what) {
        cached.startPass(sel.length);
        plain.startPass(sel.length);
        int swaps = 0;
        for (int pos = 0; pos < sel.length; pos++) {
            if (pos % 5 == 0) { // whole rows by the matrix product, as run() anchors them, so that much is carried over
                int[] localOf = new int[sel.length];
                for (int q = 0; q < sel.length; q++) localOf[q] = java.util.Arrays.binarySearch(cached.global, 0, cached.m, sel[q]);
                cached.anchorRows(localOf, pos, 5);
            }
            int ti = java.util.Arrays.binarySearch(cached.global, 0, cached.m, sel[pos]);
            assertEquals(ti, java.util.Arrays.binarySearch(plain.global, 0, plain.m, sel[pos]));
            if (!(1 - cached.d[ti] > 1e-9)) continue;
            int a = cached.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
            int b = plain.bestPartner(pos, ti, Math.exp(1e-9), j -> true);
            assertEquals(b, a, what + " position " + pos);
            if (a < 0) continue;
            cached.swap(ti, a);
            cached.invalidate(pos);
            plain.swap(ti, a);
            sel[pos] = cached.global[a];
            swaps++;
        }
        return swaps;
    }

    /**
     * The windowed scan (several positions scanned at once on the state before the window, dropped after a swap) gives
     * the same design, passes and swaps for every thread count as the serial scan, including quotas; the pools are small,
     * so the window is forced on by lowering {@link WhitenedExchange#parallelRows}.
     */
    @Test
    void windowedParallelScanEqualsTheSerialScan() {
        int saved = WhitenedExchange.parallelRows;
        try {
            for (int t = 0; t < 6; t++) {
                int n = 700 + 150 * t, p = 6 + 2 * t, size = 3 * p;
                DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 70 + t), n, p, 0);
                OptimalDesign.Settings base = OptimalDesign.Settings.of(Criterion.D, size);
                if (t % 2 == 1) {
                    int[] groups = new int[n];
                    for (int j = 0; j < n; j++) groups[j] = j % 3;
                    base = base.withQuotas(groups, new int[] {size / 2, size / 2, size});
                }
                WhitenedExchange.parallelRows = Integer.MAX_VALUE;
                OptimalDesign.Result serial = OptimalDesign.select(prob, base, Progress.NONE);
                assertTrue(serial.swaps() > 0, "the greedy start should be improvable");
                WhitenedExchange.parallelRows = 0;
                for (int threads : new int[] {1, 2, 3}) {
                    OptimalDesign.Result r = OptimalDesign.select(prob, base.withThreads(threads), Progress.NONE);
                    assertEquals(java.util.Arrays.toString(serial.selected()), java.util.Arrays.toString(r.selected()), "case " + t + ", " + threads + " threads");
                    assertEquals(serial.passes(), r.passes());
                    assertEquals(serial.swaps(), r.swaps());
                    assertEquals(serial.objective(), r.objective(), 0.0);
                }
            }
        } finally {
            WhitenedExchange.parallelRows = saved;
        }
    }

    /** The textbook modified Fedorov exchange over all candidates with the full Sherman-Morrison state. */
    private static double textbook(DesignProblem prob, int[] start) {
        int[] sel = start.clone();
        DesignState st = new DesignState(prob, 0, false, null);
        for (int i : sel) st.in[i] = true;
        st.size = sel.length;
        assertTrue(st.rebuild());
        double floor = Math.exp(1e-9);
        for (int pass = 0; pass < 100; pass++) {
            boolean any = false;
            for (int pos = 0; pos < sel.length; pos++) {
                int i = sel[pos];
                double di = st.d[i];
                if (!(1 - di > 1e-9)) continue;
                int best = -1;
                double bv = floor;
                for (int j = 0; j < prob.n(); j++) {
                    if (st.in[j]) continue;
                    double dij = DenseMath.dot(st.x, i * prob.p(), st.g, j * prob.p(), prob.p());
                    double delta = (1 + st.d[j]) * (1 - di) + dij * dij;
                    if (delta > bv) {
                        bv = delta;
                        best = j;
                    }
                }
                if (best < 0) continue;
                st.remove(i);
                st.add(best);
                sel[pos] = best;
                any = true;
            }
            if (!any) break;
        }
        return DesignTestData.logDet(prob, sel);
    }

    @Test
    void exchangeIsALocalOptimumAndMatchesTheTextbookExchange() {
        int cases = 12, worse = 0;
        double sumNew = 0, sumOld = 0;
        for (int t = 0; t < cases; t++) {
            int n = 500 + 100 * (t % 3), p = 5 + t, size = 2 * p + 3 * (t % 4);
            double[] x = DesignTestData.gaussian(n, p, 900 + t);
            for (int i = 0; i < n; i++) x[i * p] = 1; // intercept column, as in the benchmark
            DesignProblem prob = DesignProblem.of(x, n, p, 0);
            OptimalDesign.Settings s = OptimalDesign.Settings.of(Criterion.D, size).withThreads(1 + t % 2);
            OptimalDesign.Result g = OptimalDesign.select(prob, s.withAlgorithm(OptimalDesign.Algorithm.GREEDY), Progress.NONE);
            OptimalDesign.Result r = OptimalDesign.select(prob, s, Progress.NONE);
            assertTrue(r.converged());
            double got = DesignTestData.logDet(prob, r.selected());
            assertEquals(got, r.objective(), 1e-10);
            // no single swap with any candidate improves the result (the stopping rule over all candidates)
            int[] sel = r.selected();
            boolean[] in = new boolean[n];
            for (int i : sel) in[i] = true;
            for (int pos = 0; pos < size; pos += 3) {
                for (int j = 0; j < n; j += 7) {
                    if (in[j]) continue;
                    int[] sw = sel.clone();
                    sw[pos] = j;
                    assertTrue(DesignTestData.logDet(prob, sw) <= got + 1e-8, "case " + t + ": swap " + pos + " -> " + j + " improves");
                }
            }
            double old = textbook(prob, g.selected());
            sumNew += got;
            sumOld += old;
            if (got < old - 1e-9) worse++;
        }
        System.out.printf("whitened exchange vs textbook exchange: mean log det %.6f vs %.6f, lower in %d of %d cases%n",
                sumNew / cases, sumOld / cases, worse, cases);
        assertTrue(sumNew >= sumOld - 1e-3 * cases, "mean log det " + sumNew / cases + " vs textbook " + sumOld / cases);
    }

    /** The greedy design of {@code size} points: the start every exchange test improves on. */
    private static int[] greedyStart(DesignProblem prob, int size) {
        return OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, size)
                .withAlgorithm(OptimalDesign.Algorithm.GREEDY), Progress.NONE).selected();
    }

    /** Each design point's row in the tracked set {@code t} (its global indices are sorted). */
    private static int[] localPositions(WhitenedExchange.Tracked t, int[] sel) {
        int[] local = new int[sel.length];
        for (int pos = 0; pos < sel.length; pos++) local[pos] = java.util.Arrays.binarySearch(t.global, 0, t.m, sel[pos]);
        return local;
    }

    /** A tracked set on one thread whose scans compute every cross product (no cache): the reference of the cached scans. */
    private static WhitenedExchange.Tracked plainScans(DesignProblem prob, int[] sel) {
        WhitenedExchange.Tracked plain = WhitenedExchange.track(prob, sel, 0, 1e-9, 1);
        plain.cacheEnabled = false;
        return plain;
    }
}
