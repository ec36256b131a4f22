package org.atomdoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How candidate rows are made and which design model they describe (shared by select, assess). */
final class DesignOptions {
    @Option(names = {"-d", "--descriptor"}, paramLabel = "SPEC", defaultValue = "snap:twojmax=6",
            description = "Descriptor of the linear energy model E = w . sum_atoms B + sum_s e0_s n_s "
                    + "(default ${DEFAULT-VALUE}; soap, acsf, radial, snap with key=value options, or @FILE.json).")
    String descriptor;

    @Option(names = "--features", paramLabel = "X.npy",
            description = "Your own per-structure candidate rows (one row per pool frame, e.g. MACE/ACE features) instead of --descriptor.")
    Path features;

    @Option(names = {"-c", "--criterion"}, paramLabel = "C", defaultValue = "auto",
            description = "D (log det M), A (trace M^-1) or I (mean prediction variance over the pool); default auto: "
                    + "the recommended design's (see --start).")
    String criterion;

    @Option(names = "--start", paramLabel = "S", defaultValue = "auto",
            description = "Design the exchange starts from: greedy, fps (farthest point on the energy rows) or strata (farthest "
                    + "points within config_type quotas proportional to the pool). Default auto: the recommended design, "
                    + "with --labels including forces " + SelectionMethods.RECOMMENDED_FORCES + " (criterion, quotas, prior, start, cap; "
                    + "chosen from the learning curves in docs/validation_robust.md), energies only " + SelectionMethods.RECOMMENDED_ENERGY + ".")
    String start;

    @Option(names = "--max-leverage", paramLabel = "C", defaultValue = "auto",
            description = "Leverage cap: no chosen configuration's leverage trace(R M^-1 R') above C p / n (C times the mean; "
                    + "2 is the classic high-leverage mark), enforced in greedy and exchange; 0 for none. Default auto: the recommended design's.")
    String maxLeverage;

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

    String criterion() {
        return criterion.equals("auto") ? recommended().criterion().name() : criterion;
    }

    /** The prior: pool when the recommended design is Bayesian and no ridge is given. */
    String prior() {
        if (!prior.equals("auto")) return prior;
        return recommended().bayes() && ridge == 0 ? "pool" : "none";
    }

    SelectionMethods.Start start() {
        return start.equals("auto") ? recommended().start() : SelectionMethods.Start.parse(start);
    }

    double maxLeverage() {
        if (maxLeverage.equals("auto")) return recommended().cap();
        try {
            double c = Double.parseDouble(maxLeverage);
            if (!(c >= 0) || !Double.isFinite(c)) throw new NumberFormatException();
            return c;
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--max-leverage must be a number >= 0 or auto, got '" + maxLeverage + "'");
        }
    }
}
