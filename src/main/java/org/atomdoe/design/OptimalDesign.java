package org.atomdoe.design;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.atomdoe.util.Progress;

/**
 * Exact optimal designs: choose {@code n} candidates (or as many as a cost budget allows) whose
 * information matrix is best for a {@link Criterion}, by greedy forward selection followed by the
 * modified Fedorov exchange (Cook &amp; Nachtsheim, Technometrics 22, 315 (1980)): every design
 * point in turn is swapped for the candidate that improves the criterion most, until a pass makes
 * no improving swap.
 *
 * <p>Swap values come from the maintained {@link DesignState} by formula, never by
 * refactorising. For D (Fedorov 1972) {@code det M' = det M ((1 + d_j)(1 - d_i) + d_ij^2)}; since
 * {@code d_ij^2 <= d_i d_j}, a swap can only help when {@code d_j > d_i}, which prunes most of the
 * pool; the D exchange runs on whitened rows of the pruned candidates with cached, bounded cross
 * products ({@link WhitenedExchange}). For A and I the trace after removing {@code x_i} and adding {@code x_j} follows from two
 * Sherman-Morrison steps written in the rows {@code u = M^-1 x} and {@code W u}.
 *
 * <p>Start: greedy (sequential D-optimal = MaxVol-like pivoting on the pool), which reaches full
 * rank whenever the pool allows; when the ridge is 0 and the selection cannot have full rank
 * ({@code n + fixed rows < p}) a tiny start ridge keeps the problem defined and is reported.
 * Further starts use a randomised greedy (uniform among the three best gains), seeded. With
 * {@link Settings#initial()} the first start exchanges from the given design instead (a
 * space-filling or stratified start); with {@link Settings#maxLeverage()} the design runs on the
 * block engine, which enforces the cap ({@link BlockDesign}).
 */
public final class OptimalDesign {
    private OptimalDesign() {}

    /** Which algorithm runs after the greedy start. */
    public enum Algorithm { GREEDY, FEDOROV }

