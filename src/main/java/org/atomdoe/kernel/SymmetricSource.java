package org.atomdoe.kernel;

/**
 * A symmetric positive semi-definite matrix known only through its entries, e.g. a kernel matrix
 * too large to store ({@code 100,000^2} environments), read a block at a time by
 * {@link PivotedCholesky}. Implementations must be safe to call from several threads at once.
 */
public interface SymmetricSource {
    /** Order of the matrix. */
    int size();

    /** Diagonal entry {@code K(i, i)}. */
    double diagonal(int i);

    /**
     * {@code out[off + t * ld + b] = K(cols[c0 + t], rows[b])} for {@code t < c1 - c0}, {@code b < nRows}:
     * the block of columns {@code rows} and rows {@code cols[c0 .. c1)}, one row per entry of {@code cols}
     * (the layout in which {@link PivotedCholesky} extends candidates' rows of the factor).
     */
    void block(int[] rows, int nRows, int[] cols, int c0, int c1, double[] out, int off, int ld);

    /** A dense row-major {@code n x n} matrix plus {@code shift} on the diagonal ({@code K + shift I}). */
    static SymmetricSource dense(double[] k, int n, double shift) {
        if (k.length != (long) n * n) throw new IllegalArgumentException("need an " + n + " x " + n + " matrix, got " + k.length + " values");
        return new SymmetricSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public double diagonal(int i) {
                return k[i * n + i] + shift;
            }

            @Override
            public void block(int[] rows, int nRows, int[] cols, int c0, int c1, double[] out, int off, int ld) {
                for (int t = c0; t < c1; t++) {
                    int c = cols[t];
                    for (int b = 0; b < nRows; b++) out[off + (t - c0) * ld + b] = k[c * n + rows[b]] + (c == rows[b] ? shift : 0);
                }
            }
        };
    }

    /**
     * The kernel matrix of prepared rows plus {@code jitter} on the diagonal, evaluated on demand
     * by {@link KernelMatrix} (one thread per call: the caller parallelises over blocks).
     */
    static SymmetricSource kernel(Kernel k, KernelRows x, double jitter) {
        return new KernelSource(k, x, jitter);
    }
}
