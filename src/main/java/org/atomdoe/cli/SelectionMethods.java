package org.atomdoe.cli;

import java.util.Locale;
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
            + "columns scaled to unit RMS, ridge 0), random, fps (farthest point), cluster (PCA + k-means, DIRECT-like)";

    private SelectionMethods() {}

    static SubsetSelector byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "d", "a", "i" -> design(Criterion.parse(name));
            case "random" -> new RandomSelector();
            case "fps", "farthest", "farthest-point" -> new FarthestPointSelector();
            case "cluster", "direct", "kmeans" -> new ClusterStratifiedSelector();
            default -> throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        };
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
