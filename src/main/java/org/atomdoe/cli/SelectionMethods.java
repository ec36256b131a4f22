package org.atomdoe.cli;

import java.util.Locale;
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
            + "columns scaled to unit RMS, ridge 0; with a kernel model: on its whitened rows, ridge (sigma/delta)^2), "
            + "random, fps (farthest point), cluster (PCA + k-means, DIRECT-like), cur (CUR leverage of the rows, one "
            + "seeded draw); with a kernel model also kdirect (greedy + Fedorov on log det of the normalised configuration "
            + "kernel plus noise) and kfps (farthest point in kernel distance)";

    /**
     * What kernel-model methods need: the ridge of designs on whitened rows, the noise of the direct
     * design and the pool's normalised configuration kernel (computed on first use).
     */
    record KernelMethods(double lambda, double noise, java.util.function.Supplier<double[]> configurationKernel) {}

    private SelectionMethods() {}

    static SubsetSelector byName(String name) {
        return byName(name, null);
    }

    /** The method {@code name}; with {@code kernel} non-null, for the sparse GP model's rows. */
    static SubsetSelector byName(String name, KernelMethods kernel) {
        String n = name.toLowerCase(Locale.ROOT);
        if (kernel != null) {
            switch (n) {
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
        } else if (n.equals("kdirect") || n.equals("kfps")) {
            throw new Main.UsageException("method '" + name + "' needs a kernel --model");
        }
        return switch (n) {
            case "d", "a", "i" -> design(Criterion.parse(name));
            case "random" -> new RandomSelector();
            case "fps", "farthest", "farthest-point" -> new FarthestPointSelector();
            case "cluster", "direct", "kmeans" -> new ClusterStratifiedSelector();
            case "cur" -> cur();
            default -> throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        };
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
        return SubsetSelector.named(c + "-optimal", false, (x, rows, cols, n, seed) -> {
            DesignProblem prob = DesignProblem.of(x, rows, cols, 0);
            prob = prob.scaled(prob.unitScales());
            return OptimalDesign.select(prob, OptimalDesign.Settings.of(c, n), org.atomdoe.util.Progress.NONE).selected();
        });
    }
}
