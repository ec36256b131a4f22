package org.atomdoe.fit;

/**
 * What the {@code fit} command reports: the model and its energy errors on the training and the
 * test structures (Jackson-serialisable).
 *
 * @param model the fitted model (weights, species energies, lambda and how it was chosen)
 * @param train errors on the training structures (meV/atom)
 * @param test  errors on the test structures, or null without a test set
 */
public record EnergyFitReport(LinearEnergyModel model, EnergyErrors train, EnergyErrors test) {

    /** Fits on {@code train} and evaluates on both sets ({@code test} may be null). */
    public static EnergyFitReport fitAndEvaluate(EnergyDataset train, EnergyDataset test, EnergyWeighting weighting,
                                                 RidgeSettings settings) {
        LinearEnergyModel m = LinearEnergyModel.fit(train, weighting, settings);
        return new EnergyFitReport(m, m.evaluate(train), test == null ? null : m.evaluate(test));
    }
}
