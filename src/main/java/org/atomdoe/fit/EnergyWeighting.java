package org.atomdoe.fit;

/**
 * Weights of energy rows in the least-squares fit (on squared residuals of total energies).
 */
public enum EnergyWeighting {
    /**
     * {@code w = 1 / n^2}: the fit minimises the squared error of the energy per atom,
     * {@code sum ((E - E_pred) / n)^2}, the usual choice (and the metric reported).
     */
    PER_ATOM,
    /** {@code w = 1}: the squared error of total energies (large cells dominate). */
    PER_STRUCTURE;

    /** Weight of a structure with {@code natoms} atoms. */
    public double weight(int natoms) {
        return switch (this) {
            case PER_ATOM -> 1.0 / ((double) natoms * natoms);
            case PER_STRUCTURE -> 1.0;
        };
    }
}
