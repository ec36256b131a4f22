package org.atomdoe.descriptor;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Settings of {@link SoapPowerSpectrum}, named as DScribe's {@code SOAP(...)}.
 *
 * @param rCut      cutoff radius (Å), {@code r_cut}
 * @param nMax      radial basis size, {@code n_max}
 * @param lMax      maximum degree of the spherical harmonics, {@code l_max}
 * @param sigma     Gaussian width of the atomic densities (Å), {@code sigma}
 * @param rbf       radial basis: {@code "gto"} or {@code "polynomial"}
 * @param average   {@code "off"} (one row per atom) or {@code "inner"} (coefficients averaged over
 *                  the atoms of a structure before the power spectrum)
 * @param periodic  whether periodic images count
 * @param species   element symbols (channel order is by atomic number)
 * @param normalize divide each output vector by its Euclidean norm (the usual GAP kernel input;
 *                  DScribe has no such option, default false)
 */
public record SoapSettings(@JsonProperty("r_cut") double rCut,
                           @JsonProperty("n_max") int nMax,
                           @JsonProperty("l_max") int lMax,
                           @JsonProperty("sigma") double sigma,
                           @JsonProperty("rbf") String rbf,
                           @JsonProperty("average") String average,
                           @JsonProperty("periodic") boolean periodic,
                           @JsonProperty("species") List<String> species,
                           @JsonProperty("normalize") boolean normalize) {
    public SoapSettings {
        if (!(rCut > 1) || Double.isInfinite(rCut)) throw new IllegalArgumentException("r_cut must be > 1 Å (DScribe's limit), got " + rCut);
        if (nMax < 1 || nMax > 32) throw new IllegalArgumentException("n_max must be in 1..32, got " + nMax);
        if (lMax < 0 || lMax > 20) throw new IllegalArgumentException("l_max must be in 0..20, got " + lMax);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be a positive number of Å, got " + sigma);
        rbf = rbf == null ? "gto" : rbf;
        average = average == null ? "off" : average;
        if (!rbf.equals("gto") && !rbf.equals("polynomial")) throw new IllegalArgumentException("rbf must be \"gto\" or \"polynomial\", got \"" + rbf + "\"");
        if (!average.equals("off") && !average.equals("inner")) throw new IllegalArgumentException("average must be \"off\" or \"inner\", got \"" + average + "\"");
        species = List.copyOf(species);
    }

    /** The usual settings: gto basis, no averaging, periodic, not normalised. */
    public static SoapSettings of(double rCut, int nMax, int lMax, double sigma, List<String> species) {
        return new SoapSettings(rCut, nMax, lMax, sigma, "gto", "off", true, species, false);
    }
}
