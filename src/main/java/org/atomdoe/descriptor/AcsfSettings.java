package org.atomdoe.descriptor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Settings of {@link Acsf}, named as DScribe's {@code ACSF(...)}.
 *
 * @param rCut      cutoff radius (Å), {@code r_cut}
 * @param g2Params  rows {@code [eta (Å^-2), R_s (Å)]}, {@code g2_params}
 * @param g3Params  {@code kappa} values (Å^-1), {@code g3_params}
 * @param g4Params  rows {@code [eta, zeta, lambda]}, {@code g4_params}
 * @param g5Params  rows {@code [eta, zeta, lambda]}, {@code g5_params}
 * @param species   element symbols (ordered by atomic number)
 * @param periodic  whether periodic images count
 */
public record AcsfSettings(@JsonProperty("r_cut") double rCut,
                           @JsonProperty("g2_params") double[][] g2Params,
                           @JsonProperty("g3_params") double[] g3Params,
                           @JsonProperty("g4_params") double[][] g4Params,
                           @JsonProperty("g5_params") double[][] g5Params,
                           @JsonProperty("species") List<String> species,
                           @JsonProperty("periodic") boolean periodic) {
    public AcsfSettings {
        if (!(rCut > 0) || Double.isInfinite(rCut)) throw new IllegalArgumentException("r_cut must be a positive number of Å, got " + rCut);
        g2Params = g2Params == null ? new double[0][] : g2Params;
        g3Params = g3Params == null ? new double[0] : g3Params;
        g4Params = g4Params == null ? new double[0][] : g4Params;
        g5Params = g5Params == null ? new double[0][] : g5Params;
        for (double[] p : g2Params) {
            if (p.length != 2) throw new IllegalArgumentException("each g2_params row is [eta, R_s], got " + p.length + " values");
        }
        for (double[][] g : new double[][][] {g4Params, g5Params}) {
            for (double[] p : g) {
                if (p.length != 3) throw new IllegalArgumentException("each g4/g5_params row is [eta, zeta, lambda], got " + p.length + " values");
                if (!(p[1] >= 1)) throw new IllegalArgumentException("zeta must be >= 1, got " + p[1]);
                if (p[2] != 1 && p[2] != -1) throw new IllegalArgumentException("lambda must be +1 or -1, got " + p[2]);
            }
        }
        species = List.copyOf(species);
    }

    /**
     * The set of the DScribe speed reference (27 features per species): G1, G2 with
     * eta in 0.003214 .. 1.428426 Å^-2 and R_s = 0, G4 with eta in (0.000357, 0.028569, 0.089277),
     * zeta in (1, 2, 4), lambda in (-1, +1) in that nesting.
     */
    public static AcsfSettings dscribeBenchmarkSet(double rCut, List<String> species, boolean periodic) {
        double[] etas = {0.003214, 0.035711, 0.071421, 0.124987, 0.214264, 0.357106, 0.714213, 1.428426};
        double[][] g2 = new double[etas.length][];
        for (int i = 0; i < etas.length; i++) g2[i] = new double[] {etas[i], 0.0};
        double[][] g4 = new double[18][];
        int k = 0;
        for (double eta : new double[] {0.000357, 0.028569, 0.089277})
            for (double zeta : new double[] {1, 2, 4})
                for (double lambda : new double[] {-1, 1}) g4[k++] = new double[] {eta, zeta, lambda};
        return new AcsfSettings(rCut, g2, null, g4, null, species, periodic);
    }
}
