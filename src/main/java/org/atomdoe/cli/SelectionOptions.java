package org.atomdoe.cli;

import picocli.CommandLine.Option;

/**
 * How select searches for its subset: criterion, start and leverage cap. Every "auto" takes the value of the
 * recommended design for the labels of the {@link DesignOptions} it is used with.
 */
final class SelectionOptions {
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

    String criterion(DesignOptions d) {
        return criterion.equals("auto") ? d.recommended().criterion().name() : criterion;
    }

    SelectionMethods.Start start(DesignOptions d) {
        return start.equals("auto") ? d.recommended().start() : SelectionMethods.Start.parse(start);
    }

    double maxLeverage(DesignOptions d) {
        if (maxLeverage.equals("auto")) return d.recommended().cap();
        try {
            double c = Double.parseDouble(maxLeverage);
            if (!(c >= 0) || !Double.isFinite(c)) throw new NumberFormatException();
            return c;
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--max-leverage must be a number >= 0 or auto, got '" + maxLeverage + "'");
        }
    }
}
