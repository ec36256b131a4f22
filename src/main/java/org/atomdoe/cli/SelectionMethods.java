package org.atomdoe.cli;

import java.util.Locale;
import org.atomdoe.design.BlockDesign;
import org.atomdoe.design.BlockDesignProblem;
import org.atomdoe.design.Criterion;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.OptimalDesign;
import org.atomdoe.fit.ClusterStratifiedSelector;
import org.atomdoe.fit.FarthestPointSelector;
import org.atomdoe.fit.RandomSelector;
import org.atomdoe.fit.SubsetSelector;
import org.atomdoe.kernel.KernelDesign;
import org.atomdoe.kernel.KernelFarthestPoint;
import org.atomdoe.kernel.SparsePoints;

/** Selection methods by the names the command line uses. */
final class SelectionMethods {
    static final String HELP = "D, A, I (optimal designs: greedy + modified Fedorov exchange on the fit's rows, "
            + "columns scaled to unit RMS, ridge 0; on energy + force blocks when --labels has forces; with a kernel model: "
            + "on its whitened rows, ridge (sigma/delta)^2), suffix -energy (design on energy rows only), -strata "
            + "(per-config_type quotas proportional to the pool), -bayes (a prior worth one average configuration), -fps "
            + "(exchange from a farthest-point start on the energy rows), -sfps (from farthest points within proportional "
            + "config_type quotas), -capC (no configuration's leverage above C p / n) and -ef (I-criterion over the pool's "
            + "energy and force rows, not its energy rows alone), e.g. I-bayes-sfps-cap2, random, fps (farthest point), cluster (PCA + k-means, DIRECT-like), cur (CUR leverage of the rows, one "
            + "seeded draw); with a kernel model also kdirect (greedy + Fedorov on log det of the normalised configuration "
            + "kernel plus noise) and kfps (farthest point in kernel distance)";

    /**
     * What kernel-model methods need: the ridge of designs on whitened rows, the noise of the direct
     * design and the pool's normalised configuration kernel (computed on first use).
     */
    record KernelMethods(double lambda, double noise, java.util.function.Supplier<double[]> configurationKernel) {}

    /**
     * The design {@code select} uses by default with force labels, as a method name of the study; chosen from the learning
     * curves of docs/validation_robust.md: the variant at or below the random median at the most (element, budget) points,
     * energies and forces counted together (23 of 60, tied with I-strata-cap2; the tie goes to the variant that reaches
     * within 10% of the full-pool error with at most 40% of the pool more often: 10 of 12 element/label cases against 8).
     * No variant beats random at every budget on any element.
     */
    static final String RECOMMENDED_FORCES = "I-strata";

    /** The default with energies only (unchanged: the energy-only study found no criterion that beats random reliably). */
    static final String RECOMMENDED_ENERGY = "D";

    private SelectionMethods() {}

    static SubsetSelector byName(String name) {
        return byName(name, null, 0, null, null);
    }

    /** The method {@code name}; with {@code kernel} non-null, for the sparse GP model's rows. */
    static SubsetSelector byName(String name, KernelMethods kernel) {
        return byName(name, null, 0, null, kernel);
    }

