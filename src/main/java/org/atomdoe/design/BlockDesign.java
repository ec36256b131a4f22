package org.atomdoe.design;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.design.OptimalDesign.Algorithm;
import org.atomdoe.design.OptimalDesign.Result;
import org.atomdoe.design.OptimalDesign.Settings;
import org.atomdoe.util.Progress;

/**
 * Exact optimal designs over blocks of rows ({@link BlockDesignProblem}): each candidate configuration brings its
 * energy, force and stress rows at once. Same settings, result and semantics as the row engine {@link OptimalDesign}
 * (greedy start, modified Fedorov exchange of Cook &amp; Nachtsheim 1980, costs, quotas, seeded starts, time limit),
 * with every gain computed by the block formulas of {@link BlockGains}.
 *
 * <p><b>Greedy.</b> D uses lazy evaluation (log det is submodular in added blocks, so stale gains bound fresh ones);
 * A and I rescore every candidate each step. <b>Exchange.</b> For each design point i in turn, {@code M_-i = M - G_i}
 * is factored once and every candidate's gain against it is one block-gain evaluation; the best swap improves the
 * criterion by {@code gain_j(M_-i) - gain_i(M_-i)}. For D a pass only looks at candidates with
 * {@code a_j = log det(I + R_j M^-1 R_j') > min_i (l_i + tol) e^{-l_i}}, {@code l_i} the log det lost by removing i: since
 * {@code M_-i^-1 <= M^-1 / (1 - alpha_max) <= e^{l_i} M^-1} and {@code log det(I + cA) <= c log det(I + A)} for
 * {@code c >= 1}, no other candidate can improve a swap at the start of the pass, so a pass without swaps proves
 * convergence.
 *
 * <p><b>Initial design.</b> With {@link Settings#initial()} the first start skips the greedy and exchanges from the
 * given design (e.g. farthest-point or stratified), so the exchange improves the criterion from a space-filling start.
 *
 * <p><b>Leverage cap.</b> The leverage of configuration i in a design S is {@code h_i = trace(R_i M_S^-1 R_i')}
 * ({@code M_S} the design's information with its ridge and fixed rows; for one-row blocks the classic hat-matrix
 * diagonal). Without ridge the leverages of an n-configuration design sum to p, so {@code p / n} is their mean, and
 * points with {@code h > 2 p / n} are the classic high-leverage points (Hoaglin &amp; Welsch, Am. Stat. 32, 17 (1978)).
 * With {@link Settings#maxLeverage()} {@code = C > 0}, final size n and {@code cap = C p / n}, the exact rule is:
 * (1) the greedy adds the best-scoring candidate whose anticipated leverage is at most the cap: its leverage in the
 * design whose information is the current design's, plus its own block, plus the information of the configurations
 * still to come counted as average pool configurations ({@code (n - k) Gbar}, {@code Gbar} the pool's mean block
 * information); candidates that would break it are skipped (D then uses the eager greedy), and when none qualifies the
 * one of smallest anticipated leverage is taken; (2) the exchange accepts for design point i the best improving
 * candidate after whose swap every design point has {@code h <= cap}; (3) while the design has a point above the cap
 * (a start design, or a greedy whose anticipation was wrong), the exchange instead swaps each point above the cap for
 * the best-scoring candidate whose swap lowers the violation (fewer points above the cap, or as many with a smaller
 * summed excess over it; strictly decreasing, so the repair ends), whether or not the criterion improves.
 * This is a local search: when no single swap lowers the violation the design is returned as it is (the cap is not
 * guaranteed, e.g. when several extreme configurations share a direction); {@link #leverages} lets the caller report whether the cap
 * holds. With {@code C = 0} nothing changes.
 */
public final class BlockDesign {
    private BlockDesign() {}

    /** Relative pivot threshold of the block compression ({@link BlockDesignProblem#compressed(double)}). */
    static final double COMPRESSION_TOLERANCE = 1e-13;

