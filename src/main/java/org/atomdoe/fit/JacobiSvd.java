package org.atomdoe.fit;

import java.util.Arrays;

/**
 * Singular value decomposition of a small dense matrix by one-sided Jacobi rotations of its rows
 * (Hestenes, J. SIAM 6, 51 (1958); Demmel & Veselic, SIAM J. Matrix Anal. Appl. 13, 1204 (1992),
 * which also shows its high relative accuracy). Rotating pairs of rows until all rows are
 * mutually orthogonal gives {@code Q A = S V'} with {@code Q} orthogonal; the row norms are the
 * singular values. Row-major storage makes every rotation a pass over two contiguous rows.
 *
 * <p>Used by {@link RidgeRegression} instead of a library SVD (several times faster on these
 * shapes): it needs only the singular values, {@code V} and {@code Q c} for one vector {@code c},
 * which is rotated along with the rows, so {@code U} is never formed.
 */
final class JacobiSvd {
    /** Rotations stop when every pair satisfies |a_i . a_j| <= TOL ||a_i|| ||a_j||. */
    private static final double TOL = 1e-15;
    private static final int MAX_SWEEPS = 80;

    /**
     * @param sigma singular values, descending ({@code rows} values; zeros for rank deficiency)
     * @param vt    {@code rows x cols} row-major; row {@code q} is the right singular vector of
     *              {@code sigma[q]} (zero row where {@code sigma[q] == 0})
     * @param z     {@code U' c}: the vector c in the basis of left singular vectors
     */
    record Result(double[] sigma, double[] vt, double[] z) {}

    private JacobiSvd() {}

    /**
     * Decomposes {@code a} ({@code rows x cols}, row-major, not modified) and transforms {@code c}.
     * A wide matrix is first reduced by a Householder LQ factorisation {@code A = [L 0] H}, so the
     * rotations run on the square {@code L}; the right singular vectors are then mapped back.
     */
    static Result decompose(double[] a, int rows, int cols, double[] c) {
        if (rows >= cols || rows < 2) return square(a, rows, cols, c);
        double[] w = Arrays.copyOf(a, rows * cols);
        double[][] refl = new double[rows][];
        for (int i = 0; i < rows; i++) { // reflector from row i, columns i.., applied to rows i..
            int len = cols - i, o = i * cols + i;
            double nrm = 0;
            for (int k = 0; k < len; k++) nrm += w[o + k] * w[o + k];
            nrm = Math.sqrt(nrm);
            if (nrm == 0) continue;
            double alpha = w[o] > 0 ? -nrm : nrm;
            double[] v = new double[len];
            System.arraycopy(w, o, v, 0, len);
            v[0] -= alpha;
            double vn = 0;
            for (double x : v) vn += x * x;
            vn = Math.sqrt(vn);
            if (vn == 0) continue;
            for (int k = 0; k < len; k++) v[k] /= vn;
            refl[i] = v;
            for (int rr = i; rr < rows; rr++) {
                int ro = rr * cols + i;
                double d = 0;
                for (int k = 0; k < len; k++) d += w[ro + k] * v[k];
                d *= 2;
                for (int k = 0; k < len; k++) w[ro + k] -= d * v[k];
            }
        }
        double[] l = new double[rows * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j <= i; j++) l[i * rows + j] = w[i * cols + j];
        }
        Result sq = square(l, rows, rows, c);
        double[] vt = new double[rows * cols];
        for (int q = 0; q < rows; q++) {
            int o = q * cols;
            System.arraycopy(sq.vt(), q * rows, vt, o, rows);
            for (int i = rows - 1; i >= 0; i--) { // row times H_{r-1} ... H_0
                double[] v = refl[i];
                if (v == null) continue;
                double d = 0;
                for (int k = 0; k < v.length; k++) d += vt[o + i + k] * v[k];
                d *= 2;
                for (int k = 0; k < v.length; k++) vt[o + i + k] -= d * v[k];
            }
        }
        return new Result(sq.sigma(), vt, sq.z());
    }

    private static Result square(double[] a, int rows, int cols, double[] c) {
        double[] w = Arrays.copyOf(a, rows * cols);
        double[] y = c.clone();
        double[] norm2 = new double[rows];
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            for (int i = 0; i < rows; i++) norm2[i] = ColumnStandardizer.dot(w, i * cols, w, i * cols, cols);
            boolean rotated = false;
            for (int i = 0; i < rows - 1; i++) {
                for (int j = i + 1; j < rows; j++) {
                    double al = norm2[i], be = norm2[j];
                    if (al == 0 || be == 0) continue;
                    double ga = ColumnStandardizer.dot(w, i * cols, w, j * cols, cols);
                    if (Math.abs(ga) <= TOL * Math.sqrt(al * be)) continue;
                    rotated = true;
                    double zeta = (be - al) / (2 * ga);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) t = 1;
                    double cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
                    int oi = i * cols, oj = j * cols;
                    for (int k = 0; k < cols; k++) {
                        double u = w[oi + k], v = w[oj + k];
                        w[oi + k] = cs * u - sn * v;
                        w[oj + k] = sn * u + cs * v;
                    }
                    double u = y[i], v = y[j];
                    y[i] = cs * u - sn * v;
                    y[j] = sn * u + cs * v;
                    norm2[i] = al - t * ga;
                    norm2[j] = be + t * ga;
                }
            }
            if (!rotated) break;
        }
        Integer[] order = new Integer[rows];
        double[] s = new double[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
            s[i] = Math.sqrt(ColumnStandardizer.dot(w, i * cols, w, i * cols, cols));
        }
        Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
        double[] sigma = new double[rows], vt = new double[rows * cols], z = new double[rows];
        for (int q = 0; q < rows; q++) {
            int i = order[q];
            sigma[q] = s[i];
            z[q] = y[i];
            if (s[i] > 0) for (int k = 0; k < cols; k++) vt[q * cols + k] = w[i * cols + k] / s[i];
        }
        return new Result(sigma, vt, z);
    }
}
