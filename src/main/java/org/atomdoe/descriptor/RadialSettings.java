package org.atomdoe.descriptor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Settings of {@link PairRadialBasis}.
 *
 * @param rCut     cutoff radius (Å), {@code r_cut}
 * @param nMax     number of Chebyshev functions per species pair, {@code n_max}
 * @param species  element symbols (channel order is by atomic number)
 * @param periodic whether periodic images count (as DScribe's {@code periodic})
 */
public record RadialSettings(@JsonProperty("r_cut") double rCut, @JsonProperty("n_max") int nMax,
                             @JsonProperty("species") List<String> species, @JsonProperty("periodic") boolean periodic) {
    public RadialSettings {
        if (!(rCut > 0) || Double.isInfinite(rCut)) throw new IllegalArgumentException("r_cut must be a positive number of Å, got " + rCut);
        if (nMax < 1 || nMax > 64) throw new IllegalArgumentException("n_max must be in 1..64, got " + nMax);
        species = List.copyOf(species);
    }
}
