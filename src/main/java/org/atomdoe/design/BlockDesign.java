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
        if (c == Criterion.D && rnd == null) {
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
        while (order.size() < target) {
            if (StopRequest.stop(deadline)) return true;
            factorOrFail(gains, m.clone());
            int count = 0;
            for (int j = 0; j < n; j++) if (!in[j] && OptimalDesign.allowed(s, j, groupCount, cost, -1)) cand[count++] = j;
            if (count == 0) break;
            gains.gains(cand, count, false, g);
            int[] top = {-1, -1, -1};
            double[] topVal = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int k = 0; k < count; k++) {
                double v = LazyGreedy.key(s, budget, cand[k], g[k]);
                if (v > topVal[2]) {
                    int t = 2;
                    while (t > 0 && v > topVal[t - 1]) {
                        topVal[t] = topVal[t - 1];
                        top[t] = top[t - 1];
                        t--;
                    }
                    topVal[t] = v;
                    top[t] = cand[k];
                }
            }
            int avail = top[2] >= 0 ? 3 : top[1] >= 0 ? 2 : 1;
            int pick = rnd == null ? top[0] : top[rnd.nextInt(avail)];
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
        if (c == Criterion.D) {
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
            double bestGain = threshold;
            for (int k = 0; k < count; k++) {
                if (cand[k] != i && g[k] > bestGain) {
                    bestGain = g[k];
                    best = cand[k];
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
}
