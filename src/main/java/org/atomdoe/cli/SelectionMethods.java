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

/** Selection methods by the names the command line uses. */
final class SelectionMethods {
    static final String HELP = "D, A, I (optimal designs: greedy + modified Fedorov exchange on the fit's rows, "
            + "columns scaled to unit RMS, ridge 0; on energy + force blocks when --labels has forces), D-energy, A-energy, I-energy (designs on energy rows only), random, fps (farthest point), cluster (PCA + k-means, DIRECT-like)";

    private SelectionMethods() {}

    static SubsetSelector byName(String name) {
        return byName(name, null, 0);
    }

    /**
     * With {@code blocks} (per pool configuration its energy, force and stress rows, {@code p} columns), D, A and I
     * design on those blocks and are named {@code D-optimal[EF]} etc.; {@code D-energy}, {@code A-energy}, {@code I-energy}
     * always design on the energy rows alone (to compare force-aware with energy-only designs).
     */
    static SubsetSelector byName(String name, double[][] blocks, int p) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.endsWith("-energy") && key.length() == 8) return design(Criterion.parse(key.substring(0, 1)));
        return switch (key) {
            case "d", "a", "i" -> blocks == null ? design(Criterion.parse(name)) : blockDesign(Criterion.parse(name), blocks, p);
            case "random" -> new RandomSelector();
            case "fps", "farthest", "farthest-point" -> new FarthestPointSelector();
            case "cluster", "direct", "kmeans" -> new ClusterStratifiedSelector();
            default -> throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        };
    }

    /** The block design engine on fixed per-configuration blocks (the selector's row matrix is ignored). */
    static SubsetSelector blockDesign(Criterion c, double[][] blocks, int p) {
        BlockDesignProblem raw = BlockDesignProblem.of(blocks, p, 0);
        BlockDesignProblem prob = raw.scaled(raw.unitScales());
        return SubsetSelector.named(c + "-optimal[forces]", false, (x, rows, cols, n, seed) -> {
            if (rows != prob.n()) throw new IllegalArgumentException(rows + " candidates but " + prob.n() + " blocks");
            return BlockDesign.select(prob, OptimalDesign.Settings.of(c, n), org.atomdoe.util.Progress.NONE).selected();
        });
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
