package org.atomdoe.fit;

/**
 * Which DFT labels a fit (or a design) uses and how much each is trusted: the expected error
 * {@code sigma} of each kind of label, as GAP's {@code default_sigma} and FitSNAP's group weights set them.
 * A row's weight on its squared residual is {@code 1 / sigma^2}, with the residuals measured as
 * <ul>
 * <li>energy: per atom, {@code (E - E_pred) / N} in eV/atom ({@code sigma_E}),
 * <li>forces: each Cartesian component in eV/Å ({@code sigma_F}),
 * <li>stress: as a virial per atom, {@code (sigma - sigma_pred) V / N} in eV/atom ({@code sigma_V}, GAP's virial sigma
 *     convention per atom).
 * </ul>
 * Defaults {@code 0.001 eV/atom, 0.1 eV/Å, 0.05 eV/atom} are a common GAP choice; the ratio
 * {@code sigma_E / sigma_F}, not the values, decides the fit and the design.
 *
 * @param forces        whether force rows are used
 * @param stress        whether stress rows are used (configurations without stress contribute none)
 * @param energySigma   {@code sigma_E} (eV/atom, > 0)
 * @param forceSigma    {@code sigma_F} (eV/Å, > 0)
 * @param virialSigma   {@code sigma_V} (eV/atom, > 0)
 */
public record LabelSigmas(boolean forces, boolean stress, double energySigma, double forceSigma, double virialSigma) {
    public LabelSigmas {
        for (double s : new double[] {energySigma, forceSigma, virialSigma}) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("label sigmas must be finite and > 0, got " + s);
        }
    }

    /** Energies only, the default sigma (the rows then equal the per-atom weighted energy rows times {@code 1/sigma_E}). */
    public static LabelSigmas energiesOnly() {
        return new LabelSigmas(false, false, 0.001, 0.1, 0.05);
    }

    /** Energies and forces (and stress when asked) with the default sigmas. */
    public static LabelSigmas withForces(boolean stress) {
        return new LabelSigmas(true, stress, 0.001, 0.1, 0.05);
    }

    /**
     * Parses {@code energy}, {@code energy,forces} or {@code energy,forces,stress} (also {@code e}, {@code ef},
     * {@code efs}) with the given sigmas.
     */
    public static LabelSigmas parse(String labels, double energySigma, double forceSigma, double virialSigma) {
        String s = labels.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        return switch (s) {
            case "energy", "energies", "e" -> new LabelSigmas(false, false, energySigma, forceSigma, virialSigma);
            case "energy,forces", "energies,forces", "ef" -> new LabelSigmas(true, false, energySigma, forceSigma, virialSigma);
            case "energy,forces,stress", "energies,forces,stress", "efs" -> new LabelSigmas(true, true, energySigma, forceSigma, virialSigma);
            default -> throw new IllegalArgumentException("labels must be energy, energy,forces or energy,forces,stress; got '" + labels + "'");
        };
    }

    /** Short name for reports: {@code E}, {@code EF} or {@code EFS}. */
    public String shortName() {
        return forces ? (stress ? "EFS" : "EF") : (stress ? "ES" : "E");
    }
}
