package org.atomdoe.fit;

/**
 * One block of rows of a weighted least-squares problem: {@code rows} equations
 * {@code x_i . c ~ y_i}, each with weight {@code w_i} on its squared residual. Energy rows form one
 * block; force rows (one per atom and Cartesian component, once descriptor gradients exist) are
 * meant to be another block with their own weights, so that the fit minimises
 * {@code sum over blocks and rows of w_i (y_i - x_i . c)^2 + penalty}.
 *
 * <p>For the linear energy model {@code E = w . sum_atoms B + sum_s e0_s n_s} (columns: species
 * counts, then descriptor), an energy row is {@code [n_s..., sum_atoms B...]} with target E; a force
 * row for atom {@code i}, component {@code a} is {@code [0..., -sum_atoms dB/dr_ia...]} with target
 * {@code F_ia} (the species columns do not move with positions), typically in a block whose weights
 * are {@code (sigma_E / sigma_F)^2} relative to the energy weights.
 *
 * <p>The matrix is row-major: entry (i, j) is {@code x[i * cols + j]}. Arrays are referenced, not
 * copied; do not modify them while a fit runs.
 *
 * @param name    label for reports, e.g. {@code energy} or {@code forces}
 * @param x       rows x cols, row-major
 * @param rows    number of rows
 * @param cols    number of columns (the same in every block of a problem)
 * @param targets {@code rows} right-hand sides
 * @param weights {@code rows} non-negative weights on squared residuals, or null for all 1
 */
public record RowBlock(String name, double[] x, int rows, int cols, double[] targets, double[] weights) {
    public RowBlock {
        if (rows < 0 || cols <= 0) {
            throw new IllegalArgumentException("row block '" + name + "': need rows >= 0 and cols > 0, got "
                    + rows + " x " + cols);
        }
        if (x == null || x.length < (long) rows * cols) {
            throw new IllegalArgumentException("row block '" + name + "': matrix needs " + (long) rows * cols
                    + " values (" + rows + " x " + cols + "), got " + (x == null ? "null" : x.length));
        }
        if (targets == null || targets.length != rows) {
            throw new IllegalArgumentException("row block '" + name + "': expected " + rows + " targets, got "
                    + (targets == null ? "null" : targets.length));
        }
        if (weights != null) {
            if (weights.length != rows) {
                throw new IllegalArgumentException("row block '" + name + "': expected " + rows
                        + " weights, got " + weights.length);
            }
            for (int i = 0; i < rows; i++) {
                if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
                    throw new IllegalArgumentException("row block '" + name + "': weight of row " + i
                            + " must be finite and >= 0, got " + weights[i]);
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("row block '" + name + "': target of row " + i
                        + " is not finite: " + targets[i]);
            }
        }
    }

    /** Weight of row {@code i} (1 when no weights were given). */
    public double weight(int i) {
        return weights == null ? 1.0 : weights[i];
    }
}