    /**
     * Design methods are {@code D}, {@code A} or {@code I}, optionally followed by {@code -energy} (design on the energy
     * rows alone even when {@code blocks} are given) and {@code -strata} (quotas per config_type proportional to the
     * pool's composition, largest remainders, so the design is drawn like the pool and the criterion chooses within
     * each type). With {@code blocks} (per pool configuration its energy, force and stress rows, {@code p} columns) the
     * designs work on those blocks and are named {@code D-optimal[forces]} etc.; their I-criterion averages the
     * prediction variance of the pool's energy rows (the selector's row matrix).
     *
     * @param groups config_type index per pool configuration (-1 for none), needed by {@code -strata}
     * @param kernel with a kernel model: D, A, I design on its whitened rows, and kdirect, kfps are available
     */
    static SubsetSelector byName(String name, double[][] blocks, int p, int[] groups, KernelMethods kernel) {
        String key = name.toLowerCase(Locale.ROOT);
        if (kernel != null) {
            switch (key) {
                case "d", "a", "i" -> {
                    return kernelDesign(Criterion.parse(name), kernel.lambda());
                }
                case "kdirect" -> {
                    return SubsetSelector.named("kdirect", false, (x, rows, cols, size, seed) -> KernelDesign.select(
                            kernel.configurationKernel().get(), rows, null, KernelDesign.Settings.of(size, kernel.noise()),
                            org.atomdoe.util.Progress.NONE).selected());
                }
                case "kfps" -> {
                    return SubsetSelector.named("kfps", false, (x, rows, cols, size, seed) ->
                            KernelFarthestPoint.select(kernel.configurationKernel().get(), rows, null, size));
                }
                default -> { }
            }
        } else if (key.equals("kdirect") || key.equals("kfps")) {
            throw new Main.UsageException("method '" + name + "' needs a kernel --model");
        }
        switch (key) {
            case "random": return new RandomSelector();
            case "fps", "farthest", "farthest-point": return new FarthestPointSelector();
            case "cluster", "direct", "kmeans": return new ClusterStratifiedSelector();
            case "cur": return cur();
            default: break;
        }
        Parsed d = parse(name);
        if ((d.strata() || d.start() == Start.STRATA) && groups == null) throw new Main.UsageException(name + ": -strata and -sfps need the pool's config types");
        Criterion c = d.criterion();
        boolean energyOnly = d.energyOnly();
        Variant v = new Variant(d.strata() ? groups : null, d.bayes(), d.start(), groups, d.cap(), d.allLabels());
        String label = d.label();
        if (blocks == null || energyOnly) return design(c, label, v);
        return blockDesign(c, label + "[forces]", blocks, p, v);
    }

    /** A design method name taken apart: criterion and options. */
    record Parsed(Criterion criterion, boolean energyOnly, boolean strata, boolean bayes, Start start, double cap, boolean allLabels) {
        /** The curve label without the [forces] tag, e.g. I-optimal-strata-bayes-cap2. */
        String label() {
            return criterion + "-optimal" + (strata ? "-strata" : "") + (bayes ? "-bayes" : "") + start.suffix + (cap > 0 ? "-cap" + fmtCap(cap) : "")
                    + (allLabels ? "-ef" : "");
        }
    }

    /**
     * Parses a design method name: {@code D}, {@code A} or {@code I}, then any of {@code -energy}, {@code -strata},
     * {@code -bayes}, {@code -fps}, {@code -sfps}, {@code -capC}.
     */
    static Parsed parse(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("-");
        if (!parts[0].matches("[dai]")) throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        boolean energyOnly = false, strata = false, bayes = false, allLabels = false;
        Start start = Start.GREEDY;
        double cap = 0;
        for (int k = 1; k < parts.length; k++) {
            switch (parts[k]) {
                case "energy" -> energyOnly = true;
                case "ef" -> allLabels = true;
                case "strata" -> strata = true;
                case "bayes" -> bayes = true;
                case "fps" -> start = Start.FPS;
                case "sfps" -> start = Start.STRATA;
                default -> {
                    if (parts[k].matches("cap[0-9]+(\\.[0-9]+)?")) {
                        cap = Double.parseDouble(parts[k].substring(3));
                    } else {
                        throw new Main.UsageException("unknown design option '-" + parts[k] + "' in '" + name
                                + "'; expected -energy, -strata, -bayes, -fps, -sfps, -ef or -capC");
                    }
                }
            }
        }
        return new Parsed(Criterion.parse(parts[0]), energyOnly, strata, bayes, start, cap, allLabels);
    }

    static String fmtCap(double c) {
        return c == Math.rint(c) ? String.valueOf((long) c) : String.valueOf(c);
    }

    /** How the exchange starts: greedy, farthest point on the energy rows, or farthest point within config_type quotas. */
    enum Start {
        GREEDY(""), FPS("-fps"), STRATA("-sfps");

        final String suffix;

        Start(String suffix) {
            this.suffix = suffix;
        }

        static Start parse(String s) {
            return switch (s) {
                case "greedy" -> GREEDY;
                case "fps" -> FPS;
                case "strata" -> STRATA;
                default -> throw new Main.UsageException("--start must be greedy, fps or strata, got '" + s + "'");
            };
        }
    }

    /**
     * Options of a design method: quota groups (null: none), Bayesian prior, start, the pool's config_type groups (for the
     * stratified start) and the leverage cap (0: none).
     */
    record Variant(int[] quotaGroups, boolean bayes, Start start, int[] typeGroups, double cap, boolean allLabels) {
        static Variant plain(int[] quotaGroups, boolean bayes) {
            return new Variant(quotaGroups, bayes, Start.GREEDY, null, 0, false);
        }
    }

