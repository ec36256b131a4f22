package org.atomdoe.fit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Errors of predicted energies, per atom, in meV/atom: for structure {@code i} with {@code n_i}
 * atoms, {@code e_i = 1000 (E_pred,i - E_ref,i) / n_i}; MAE = mean |e_i|, RMSE = sqrt(mean e_i^2)
 * (the metrics of Zuo et al., J. Phys. Chem. A 124, 731 (2020), who report MAE). Jackson-serialisable.
 *
 * @param structures      number of structures
 * @param maeMeVPerAtom   mean absolute error
 * @param rmseMeVPerAtom  root-mean-square error
 * @param maxAbsMeVPerAtom largest absolute error
 * @param meanMeVPerAtom  mean signed error (bias), predicted minus reference
 * @param perConfigType   the same per {@code config_type} (sorted by name; structures without one
 *                        under {@link #NO_CONFIG_TYPE}); empty inside the per-type entries
 */
public record EnergyErrors(int structures, double maeMeVPerAtom, double rmseMeVPerAtom, double maxAbsMeVPerAtom,
                           double meanMeVPerAtom, Map<String, EnergyErrors> perConfigType) {
    /** Group name for structures without a config_type. */
    public static final String NO_CONFIG_TYPE = "(none)";

    public EnergyErrors {
        perConfigType = perConfigType == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(perConfigType));
    }

    /**
     * Errors of {@code predicted} against {@code reference} total energies (eV).
     *
     * @param configTypes per structure (entries may be null), or null for no breakdown
     */
    public static EnergyErrors of(double[] predicted, double[] reference, int[] natoms, String[] configTypes) {
        int n = reference.length;
        if (predicted.length != n || natoms.length != n || (configTypes != null && configTypes.length != n)) {
            throw new IllegalArgumentException("predicted (" + predicted.length + "), reference (" + n
                    + "), atom counts (" + natoms.length + ") and config types ("
                    + (configTypes == null ? "none" : configTypes.length) + ") must have one entry per structure");
        }
        if (n == 0) throw new IllegalArgumentException("no structures to evaluate");
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            if (natoms[i] <= 0) throw new IllegalArgumentException("structure " + i + " has " + natoms[i] + " atoms");
            e[i] = 1000.0 * (predicted[i] - reference[i]) / natoms[i];
        }
        Map<String, EnergyErrors> groups = new TreeMap<>();
        if (configTypes != null) {
            Map<String, int[]> members = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (int i = 0; i < n; i++) counts.merge(group(configTypes[i]), 1, Integer::sum);
            for (Map.Entry<String, Integer> g : counts.entrySet()) members.put(g.getKey(), new int[g.getValue()]);
            Map<String, Integer> fill = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                String g = group(configTypes[i]);
                int k = fill.merge(g, 1, Integer::sum) - 1;
                members.get(g)[k] = i;
            }
            for (Map.Entry<String, int[]> g : members.entrySet()) groups.put(g.getKey(), summary(e, g.getValue(), null));
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return summary(e, all, groups);
    }

    private static String group(String configType) {
        return configType == null || configType.isEmpty() ? NO_CONFIG_TYPE : configType;
    }

    private static EnergyErrors summary(double[] e, int[] idx, Map<String, EnergyErrors> groups) {
        double abs = 0, sq = 0, max = 0, mean = 0;
        for (int i : idx) {
            abs += Math.abs(e[i]);
            sq += e[i] * e[i];
            mean += e[i];
            max = Math.max(max, Math.abs(e[i]));
        }
        int n = idx.length;
        return new EnergyErrors(n, abs / n, Math.sqrt(sq / n), max, mean / n, groups);
    }

    /**
     * A plain-text table of these errors: one line for all structures and one per config_type,
     * columns {@code group, N, MAE, RMSE, max} in meV/atom (for command-line reports).
     */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%-16s %6s %12s %12s %12s%n", "config_type", "N",
                "MAE meV/at", "RMSE meV/at", "max meV/at"));
        for (Map.Entry<String, EnergyErrors> e : perConfigType.entrySet()) row(sb, e.getKey(), e.getValue());
        row(sb, "all", this);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, EnergyErrors e) {
        sb.append(String.format(java.util.Locale.ROOT, "%-16s %6d %12.3f %12.3f %12.3f%n", name, e.structures(),
                e.maeMeVPerAtom(), e.rmseMeVPerAtom(), e.maxAbsMeVPerAtom()));
    }
}
