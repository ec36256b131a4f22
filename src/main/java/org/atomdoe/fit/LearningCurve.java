package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Learning curves: for each budget {@code n} and each selection method, choose {@code n}
 * structures of a training pool, fit a {@link LinearEnergyModel} on them (lambda by GCV on the
 * subset), and measure the energy error on a fixed test set; the same for the whole pool, as the
 * reference the budgets are compared to.
 *
 * <p>Seeded methods ({@link SubsetSelector#seeded()}, e.g. random) run once per seed
 * {@code baseSeed + r}, {@code r = 0..seeds-1}, and are summarised by median, quartiles
 * (linear interpolation between order statistics, numpy's default) and range; deterministic
 * methods run once. The "budget to reach" of a method is the smallest budget whose median test
 * MAE is within {@code tolerance} (default 10%) of the full-pool MAE, or null if none is.
 *
 * <p>Jobs (method, size, seed) run on a fixed thread pool; each job is a pure function of its
 * inputs and results are gathered in job order, so the result does not depend on the thread
 * count. Selectors must be thread-safe (the contract of {@link SubsetSelector}).
 */
public final class LearningCurve {
    private LearningCurve() {}

    /**
     * @param sizes     budgets (structures), each in {@code 1..pool size}
     * @param seeds     repeats of seeded methods (>= 1; use >= 10 for random)
     * @param baseSeed  seed of repeat 0
     * @param weighting row weighting of the fits
     * @param ridge     lambda choice of every fit (null: modified GCV, alpha = 1.4, see {@link #defaults})
     * @param threads   worker threads (>= 1)
     * @param tolerance relative distance to the full-pool MAE that counts as reached (0.10 = 10%)
     */
    public record Settings(int[] sizes, int seeds, long baseSeed, EnergyWeighting weighting, RidgeSettings ridge,
                           int threads, double tolerance) {
        public Settings {
            if (sizes == null || sizes.length == 0) throw new IllegalArgumentException("need at least one budget size");
            sizes = sizes.clone();
            Arrays.sort(sizes);
            for (int s : sizes) if (s < 1) throw new IllegalArgumentException("budget sizes must be >= 1, got " + s);
            if (seeds < 1) throw new IllegalArgumentException("need at least one seed, got " + seeds);
            if (threads < 1) throw new IllegalArgumentException("need at least one thread, got " + threads);
            if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
            }
            if (weighting == null) weighting = EnergyWeighting.PER_ATOM;
            if (ridge == null) ridge = RidgeSettings.modifiedGcv(1.4); // see defaults()
        }

        /**
         * 10 seeds from 0, per-atom weighting, modified GCV with {@code alpha = 1.4}, 10% tolerance,
         * all available processors. Modified rather than classic GCV because budgets near or below
         * the number of columns are the interesting part of a learning curve, and there classic
         * GCV under-smooths (it picks near-interpolating fits; on Zuo Si/Mo with a 25-column pair
         * feature it gave median test MAE spikes of 60-90 meV/atom at 20-25 structures, which
         * alpha = 1.4 removes).
         */
        public static Settings defaults(int[] sizes) {
            return new Settings(sizes, 10, 0L, EnergyWeighting.PER_ATOM, RidgeSettings.modifiedGcv(1.4),
                    Runtime.getRuntime().availableProcessors(), 0.10);
        }

        public Settings withThreads(int t) {
            return new Settings(sizes, seeds, baseSeed, weighting, ridge, t, tolerance);
        }

        public Settings withSeeds(int s) {
            return new Settings(sizes, s, baseSeed, weighting, ridge, threads, tolerance);
        }
    }

    /**
     * One fit of one selection.
     *
     * @param seed                 the seed given to the selector
     * @param maePerConfigType     test MAE (meV/atom) per config_type of the test set
     * @param selected             the pool rows chosen, in the selector's order
     */
    public record Point(String method, int size, int repeat, long seed, double maeMeVPerAtom, double rmseMeVPerAtom,
                        Map<String, Double> maePerConfigType, double lambda, int[] selected, Double forceMae, Double forceRmse) {}

    /** Spread of one method at one budget over its repeats. */
    public record Summary(String method, int size, int runs, double maeMedian, double maeQ1, double maeQ3,
                          double maeMin, double maeMax, double rmseMedian, double rmseQ1, double rmseQ3,
                          double rmseMin, double rmseMax, Double forceMaeMedian, Double forceMaeQ1, Double forceMaeQ3) {}

    /**
     * Smallest budget whose median MAE is within the tolerance of the full-pool MAE.
     *
     * @param budget       that budget, or null if no budget reaches it
     * @param thresholdMae {@code (1 + tolerance) * fullPoolMae} (meV/atom)
     */
    public record BudgetReached(String method, Integer budget, double thresholdMae) {}

    /**
     * All results (Jackson-serialisable).
     *
     * @param fullPool       test errors of the fit on the whole pool
     * @param fullPoolLambda lambda GCV chose for the whole pool
     */
    public record Result(List<String> methods, int[] sizes, int poolSize, int testSize, int seeds, long baseSeed,
                         EnergyWeighting weighting, double tolerance, EnergyErrors fullPool, double fullPoolLambda,
                         List<Point> points, List<Summary> summaries, List<BudgetReached> budgets, String labels,
                         LabelSigmas sigmas, ForceErrors fullPoolForces) {}

    /**
     * Force (and stress) labels of a curve: the fits use energies + forces (+ stress) with these sigmas and the
     * test force errors are reported beside the energy errors.
     */
    public record ForceLabels(ForceData pool, ForceData test, LabelSigmas sigmas) {}

    /**
     * Runs the curves, selecting on the rows the fit sees: the pool's design rows weighted as in
     * the fit ({@link EnergyDataset#weightedDesignMatrix}; per atom: species fractions and mean
     * descriptor per atom).
     */
    public static Result run(EnergyDataset pool, EnergyDataset test, List<SubsetSelector> methods, Settings settings) {
        return run(pool, test, pool.weightedDesignMatrix(settings.weighting()), pool.designColumns(), methods, settings);
    }

    /** How a model is fitted on a training subset (every job and the full-pool reference use it). */
    @FunctionalInterface
    public interface Fitter {
        LinearEnergyModel fit(EnergyDataset train, EnergyWeighting weighting, RidgeSettings ridge);
    }

    /**
     * Runs the curves with an explicit selection matrix (one row per pool structure).
     *
     * @param selectionRows  pool.size() x selectionCols, row-major, the space selectors work in
     */
    public static Result run(EnergyDataset pool, EnergyDataset test, double[] selectionRows, int selectionCols,
                             List<SubsetSelector> methods, Settings settings) {
        return run(pool, test, null, selectionRows, selectionCols, methods, settings, LinearEnergyModel::fit);
    }

    /**
     * Runs the curves with an explicit selection matrix and model fit, e.g.
     * {@link LinearEnergyModel#fitIsotropic} on whitened kernel rows for a sparse-GP model.
     */
    public static Result run(EnergyDataset pool, EnergyDataset test, double[] selectionRows, int selectionCols,
                             List<SubsetSelector> methods, Settings settings, Fitter fitter) {
        return run(pool, test, null, selectionRows, selectionCols, methods, settings, fitter);
    }

    /**
     * Runs the curves with an explicit selection matrix and, when {@code labels} is not null, fits on energies and
     * forces (and stress) of each selection ({@link LinearEnergyModel#fit(EnergyDataset, ForceData, LabelSigmas,
     * RidgeSettings)}), reporting test force errors too.
     */
    public static Result run(EnergyDataset pool, EnergyDataset test, ForceLabels labels, double[] selectionRows, int selectionCols,
                             List<SubsetSelector> methods, Settings settings) {
        return run(pool, test, labels, selectionRows, selectionCols, methods, settings, LinearEnergyModel::fit);
    }

    /** The general form: force labels (or null) and the energy-only fit to use when there are none. */
    public static Result run(EnergyDataset pool, EnergyDataset test, ForceLabels labels, double[] selectionRows, int selectionCols,
                             List<SubsetSelector> methods, Settings settings, Fitter fitter) {
        int npool = pool.size();
        if (pool.energies() == null) throw new IllegalArgumentException("the pool has no energies");
        if (test.energies() == null) throw new IllegalArgumentException("the test set has no energies");
        if (methods == null || methods.isEmpty()) throw new IllegalArgumentException("need at least one selection method");
        SubsetSelector.checkArguments(selectionRows, npool, selectionCols, 0);
        if (selectionRows.length != (long) npool * selectionCols) {
            throw new IllegalArgumentException("selection matrix must be " + npool + " x " + selectionCols
                    + " (one row per pool structure), got " + selectionRows.length + " values");
        }
        List<String> names = new ArrayList<>();
        for (SubsetSelector m : methods) {
            if (names.contains(m.name())) throw new IllegalArgumentException("two methods are named " + m.name());
            names.add(m.name());
        }
        for (int s : settings.sizes()) {
            if (s > npool) throw new IllegalArgumentException("budget " + s + " exceeds the pool of " + npool + " structures");
        }

        LinearEnergyModel full = fit(pool, labels, null, settings, fitter);
        EnergyErrors fullErr = full.evaluate(test);
        ForceErrors fullForces = labels == null ? null : labels.test().evaluate(full);

        record Job(SubsetSelector method, int size, int repeat, long seed) {}
        List<Job> jobs = new ArrayList<>();
        for (SubsetSelector m : methods) {
            int reps = m.seeded() ? settings.seeds() : 1;
            for (int size : settings.sizes()) {
                for (int r = 0; r < reps; r++) jobs.add(new Job(m, size, r, settings.baseSeed() + r));
            }
        }
        List<Point> points = new ArrayList<>(jobs.size());
        ExecutorService pool2 = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "atomdoe-curve");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Point>> futures = new ArrayList<>(jobs.size());
            for (Job j : jobs) {
                futures.add(pool2.submit(() -> runOne(pool, test, labels, selectionRows, selectionCols, j.method(), j.size(),
                        j.repeat(), j.seed(), settings, fitter)));
            }
            for (Future<Point> f : futures) points.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("learning curve interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        } finally {
            pool2.shutdownNow();
        }

        List<Summary> summaries = new ArrayList<>();
        List<BudgetReached> budgets = new ArrayList<>();
        double threshold = (1 + settings.tolerance()) * fullErr.maeMeVPerAtom();
        for (String name : names) {
            Integer reached = null;
            for (int size : settings.sizes()) {
                List<Point> ps = points.stream().filter(p -> p.method().equals(name) && p.size() == size).toList();
                double[] mae = ps.stream().mapToDouble(Point::maeMeVPerAtom).toArray();
                double[] rmse = ps.stream().mapToDouble(Point::rmseMeVPerAtom).toArray();
                Arrays.sort(mae);
                Arrays.sort(rmse);
                double[] fmae = labels == null ? null : ps.stream().mapToDouble(Point::forceMae).sorted().toArray();
                Summary s = new Summary(name, size, ps.size(), quantile(mae, 0.5), quantile(mae, 0.25),
                        quantile(mae, 0.75), mae[0], mae[mae.length - 1], quantile(rmse, 0.5), quantile(rmse, 0.25),
                        quantile(rmse, 0.75), rmse[0], rmse[rmse.length - 1],
                        fmae == null ? null : quantile(fmae, 0.5), fmae == null ? null : quantile(fmae, 0.25),
                        fmae == null ? null : quantile(fmae, 0.75));
                summaries.add(s);
                if (reached == null && s.maeMedian() <= threshold) reached = size;
            }
            budgets.add(new BudgetReached(name, reached, threshold));
        }
        return new Result(names, settings.sizes(), npool, test.size(), settings.seeds(), settings.baseSeed(),
                settings.weighting(), settings.tolerance(), fullErr, full.ridge().lambda(), points, summaries, budgets,
                labels == null ? "E" : labels.sigmas().shortName(), labels == null ? null : labels.sigmas(), fullForces);
    }

    private static Point runOne(EnergyDataset pool, EnergyDataset test, ForceLabels labels, double[] x, int cols, SubsetSelector m,
                                int size, int repeat, long seed, Settings settings, Fitter fitter) {
        int[] sel = m.select(x, pool.size(), cols, size, seed);
        checkSelection(m.name(), sel, size, pool.size());
        LinearEnergyModel model = fit(pool.subset(sel), labels, sel, settings, fitter);
        EnergyErrors e = model.evaluate(test);
        Map<String, Double> perType = new java.util.TreeMap<>();
        e.perConfigType().forEach((k, v) -> perType.put(k, v.maeMeVPerAtom()));
        ForceErrors f = labels == null ? null : labels.test().evaluate(model);
        return new Point(m.name(), size, repeat, seed, e.maeMeVPerAtom(), e.rmseMeVPerAtom(), perType,
                model.ridge().lambda(), sel.clone(), f == null ? null : f.mae(), f == null ? null : f.rmse());
    }

    /** The fit of one selection ({@code sel} null: the whole pool): energies only, or with the force labels. */
    private static LinearEnergyModel fit(EnergyDataset energies, ForceLabels labels, int[] sel, Settings settings, Fitter fitter) {
        if (labels == null) return fitter.fit(energies, settings.weighting(), settings.ridge());
        ForceData f = sel == null ? labels.pool() : labels.pool().subset(sel);
        return LinearEnergyModel.fit(energies, f, labels.sigmas(), settings.ridge());
    }

    private static void checkSelection(String name, int[] sel, int n, int rows) {
        if (sel == null || sel.length != n) {
            throw new IllegalStateException("method " + name + " returned " + (sel == null ? "null" : sel.length)
                    + " indices, expected " + n);
        }
        boolean[] seen = new boolean[rows];
        for (int i : sel) {
            if (i < 0 || i >= rows || seen[i]) {
                throw new IllegalStateException("method " + name + " returned an invalid or repeated index " + i);
            }
            seen[i] = true;
        }
    }

    /** Quantile of sorted values by linear interpolation between order statistics (numpy's default). */
    public static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 1) return sorted[0];
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Medians of MAE per method and size, e.g. for a table: method -> (size -> median MAE). */
    public static Map<String, Map<Integer, Double>> medianMae(Result r) {
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        for (Summary s : r.summaries()) out.computeIfAbsent(s.method(), k -> new LinkedHashMap<>()).put(s.size(), s.maeMedian());
        return out;
    }
}
