package org.atomdoe.fit;

import java.util.List;

/**
 * A linear energy model {@code E = w . sum_atoms B(atom) + sum_s e0_s n_s} fitted by weighted
 * ridge least squares on per-structure rows ({@link RidgeRegression}; species energies
 * {@code e0_s} unpenalised, descriptor weights {@code w} penalised on standardised columns,
 * lambda by GCV unless fixed). Jackson-serialisable.
 *
 * @param species         the species, in the order of {@code speciesEnergies}
 * @param speciesEnergies {@code e0_s} (eV/atom)
 * @param featureLabels   descriptor labels, in the order of {@code featureWeights}
 * @param featureWeights  {@code w} (eV per unit of descriptor)
 * @param weighting       the row weighting used in the fit
 * @param ridge           the fit's details (lambda, GCV, degrees of freedom, dropped columns)
 */
public record LinearEnergyModel(List<String> species, double[] speciesEnergies, List<String> featureLabels,
                                double[] featureWeights, EnergyWeighting weighting, RidgeSolution ridge) {

    /** Fits energies of all structures of {@code train} with per-atom weighting. */
    public static LinearEnergyModel fit(EnergyDataset train, RidgeSettings settings) {
        return fit(train, EnergyWeighting.PER_ATOM, settings);
    }

    /** Fits energies of all structures of {@code train}. */
    public static LinearEnergyModel fit(EnergyDataset train, EnergyWeighting weighting, RidgeSettings settings) {
        if (train.energies() == null) throw new IllegalArgumentException("training data have no energies");
        RowBlock energy = new RowBlock("energy", train.designMatrix(), train.size(), train.designColumns(),
                train.energies(), train.weights(weighting));
        return fromSolution(train, weighting, RidgeRegression.fit(energy, train.penalisedColumns(), settings));
    }

    /**
     * Fits energies and the forces (and stress) of {@code forces} with the label weights of {@code sigmas}
     * ({@link ForceData#fitBlocks}); with {@code sigmas.forces() == false} and no stress this is the per-atom energy fit.
     */
    public static LinearEnergyModel fit(EnergyDataset train, ForceData forces, LabelSigmas sigmas, RidgeSettings settings) {
        if (forces == null) return fit(train, EnergyWeighting.PER_ATOM, settings);
        List<RowBlock> blocks = forces.fitBlocks(train, sigmas);
        return fromSolution(train, EnergyWeighting.PER_ATOM, RidgeRegression.fit(blocks, train.penalisedColumns(), settings));
    }

    /**
     * Fits energies with the isotropic penalty {@code lambda |w|^2} on the raw feature weights
     * ({@link IsotropicRidge}): the sparse-GP (GAP) posterior mean when the features are whitened
     * kernel rows ({@code org.atomdoe.kernel.SparseBasis}); lambda is then {@code sigma^2 / delta^2}.
     */
    public static LinearEnergyModel fitIsotropic(EnergyDataset train, EnergyWeighting weighting, RidgeSettings settings) {
        if (train.energies() == null) throw new IllegalArgumentException("training data have no energies");
        RowBlock energy = new RowBlock("energy", train.designMatrix(), train.size(), train.designColumns(),
                train.energies(), train.weights(weighting));
        return fromSolution(train, weighting, IsotropicRidge.fit(energy, train.penalisedColumns(), settings));
    }

    /**
     * Builds the model from a ridge solution over the design columns of {@code layout}
     * (species counts then features), e.g. after a fit with extra force blocks.
     */
    public static LinearEnergyModel fromSolution(EnergyDataset layout, EnergyWeighting weighting, RidgeSolution sol) {
        int s = layout.speciesCount(), d = layout.featureCount();
        if (sol.coefficients().length != s + d) {
            throw new IllegalArgumentException("solution has " + sol.coefficients().length
                    + " coefficients, the layout needs " + (s + d));
        }
        double[] e0 = new double[s], w = new double[d];
        System.arraycopy(sol.coefficients(), 0, e0, 0, s);
        System.arraycopy(sol.coefficients(), s, w, 0, d);
        return new LinearEnergyModel(layout.species(), e0, layout.featureLabels(), w, weighting, sol);
    }

    /** Predicted total energies (eV) of the structures of {@code data}. */
    public double[] predict(EnergyDataset data) {
        if (data.featureCount() != featureWeights.length) {
            throw new IllegalArgumentException("data have " + data.featureCount() + " features, the model "
                    + featureWeights.length);
        }
        int s = data.speciesCount();
        double[] e0 = new double[s];
        for (int k = 0; k < s; k++) {
            int m = species.indexOf(data.species().get(k));
            if (m >= 0) {
                e0[k] = speciesEnergies[m];
            } else {
                for (int i = 0; i < data.size(); i++) {
                    if (data.speciesCounts()[i * s + k] != 0) {
                        throw new IllegalArgumentException("structure " + i + " contains species "
                                + data.species().get(k) + ", which the model was not fitted for " + species);
                    }
                }
            }
        }
        int d = featureWeights.length;
        double[] f = data.features();
        int[] c = data.speciesCounts();
        double[] out = new double[data.size()];
        for (int i = 0; i < out.length; i++) {
            double e = 0;
            for (int k = 0; k < s; k++) e += e0[k] * c[i * s + k];
            for (int j = 0; j < d; j++) e += featureWeights[j] * f[i * d + j];
            out[i] = e;
        }
        return out;
    }

    /** Energy errors (meV/atom) on {@code data}, overall and per config_type. */
    public EnergyErrors evaluate(EnergyDataset data) {
        if (data.energies() == null) throw new IllegalArgumentException("evaluation data have no energies");
        return EnergyErrors.of(predict(data), data.energies(), data.natoms(), data.configTypes());
    }
}
