package org.atomdoe.linalg;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * Principal component scores of a row-major matrix: columns centred and scaled to unit variance
 * (constant columns dropped to zero), then projected on the leading eigenvectors of the
 * correlation matrix (Jolliffe, Principal Component Analysis, 2nd ed., 2002). Used for the 2-D
 * map of a pool.
 */
public final class PrincipalComponents {
    private PrincipalComponents() {}

    /** Scores on the first {@code k} components, row-major {@code rows x k}; also returns explained variance fractions via {@code explained}. */
    public static double[] scores(double[] x, int rows, int cols, int k, double[] explained) {
        if (k < 1 || k > cols) throw new IllegalArgumentException("need 1 <= k <= " + cols + ", got " + k);
        double[] mean = new double[cols], sd = new double[cols];
        for (int i = 0; i < rows; i++) for (int c = 0; c < cols; c++) mean[c] += x[i * cols + c];
        for (int c = 0; c < cols; c++) mean[c] /= Math.max(1, rows);
        for (int i = 0; i < rows; i++) for (int c = 0; c < cols; c++) {
            double v = x[i * cols + c] - mean[c];
            sd[c] += v * v;
        }
        for (int c = 0; c < cols; c++) sd[c] = Math.sqrt(sd[c] / Math.max(1, rows - 1));
        double[][] cov = new double[cols][cols];
        double[] z = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) z[c] = sd[c] > 0 ? (x[i * cols + c] - mean[c]) / sd[c] : 0;
            for (int a = 0; a < cols; a++) for (int b = 0; b <= a; b++) cov[a][b] += z[a] * z[b];
        }
        for (int a = 0; a < cols; a++) for (int b = 0; b <= a; b++) {
            cov[a][b] /= Math.max(1, rows - 1);
            cov[b][a] = cov[a][b];
        }
        EigenDecomposition eig = new EigenDecomposition(MatrixUtils.createRealMatrix(cov));
        double[] ev = eig.getRealEigenvalues();
        Integer[] order = new Integer[cols];
        for (int c = 0; c < cols; c++) order[c] = c;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(ev[b], ev[a]));
        double total = 0;
        for (double v : ev) total += Math.max(v, 0);
        double[][] vec = new double[k][];
        for (int q = 0; q < k; q++) {
            vec[q] = eig.getEigenvector(order[q]).toArray();
            if (explained != null && q < explained.length) explained[q] = total > 0 ? Math.max(ev[order[q]], 0) / total : 0;
        }
        double[] out = new double[rows * k];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) z[c] = sd[c] > 0 ? (x[i * cols + c] - mean[c]) / sd[c] : 0;
            for (int q = 0; q < k; q++) {
                double s = 0;
                for (int c = 0; c < cols; c++) s += z[c] * vec[q][c];
                out[i * k + q] = s;
            }
        }
        return out;
    }
}
