package org.atomdoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How candidate rows are made and which design model they describe (shared by select and assess). How the
 * subset is searched for ({@link SelectionOptions}) belongs to select alone.
 */
final class DesignOptions {
    @Option(names = {"-d", "--descriptor"}, paramLabel = "SPEC", defaultValue = "snap:twojmax=6",
            description = "Descriptor of the linear energy model E = w . sum_atoms B + sum_s e0_s n_s "
                    + "(default ${DEFAULT-VALUE}; soap, acsf, radial, snap with key=value options, or @FILE.json).")
    String descriptor;

    @Option(names = "--features", paramLabel = "X.npy",
            description = "Your own per-structure candidate rows (one row per pool frame, e.g. MACE/ACE features) instead of --descriptor.")
    Path features;

    @Option(names = "--intercept", paramLabel = "I", defaultValue = "auto",
            description = "With --features: auto (default) appends a column of ones for the energy model's intercept, as "
                    + "AlgDesign's ~. formula does, unless a column of the file is already constant; none uses the rows as given.")
    String intercept;

    @Option(names = "--i-over", paramLabel = "R", defaultValue = "auto",
            description = "What the I-criterion averages the prediction variance over, with force labels: energy (the pool's "
                    + "energy rows) or all (every energy and force row of the pool; the study's -ef). Default auto: the recommended design's.")
    String iOver;

    @Option(names = "--ridge", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Ridge prior lambda in M = X0'X0 + sum x x' + lambda I, on the scaled columns (default ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--prior", paramLabel = "P", defaultValue = "auto",
            description = "none (the ridge of --ridge) or pool: a Bayesian design with the isotropic prior precision "
                    + "worth one average pool configuration, lambda = trace(sum of the pool's information) / (N p) on the scaled "
                    + "columns. Default auto: the recommended design's (none when --ridge is given).")
    String prior;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "unit",
            description = "Column scaling: unit (unit root-mean-square over the pool, default) or none. "
                    + "D-optimal designs do not depend on it when the ridge is 0.")
    String scale;

    @Option(names = "--weighting", paramLabel = "W", defaultValue = "per-atom",
            description = "Rows as the energy fit weights them: per-atom (default: rows / natoms) or total.")
    String weighting;

    @Mixin
    LabelOptions labels;

    /** The recommended design for the labels (parsed method name), whose options fill every "auto". */
    SelectionMethods.Parsed recommended() {
        return SelectionMethods.parse(recommendedName());
    }

    /** The method name of the recommended design for the labels. */
    String recommendedName() {
        return labels.sigmas().forces() ? SelectionMethods.RECOMMENDED_FORCES : SelectionMethods.RECOMMENDED_ENERGY;
    }

    String iOver() {
        return iOver.equals("auto") ? (recommended().allLabels() ? "all" : "energy") : iOver;
    }

    /** The prior: pool when the recommended design is Bayesian and no ridge is given. */
    String prior() {
        if (!prior.equals("auto")) return prior;
        return recommended().bayes() && ridge == 0 ? "pool" : "none";
    }
}
