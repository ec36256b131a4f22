package org.atomdoe.linalg;

/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by the cyclic Jacobi method
 * (Golub &amp; Van Loan, Matrix Computations, 4th ed., Alg. 8.5.3, with Rutishauser's update
 * formulas): plane rotations zero the off-diagonal entries pair by pair until the off-diagonal
 * norm is below {@code 1e-15} of the Frobenius norm. Always converges (quadratically in the end)
 * and is accurate for clustered and repeated eigenvalues, where library QL iterations with an
 * iteration cap can give up; cost about {@code 10 n^3} flops per sweep, for {@code n} up to a few
 * hundred.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * @param values  eigenvalues, descending
     * @param vectors row-major {@code n x n}; column k is the unit eigenvector of {@code values[k]}
     */
    public record Result(double[] values, double[] vectors, int n) {
        /** Entry {@code i} of eigenvector {@code k}. */
        public double vector(int k, int i) {
            return vectors[i * n + k];
        }
    }

    /** The full symmetric matrix whose lower triangle is that of {@code a}; rejects non-finite entries. */
    static double[] symmetricCopy(double[] a, int n) {
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * n + j];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is not finite");
                w[i * n + j] = v;
                w[j * n + i] = v;
            }
        }
        return w;
    }

    /** Decomposes the symmetric {@code n x n} row-major matrix {@code a} (not modified; the lower triangle is read). */
    public static Result decompose(double[] a, int n) {
        if (a.length != (long) n * n) throw new IllegalArgumentException("need an " + n + " x " + n + " matrix, got " + a.length + " values");
        double[] w = symmetricCopy(a, n);
        double norm2 = 0;
        for (double v : w) norm2 += v * v;
        double[] vec = new double[n * n];
        for (int i = 0; i < n; i++) vec[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) off += 2 * w[i * n + j] * w[i * n + j];
            if (off <= 1e-30 * norm2 || off == 0) break;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = w[p * n + q];
                    if (apq == 0) continue;
                    double app = w[p * n + p], aqq = w[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) { // columns p and q of W
                        double wkp = w[k * n + p], wkq = w[k * n + q];
                        w[k * n + p] = c * wkp - s * wkq;
                        w[k * n + q] = s * wkp + c * wkq;
                    }
                    for (int k = 0; k < n; k++) { // rows p and q of W
                        double wpk = w[p * n + k], wqk = w[q * n + k];
                        w[p * n + k] = c * wpk - s * wqk;
                        w[q * n + k] = s * wpk + c * wqk;
                    }
                    w[p * n + q] = 0;
                    w[q * n + p] = 0;
                    for (int k = 0; k < n; k++) {
                        double vkp = vec[k * n + p], vkq = vec[k * n + q];
                        vec[k * n + p] = c * vkp - s * vkq;
                        vec[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) diag[i] = w[i * n + i];
        java.util.Arrays.sort(order, (x, y) -> Double.compare(diag[y], diag[x]));
        double[] values = new double[n], vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            values[k] = diag[order[k]];
            for (int i = 0; i < n; i++) vectors[i * n + k] = vec[i * n + order[k]];
        }
        return new Result(values, vectors, n);
    }
}
