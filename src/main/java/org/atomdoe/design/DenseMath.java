package org.atomdoe.design;

/**
 * The few dense kernels the design engine needs on p x p matrices (row-major {@code double[]}):
 * Cholesky factorisation, log det, inverse, and the Gram matrix of row sets.
 */
final class DenseMath {
    private DenseMath() {}

    private static final org.atomdoe.linalg.DenseKernels KERNELS = org.atomdoe.linalg.Dense.kernels();

    /** Dot product, by the chosen (Vector API or scalar) kernel of {@link org.atomdoe.linalg.Dense}. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        return KERNELS.dot(len, a, ao, b, bo);
    }

    /**
     * {@code pu[r] = x_r . u}, {@code pv[r] = x_r . v} for {@code rows} rows of length {@code len} stored one after the
     * other from {@code xo}; u at {@code uo}, v at {@code vo}.
     */
    static void dotRows2(int rows, int len, double[] x, int xo, double[] u, int uo, double[] v, int vo, double[] pu, double[] pv) {
        KERNELS.dotRows2(rows, len, x, xo, u, uo, v, vo, pu, pv, 0);
    }

    /** {@code y[yo..] += alpha * x[xo..]}. */
    static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) y[yo + k] += alpha * x[xo + k];
    }

    /** Rows per chunk of the blocked path of {@link #addGram}, and the row count from which it is taken. */
    static final int GRAM_CHUNK = 2048, GRAM_ROWS_MIN = 256;

    /**
     * Adds {@code sum_r rows_r rows_r'} (rows at the given indices, or all when {@code idx} is null) to the lower
     * triangle of {@code m}. Many rows go through the packed GEMM layer ({@link org.atomdoe.linalg.Gemm#nt}) in chunks of
     * {@value #GRAM_CHUNK} rows when there are at least {@value #GRAM_ROWS_MIN}; fewer rows are added one by one,
     * skipping zero entries (sparse rows such as species counts).
     */
    static void addGram(double[] m, double[] rows, int p, int[] idx, int count) {
        addGram(m, rows, 0, p, idx, count);
    }

    /** {@link #addGram(double[], double[], int, int[], int)} on the rows that start at {@code rows[base]}. */
    private static void addGram(double[] m, double[] rows, int base, int p, int[] idx, int count) {
        int nr = idx == null ? count : idx.length;
        if (nr >= GRAM_ROWS_MIN) {
            int chunk = Math.min(GRAM_CHUNK, nr);
            double[] t = new double[chunk * p];
            for (int r0 = 0; r0 < nr; r0 += chunk) {
                int c = Math.min(chunk, nr - r0);
                // transposed 8 rows at a time: each write fills one cache line of T instead of touching p lines
                int[] offs = new int[8];
                for (int rb = 0; rb < c; rb += 8) {
                    int w = Math.min(8, c - rb);
                    for (int q = 0; q < w; q++) offs[q] = base + (idx == null ? r0 + rb + q : idx[r0 + rb + q]) * p;
                    for (int a = 0; a < p; a++) {
                        int to = a * c + rb;
                        for (int q = 0; q < w; q++) t[to + q] = rows[offs[q] + a];
                    }
                }
                // m += T T' with T = B' (p x c): the packed GEMM layer, lower triangle only
                org.atomdoe.linalg.Gemm.nt(KERNELS, p, p, c, 1.0, t, 0, c, t, 0, c, true, m, 0, p, org.atomdoe.linalg.Gemm.LOWER_C, 1);
            }
            return;
        }
        for (int r = 0; r < nr; r++) {
            int off = base + (idx == null ? r : idx[r]) * p;
            for (int a = 0; a < p; a++) {
                double va = rows[off + a];
                if (va == 0) continue;
                int ma = a * p;
                for (int b = 0; b <= a; b++) m[ma + b] += va * rows[off + b];
            }
        }
    }

    /**
     * Sets the lower triangle of {@code m} ({@code p x p}, zeroed by the caller) to {@code B'B} of the {@code count x p}
     * rows {@code B}: the SYRK of {@link org.atomdoe.linalg.DenseKernels#gemmSub} (register-blocked, Vector API when
     * present) on {@code -B'} (a transposed copy into {@code work}, grown when too short; the negation is exact), so
     * {@code m -= (-B')B}; from {@value #GRAM_ROWS_MIN} rows on, {@link #addGram}'s GEMM path. Same sums as the row-by-row
     * updates in another order (equal up to rounding). Returns the work array.
     */
    static double[] gram(double[] m, double[] rows, int p, int count, double[] work) {
        return gram(m, rows, 0, p, count, work);
    }

    /** {@link #gram(double[], double[], int, int, double[])} of the {@code count} rows that start at {@code rows[base]}. */
    static double[] gram(double[] m, double[] rows, int base, int p, int count, double[] work) {
        if (count >= GRAM_ROWS_MIN) { // many rows: the packed GEMM path of addGram
            addGram(m, rows, base, p, null, count);
            return work;
        }
        int len = p * count;
        if (work == null || work.length < len) work = new double[len];
        for (int r = 0; r < count; r++) {
            int off = base + r * p;
            for (int a = 0; a < p; a++) work[a * count + r] = -rows[off + a];
        }
        KERNELS.gemmSub(0, p, 0, p, count, work, 0, count, rows, base, p, m, 0, p, true);
        return work;
    }

    /** Mirrors the lower triangle into the upper one. */
    static void symmetrise(double[] m, int p) {
        for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) m[b * p + a] = m[a * p + b];
    }

    /**
     * In-place lower Cholesky factor of the symmetric matrix {@code a} (lower triangle read);
     * returns false when a pivot is not positive or below {@code 1e-13} of its diagonal entry
     * (numerically singular), leaving {@code a} spoiled.
     */
    static boolean cholesky(double[] a, int p) {
        for (int j = 0; j < p; j++) {
            int rj = j * p;
            double diag = a[rj + j];
            double s = diag - dot(a, rj, a, rj, j);
            // a pivot lost to rounding (relative to its diagonal) means numerically singular
            if (!(s > 1e-13 * diag) || !Double.isFinite(s)) return false;
            double l = Math.sqrt(s);
            a[rj + j] = l;
            for (int i = j + 1; i < p; i++) {
                int ri = i * p;
                a[ri + j] = (a[ri + j] - dot(a, ri, a, rj, j)) / l;
            }
        }
        for (int i = 0; i < p; i++) for (int j = i + 1; j < p; j++) a[i * p + j] = 0;
        return true;
    }

    /** log det of the matrix whose Cholesky factor is {@code l}. */
    static double logDetFromCholesky(double[] l, int p) {
        double s = 0;
        for (int i = 0; i < p; i++) s += Math.log(l[i * p + i]);
        return 2 * s;
    }

    /** Inverse (full, symmetric) of {@code L L'} from its Cholesky factor. */
    static double[] inverseFromCholesky(double[] l, int p) {
        // inv(L) by forward substitution, then inv(A) = inv(L)' inv(L)
        double[] li = new double[p * p];
        for (int j = 0; j < p; j++) {
            li[j * p + j] = 1 / l[j * p + j];
            for (int i = j + 1; i < p; i++) {
                double s = 0;
                for (int k = j; k < i; k++) s += l[i * p + k] * li[k * p + j];
                li[i * p + j] = -s / l[i * p + i];
            }
        }
        double[] inv = new double[p * p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int k = a; k < p; k++) s += li[k * p + a] * li[k * p + b];
                inv[a * p + b] = s;
                inv[b * p + a] = s;
            }
        }
        return inv;
    }

    /** {@code y = A x} for a p x p matrix. */
    static void matVec(double[] a, int p, double[] x, int xo, double[] y, int yo) {
        for (int r = 0; r < p; r++) y[yo + r] = dot(a, r * p, x, xo, p);
    }

    /** Column scales {@code 1 / rms} over {@code count} rows of {@code p} columns (1 for an all-zero column). */
    static double[] unitScales(double[] rows, int count, int p) {
        double[] ss = new double[p];
        for (int i = 0; i < count; i++) for (int k = 0; k < p; k++) ss[k] += rows[i * p + k] * rows[i * p + k];
        double[] s = new double[p];
        for (int k = 0; k < p; k++) {
            double rms = Math.sqrt(ss[k] / Math.max(1, count));
            s[k] = rms > 0 ? 1 / rms : 1;
        }
        return s;
    }

    /** A copy of row-major {@code m} with column {@code k} multiplied by {@code scales[k]}. */
    static double[] scaleColumns(double[] m, double[] scales, int p) {
        double[] y = m.clone();
        for (int i = 0; i < y.length; i++) y[i] *= scales[i % p];
        return y;
    }

    /**
     * {@code log det(I + sign Z Z')} of the {@code r} rows {@code z[r0..r0+r)} (p columns), from a Cholesky factor of the
     * r x r matrix; NaN when {@code I - Z Z'} is not positive definite.
     */
    static double logDetIPlusGram(double[] z, int r0, int r, int p, double sign) {
        double[] a = new double[r * r];
        for (int u = 0; u < r; u++) {
            for (int v = 0; v <= u; v++) a[u * r + v] = sign * dot(z, (r0 + u) * p, z, (r0 + v) * p, p);
            a[u * r + u] += 1;
        }
        return cholesky(a, r) ? logDetFromCholesky(a, r) : Double.NaN;
    }
}
