package org.atomdoe.fit;

import java.util.SplittableRandom;

/**
 * Uniform random subset: the first {@code n} entries of a Fisher-Yates shuffle of
 * {@code 0..rows-1} driven by {@link SplittableRandom}{@code (seed)}. For one seed the subsets of
 * growing {@code n} are nested (each is a prefix of the same permutation), which makes learning
 * curves of one seed smooth. The matrix is not read.
 */
public final class RandomSelector implements SubsetSelector {
    @Override
    public int[] select(double[] x, int rows, int cols, int n, long seed) {
        SubsetSelector.checkArguments(x, rows, cols, n);
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) perm[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(rows - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, n);
    }

    @Override
    public String name() {
        return "random";
    }
}