    /**
     * The settings of a variant for {@code n} configurations: quotas, leverage cap and the start design (farthest point on
     * {@code x}, the candidates' energy rows; or farthest point within each config_type to proportional quotas).
     */
    static OptimalDesign.Settings settings(Criterion c, int n, Variant v, double[] x, int rows, int cols) {
        OptimalDesign.Settings s = settings(c, n, v.quotaGroups()).withMaxLeverage(v.cap());
        int[] init = switch (v.start()) {
            case GREEDY -> null;
            case FPS -> new FarthestPointSelector().select(x, rows, cols, n, 0L);
            case STRATA -> stratifiedStart(x, rows, cols, v.typeGroups(), n);
        };
        if (init != null && s.groups() != null) init = withinQuotas(init, s.groups(), s.quotas(), x, rows, cols);
        return init == null ? s : s.withInitial(init);
    }

    /**
     * The start design trimmed to the quotas: points of a group above its quota are dropped (last first) and the free
     * places filled by farthest-point order among groups still below their quota.
     */
    static int[] withinQuotas(int[] init, int[] groups, int[] quotas, double[] x, int rows, int cols) {
        int[] count = new int[quotas.length];
        java.util.List<Integer> keep = new java.util.ArrayList<>();
        for (int i : init) {
            int g = groups[i];
            if (g >= 0 && count[g] >= quotas[g]) continue;
            if (g >= 0) count[g]++;
            keep.add(i);
        }
        if (keep.size() < init.length) {
            for (int i : new org.atomdoe.fit.FarthestPointSelector().select(x, rows, cols, rows, 0L)) {
                if (keep.size() == init.length) break;
                int g = groups[i];
                if (keep.contains(i) || (g >= 0 && count[g] >= quotas[g])) continue;
                if (g >= 0) count[g]++;
                keep.add(i);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Farthest points within proportional config_type quotas; frames without a config_type fill up by global farthest point. */
    static int[] stratifiedStart(double[] x, int rows, int cols, int[] groups, int n) {
        int[] strat = FarthestPointSelector.stratified(x, rows, cols, groups, proportionalQuotas(groups, n));
        if (strat.length == n) return strat;
        java.util.LinkedHashSet<Integer> set = new java.util.LinkedHashSet<>();
        for (int i : strat) set.add(i);
        for (int i : new FarthestPointSelector().select(x, rows, cols, rows, 0L)) {
            if (set.size() == n) break;
            set.add(i);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Quotas per group proportional to the pool's group sizes, summing to {@code n} (largest remainders; ungrouped: none). */
    static int[] proportionalQuotas(int[] groups, int n) {
        int k = 0;
        for (int g : groups) k = Math.max(k, g + 1);
        int[] count = new int[k];
        int total = 0;
        for (int g : groups) if (g >= 0) {
            count[g]++;
            total++;
        }
        int[] q = new int[k];
        double[] rest = new double[k];
        int used = 0;
        for (int g = 0; g < k; g++) {
            double share = (double) n * count[g] / Math.max(1, total);
            q[g] = (int) Math.floor(share);
            rest[g] = share - q[g];
            used += q[g];
        }
        while (used < Math.min(n, total)) { // largest remainder first, ties to the lower group index
            int best = -1;
            for (int g = 0; g < k; g++) if (q[g] < count[g] && (best < 0 || rest[g] > rest[best])) best = g;
            q[best]++;
            rest[best] = -1;
            used++;
        }
        return q;
    }

    private static OptimalDesign.Settings settings(Criterion c, int n, int[] groups) {
        OptimalDesign.Settings s = OptimalDesign.Settings.of(c, n);
        return groups == null ? s : s.withQuotas(groups, proportionalQuotas(groups, n));
    }

    /** The block design engine on fixed per-configuration blocks; the selector's rows (energy rows) are the I-criterion's reference. */
    static SubsetSelector blockDesign(Criterion c, String label, double[][] blocks, int p, int[] groups, boolean bayes) {
        return blockDesign(c, label, blocks, p, Variant.plain(groups, bayes));
    }

    static SubsetSelector blockDesign(Criterion c, String label, double[][] blocks, int p, Variant v) {
        boolean bayes = v.bayes();
        BlockDesignProblem raw = BlockDesignProblem.of(blocks, p, 0);
        double[] scales = raw.unitScales();
        BlockDesignProblem scaled = raw.scaled(scales);
        BlockDesignProblem prob = bayes ? scaled.withRidge(priorPrecision(scaled.rows(), scaled.n(), p)) : scaled;
        return SubsetSelector.named(label, false, (x, rows, cols, n, seed) -> {
            if (rows != prob.n() || cols != p) throw new IllegalArgumentException(rows + " x " + cols + " candidates but " + prob.n() + " blocks of " + p + " columns");
            // the I-criterion's reference: the pool's energy rows, or with -ef every energy and force row of the pool
            BlockDesignProblem withRef;
            if (v.allLabels()) {
                withRef = prob.withReference(prob.rows(), prob.offsets()[prob.n()]);
            } else {
                double[] ref = x.clone();
                for (int k = 0; k < ref.length; k++) ref[k] *= scales[k % p];
                withRef = prob.withReference(ref, rows);
            }
            return BlockDesign.select(withRef, settings(c, n, v, x, rows, cols), org.atomdoe.util.Progress.NONE).selected();
        });
    }

    /** CUR on the candidate rows; the leverages of a matrix are computed once and reused for every budget and seed. */
    static SubsetSelector cur() {
        java.util.Map<double[], double[]> memo = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
        return SubsetSelector.named("cur", true, (x, rows, cols, size, seed) -> {
            double[] pi = memo.computeIfAbsent(x, m -> SparsePoints.leverages(m, rows, cols));
            return SparsePoints.curDraw(pi, size, seed);
        });
    }

    /** The design engine on whitened kernel rows: ridge lambda (the GP prior), no column scaling (it would change the prior). */
    static SubsetSelector kernelDesign(Criterion c, double lambda) {
        return SubsetSelector.named(c + "-optimal", false, (x, rows, cols, n, seed) ->
                OptimalDesign.select(DesignProblem.of(x, rows, cols, lambda), OptimalDesign.Settings.of(c, n),
                        org.atomdoe.util.Progress.NONE).selected());
    }

    /** The design engine as a learning-curve method: deterministic (one greedy start), single-threaded per job. */
    static SubsetSelector design(Criterion c) {
        return design(c, c + "-optimal", null, false);
    }

    static SubsetSelector design(Criterion c, String label, int[] groups, boolean bayes) {
        return design(c, label, Variant.plain(groups, bayes));
    }

    static SubsetSelector design(Criterion c, String label, Variant v) {
        boolean bayes = v.bayes();
        return SubsetSelector.named(label, false, (x, rows, cols, n, seed) -> {
            DesignProblem prob = DesignProblem.of(x, rows, cols, 0);
            prob = prob.scaled(prob.unitScales());
            if (bayes) prob = new DesignProblem(prob.x(), rows, cols, null, 0, priorPrecision(prob.x(), rows, cols), null, 0);
            return OptimalDesign.select(prob, settings(c, n, v, x, rows, cols), org.atomdoe.util.Progress.NONE).selected();
        });
    }

    /**
     * An isotropic prior precision worth one average configuration: {@code lambda = trace(sum_c G_c) / (N p)} over the N
     * pool configurations ({@code rows} holds every candidate row), so that {@code M = lambda I + sum_S G_c} is defined for
     * any budget and the prior's weight fades as configurations are added (a Bayesian D/A/I design, Chaloner &amp;
     * Verdinelli 1995, with the prior set from the pool rather than a vanishing ridge).
     */
    static double priorPrecision(double[] rows, int configurations, int p) {
        double ss = 0;
        for (double v : rows) ss += v * v;
        return ss / ((double) Math.max(1, configurations) * p);
    }

    /** Config-type index per frame (-1 without one), in order of first appearance. */
    static int[] configTypeGroups(java.util.List<org.atomdoe.structure.Structure> frames) {
        java.util.Map<String, Integer> index = new java.util.LinkedHashMap<>();
        int[] g = new int[frames.size()];
        for (int i = 0; i < g.length; i++) {
            String t = frames.get(i).configType();
            g[i] = t == null ? -1 : index.computeIfAbsent(t, k -> index.size());
        }
        return g;
    }
}