    /** Runs the design; see {@link Settings}. */
    public static Result select(BlockDesignProblem problem, Settings s, Progress progress) {
        int n = problem.n();
        if (Double.isNaN(s.costBudget()) && s.size() > n) {
            throw new IllegalArgumentException("cannot choose " + s.size() + " of " + n + " candidates: the pool is smaller than the budget");
        }
        if (s.costs() != null && s.costs().length != n) throw new IllegalArgumentException("need one cost per candidate");
        if (s.groups() != null && s.groups().length != n) throw new IllegalArgumentException("need one group per candidate");
        BlockDesignProblem prob = problem.compressed(COMPRESSION_TOLERANCE);
        long deadline = s.timeLimitSeconds() > 0 ? System.nanoTime() + (long) Math.ceil(s.timeLimitSeconds() * 1e9) : Long.MAX_VALUE;
        progress.start("block design " + s.criterion() + "-optimal (steps and passes)", 0);
        Result best = null;
        double[] objectives = new double[s.starts()];
        for (int start = 0; start < s.starts(); start++) {
            Result r = runStart(prob, s, start, deadline, progress);
            objectives[start] = r.objective();
            if (best == null || better(s.criterion(), r, best)) best = r;
            if (r.timedOut()) break;
        }
        progress.finish();
        return new Result(best.selected(), best.criterion(), best.objective(), best.effectiveRidge(), best.bestStart(),
                best.passes(), best.swaps(), best.converged(), best.timedOut(), best.totalCost(), objectives);
    }

    private static boolean better(Criterion c, Result a, Result b) {
        if (a.effectiveRidge() != b.effectiveRidge()) return a.effectiveRidge() < b.effectiveRidge();
        return c == Criterion.D ? a.objective() > b.objective() : a.objective() < b.objective();
    }

    private static double cost(Settings s, int j) {
        return s.costs() == null ? 1 : s.costs()[j];
    }

