package org.atomdoe.kernel;

import java.util.Arrays;

/**
 * Maximin (farthest-point) selection in a kernel's feature space (Gonzalez, Theor. Comput. Sci.
 * 38, 293 (1985), with the kernel distance {@code d^2(a, b) = k(a, a) + k(b, b) - 2 k(a, b)}, as
 * in Imbalzano et al., J. Chem. Phys. 148, 241730 (2018)): each next configuration is the one
 * farthest from its nearest chosen one. Without fixed points the first one is the configuration
 * farthest from the mean embedding, {@code argmax k(a, a) - 2 mean_b k(a, b)}. Deterministic; ties
 * go to the lower index; a prefix of the answer is the answer for fewer points.
 */
public final class KernelFarthestPoint {
    private KernelFarthestPoint() {}

    /**
     * {@code size} configurations (fixed ones first) from the dense symmetric {@code n x n} kernel.
     *
     * @param fixed configurations already chosen (they only shape the distances), or null
     */
    public static int[] select(double[] k, int n, int[] fixed, int size) {
        if (k.length != (long) n * n) throw new IllegalArgumentException("need an " + n + " x " + n + " kernel, got " + k.length + " values");
        int nf = fixed == null ? 0 : fixed.length;
        if (size < nf || size > n) throw new IllegalArgumentException("cannot choose " + size + " of " + n + " configurations with " + nf + " fixed");
        int[] out = new int[size];
        boolean[] chosen = new boolean[n];
        double[] minDist = new double[n];
        Arrays.fill(minDist, Double.POSITIVE_INFINITY);
        int count = 0;
        for (int f = 0; f < nf; f++) {
            if (chosen[fixed[f]]) throw new IllegalArgumentException("fixed configuration " + fixed[f] + " is repeated");
            add(k, n, fixed[f], chosen, minDist);
            out[count++] = fixed[f];
        }
        if (count == 0 && size > 0) {
            int first = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                double mean = 0;
                for (int b = 0; b < n; b++) mean += k[a * n + b];
                double score = k[a * n + a] - 2 * mean / n;
                if (score > best) {
                    best = score;
                    first = a;
                }
            }
            add(k, n, first, chosen, minDist);
            out[count++] = first;
        }
        while (count < size) {
            int arg = -1;
            double far = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                if (!chosen[a] && minDist[a] > far) {
                    far = minDist[a];
                    arg = a;
                }
            }
            add(k, n, arg, chosen, minDist);
            out[count++] = arg;
        }
        return out;
    }

    private static void add(double[] k, int n, int c, boolean[] chosen, double[] minDist) {
        chosen[c] = true;
        double kcc = k[c * n + c];
        for (int a = 0; a < n; a++) {
            if (chosen[a]) continue;
            double d2 = k[a * n + a] + kcc - 2 * k[a * n + c];
            if (d2 < minDist[a]) minDist[a] = d2;
        }
    }
}
