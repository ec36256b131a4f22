package org.atomdoe.linalg;

import java.util.Arrays;

/**
 * All eigenvalues of a dense symmetric matrix, and eigenvectors of a chosen few, for matrices too
 * large for {@link SymmetricEigen}'s Jacobi sweeps (information matrices of kernel models have
 * p of a few thousand).
 *
 * <ol>
 *   <li>Householder tridiagonalisation {@code Q' A Q = T}, {@code Q = H_0 H_1 ... H_{n-3}},
 *       {@code H_k = I - beta_k v_k v_k'} acting on indices {@code k+1..n-1}; the rank-2 update of
 *       the trailing block is {@code A22 -= v w' + w v'} with {@code p = beta A22 v},
 *       {@code w = p - (beta p'v / 2) v} (Golub &amp; Van Loan, Matrix Computations, 4th ed., 8.3.1).
 *       About {@code 2 n^3} flops on full row-major storage (contiguous rows, no transposed reads).</li>
 *   <li>Eigenvalues of {@code T} by implicit QL iterations with Wilkinson's shift (G&amp;VL 8.3.3;
 *       the EISPACK {@code tql1} scheme): {@code O(n^2)}.</li>
 *   <li>Eigenvectors of selected eigenvalues by inverse iteration on {@code T - lambda I}
 *       (tridiagonal LU with partial pivoting, G&amp;VL 8.2.2), orthogonalised against the vectors of
 *       nearby eigenvalues already found, then back-transformed by the stored reflectors:
 *       {@code O(n)} per iteration plus {@code O(n^2)} per vector.</li>
 * </ol>
 * Eigenvalues carry the usual backward-stable absolute error of order {@code eps ||A||}.
 */
public final class TridiagonalEigen {
    private final int n;
    private final double[] reflectors; // row k holds v_k in columns k+1..n-1
    private final double[] betas;
    private final double[] diagonal, offDiagonal;
    private final double[] ascending;
    private final int exponent; // T is the reduction of A / 2^exponent

    private TridiagonalEigen(int n, double[] reflectors, double[] betas, double[] diagonal, double[] offDiagonal, int exponent) {
        this.n = n;
        this.reflectors = reflectors;
        this.betas = betas;
        this.diagonal = diagonal;
        this.offDiagonal = offDiagonal;
        this.exponent = exponent;
        double[] d = diagonal.clone(), e = Arrays.copyOf(offDiagonal, n);
        implicitQl(d, e);
        for (int i = 0; i < n; i++) d[i] = Math.scalb(d[i], exponent);
        Arrays.sort(d);
        this.ascending = d;
    }

    /** Reduces the symmetric {@code n x n} row-major matrix {@code a} (not modified; the lower triangle is read). */
    public static TridiagonalEigen of(double[] a, int n) {
        if (a.length != (long) n * n) throw new IllegalArgumentException("need an " + n + " x " + n + " matrix, got " + a.length + " values");
        double[] w = SymmetricEigen.symmetricCopy(a, n);
        // scale by a power of two (exact) to max |a| in [1, 2): denormal or huge entries would stall the QL test
        double maxAbs = 0;
        for (double v : w) maxAbs = Math.max(maxAbs, Math.abs(v));
        int exponent = maxAbs == 0 ? 0 : Math.getExponent(maxAbs);
        if (exponent != 0) for (int i = 0; i < w.length; i++) w[i] = Math.scalb(w[i], -exponent);
        double[] betas = new double[Math.max(n, 1)], d = new double[n], e = new double[Math.max(n - 1, 0)];
        double[] p = new double[n], next = new double[n];
        if (n > 2) {
            reflector(w, n, 0, d, e, betas);
            if (betas[0] != 0) for (int i = 1; i < n; i++) p[i] = betas[0] * dot(w, i * n + 1, w, 1, n - 1);
        }
        // One pass over the trailing rows per step: the rank-2 update of step k, fused with the
        // product A22 v of step k+1 while the row is in cache (this halves the memory traffic).
        for (int k = 0; k < n - 2; k++) {
            int row = k * n, start = k + 1, len = n - start;
            double beta = betas[k];
            if (beta != 0) {
                double pv = dot(p, start, w, row + start, len);
                double half = 0.5 * beta * pv;
                for (int i = start; i < n; i++) p[i] -= half * w[row + i]; // p is now w = p - (beta p'v / 2) v
            }
            boolean more = k + 1 < n - 2;
            int nextRow = start * n;
            for (int i = start; i < n; i++) {
                int ri = i * n;
                if (beta != 0) {
                    double vi = w[row + i], wi = p[i];
                    for (int j = start; j < n; j++) w[ri + j] -= vi * p[j] + wi * w[row + j];
                }
                if (!more) continue;
                if (i == start) {
                    reflector(w, n, start, d, e, betas);
                } else if (betas[start] != 0) {
                    next[i] = betas[start] * dot(w, ri + start + 1, w, nextRow + start + 1, n - start - 1);
                }
            }
            double[] t = p;
            p = next;
            next = t;
        }
        if (n >= 2) {
            d[n - 2] = w[(n - 2) * n + n - 2];
            e[n - 2] = w[(n - 1) * n + n - 2];
        }
        if (n >= 1) d[n - 1] = w[(n - 1) * n + n - 1];
        return new TridiagonalEigen(n, w, betas, d, e, exponent);
    }

