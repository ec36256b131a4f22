package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-structure reductions of per-atom descriptor rows ({@code natoms x nf}, row-major), the rows a
 * design or a linear fit works on.
 * <ul>
 * <li>{@link #SUM}: {@code sum_i x_i} (extensive: the row of a linear energy model without intercepts);
 * <li>{@link #MEAN}: {@code (1/N) sum_i x_i} (intensive, size-independent);
 * <li>{@link #SPECIES_SUM}: for each species channel s (ascending Z), {@code [N_s, sum_{i in s} x_i]}: the row
 * of the linear model {@code E = sum_i (b_{s(i)} + w_{s(i)} . x_i)} with one intercept and one weight
 * vector per species (width {@code n_species (1 + nf)}).
 * </ul>
 */
public enum Aggregation {
    SUM, MEAN, SPECIES_SUM;

    /** Parses {@code sum}, {@code mean}, {@code species} / {@code species-sum} (case-insensitive). */
    public static Aggregation parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "sum" -> SUM;
            case "mean" -> MEAN;
            case "species", "species-sum", "species_sum", "per-species" -> SPECIES_SUM;
            default -> throw new IllegalArgumentException("aggregation must be sum, mean or species-sum, got '" + s + "'");
        };
    }

    /** Width of an aggregated row. */
    public int width(int nf, int nSpecies) {
        return this == SPECIES_SUM ? nSpecies * (1 + nf) : nf;
    }

    /** Column labels of an aggregated row. */
    public List<String> labels(List<String> featureLabels, SpeciesChannels species) {
        if (this != SPECIES_SUM) return featureLabels;
        List<String> out = new ArrayList<>();
        for (String z : species.symbols()) {
            out.add("count[" + z + "]");
            for (String f : featureLabels) out.add(z + ":" + f);
        }
        return out;
    }

    /**
     * Writes the aggregated row of {@code rows} ({@code natoms x nf}) to {@code out[off ...]}.
     *
     * @param channels per-atom species channel (needed for {@link #SPECIES_SUM}, else may be null)
     */
    public void apply(double[] rows, int natoms, int nf, int[] channels, int nSpecies, double[] out, int off) {
        int w = width(nf, nSpecies);
        java.util.Arrays.fill(out, off, off + w, 0.0);
        if (this == SPECIES_SUM) {
            for (int i = 0; i < natoms; i++) {
                int base = off + channels[i] * (1 + nf);
                out[base] += 1;
                for (int f = 0; f < nf; f++) out[base + 1 + f] += rows[i * nf + f];
            }
            return;
        }
        for (int i = 0; i < natoms; i++) for (int f = 0; f < nf; f++) out[off + f] += rows[i * nf + f];
        if (this == MEAN && natoms > 0) for (int f = 0; f < nf; f++) out[off + f] /= natoms;
    }
}
