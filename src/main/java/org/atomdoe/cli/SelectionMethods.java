package org.atomdoe.cli;

import java.util.Locale;
import org.atomdoe.fit.ClusterStratifiedSelector;
import org.atomdoe.fit.FarthestPointSelector;
import org.atomdoe.fit.RandomSelector;
import org.atomdoe.fit.SubsetSelector;

/** Selection methods by the names the command line uses. */
final class SelectionMethods {
    static final String HELP = "random, fps (farthest point), cluster (PCA + k-means, DIRECT-like)";

    private SelectionMethods() {}

    static SubsetSelector byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "random" -> new RandomSelector();
            case "fps", "farthest", "farthest-point" -> new FarthestPointSelector();
            case "cluster", "direct", "kmeans" -> new ClusterStratifiedSelector();
            default -> throw new Main.UsageException("unknown selection method '" + name + "'; expected one of " + HELP);
        };
    }
}
