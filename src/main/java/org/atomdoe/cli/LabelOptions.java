package org.atomdoe.cli;

import org.atomdoe.fit.LabelSigmas;
import picocli.CommandLine.Option;

/** Which DFT labels the model is fitted (and designed) on, and their sigmas (shared by select, assess, fit, curve). */
final class LabelOptions {
    @Option(names = "--labels", paramLabel = "L", defaultValue = "energy",
            description = "Labels of the fit and the design: energy (default), energy,forces or energy,forces,stress. "
                    + "With forces a configuration brings its energy row and 3N force rows (+6 stress rows) at once.")
    String labels;

    @Option(names = "--sigma-energy", paramLabel = "EV", defaultValue = "0.001",
            description = "Expected energy error per atom, eV/atom (default ${DEFAULT-VALUE}); rows are weighted by 1/sigma^2.")
    double sigmaEnergy;

    @Option(names = "--sigma-force", paramLabel = "EV/A", defaultValue = "0.1",
            description = "Expected force component error, eV/Å (default ${DEFAULT-VALUE}).")
    double sigmaForce;

    @Option(names = "--sigma-virial", paramLabel = "EV", defaultValue = "0.05",
            description = "Expected virial error per atom, eV/atom (stress x volume / atoms; default ${DEFAULT-VALUE}).")
    double sigmaVirial;

    LabelSigmas sigmas() {
        try {
            return LabelSigmas.parse(labels, sigmaEnergy, sigmaForce, sigmaVirial);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--labels/--sigma-*: " + e.getMessage());
        }
    }
}