    /**
     * Householder reflector of column k (read from row k, the matrix being fully symmetric): stores
     * {@code v = x - alpha e1} in row k's columns k+1.., and {@code d[k]}, {@code e[k] = alpha},
     * {@code beta = 2 / v'v} (0 when the column is already reduced).
     */
    private static void reflector(double[] w, int n, int k, double[] d, double[] e, double[] betas) {
        int row = k * n, start = k + 1;
        d[k] = w[row + k];
        double scale = 0;
        for (int j = start; j < n; j++) scale = Math.max(scale, Math.abs(w[row + j]));
        double tail = 0; // ||x(1:)||^2, scaled against overflow
        if (scale > 0) {
            for (int j = start + 1; j < n; j++) {
                double s = w[row + j] / scale;
                tail += s * s;
            }
        }
        double x0 = w[row + start];
        if (tail == 0) { // already tridiagonal in this column
            e[k] = x0;
            betas[k] = 0;
            return;
        }
        double s0 = x0 / scale;
        double norm = scale * Math.sqrt(s0 * s0 + tail);
        double alpha = x0 >= 0 ? -norm : norm;
        w[row + start] = x0 - alpha;
        double vv = dot(w, row + start, w, row + start, n - start);
        betas[k] = 2 / vv;
        e[k] = alpha;
    }

    /** The provider's dot product (the Vector API one when the module is present). */
    private static double dot(double[] x, int xo, double[] y, int yo, int len) {
        return Dense.kernels().dot(len, x, xo, y, yo);
    }

    /** All eigenvalues, ascending (a copy). */
    public double[] eigenvalues() {
        return ascending.clone();
    }

