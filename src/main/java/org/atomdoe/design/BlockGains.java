package org.atomdoe.design;

import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.Parallel;

/**
 * Gains of adding (or losses of removing) whole blocks of rows to an information matrix {@code M},
 * by formula from one Cholesky factor {@code M = L L'} (design-math, block form of the
 * Sherman–Morrison/Woodbury identities). With {@code Z = R L^-T} ({@code r x p}, a blocked triangular solve of
 * the block's rows, {@link Cholesky#solveRows}) and {@code A = Z Z' = R M^-1 R'}:
 * <pre>
 *   D:  log det(M + R'R) - log det M = log det(I_r + A)
 *   A:  trace M^-1 - trace (M + R'R)^-1       = trace((I_r + A)^-1 Y Y'),  Y = R M^-1
 *   I:  trace M^-1 W - trace (M + R'R)^-1 W   = trace((I_r + A)^-1 Y Y'),  Y = R M^-1 S',  W = S'S
 * </pre>
 * and for removal of a block in {@code M}: {@code log det M - log det(M - R'R) = -log det(I_r - A)}. The r x r systems
 * are tiny next to the solve; candidate blocks are processed in panels of rows, panels in parallel.
 */
final class BlockGains {
    /** Rows per panel: bounds the scratch memory of one gains call. */
    private static final int PANEL_ROWS = 4096;

    private final BlockDesignProblem prob;
    private final int p;
    private final Criterion criterion;
    private final double[] wRoot; // q x p with wRoot' wRoot = W (I only)
    private final int q;
    private final int threads;
    private double[] l;           // Cholesky factor of M
    private double[] t;           // p x q, M^-1 S' (A: M^-1, q = p)

    BlockGains(BlockDesignProblem prob, Criterion criterion, int threads) {
        this.prob = prob;
        this.p = prob.p();
        this.criterion = criterion;
        this.threads = threads;
        if (criterion == Criterion.I) {
            this.wRoot = BlockDesignProblem.pivotedRoot(prob.referenceMatrix(), p, 1e-14);
            this.q = wRoot.length / p;
        } else {
            this.wRoot = null;
            this.q = criterion == Criterion.A ? p : 0;
        }
    }

    /** Factors {@code m} (destroyed); false when it is not numerically positive definite. */
    boolean factor(double[] m) {
        if (!DenseMath.cholesky(m, p)) return false;
        l = m;
        if (criterion == Criterion.D) return true;
        t = new double[p * q];
        double[] col = new double[p];
        for (int k = 0; k < q; k++) {
            for (int a = 0; a < p; a++) col[a] = criterion == Criterion.A ? (a == k ? 1 : 0) : wRoot[k * p + a];
            Cholesky.solve(l, 0, p, p, col, 0);
            for (int a = 0; a < p; a++) t[a * q + k] = col[a];
        }
        return true;
    }

    /** The objective of the factored M, to minimise: D {@code -log det M}, A {@code trace M^-1}, I {@code trace M^-1 W}. */
    double objective() {
        if (criterion == Criterion.D) return -DenseMath.logDetFromCholesky(l, p);
        double s = 0;
        for (int k = 0; k < q; k++) {
            for (int a = 0; a < p; a++) s += t[a * q + k] * (criterion == Criterion.A ? (a == k ? 1 : 0) : wRoot[k * p + a]);
        }
        return s;
    }

    /**
     * {@code out[k]} = decrease of the objective when block {@code blocks[k]} is added to the factored M (D: the
     * log det increase); with {@code remove} (D only), {@code -log det(I - A)}, the log det lost by removing a
     * block of M ({@code +infinity} when its removal would leave M singular).
     */
    void gains(int[] blocks, int count, boolean remove, double[] out) {
        int from = 0;
        while (from < count) {
            int to = from, panelRows = 0;
            while (to < count && (to == from || panelRows + prob.blockRows(blocks[to]) <= PANEL_ROWS)) panelRows += prob.blockRows(blocks[to++]);
            panel(blocks, from, to, panelRows, remove, out);
            from = to;
        }
    }

    private void panel(int[] blocks, int from, int to, int panelRows, boolean remove, double[] out) {
        double[] x = new double[panelRows * p];
        int[] start = new int[to - from + 1];
        for (int b = from; b < to; b++) {
            int c = blocks[b], r = prob.blockRows(c);
            System.arraycopy(prob.rows(), prob.offsets()[c] * p, x, start[b - from] * p, r * p);
            start[b - from + 1] = start[b - from] + r;
        }
        double[] z = new double[panelRows * p];
        Cholesky.solveRows(l, 0, p, p, x, 0, p, panelRows, z, 0, p, null, 0, threads);
        Parallel.forEach(threads, to - from, b -> out[from + b] = blockGain(x, z, start[b], start[b + 1] - start[b], remove));
    }

    /** The gain of the block whose rows are {@code x[r0..]} with solved rows {@code z[r0..]}. */
    private double blockGain(double[] x, double[] z, int r0, int r, boolean remove) {
        if (r == 0) return 0;
        if (criterion == Criterion.D) {
            double ld = DenseMath.logDetIPlusGram(z, r0, r, p, remove ? -1 : +1);
            if (Double.isNaN(ld)) {
                if (remove) return Double.POSITIVE_INFINITY;
                throw new IllegalStateException("I + A not positive definite: information matrix factor is unusable");
            }
            return remove ? -ld : ld;
        }
        double[] a = new double[r * r];
        for (int u = 0; u < r; u++) {
            for (int v = 0; v <= u; v++) a[u * r + v] = DenseMath.dot(z, (r0 + u) * p, z, (r0 + v) * p, p);
            a[u * r + u] += 1;
        }
        if (!DenseMath.cholesky(a, r)) throw new IllegalStateException("I + A not positive definite: information matrix factor is unusable");
        // Y = R T (r x q); gain = || L_A^-1 Y ||_F^2
        double[] y = new double[r * q];
        for (int u = 0; u < r; u++) {
            int xr = (r0 + u) * p;
            for (int c = 0; c < p; c++) {
                double xv = x[xr + c];
                if (xv == 0) continue;
                DenseMath.axpy(xv, t, c * q, y, u * q, q);
            }
        }
        double g = 0;
        for (int u = 0; u < r; u++) { // forward substitution, one row of L_A at a time, all q columns together
            for (int v = 0; v < u; v++) DenseMath.axpy(-a[u * r + v], y, v * q, y, u * q, q);
            double inv = 1 / a[u * r + u];
            for (int k = 0; k < q; k++) {
                double val = y[u * q + k] * inv;
                y[u * q + k] = val;
                g += val * val;
            }
        }
        return g;
    }
}
