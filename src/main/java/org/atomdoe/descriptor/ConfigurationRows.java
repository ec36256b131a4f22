package org.atomdoe.descriptor;

import java.util.Objects;

/**
 * The rows a linear model on aggregated descriptors gives each configuration: one energy row, and
 * optionally its {@code 3 N} force rows and 6 stress rows ({@link ForceRows}), all of width
 * {@link #width()} with the same columns. This is what one DFT calculation of the configuration
 * labels: the design and the fit weigh the three kinds of rows as the user will.
 *
 * @param width   columns of every row ({@code Aggregation.width(nf, nSpecies)})
 * @param energy  {@code n x width}, row-major, one aggregated row per configuration
 * @param forces  per configuration {@code 3 N_c x width} (row {@code 3 j + a} is {@code F_{j,a}}), or null when not computed
 * @param stress  per configuration {@code 6 x width} (Voigt {@code xx yy zz yz xz xy}, eV/Å^3, ASE sign), or null when not
 *                computed; an entry is null for a configuration without a cell volume
 */
public record ConfigurationRows(int width, double[] energy, double[][] forces, double[][] stress) {
    public ConfigurationRows {
        Objects.requireNonNull(energy);
        if (width < 1 || energy.length % width != 0) throw new IllegalArgumentException("energy rows must be n x " + width);
        int n = energy.length / width;
        if (forces != null && forces.length != n) throw new IllegalArgumentException("need force rows for each of " + n + " configurations");
        if (stress != null && stress.length != n) throw new IllegalArgumentException("need stress rows for each of " + n + " configurations");
    }

    /** Number of configurations. */
    public int size() {
        return energy.length / width;
    }

    /** Number of atoms of configuration {@code c} (from its force rows). */
    public int natoms(int c) {
        if (forces == null) throw new IllegalStateException("no force rows computed");
        return forces[c].length / (3 * width);
    }
}