    /**
     * Unit eigenvectors of the {@code count} smallest eigenvalues, as {@code count} arrays of length n,
     * mutually orthogonal (also within clusters of equal eigenvalues).
     */
    public double[][] smallestEigenvectors(int count) {
        count = Math.min(count, n);
        double norm = 0;
        for (double v : ascending) norm = Math.max(norm, Math.abs(v));
        double[][] z = new double[count][];
        if (norm == 0) { // the zero matrix: any orthonormal basis
            for (int k = 0; k < count; k++) {
                z[k] = new double[n];
                z[k][k] = 1;
            }
            return z;
        }
        // inverse iteration on T / norm, so that tiny or huge matrices neither underflow nor overflow
        double gap = 1e-8;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261124L);
        for (int k = 0; k < count; k++) {
            double lambda = ascending[k] / norm;
            double shift = lambda - 1e-13; // slightly off the eigenvalue so T - lambda I stays invertible in floating point
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = rnd.nextDouble(-1, 1);
            for (int it = 0; it < 4; it++) {
                orthogonalise(y, z, k, ascending[k], gap * norm);
                normalise(y);
                y = solveShifted(shift, 1 / Math.scalb(norm, -exponent), y);
            }
            orthogonalise(y, z, k, ascending[k], gap * norm);
            normalise(y);
            z[k] = y;
        }
        double[][] out = new double[count][];
        for (int k = 0; k < count; k++) out[k] = backTransform(z[k]);
        return out;
    }

    /** Removes from y its components along the vectors of eigenvalues within {@code gap} of lambda. */
    private void orthogonalise(double[] y, double[][] z, int k, double lambda, double gap) {
        for (int q = 0; q < k; q++) {
            if (Math.abs(ascending[q] - lambda) > gap) continue;
            double dot = 0;
            for (int i = 0; i < n; i++) dot += y[i] * z[q][i];
            for (int i = 0; i < n; i++) y[i] -= dot * z[q][i];
        }
    }

    private static void normalise(double[] y) {
        double s = 0, scale = 0;
        for (double v : y) scale = Math.max(scale, Math.abs(v));
        if (scale == 0) {
            y[0] = 1;
            return;
        }
        for (double v : y) s += (v / scale) * (v / scale);
        double inv = 1 / (scale * Math.sqrt(s));
        for (int i = 0; i < y.length; i++) y[i] *= inv;
    }

    /** Solves {@code (T s - shift I) x = b} by Gaussian elimination with partial pivoting on the tridiagonal T scaled by s. */
    private double[] solveShifted(double shift, double s, double[] b) {
        if (n == 1) {
            double piv = diagonal[0] * s - shift;
            return new double[] {b[0] / (piv == 0 ? Double.MIN_NORMAL : piv)};
        }
        // U has up to two super-diagonals after row interchanges; the row still to be eliminated has
        // entries (a, c) in columns (i, i+1) only
        double[] u0 = new double[n], u1 = new double[n], u2 = new double[n], x = b.clone();
        double tiny = Double.MIN_NORMAL * 1e3;
        double a = diagonal[0] * s - shift, c = offDiagonal[0] * s;
        for (int i = 0; i < n - 1; i++) {
            double sub = offDiagonal[i] * s;                             // T(i+1, i)
            double nextDiag = diagonal[i + 1] * s - shift;               // T(i+1, i+1)
            double nextSup = i + 1 < n - 1 ? offDiagonal[i + 1] * s : 0; // T(i+1, i+2)
            if (Math.abs(sub) > Math.abs(a)) { // pivot on row i+1
                u0[i] = sub;
                u1[i] = nextDiag;
                u2[i] = nextSup;
                double m = a / sub;
                double t = x[i];
                x[i] = x[i + 1];
                x[i + 1] = t - m * x[i];
                a = c - m * nextDiag;
                c = -m * nextSup;
            } else {
                if (a == 0) a = tiny;
                u0[i] = a;
                u1[i] = c;
                u2[i] = 0;
                double m = sub / a;
                x[i + 1] -= m * x[i];
                a = nextDiag - m * c;
                c = nextSup;
            }
        }
        u0[n - 1] = a == 0 ? tiny : a;
        // back substitution
        for (int i = n - 1; i >= 0; i--) {
            double r = x[i];
            if (i + 1 < n) r -= u1[i] * x[i + 1];
            if (i + 2 < n) r -= u2[i] * x[i + 2];
            x[i] = r / u0[i];
        }
        return x;
    }

    /** {@code Q z = H_0 (H_1 (... H_{n-3} z))}. */
    private double[] backTransform(double[] z) {
        double[] y = z.clone();
        for (int k = n - 3; k >= 0; k--) {
            double beta = betas[k];
            if (beta == 0) continue;
            int row = k * n;
            double dot = 0;
            for (int j = k + 1; j < n; j++) dot += reflectors[row + j] * y[j];
            double f = beta * dot;
            for (int j = k + 1; j < n; j++) y[j] -= f * reflectors[row + j];
        }
        return y;
    }

    /**
     * Eigenvalues of the symmetric tridiagonal matrix with diagonal {@code d} and sub-diagonal
     * {@code e[0..n-2]} ({@code e[n-1]} is scratch), by implicit QL with Wilkinson's shift;
     * {@code d} is overwritten by the eigenvalues (unordered).
     */
    static void implicitQl(double[] d, double[] e) {
        int n = d.length;
        if (n > 0) e[n - 1] = 0;
        // an off-diagonal entry is negligible against the whole matrix (absolute accuracy eps ||T||, as
        // EISPACK's tql1), not only against its neighbours: clusters of tiny eigenvalues stall otherwise
        double tnorm = 0;
        for (int i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
        double negligible = Math.ulp(1.0) * tnorm;
        for (int l = 0; l < n; l++) {
            int iterations = 0;
            while (true) {
                int m = l;
                for (; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= Math.max(Math.ulp(dd), negligible)) break;
                }
                if (m == l) break;
                if (++iterations > 100) throw new ArithmeticException("implicit QL did not converge at eigenvalue " + l);
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Math.hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                double s = 1, c = 1, p = 0;
                boolean underflow = false;
                for (int i = m - 1; i >= l; i--) {
                    double f = s * e[i], b = c * e[i];
                    r = Math.hypot(f, g);
                    e[i + 1] = r;
                    if (r == 0) { // recover from underflow: deflate and restart
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - b;
                }
                if (underflow) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
    }
}
