package org.atomdoe.fit;

import java.util.Arrays;

/**
 * Farthest-point (greedy maximin) sampling in standardised feature space (Gonzalez, Theor.
 * Comput. Sci. 38, 293 (1985)): columns standardised (mean 0, sd 1); the first point is the one
 * farthest from the mean (the most extreme candidate), then each next point maximises its
 * distance to the nearest point already chosen. A running nearest-distance array makes it
 * {@code O(rows n cols)}. Deterministic: the seed is ignored; ties go to the lowest index.
 * Returned in selection order, so a prefix of the answer for {@code n} is the answer for fewer.
 */
public final class FarthestPointSelector implements SubsetSelector {
    @Override
    public int[] select(double[] x, int rows, int cols, int n, long seed) {
        SubsetSelector.checkArguments(x, rows, cols, n);
        if (n == 0) return new int[0];
        return maximin(ColumnStandardizer.standardize(x, rows, cols), rows, cols, n);
    }

    /**
     * Farthest-point sampling within strata: columns standardised over all rows, then within each group {@code g} the
     * maximin sequence above (first the group's point farthest from the global mean) for {@code quotas[g]} points.
     * Rows with group -1 are never chosen. Returned group by group, each in selection order.
     *
     * @param groups group index per row (-1: none)
     * @param quotas points per group (at most the group's size)
     */
    public static int[] stratified(double[] x, int rows, int cols, int[] groups, int[] quotas) {
        if (groups.length != rows) throw new IllegalArgumentException("need one group per row: " + groups.length + " for " + rows);
        double[] z = ColumnStandardizer.standardize(x, rows, cols);
        int total = 0;
        for (int q : quotas) total += q;
        int[] out = new int[total];
        int k = 0;
        for (int g = 0; g < quotas.length; g++) {
            int size = 0;
            for (int gi : groups) if (gi == g) size++;
            if (quotas[g] > size) throw new IllegalArgumentException("quota " + quotas[g] + " for group " + g + " of " + size + " rows");
            if (quotas[g] == 0) continue;
            int[] members = new int[size];
            int m = 0;
            for (int i = 0; i < rows; i++) if (groups[i] == g) members[m++] = i;
            double[] sub = new double[size * cols];
            for (int r = 0; r < size; r++) System.arraycopy(z, members[r] * cols, sub, r * cols, cols);
            for (int r : maximin(sub, size, cols, quotas[g])) out[k++] = members[r];
        }
        return out;
    }

    /** The maximin sequence of {@code n} rows of already standardised {@code z}, starting from the row of largest norm. */
    private static int[] maximin(double[] z, int rows, int cols, int n) {
        double[] minDist = new double[rows];
        boolean[] chosen = new boolean[rows];
        int first = 0;
        double best = -1;
        for (int i = 0; i < rows; i++) {
            double d = 0;
            for (int j = 0; j < cols; j++) d += z[i * cols + j] * z[i * cols + j];
            if (d > best) {
                best = d;
                first = i;
            }
        }
        int[] out = new int[n];
        Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        int last = first;
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                int arg = -1;
                double far = -1;
                for (int i = 0; i < rows; i++) {
                    if (!chosen[i] && minDist[i] > far) {
                        far = minDist[i];
                        arg = i;
                    }
                }
                last = arg;
            }
            out[k] = last;
            chosen[last] = true;
            for (int i = 0; i < rows; i++) {
                if (chosen[i]) continue;
                double d = ColumnStandardizer.squaredDistance(z, i * cols, z, last * cols, cols);
                if (d < minDist[i]) minDist[i] = d;
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "fps";
    }

    @Override
    public boolean seeded() {
        return false;
    }
}
