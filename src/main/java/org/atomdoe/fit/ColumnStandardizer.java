package org.atomdoe.fit;

/**
 * Column standardisation for the distance-based selectors: {@code z_ij = (x_ij - mean_j) / sd_j}
 * with the population standard deviation; a constant column becomes 0 (it carries no distance).
 */
final class ColumnStandardizer {
    private ColumnStandardizer() {}

    static double[] standardize(double[] x, int rows, int cols) {
        double[] z = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) mean += x[i * cols + j];
            mean /= Math.max(1, rows);
            double var = 0;
            for (int i = 0; i < rows; i++) {
                double d = x[i * cols + j] - mean;
                var += d * d;
            }
            double sd = Math.sqrt(var / Math.max(1, rows));
            // relative test: a column equal up to round-off is constant
            boolean constant = !(sd > 1e-12 * Math.max(Math.abs(mean), Double.MIN_NORMAL));
            for (int i = 0; i < rows; i++) z[i * cols + j] = constant ? 0.0 : (x[i * cols + j] - mean) / sd;
        }
        return z;
    }

    static double squaredDistance(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            double d = a[ao + j] - b[bo + j];
            s += d * d;
        }
        return s;
    }

    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int j = 0; j < len; j++) s += a[ao + j] * b[bo + j];
        return s;
    }
}
