package org.atomdoe.design;

import org.atomdoe.simd.VectorSupport;

/**
 * Float32 leverages for the sweeps of the greedy start ({@link IncrementalGreedy}): {@code |W x_j|^2} for many candidate
 * rows, with {@code W = L^-1} (lower triangular) and the rows rounded to float, at twice the lanes of the double
 * product. The results only filter: {@link #bound} turns one into a rigorous upper bound on the leverage that the double
 * product computes, and only the candidates whose bound reaches the sweep's band are solved in double. Two
 * implementations, {@link ScalarGreedyBoundKernels} and the Vector API twin {@code PanamaGreedyBoundKernels}, chosen once
 * by {@link #get()}; they sum in different orders, and the bound covers any order.
 *
 * <p>Packed W ({@link #pack}): column groups of {@link #width()} output rows; group g (rows {@code [g w, g w + w)}) starts
 * at {@code g * p * w}, and its element (i, k) is at {@code g * p * w + k * w + (i - g w)} for
 * {@code k < min(p, g w + w)} (zero where {@code k > i} or {@code i >= p}).
 */
public interface GreedyBoundKernels {
    /** Output rows per packed column group. */
    int width();

    /**
     * {@code out[outOff + r] = sum_i (sum_k W(i, k) xf[ids[idOff + r] * p + k])^2} for {@code r < rows}, in float, with W
     * packed by {@link #pack} for this {@link #width()}.
     */
    void squares(int rows, int[] ids, int idOff, float[] xf, int p, float[] wp, float[] out, int outOff);

    /**
     * Packs the lower triangle of the p x p row-major {@code w} (ld p) into the layout of the interface comment, rounded to
     * float, reusing {@code buffer} when it is long enough.
     */
    static float[] pack(double[] w, int p, int width, float[] buffer) {
        int groups = (p + width - 1) / width;
        int need = Math.max(1, groups * p * width);
        float[] wp = buffer != null && buffer.length >= need ? buffer : new float[need];
        java.util.Arrays.fill(wp, 0, need, 0f);
        for (int g = 0; g < groups; g++) {
            int base = g * p * width;
            for (int i = g * width; i < Math.min(p, g * width + width); i++) {
                for (int k = 0; k <= i; k++) wp[base + k * width + (i - g * width)] = (float) w[i * p + k];
            }
        }
        return wp;
    }

    /**
     * Coefficient c of the error bound, {@code |fl32(W x) - W x|_2 <= c ||W||_F ||x||_2}: the rounding of W and x to float
     * (2u), a p-term float dot product in any order ({@code gamma_p}, Higham, Accuracy and Stability of Numerical
     * Algorithms, 3.1), with 1 % spare, plus {@code 1e-13} for the double product that gives the exact leverages (its own
     * {@code gamma_p} in double), u = 2^-24.
     */
    static double coefficient(int p) {
        double u = 0x1p-24;
        return (p + 4) * u * 1.01 + 1e-13;
    }

    /**
     * An upper bound on the leverage {@code |W x|^2} as the double product computes it, from the float result {@code s}
     * of {@link #squares}: {@code (sqrt(s (1 + gamma)) + c ||W||_F ||x|| + eta)^2 (1 + 1e-12)}, with gamma covering the
     * float sum of the squares (any order, at most {@code p + 64} roundings on a term's path), c =
     * {@link #coefficient}, eta = {@code 1e-30} for underflow, the last factor for the double rounding of the bound and
     * of the exact leverage. NaN or infinity (a row or W out of float range) give infinity: no filtering.
     *
     * @param wNorm Frobenius norm of W (double)
     * @param xNorm Euclidean norm of the row (double)
     */
    static double bound(float s, int p, double wNorm, double xNorm) {
        double u = 0x1p-24, n = p + 64;
        double gamma = n * u / (1 - n * u);
        double r = Math.sqrt((double) s * (1 + gamma)) + coefficient(p) * wNorm * xNorm + 1e-30;
        double b = r * r * (1 + 1e-12);
        return Double.isFinite(b) ? b : Double.POSITIVE_INFINITY;
    }

    /** The process-wide kernels: the Vector API ones when available, else the scalar twin. */
    static GreedyBoundKernels get() {
        return Holder.KERNELS;
    }

    /** Lazy holder of the choice. */
    final class Holder {
        private Holder() {}

        static final GreedyBoundKernels KERNELS = VectorSupport.choose(GreedyBoundKernels.class,
                "org.atomdoe.design.PanamaGreedyBoundKernels", new ScalarGreedyBoundKernels());
    }
}
