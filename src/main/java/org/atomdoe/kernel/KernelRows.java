package org.atomdoe.kernel;

/**
 * Descriptor rows prepared for a {@link Kernel} ({@link Kernel#prepare}): row-major {@code n x d}
 * values, their squared norms, and an optional species code per row. Kernel values between rows
 * of different species are 0: like GAP, which fits one descriptor (and one set of sparse points)
 * per central species, environments of different centres never share a weight.
 *
 * @param values  row-major {@code n x d}
 * @param n       rows
 * @param d       columns
 * @param norm2   squared Euclidean norm of each row (1 for normalised non-zero rows)
 * @param species species code per row (e.g. atomic number), or null when all rows have the same
 */
public record KernelRows(double[] values, int n, int d, double[] norm2, int[] species) {
    public KernelRows {
        if (n < 0 || d < 1) throw new IllegalArgumentException("need n >= 0 rows and d >= 1 columns, got " + n + " x " + d);
        if (values.length != (long) n * d) throw new IllegalArgumentException("values must be " + n + " x " + d);
        if (norm2.length != n) throw new IllegalArgumentException("need one squared norm per row");
        if (species != null && species.length != n) throw new IllegalArgumentException("need one species code per row");
    }

    /** The rows {@code idx} (in that order) as new rows. */
    public KernelRows gather(int[] idx, int count) {
        double[] v = new double[count * d];
        double[] nn = new double[count];
        int[] sp = species == null ? null : new int[count];
        for (int k = 0; k < count; k++) {
            int i = idx[k];
            if (i < 0 || i >= n) throw new IllegalArgumentException("row " + i + " outside 0.." + (n - 1));
            System.arraycopy(values, i * d, v, k * d, d);
            nn[k] = norm2[i];
            if (sp != null) sp[k] = species[i];
        }
        return new KernelRows(v, count, d, nn, sp);
    }

    /** Species code of row {@code i} (0 when no species are given). */
    public int species(int i) {
        return species == null ? 0 : species[i];
    }
}