    private static Result runStart(BlockDesignProblem prob, Settings s, int start, long deadline, Progress progress) {
        Criterion c = s.criterion();
        int n = prob.n(), p = prob.p();
        double ridge = prob.ridge() > 0 ? prob.ridge() : OptimalDesign.startRidge(prob.rows(), prob.offsets()[n], p);
        SplittableRandom rnd = start == 0 ? null : new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + start);
        int[] groupCount = s.groups() == null ? null : new int[s.quotas().length];
        int target = Double.isNaN(s.costBudget()) ? s.size() : (s.size() > 0 ? s.size() : n);
        BlockGains gains = new BlockGains(prob, c, s.threads());
        List<Integer> order = new ArrayList<>();
        double[] m = prob.information(new int[0], ridge);
        boolean timedOut;
        if (start == 0 && s.initial() != null) {
            OptimalDesign.checkInitial(s, n, groupCount);
            for (int i : s.initial()) order.add(i);
            timedOut = false;
        } else if (c == Criterion.D && rnd == null && s.maxLeverage() == 0) {
            timedOut = lazyGreedy(prob, s, gains, m, target, deadline, order, groupCount, progress);
        } else {
            timedOut = eagerGreedy(prob, s, gains, m, target, deadline, order, groupCount, rnd, progress);
        }
        int[] sel = order.stream().mapToInt(Integer::intValue).toArray();
        double cost = 0;
        for (int j : sel) cost += cost(s, j);
        // with no ridge, continue on the exact problem as soon as the selection has full rank
        if (prob.ridge() == 0 && DenseMath.cholesky(prob.information(sel, 0), p)) ridge = 0;
        int passes = 0, swaps = 0;
        boolean converged = s.algorithm() == Algorithm.GREEDY;
        if (s.algorithm() == Algorithm.FEDOROV && !timedOut && sel.length > 0) {
            converged = false;
            while (passes < s.maxPasses()) {
                passes++;
                int[] pass = exchangePass(prob, s, gains, sel, ridge, groupCount, cost, deadline);
                progress.advance(1);
                if (pass == null) {
                    timedOut = true;
                    break;
                }
                swaps += pass[0];
                cost = 0;
                for (int j : sel) cost += cost(s, j);
                if (pass[0] == 0) {
                    converged = true;
                    break;
                }
            }
        }
        DesignCriteria crit = prob.criteria(sel, ridge);
        double obj = switch (c) {
            case D -> crit.logDet() == null ? Double.NEGATIVE_INFINITY : crit.logDet();
            case A -> crit.a() == null ? Double.POSITIVE_INFINITY : crit.a();
            case I -> crit.i() == null ? Double.POSITIVE_INFINITY : crit.i();
        };
        return new Result(sel, c, obj, ridge, start, passes, swaps, converged, timedOut, s.costs() == null ? sel.length : cost, null);
    }

    private static void factorOrFail(BlockGains gains, double[] m) {
        if (!gains.factor(m)) throw new IllegalStateException("information matrix lost positive definiteness");
    }

    /** Adds block j to M (lower triangle) and mirrors. */
    private static void addBlock(BlockDesignProblem prob, double[] m, int j, double sign) {
        prob.addBlockGram(m, j, sign);
        DenseMath.symmetrise(m, prob.p());
    }

    /** Lazy greedy D ({@link LazyGreedy}): stale tops refreshed in batches of block gains, M refactored after each pick. */
    private static boolean lazyGreedy(BlockDesignProblem prob, Settings s, BlockGains gains, double[] m, int target, long deadline,
                                      List<Integer> order, int[] groupCount, Progress progress) {
        int n = prob.n();
        factorOrFail(gains, m.clone());
        int[] all = new int[n];
        for (int j = 0; j < n; j++) all[j] = j;
        double[] g = new double[n];
        gains.gains(all, n, false, g);
        return LazyGreedy.run(n, s, g, target, deadline, BATCH, (batch, nb, out) -> gains.gains(batch, nb, false, out), j -> {
            addBlock(prob, m, j, +1);
            factorOrFail(gains, m.clone());
        }, order, groupCount, progress);
    }

    /** Blocks refreshed together in the lazy greedy. */
    private static final int BATCH = 32;

    /** Eager greedy: every candidate rescored each step; randomised starts pick uniformly among the three best. */
    private static boolean eagerGreedy(BlockDesignProblem prob, Settings s, BlockGains gains, double[] m, int target, long deadline,
                                       List<Integer> order, int[] groupCount, SplittableRandom rnd, Progress progress) {
        int n = prob.n();
        boolean[] in = new boolean[n];
        boolean budget = !Double.isNaN(s.costBudget());
        double cost = 0;
        int[] cand = new int[n];
        double[] g = new double[n];
        double[] gbar = null;
        while (order.size() < target) {
            if (StopRequest.stop(deadline)) return true;
            factorOrFail(gains, m.clone());
            int count = 0;
            for (int j = 0; j < n; j++) if (!in[j] && OptimalDesign.allowed(s, j, groupCount, cost, -1)) cand[count++] = j;
            if (count == 0) break;
            gains.gains(cand, count, false, g);
            if (s.maxLeverage() > 0) {
                if (gbar == null) gbar = meanBlockInformation(prob);
                count = underStepCap(prob, s, m, gbar, order.size() + 1, target, cand, g, count, budget, rnd == null ? 1 : 3);
            }
            TopThree top = new TopThree();
            for (int k = 0; k < count; k++) top.offer(cand[k], LazyGreedy.key(s, budget, cand[k], g[k]));
            int pick = top.pick(rnd);
            if (pick < 0) break;
            in[pick] = true;
            order.add(pick);
            addBlock(prob, m, pick, +1);
            cost += cost(s, pick);
            if (groupCount != null && s.groups()[pick] >= 0) groupCount[s.groups()[pick]]++;
            progress.advance(1);
        }
        return false;
    }

    /**
     * Keeps in {@code cand[0..]} / {@code g[0..]} (in score order) the up to {@code want} best-scoring candidates whose
     * anticipated leverage is at most {@code C p / n}: their leverage in the design of information
     * {@code m + G_j + (n - k) Gbar}, i.e. the current design ({@code m}, k - 1 configurations) plus the candidate, with
     * the n - k configurations still to come counted as average pool configurations ({@code Gbar}, the pool's mean block
     * information). When none qualifies, the candidate of smallest anticipated leverage is kept. Returns how many.
     */
    private static int underStepCap(BlockDesignProblem prob, Settings s, double[] m, double[] gbar, int k, int target,
                                    int[] cand, double[] g, int count, boolean budget, int want) {
        int p = prob.p();
        Integer[] order = new Integer[count];
        for (int t = 0; t < count; t++) order[t] = t;
        double[] key = new double[count];
        for (int t = 0; t < count; t++) key[t] = LazyGreedy.key(s, budget, cand[t], g[t]);
        Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]) != 0 ? Double.compare(key[b], key[a]) : Integer.compare(cand[a], cand[b]));
        double cap = s.maxLeverage() * p / Math.max(1, target);
        double[] base = m.clone();
        int rest = Math.max(0, target - k);
        for (int e = 0; e < p * p; e++) base[e] += rest * gbar[e];
        int[] keepC = new int[want];
        double[] keepG = new double[want];
        int kept = 0, leastAt = -1;
        double least = Double.POSITIVE_INFINITY;
        for (int t = 0; t < count && kept < want; t++) {
            int j = cand[order[t]];
            double[] mj = base.clone();
            addBlock(prob, mj, j, +1);
            double[] h = leverages(prob, mj, new int[] {j});
            if (h == null) continue;
            if (h[0] <= cap) {
                keepC[kept] = j;
                keepG[kept++] = g[order[t]];
            } else if (h[0] < least) {
                least = h[0];
                leastAt = order[t];
            }
        }
        if (kept == 0 && leastAt >= 0) {
            keepC[0] = cand[leastAt];
            keepG[0] = g[leastAt];
            kept = 1;
        }
        System.arraycopy(keepC, 0, cand, 0, kept);
        System.arraycopy(keepG, 0, g, 0, kept);
        return kept;
    }

    /** The pool's mean block information {@code sum_c R_c' R_c / N} (full symmetric p x p). */
    static double[] meanBlockInformation(BlockDesignProblem prob) {
        int n = prob.n(), p = prob.p();
        int[] all = new int[n];
        for (int c = 0; c < n; c++) all[c] = c;
        double[] with = prob.information(all, 0), without = prob.information(new int[0], 0);
        double[] gbar = new double[p * p];
        for (int e = 0; e < p * p; e++) gbar[e] = (with[e] - without[e]) / Math.max(1, n);
        return gbar;
    }

    /**
     * Leverages {@code h_i = trace(R_i M^-1 R_i')} of the blocks {@code sel} in the design {@code sel} (M its information
     * with {@code ridge} and the fixed rows); null when M is not positive definite.
     */
    public static double[] leverages(BlockDesignProblem prob, int[] sel, double ridge) {
        return leverages(prob, prob.information(sel, ridge), sel);
    }

    /** The same for an explicit information matrix {@code m} (not modified). */
    static double[] leverages(BlockDesignProblem prob, double[] m, int[] blocks) {
        int p = prob.p();
        double[] l = m.clone();
        if (!DenseMath.cholesky(l, p)) return null;
        // the blocks' rows gathered into one matrix: one blocked triangular solve for all of them
        int total = 0;
        for (int c : blocks) total += prob.blockRows(c);
        double[] rows = new double[total * p];
        int at = 0;
        for (int c : blocks) {
            int r = prob.blockRows(c);
            System.arraycopy(prob.rows(), prob.offsets()[c] * p, rows, at * p, r * p);
            at += r;
        }
        double[] d = new double[total];
        org.atomdoe.linalg.Cholesky.solveRows(l, 0, p, p, rows, 0, p, total, null, 0, 0, d, 0, 1);
        double[] h = new double[blocks.length];
        at = 0;
        for (int b = 0; b < blocks.length; b++) {
            for (int r = 0; r < prob.blockRows(blocks[b]); r++) h[b] += d[at++];
        }
        return h;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    /**
     * One modified-Fedorov pass over the design points in order; updates {@code sel} and {@code groupCount} in place.
     * Returns {@code {swaps}}, or null when the time limit stopped the pass.
     */
    private static int[] exchangePass(BlockDesignProblem prob, Settings s, BlockGains gains, int[] sel, double ridge,
                                      int[] groupCount, double cost0, long deadline) {
        int n = prob.n();
        Criterion c = s.criterion();
        boolean[] in = new boolean[n];
        for (int i : sel) in[i] = true;
        double[] m = prob.information(sel, ridge);
        factorOrFail(gains, m.clone());
        double objective = gains.objective();
        // the pass's working set: the design and the candidates that can improve a swap
        int[] work;
        // a leverage-cap repair swap is made whether or not the criterion improves: it must see every candidate
        if (c == Criterion.D && s.maxLeverage() == 0) {
            int[] out = new int[n - sel.length];
            int k = 0;
            for (int j = 0; j < n; j++) if (!in[j]) out[k++] = j;
            double[] a = new double[out.length];
            gains.gains(out, out.length, false, a);
            double[] loss = new double[sel.length];
            gains.gains(sel, sel.length, true, loss);
            double tau = Double.POSITIVE_INFINITY;
            for (double li : loss) if (Double.isFinite(li)) tau = Math.min(tau, (li + s.tolerance()) * Math.exp(-li));
            int[] w = Arrays.copyOf(sel, sel.length + out.length);
            int count = sel.length;
            for (int t = 0; t < out.length; t++) if (a[t] > tau) w[count++] = out[t];
            work = Arrays.copyOf(w, count);
        } else {
            work = new int[n];
            for (int j = 0; j < n; j++) work[j] = j;
        }
        Arrays.sort(work);
        int swaps = 0;
        double cost = cost0;
        int[] cand = new int[work.length];
        double[] g = new double[work.length];
        for (int pos = 0; pos < sel.length; pos++) {
            if (StopRequest.stop(deadline)) return null;
            int i = sel[pos];
            double[] mi = m.clone();
            addBlock(prob, mi, i, -1);
            if (!gains.factor(mi.clone())) continue; // removing i would lose rank
            int count = 0;
            for (int j : work) if (j == i || (!in[j] && OptimalDesign.allowed(s, j, groupCount, cost, i))) cand[count++] = j;
            gains.gains(cand, count, false, g);
            double gi = 0;
            for (int k = 0; k < count; k++) if (cand[k] == i) gi = g[k];
            double threshold = gi + (c == Criterion.D ? s.tolerance() : s.tolerance() * Math.abs(objective));
            int best = -1;
            if (s.maxLeverage() > 0) {
                best = cappedSwap(prob, s, sel, pos, m, mi, cand, g, count, threshold);
            } else {
                double bestGain = threshold;
                for (int k = 0; k < count; k++) {
                    if (cand[k] != i && g[k] > bestGain) {
                        bestGain = g[k];
                        best = cand[k];
                    }
                }
            }
            if (best < 0) continue;
            sel[pos] = best;
            in[i] = false;
            in[best] = true;
            cost += cost(s, best) - cost(s, i);
            if (groupCount != null) {
                if (s.groups()[i] >= 0) groupCount[s.groups()[i]]--;
                if (s.groups()[best] >= 0) groupCount[s.groups()[best]]++;
            }
            m = mi;
            addBlock(prob, m, best, +1);
            factorOrFail(gains, m.clone());
            objective = gains.objective();
            swaps++;
        }
        return new int[] {swaps};
    }

    /**
     * The swap partner of design point {@code sel[pos]} under the leverage cap (rules (2) and (3) of the class comment),
     * or -1: {@code m} is the design's information, {@code mi} the same without the point, {@code g} the candidates'
     * gains against {@code mi}.
     */
    private static int cappedSwap(BlockDesignProblem prob, Settings s, int[] sel, int pos, double[] m, double[] mi, int[] cand,
                                  double[] g, int count, double threshold) {
        int i = sel[pos];
        double cap = s.maxLeverage() * prob.p() / sel.length;
        double[] h = leverages(prob, m, sel);
        double hmax = h == null ? Double.POSITIVE_INFINITY : max(h);
        boolean repair = hmax > cap * (1 + 1e-12);
        double[] violation = h == null ? new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY} : violation(h, cap);
        if (repair && !(h == null || h[pos] > cap * (1 + 1e-12))) return -1; // repair swaps only replace points above the cap
        Integer[] order = new Integer[count];
        int k = 0;
        for (int t = 0; t < count; t++) if (cand[t] != i && (repair || g[t] > threshold)) order[k++] = t;
        order = Arrays.copyOf(order, k);
        Arrays.sort(order, (a, b) -> Double.compare(g[b], g[a]) != 0 ? Double.compare(g[b], g[a]) : Integer.compare(cand[a], cand[b]));
        int[] next = sel.clone();
        for (Integer t : order) {
            int j = cand[t];
            next[pos] = j;
            double[] mj = mi.clone();
            addBlock(prob, mj, j, +1);
            double[] hj = leverages(prob, mj, next);
            if (hj == null) continue;
            if (repair ? lower(violation(hj, cap), violation) : max(hj) <= cap * (1 + 1e-12)) return j;
        }
        return -1;
    }

    /** How far a design breaks the cap: {points above it, their summed excess}. */
    private static double[] violation(double[] h, double cap) {
        double count = 0, excess = 0;
        for (double v : h) {
            if (v > cap * (1 + 1e-12)) {
                count++;
                excess += v - cap;
            }
        }
        return new double[] {count, excess};
    }

    /** Lexicographically lower: fewer points above the cap, or as many with less summed excess. */
    private static boolean lower(double[] a, double[] b) {
        return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1] * (1 - 1e-12));
    }
}
