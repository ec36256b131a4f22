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
            + "(per-config_type quotas proportional to the pool) and -bayes (a prior worth one average configuration), random, fps (farthest point), cluster (PCA + k-means, DIRECT-like), cur (CUR leverage of the rows, one "
            + "seeded draw); with a kernel model also kdirect (greedy + Fedorov on log det of the normalised configuration "
            + "kernel plus noise) and kfps (farthest point in kernel distance)";

    /**
     * What kernel-model methods need: the ridge of designs on whitened rows, the noise of the direct
     * design and the pool's normalised configuration kernel (computed on first use).
     */
    record KernelMethods(double lambda, double noise, java.util.function.Supplier<double[]> configurationKernel) {}

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
        String[] parts = key.split("-");
        if (!parts[0].matches("[dai]")) throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        boolean energyOnly = false, strata = false, bayes = false;
        for (int k = 1; k < parts.length; k++) {
            switch (parts[k]) {
                case "energy" -> energyOnly = true;
                case "strata" -> strata = true;
                case "bayes" -> bayes = true;
                default -> throw new Main.UsageException("unknown design option '-" + parts[k] + "' in '" + name + "'; expected -energy, -strata or -bayes");
            }
        }
        if (strata && groups == null) throw new Main.UsageException(name + ": -strata needs the pool's config types");
        Criterion c = Criterion.parse(parts[0]);
        String label = c + "-optimal" + (strata ? "-strata" : "") + (bayes ? "-bayes" : "");
        if (blocks == null || energyOnly) return design(c, label, strata ? groups : null, bayes);
        return blockDesign(c, label + "[forces]", blocks, p, strata ? groups : null, bayes);
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
        BlockDesignProblem raw = BlockDesignProblem.of(blocks, p, 0);
        double[] scales = raw.unitScales();
        BlockDesignProblem scaled = raw.scaled(scales);
        BlockDesignProblem prob = bayes ? scaled.withRidge(priorPrecision(scaled.rows(), scaled.n(), p)) : scaled;
        return SubsetSelector.named(label, false, (x, rows, cols, n, seed) -> {
            if (rows != prob.n() || cols != p) throw new IllegalArgumentException(rows + " x " + cols + " candidates but " + prob.n() + " blocks of " + p + " columns");
            double[] ref = x.clone();
            for (int k = 0; k < ref.length; k++) ref[k] *= scales[k % p];
            return BlockDesign.select(prob.withReference(ref, rows), settings(c, n, groups), org.atomdoe.util.Progress.NONE).selected();
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
        return SubsetSelector.named(label, false, (x, rows, cols, n, seed) -> {
            DesignProblem prob = DesignProblem.of(x, rows, cols, 0);
            prob = prob.scaled(prob.unitScales());
            if (bayes) prob = new DesignProblem(prob.x(), rows, cols, null, 0, priorPrecision(prob.x(), rows, cols), null, 0);
            return OptimalDesign.select(prob, settings(c, n, groups), org.atomdoe.util.Progress.NONE).selected();
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