    /**
     * @param criterion     what to optimise
     * @param size          number of candidates to choose (ignored when {@code costBudget} is set, except as an upper bound if > 0)
     * @param costs         cost per candidate (null: unit costs)
     * @param costBudget    total cost allowed (NaN: none)
     * @param groups        group index per candidate, e.g. config_type (null: none)
     * @param quotas        largest number of chosen candidates per group index (null: none)
     * @param algorithm     greedy only, or greedy + modified Fedorov exchange
     * @param starts        number of starts (>= 1)
     * @param seed          seed of the randomised starts
     * @param tolerance     smallest improvement that counts: in log det for D, relative for A and I
     * @param maxPasses     largest number of exchange passes per start
     * @param timeLimitSeconds wall-clock limit in seconds (<= 0: none); the best design so far is returned, marked
     * @param threads       worker threads
     * @param initial       the first start's design instead of the greedy one (e.g. farthest-point or stratified), exchanged
     *                      from there; null: greedy. Must have {@code size} distinct candidates within the quotas.
     * @param maxLeverage   leverage cap {@code C} in units of the mean leverage {@code p / n} (0: none): no configuration of the
     *                      final design has {@code h_i = trace(R_i M^-1 R_i') > C p / n}; see {@link BlockDesign} for the rule
     */
    public record Settings(Criterion criterion, int size, double[] costs, double costBudget, int[] groups, int[] quotas,
                           Algorithm algorithm, int starts, long seed, double tolerance, int maxPasses,
                           double timeLimitSeconds, int threads, int[] initial, double maxLeverage) {
        public Settings {
            if (criterion == null) criterion = Criterion.D;
            if (algorithm == null) algorithm = Algorithm.FEDOROV;
            if (starts < 1) throw new IllegalArgumentException("need at least one start, got " + starts);
            if (threads < 1) throw new IllegalArgumentException("need at least one thread, got " + threads);
            if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
            if (maxPasses < 0) throw new IllegalArgumentException("maxPasses must be >= 0");
            if (Double.isNaN(costBudget) && size < 0) throw new IllegalArgumentException("need a size >= 0 or a cost budget");
            if (groups != null && quotas == null) throw new IllegalArgumentException("groups without quotas");
            if (!(maxLeverage >= 0) || !Double.isFinite(maxLeverage)) throw new IllegalArgumentException("maxLeverage must be finite and >= 0, got " + maxLeverage);
            if (initial != null && initial.length != size) {
                throw new IllegalArgumentException("the initial design has " + initial.length + " candidates, the size is " + size);
            }
        }

        /** The same settings without the initial design and leverage cap (the 13-argument form). */
        public Settings(Criterion criterion, int size, double[] costs, double costBudget, int[] groups, int[] quotas,
                        Algorithm algorithm, int starts, long seed, double tolerance, int maxPasses, double timeLimitSeconds, int threads) {
            this(criterion, size, costs, costBudget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, null, 0);
        }

        /** The first start exchanges from {@code start} instead of the greedy design (null: greedy). */
        public Settings withInitial(int[] start) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, start, maxLeverage);
        }

        /** Leverage cap {@code C} in units of {@code p / n} (0: none). */
        public Settings withMaxLeverage(double c) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, initial, c);
        }

        /** n points, criterion, Fedorov exchange, one start, seed 0, one thread. */
        public static Settings of(Criterion c, int size) {
            return new Settings(c, size, null, Double.NaN, null, null, Algorithm.FEDOROV, 1, 0L, 1e-9, 100, 0.0, 1);
        }

        public Settings withStarts(int s, long newSeed) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, algorithm, s, newSeed, tolerance, maxPasses, timeLimitSeconds, threads, initial, maxLeverage);
        }

        public Settings withAlgorithm(Algorithm a) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, a, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, initial, maxLeverage);
        }

        public Settings withThreads(int t) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, t, initial, maxLeverage);
        }

        public Settings withTimeLimit(double seconds) {
            return new Settings(criterion, size, costs, costBudget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, seconds, threads, initial, maxLeverage);
        }

        public Settings withBudget(double[] c, double budget) {
            return new Settings(criterion, size, c, budget, groups, quotas, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, initial, maxLeverage);
        }

        public Settings withQuotas(int[] g, int[] q) {
            return new Settings(criterion, size, costs, costBudget, g, q, algorithm, starts, seed, tolerance, maxPasses, timeLimitSeconds, threads, initial, maxLeverage);
        }
    }

    /**
     * @param selected      chosen candidates; greedy order, a swapped-in candidate takes the place of the one it replaced
     * @param criterion     the criterion optimised
     * @param objective     its value for the design (D: log det M; A: trace M^-1; I: trace M^-1 W), with {@code effectiveRidge}
     * @param effectiveRidge the ridge used ({@code lambda}, or the start ridge when the selection cannot reach full rank)
     * @param bestStart     which start gave the design
     * @param passes        exchange passes of that start
     * @param swaps         accepted swaps of that start
     * @param converged     the last pass found no improving swap
     * @param timedOut      the time limit stopped the search: the best design so far is returned
     * @param totalCost     cost of the selection
     * @param startObjectives objective after each start, in start order
     */
    public record Result(int[] selected, Criterion criterion, double objective, double effectiveRidge, int bestStart,
                         int passes, int swaps, boolean converged, boolean timedOut, double totalCost,
                         double[] startObjectives) {}

    /** Runs the design; see {@link Settings}. */
    public static Result select(DesignProblem prob, Settings s, Progress progress) {
        // the leverage cap is enforced by the block engine, on one-row blocks (the same design problem)
        if (s.maxLeverage() > 0) return BlockDesign.select(BlockDesignProblem.ofRows(prob), s, progress);
        int n = prob.n();
        if (Double.isNaN(s.costBudget()) && s.size() > n) {
            throw new IllegalArgumentException("cannot choose " + s.size() + " of " + n + " candidates: the pool is smaller than the budget");
        }
        if (s.costs() != null && s.costs().length != n) throw new IllegalArgumentException("need one cost per candidate");
        if (s.groups() != null && s.groups().length != n) throw new IllegalArgumentException("need one group per candidate");
        long deadline = s.timeLimitSeconds() > 0 ? System.nanoTime() + (long) Math.ceil(s.timeLimitSeconds() * 1e9) : Long.MAX_VALUE;
        ForkJoinPool pool = s.threads() > 1 ? new ForkJoinPool(s.threads()) : null;
        try {
            Result best = null;
            double[] objectives = new double[s.starts()];
            // progress counts greedy steps and exchange passes over all starts (the total is not known in advance)
            progress.start("design " + s.criterion() + "-optimal (steps and passes)", 0);
            for (int start = 0; start < s.starts(); start++) {
                Result r = runStart(prob, s, start, deadline, pool, progress);
                objectives[start] = r.objective();
                if (best == null || better(s.criterion(), r, best)) best = r;
                if (r.timedOut()) break;
            }
            progress.finish();
            return new Result(best.selected(), best.criterion(), best.objective(), best.effectiveRidge(), best.bestStart(),
                    best.passes(), best.swaps(), best.converged(), best.timedOut(), best.totalCost(), objectives);
        } finally {
            if (pool != null) pool.shutdown();
        }
    }

    private static boolean better(Criterion c, Result a, Result b) {
        if (a.effectiveRidge() != b.effectiveRidge()) return a.effectiveRidge() < b.effectiveRidge();
        return c == Criterion.D ? a.objective() > b.objective() : a.objective() < b.objective();
    }

    /**
     * A start ridge small against the data, 1e-6 of the mean squared entry: large enough that
     * leverages of an under-determined selection stay resolvable in double precision
     * ({@code 1 - d_i} of order 1e-6 rather than rounding noise).
     */
    static double startRidge(DesignProblem prob) {
        return startRidge(prob.x(), prob.n(), prob.p());
    }

    /** {@link #startRidge(DesignProblem)} for {@code count} rows of {@code p} columns. */
    static double startRidge(double[] x, int count, int p) {
        double ss = 0;
        for (int k = 0; k < count * p; k++) ss += x[k] * x[k];
        double scale = count > 0 ? ss / count / p : 1;
        return 1e-6 * (scale > 0 ? scale : 1);
    }

    private static Result runStart(DesignProblem prob, Settings s, int start, long deadline, ForkJoinPool pool, Progress progress) {
        Criterion c = s.criterion();
        boolean needW = c == Criterion.I;
        // D from the deterministic start works on p x p factors and pruned candidate sets only;
        // A, I and randomised starts keep the full Sherman-Morrison state over all candidates.
        boolean lean = c == Criterion.D && start == 0;
        double ridge = prob.ridge() > 0 ? prob.ridge() : startRidge(prob);
        DesignState st = null;
        SplittableRandom rnd = new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + start);
        int[] groupCount = s.groups() == null ? null : new int[s.quotas().length];
        List<Integer> order = new ArrayList<>();
        double cost = 0;
        boolean timedOut = false;
        int target = Double.isNaN(s.costBudget()) ? s.size() : (s.size() > 0 ? s.size() : prob.n());
        // --- greedy forward selection, or the given initial design
        if (start == 0 && s.initial() != null) {
            checkInitial(s, prob.n(), groupCount);
            for (int i : s.initial()) {
                order.add(i);
                cost += s.costs() == null ? 1 : s.costs()[i];
            }
            if (!lean) {
                st = new DesignState(prob, ridge, needW, pool);
                for (int i : s.initial()) st.in[i] = true;
                st.size = order.size();
                st.rebuild();
            }
        } else if (lean) {
            // lazy greedy (Minoux 1978): D-gains only shrink as the design grows, so stale gains are upper bounds;
            // stale leverages are brought up to date incrementally (IncrementalGreedy)
            timedOut = IncrementalGreedy.run(prob, s, ridge, target, deadline, order, groupCount, progress);
            for (int i : order) cost += s.costs() == null ? 1 : s.costs()[i];
        } else {
            st = new DesignState(prob, ridge, needW, pool);
            st.rebuild();
            while (order.size() < target) {
                if (StopRequest.stop(deadline)) {
                    timedOut = true;
                    break;
                }
                int pick = greedyPick(st, s, groupCount, cost, start == 0 ? null : rnd);
                if (pick < 0) break;
                st.add(pick);
                order.add(pick);
                progress.advance(1);
                cost += s.costs() == null ? 1 : s.costs()[pick];
                if (groupCount != null && s.groups()[pick] >= 0) groupCount[s.groups()[pick]]++;
            }
        }
        int[] sel = order.stream().mapToInt(Integer::intValue).toArray();
        // with no ridge, continue on the exact problem as soon as the selection has full rank
        if (prob.ridge() == 0 && sel.length + prob.fixedRows() >= prob.p() && exactlyRegular(prob, sel, s.threads())) {
            ridge = 0;
            if (!lean) {
                st = new DesignState(prob, 0, needW, pool);
                for (int i : sel) st.in[i] = true;
                st.size = sel.length;
                st.rebuild();
            }
        }
        int passes = 0, swaps = 0;
        boolean converged = s.algorithm() == Algorithm.GREEDY;
        if (s.algorithm() == Algorithm.FEDOROV && !timedOut) {
            converged = false;
            // D: whitened exchange on the exactly pruned candidates (null only when M cannot be factorised)
            double[] costHolder = {cost};
            WhitenedExchange.Outcome out = c == Criterion.D
                    ? WhitenedExchange.run(prob, sel, ridge, s, deadline, groupCount, costHolder, progress) : null;
            if (out != null) {
                passes = out.passes();
                swaps = out.swaps();
                converged = out.converged();
                timedOut = out.timedOut();
                cost = costHolder[0];
            } else {
                if (st == null) st = fullState(prob, sel, ridge, false, pool);
                while (passes < s.maxPasses()) {
                    passes++;
                    int before = swaps;
                    for (int pos = 0; pos < sel.length; pos++) {
                        if (StopRequest.stop(deadline)) {
                            timedOut = true;
                            break;
                        }
                        int i = sel[pos];
                        int j = bestSwap(st, s, i, groupCount, cost);
                        if (j < 0) continue;
                        st.remove(i);
                        st.add(j);
                        sel[pos] = j;
                        swaps++;
                        if (s.costs() != null) cost += s.costs()[j] - s.costs()[i];
                        if (groupCount != null) {
                            if (s.groups()[i] >= 0) groupCount[s.groups()[i]]--;
                            if (s.groups()[j] >= 0) groupCount[s.groups()[j]]++;
                        }
                    }
                    progress.advance(1);
                    if (timedOut) break;
                    if (swaps == before) {
                        converged = true;
                        break;
                    }
                }
            }
        }
        double obj;
        if (c == Criterion.D) {
            // log det only: DesignCriteria.of would also form the I-criterion weight over all candidates (N p^2 / 2)
            double[] m = DesignCriteria.information(prob, sel, ridge);
            obj = DenseMath.cholesky(m, prob.p()) ? DenseMath.logDetFromCholesky(m, prob.p()) : Double.NEGATIVE_INFINITY;
        } else {
            st.rebuild();
            obj = st.objective(c);
        }
        return new Result(sel, c, obj, ridge, start, passes, swaps, converged, timedOut,
                s.costs() == null ? sel.length : cost, null);
    }

    /**
     * Checks the initial design (distinct candidates in range, within the quotas) and counts its groups into
     * {@code groupCount} (null: no quotas).
     */
    static void checkInitial(Settings s, int n, int[] groupCount) {
        boolean[] seen = new boolean[n];
        for (int i : s.initial()) {
            if (i < 0 || i >= n) throw new IllegalArgumentException("initial design: candidate " + i + " is not in the pool of " + n);
            if (seen[i]) throw new IllegalArgumentException("initial design: candidate " + i + " appears twice");
            seen[i] = true;
            if (groupCount != null && s.groups()[i] >= 0) groupCount[s.groups()[i]]++;
        }
        if (groupCount != null) {
            for (int g = 0; g < groupCount.length; g++) {
                if (groupCount[g] > s.quotas()[g]) throw new IllegalArgumentException("initial design: group " + g + " has "
                        + groupCount[g] + " candidates, above its quota " + s.quotas()[g]);
            }
        }
    }

    private static DesignState fullState(DesignProblem prob, int[] sel, double ridge, boolean needW, ForkJoinPool pool) {
        DesignState st = new DesignState(prob, ridge, needW, pool);
        for (int i : sel) st.in[i] = true;
        st.size = sel.length;
        if (!st.rebuild()) throw new IllegalStateException("information matrix not positive definite");
        return st;
    }

    /**
     * Whether the selection's information matrix without ridge is safely positive definite: the
     * factorisation passes its relative pivot test and no selected row has leverage above 1
     * (which would betray rounding in an ill-conditioned factor).
     */
    private static boolean exactlyRegular(DesignProblem prob, int[] sel, int threads) {
        int p = prob.p();
        double[] m = DesignCriteria.information(prob, sel, 0);
        if (!DenseMath.cholesky(m, p)) return false;
        double[] rows = Informativeness.rows(prob, sel);
        double[] d = new double[sel.length];
        org.atomdoe.linalg.Cholesky.solveRows(m, 0, p, p, rows, 0, p, sel.length, null, 0, 0, d, 0, threads);
        for (double v : d) if (!(v <= 1 + 1e-8)) return false;
        return true;
    }

    static boolean allowed(Settings s, int j, int[] groupCount, double cost, int replacing) {
        if (groupCount != null) {
            int gj = s.groups()[j];
            if (gj >= 0 && (replacing < 0 || s.groups()[replacing] != gj) && groupCount[gj] >= s.quotas()[gj]) return false;
        }
        if (!Double.isNaN(s.costBudget())) {
            double cj = s.costs() == null ? 1 : s.costs()[j];
            double ci = replacing < 0 ? 0 : (s.costs() == null ? 1 : s.costs()[replacing]);
            if (cost - ci + cj > s.costBudget() * (1 + 1e-12)) return false;
        }
        return true;
    }

    /** The next greedy candidate (gain per cost with a cost budget); -1 when none is allowed. */
    private static int greedyPick(DesignState st, Settings s, int[] groupCount, double cost, SplittableRandom rnd) {
        int n = st.n;
        TopThree top = new TopThree();
        for (int j = 0; j < n; j++) {
            if (st.in[j] || !allowed(s, j, groupCount, cost, -1)) continue;
            double gain = st.addGain(s.criterion(), j);
            if (s.costs() != null && !Double.isNaN(s.costBudget())) gain /= Math.max(s.costs()[j], 1e-300);
            top.offer(j, gain);
        }
        return top.pick(rnd);
    }

    /** The best improving swap partner of design point i, or -1. */
    private static int bestSwap(DesignState st, Settings s, int i, int[] groupCount, double cost) {
        int p = st.p;
        double di = st.d[i];
        Criterion c = s.criterion();
        double oneMinus = 1 - di;
        double[] x = st.x, g = st.g, h = st.h, d = st.d;
        int xi = i * p;
        double bestVal;
        int best = -1;
        if (!(oneMinus > 1e-9)) return -1; // removing i would lose rank: numerically unreliable to swap
        if (c == Criterion.D) {
            double threshold = Math.expm1(s.tolerance()) + di;
            bestVal = Math.exp(s.tolerance());
            for (int j = 0; j < st.n; j++) {
                if (d[j] <= threshold || st.in[j]) continue;
                double dij = DenseMath.dot(x, xi, g, j * p, p);
                double delta = (1 + d[j]) * oneMinus + dij * dij;
                if (delta > bestVal && allowed(s, j, groupCount, cost, i)) {
                    bestVal = delta;
                    best = j;
                }
            }
            return best;
        }
        double obj = st.objective(c);
        double uiQ = c == Criterion.A ? DenseMath.dot(g, xi, g, xi, p) : DenseMath.dot(h, xi, g, xi, p);
        double base = uiQ / oneMinus;
        bestVal = -s.tolerance() * Math.abs(obj); // the objective change must be below this
        for (int j = 0; j < st.n; j++) {
            if (st.in[j]) continue;
            int gj = j * p;
            double dij = DenseMath.dot(x, xi, g, gj, p);
            double a = dij / oneMinus;
            double cross, ujQ;
            if (c == Criterion.A) {
                cross = DenseMath.dot(g, xi, g, gj, p);
                ujQ = DenseMath.dot(g, gj, g, gj, p);
            } else {
                cross = DenseMath.dot(h, gj, g, xi, p);
                ujQ = DenseMath.dot(h, gj, g, gj, p);
            }
            double wQ = ujQ + 2 * a * cross + a * a * uiQ;
            double xw = d[j] + dij * dij / oneMinus;
            double change = base - wQ / (1 + xw);
            if (change < bestVal && allowed(s, j, groupCount, cost, i)) {
                bestVal = change;
                best = j;
            }
        }
        return best;
    }
}
