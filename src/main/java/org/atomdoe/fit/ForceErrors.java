package org.atomdoe.fit;

/**
 * Errors of predicted force components in eV/Å over all atoms and Cartesian components of a set
 * (the force metric of Zuo et al., J. Phys. Chem. A 124, 731 (2020)). Jackson-serialisable.
 *
 * @param components  number of force components compared ({@code 3 x atoms})
 * @param mae         mean absolute error (eV/Å)
 * @param rmse        root-mean-square error (eV/Å)
 * @param maxAbs      largest absolute error (eV/Å)
 */
public record ForceErrors(long components, double mae, double rmse, double maxAbs) {

    /** Errors of {@code predicted} against {@code reference}, per configuration arrays of {@code 3 N} components. */
    public static ForceErrors of(double[][] predicted, double[][] reference) {
        if (predicted.length != reference.length) throw new IllegalArgumentException("need one force array per configuration");
        long count = 0;
        double abs = 0, sq = 0, max = 0;
        for (int c = 0; c < reference.length; c++) {
            if (reference[c] == null) continue;
            if (predicted[c].length != reference[c].length) {
                throw new IllegalArgumentException("configuration " + c + ": " + predicted[c].length + " predicted vs "
                        + reference[c].length + " reference force components");
            }
            for (int k = 0; k < reference[c].length; k++) {
                double e = predicted[c][k] - reference[c][k];
                abs += Math.abs(e);
                sq += e * e;
                max = Math.max(max, Math.abs(e));
                count++;
            }
        }
        if (count == 0) throw new IllegalArgumentException("no reference forces to compare");
        return new ForceErrors(count, abs / count, Math.sqrt(sq / count), max);
    }
}
