package org.atomdoe.design;

import java.util.Locale;

/**
 * Optimality criteria of a design with information matrix {@code M} (see {@link DesignProblem}):
 * <ul>
 * <li>{@link #D}: maximise {@code log det M} (the volume of the confidence ellipsoid of the fitted
 *     weights shrinks; invariant to linear reparametrisation when the ridge is 0);
 * <li>{@link #A}: minimise {@code trace M^-1} (the mean variance of the fitted weights);
 * <li>{@link #I}: minimise {@code trace(M^-1 W)}, {@code W} the mean of {@code y y'} over a
 *     reference set (default: the pool), i.e. the mean prediction variance over it (also called
 *     V-optimality).
 * </ul>
 * Reference: Atkinson, Donev &amp; Tobias, Optimum Experimental Designs, with SAS (OUP 2007), ch. 10.
 */
public enum Criterion {
    D, A, I;

    public static Criterion parse(String s) {
        return switch (s.trim().toUpperCase(Locale.ROOT)) {
            case "D", "D-OPTIMAL" -> D;
            case "A", "A-OPTIMAL" -> A;
            case "I", "V", "I-OPTIMAL" -> I;
            default -> throw new IllegalArgumentException("criterion must be D, A or I, got '" + s + "'");
        };
    }
}
