package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.List;
import org.atomdoe.structure.Structure;

/**
 * Per-structure rows for fitting energies with a linear model: the descriptor summed over the
 * atoms of each structure ({@code N x d}, row-major), the atom count of each species
 * ({@code N x S}), the total energies (eV) and the config types.
 *
 * <p>The linear model is {@code E = w . sum_atoms B(atom) + sum_s e0_s n_s}; its design-matrix
 * row for a structure is {@code [n_1 .. n_S, sum_atoms B_1 .. sum_atoms B_d]} (species columns
 * first), see {@link #designMatrix()}.
 *
 * @param features      N x d per-structure descriptor sums, row-major
 * @param featureCount  d
 * @param featureLabels d labels (for reports)
 * @param species       S species symbols, the order of the count columns
 * @param speciesCounts N x S atom counts, row-major
 * @param energies      N total energies (eV), or null when only predicting
 * @param configTypes   N config types (entries may be null), or null
 */
public record EnergyDataset(double[] features, int featureCount, List<String> featureLabels, List<String> species,
                            int[] speciesCounts, double[] energies, String[] configTypes) {
    public EnergyDataset {
        if (featureCount < 0) throw new IllegalArgumentException("feature count must be >= 0, got " + featureCount);
        if (species == null || species.isEmpty()) throw new IllegalArgumentException("need at least one species");
        species = List.copyOf(species);
        int s = species.size();
        if (speciesCounts == null || speciesCounts.length % s != 0) {
            throw new IllegalArgumentException("species counts must be N x " + s + " values, got "
                    + (speciesCounts == null ? "null" : speciesCounts.length));
        }
        int n = speciesCounts.length / s;
        if (features == null || features.length != (long) n * featureCount) {
            throw new IllegalArgumentException("features must be " + n + " x " + featureCount + " = "
                    + (long) n * featureCount + " values, got " + (features == null ? "null" : features.length));
        }
        if (featureLabels == null) {
            List<String> l = new ArrayList<>(featureCount);
            for (int j = 0; j < featureCount; j++) l.add("f" + j);
            featureLabels = l;
        }
        featureLabels = List.copyOf(featureLabels);
        if (featureLabels.size() != featureCount) {
            throw new IllegalArgumentException("expected " + featureCount + " feature labels, got " + featureLabels.size());
        }
        if (energies != null && energies.length != n) {
            throw new IllegalArgumentException("expected " + n + " energies, got " + energies.length);
        }
        if (configTypes != null && configTypes.length != n) {
            throw new IllegalArgumentException("expected " + n + " config types, got " + configTypes.length);
        }
        for (int i = 0; i < n; i++) {
            int tot = 0;
            for (int k = 0; k < s; k++) {
                if (speciesCounts[i * s + k] < 0) {
                    throw new IllegalArgumentException("structure " + i + " has a negative atom count");
                }
                tot += speciesCounts[i * s + k];
            }
            if (tot == 0) throw new IllegalArgumentException("structure " + i + " has no atoms");
        }
    }

    /**
     * Rows from structures: species counts in the order of {@code species}, energies from
     * {@link Structure#energy()} (null if any frame lacks one), config types from
     * {@link Structure#configType()}.
     *
     * @param features N x d per-structure descriptor sums, row-major, in frame order
     */
    public static EnergyDataset fromStructures(List<Structure> frames, List<String> species, double[] features,
                                               int featureCount, List<String> featureLabels) {
        int n = frames.size(), s = species.size();
        int[] counts = new int[n * s];
        double[] e = new double[n];
        boolean allEnergies = true;
        String[] types = new String[n];
        for (int i = 0; i < n; i++) {
            Structure st = frames.get(i);
            String[] sym = st.speciesSymbols();
            int[] c = st.speciesCounts();
            for (int k = 0; k < sym.length; k++) {
                int col = species.indexOf(sym[k]);
                if (col < 0) {
                    throw new IllegalArgumentException("structure " + i + " contains species " + sym[k]
                            + ", not among the fitted species " + species);
                }
                counts[i * s + col] += c[k];
            }
            if (st.energy().isPresent()) e[i] = st.energy().getAsDouble();
            else allEnergies = false;
            types[i] = st.configType();
        }
        return new EnergyDataset(features, featureCount, featureLabels, species, counts, allEnergies ? e : null, types);
    }

    /** Number of structures N. */
    public int size() {
        return speciesCounts.length / species.size();
    }

    public int speciesCount() {
        return species.size();
    }

    /** Atoms of structure {@code i}. */
    public int natoms(int i) {
        int s = species.size(), tot = 0;
        for (int k = 0; k < s; k++) tot += speciesCounts[i * s + k];
        return tot;
    }

    /** Atoms per structure. */
    public int[] natoms() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) out[i] = natoms(i);
        return out;
    }

    /** Columns of the design matrix: S species counts then d features. */
    public int designColumns() {
        return species.size() + featureCount;
    }

    /** Labels of the design-matrix columns: {@code n[Si]} ..., then the feature labels. */
    public List<String> designLabels() {
        List<String> l = new ArrayList<>(designColumns());
        for (String sp : species) l.add("n[" + sp + "]");
        l.addAll(featureLabels);
        return l;
    }

    /** Which design columns are penalised: species counts no, features yes. */
    public boolean[] penalisedColumns() {
        boolean[] p = new boolean[designColumns()];
        for (int j = species.size(); j < p.length; j++) p[j] = true;
        return p;
    }

    /** N x (S + d) row-major design matrix: species counts, then descriptor sums. */
    public double[] designMatrix() {
        int n = size(), s = species.size(), d = featureCount, p = s + d;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) x[i * p + k] = speciesCounts[i * s + k];
            System.arraycopy(features, i * d, x, i * p + s, d);
        }
        return x;
    }

    /**
     * The design rows as the fit sees them, each multiplied by {@code sqrt(w_i)} of the weighting:
     * for {@link EnergyWeighting#PER_ATOM} the species fractions and the mean descriptor per atom.
     * These are the rows whose information matrix the fit uses, a natural candidate matrix for
     * subset selection.
     */
    public double[] weightedDesignMatrix(EnergyWeighting weighting) {
        double[] x = designMatrix();
        int p = designColumns();
        for (int i = 0; i < size(); i++) {
            double sw = Math.sqrt(weighting.weight(natoms(i)));
            for (int j = 0; j < p; j++) x[i * p + j] *= sw;
        }
        return x;
    }

    /** Row weights of the weighting. */
    public double[] weights(EnergyWeighting weighting) {
        double[] w = new double[size()];
        for (int i = 0; i < w.length; i++) w[i] = weighting.weight(natoms(i));
        return w;
    }

    /** The rows {@code rows} (in that order) as a new data set. */
    public EnergyDataset subset(int[] rows) {
        int s = species.size(), d = featureCount, n = size();
        double[] f = new double[rows.length * d];
        int[] c = new int[rows.length * s];
        double[] e = energies == null ? null : new double[rows.length];
        String[] t = configTypes == null ? null : new String[rows.length];
        for (int a = 0; a < rows.length; a++) {
            int i = rows[a];
            if (i < 0 || i >= n) throw new IllegalArgumentException("row " + i + " outside 0.." + (n - 1));
            System.arraycopy(features, i * d, f, a * d, d);
            System.arraycopy(speciesCounts, i * s, c, a * s, s);
            if (e != null) e[a] = energies[i];
            if (t != null) t[a] = configTypes[i];
        }
        return new EnergyDataset(f, d, featureLabels, species, c, e, t);
    }
}
