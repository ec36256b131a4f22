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
        double[] z = ColumnStandardizer.standardize(x, rows, cols);
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
