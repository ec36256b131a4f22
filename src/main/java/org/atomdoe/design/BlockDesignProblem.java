package org.atomdoe.design;

import java.util.Arrays;

/**
 * A design problem whose candidates are blocks of rows: one configuration brings its energy row,
 * its {@code 3N} force rows and its 6 stress rows at once, each already divided by its noise
 * standard deviation ({@code sigma_E, sigma_F, sigma_S}). The information matrix of a selection S is
 * <pre>  M(S) = X0' X0 + sum_{c in S} B_c' B_c + lambda I</pre>
 * the block version of {@link DesignProblem} (Atkinson, Donev &amp; Tobias 2007, ch. 10–11, multiresponse
 * designs). A single-row block is the row problem.
 *
 * <p>Only {@code G_c = B_c' B_c} matters, so {@link #compressed(double)} replaces every block with more rows than its
 * rank by a square root {@code R_c} ({@code R_c' R_c = G_c}, at most p rows) from a pivoted Cholesky factorisation
 * of {@code G_c}: a 64-atom configuration with 199 rows in a 56-parameter model becomes at most 56 rows, and every
 * later gain works on those.
 *
 * @param rows          all candidate rows stacked, row-major {@code offsets[n] x p}
 * @param offsets       block {@code c} is rows {@code [offsets[c], offsets[c+1])}; {@code offsets[0] = 0}
 * @param p             number of model parameters (columns)
 * @param fixed         rows already in the training set, {@code fixedRows x p} (may be empty)
 * @param fixedRows     number of fixed rows
 * @param ridge         {@code lambda >= 0}
 * @param reference     rows {@code y} whose mean {@code y y'} is {@code W} of the I-criterion (null: every candidate row)
 * @param referenceRows number of reference rows
 */
public record BlockDesignProblem(double[] rows, int[] offsets, int p, double[] fixed, int fixedRows, double ridge,
                                 double[] reference, int referenceRows) {
    public BlockDesignProblem {
        if (p < 1) throw new IllegalArgumentException("need p >= 1 columns, got " + p);
        if (offsets == null || offsets.length < 1 || offsets[0] != 0) throw new IllegalArgumentException("block offsets must start at 0");
        for (int c = 0; c + 1 < offsets.length; c++) {
            if (offsets[c + 1] < offsets[c]) throw new IllegalArgumentException("block offsets must not decrease (block " + c + ")");
        }
        if (rows.length != (long) offsets[offsets.length - 1] * p) {
            throw new IllegalArgumentException("candidate rows must be " + offsets[offsets.length - 1] + " x " + p + " values, got " + rows.length);
        }
        if (fixed == null) {
            fixed = new double[0];
            fixedRows = 0;
        }
        DesignProblem.checkPrior(fixed, fixedRows, ridge, reference, referenceRows, p);
        for (double v : rows) if (!Double.isFinite(v)) throw new IllegalArgumentException("candidate rows have a non-finite value");
    }

    /** Blocks from a list of per-candidate row matrices ({@code k_c x p} each). */
    public static BlockDesignProblem of(double[][] blocks, int p, double ridge) {
        int[] off = new int[blocks.length + 1];
        for (int c = 0; c < blocks.length; c++) {
            if (blocks[c].length % p != 0) throw new IllegalArgumentException("block " + c + " has " + blocks[c].length + " values, not a multiple of " + p);
            off[c + 1] = off[c] + blocks[c].length / p;
        }
        double[] all = new double[off[blocks.length] * p];
        for (int c = 0; c < blocks.length; c++) System.arraycopy(blocks[c], 0, all, off[c] * p, blocks[c].length);
        return new BlockDesignProblem(all, off, p, null, 0, ridge, null, 0);
    }

    /** Every row of a row problem as its own block (the same design problem). */
    public static BlockDesignProblem ofRows(DesignProblem prob) {
        int[] off = new int[prob.n() + 1];
        for (int c = 0; c <= prob.n(); c++) off[c] = c;
        return new BlockDesignProblem(prob.x(), off, prob.p(), prob.fixed(), prob.fixedRows(), prob.ridge(), prob.reference(),
                prob.referenceRows());
    }

    /** Number of candidate blocks. */
    public int n() {
        return offsets.length - 1;
    }

    /** Rows of block {@code c}. */
    public int blockRows(int c) {
        return offsets[c + 1] - offsets[c];
    }

    /** A copy with fixed rows (augment mode). */
    public BlockDesignProblem withFixed(double[] x0, int count) {
        return new BlockDesignProblem(rows, offsets, p, x0, count, ridge, reference, referenceRows);
    }

    /** A copy whose I-criterion averages over the given reference rows (e.g. the candidates' energy rows). */
    public BlockDesignProblem withReference(double[] ref, int count) {
        return new BlockDesignProblem(rows, offsets, p, fixed, fixedRows, ridge, ref, count);
    }

    /** A copy with another ridge. */
    public BlockDesignProblem withRidge(double lambda) {
        return new BlockDesignProblem(rows, offsets, p, fixed, fixedRows, lambda, reference, referenceRows);
    }

    /** Column scales {@code 1 / rms} over every candidate row (1 for an all-zero column), as {@link DesignProblem#unitScales()}. */
    public double[] unitScales() {
        return DenseMath.unitScales(rows, offsets[n()], p);
    }

    /** A copy with column {@code k} of every matrix multiplied by {@code scales[k]}. */
    public BlockDesignProblem scaled(double[] scales) {
        return new BlockDesignProblem(DenseMath.scaleColumns(rows, scales, p), offsets, p, DenseMath.scaleColumns(fixed, scales, p), fixedRows, ridge,
                reference == null ? null : DenseMath.scaleColumns(reference, scales, p), referenceRows);
    }

    /**
     * A copy in which each block with more rows than columns, or with dependent rows, is replaced by
     * {@code R_c} with {@code R_c' R_c = B_c' B_c} (pivoted Cholesky of the Gram matrix, stopped when the largest
     * remaining pivot is below {@code relTol} times the largest diagonal entry of {@code G_c}). Blocks of at most p
     * rows and full rank are kept as they are. The information of every selection is unchanged (up to the dropped
     * pivots). Without reference rows, the I-criterion's {@code W} (the mean {@code y y'} of every candidate row) is
     * kept as a small root made from the sum of the blocks' Gram matrices, which are formed here anyway.
     */
    public BlockDesignProblem compressed(double relTol) {
        int n = n();
        double[][] out = new double[n][];
        boolean changed = false;
        double[] g = new double[p * p];
        double[] gramSum = reference == null ? new double[p * p] : null; // lower triangle of sum_c G_c
        double[] work = null;
        for (int c = 0; c < n; c++) {
            int k = blockRows(c), base = offsets[c] * p;
            if (k == 0 || (k == 1 && gramSum == null)) {
                out[c] = Arrays.copyOfRange(rows, base, base + k * p);
                continue;
            }
            Arrays.fill(g, 0);
            // the Gram by the register-blocked (SIMD when present) kernel instead of addGram's scalar row updates
            work = DenseMath.gram(g, rows, base, p, k, work);
            if (gramSum != null) for (int a = 0; a < p; a++) DenseMath.axpy(1.0, g, a * p, gramSum, a * p, a + 1);
            double[] root = k > 1 ? pivotedRoot(g, p, relTol) : null;
            if (root != null && root.length / p < k) {
                out[c] = root;
                changed = true;
            } else {
                out[c] = Arrays.copyOfRange(rows, base, base + k * p);
            }
        }
        if (!changed) return this;
        BlockDesignProblem b = of(out, p, ridge);
        double[] ref = reference;
        int refRows = referenceRows;
        if (ref == null) { // W defaults to the candidate rows: keep it as a small root with the same mean y y'
            int count = offsets[n];
            for (int k = 0; k < gramSum.length; k++) gramSum[k] /= count;
            double[] root = pivotedRoot(gramSum, p, 1e-15);
            refRows = root.length / p;
            double sq = Math.sqrt(refRows);
            for (int k = 0; k < root.length; k++) root[k] *= sq;
            ref = root;
        }
        return new BlockDesignProblem(b.rows, b.offsets, p, fixed, fixedRows, ridge, ref, refRows);
    }

    /**
     * Rows {@code R} ({@code rank x p}) with {@code R'R = G} up to pivots below {@code relTol max_k G_kk}: outer-product
     * pivoted Cholesky (Higham 2002, §10.3; LAPACK's {@code dpstrf} without blocking). Only the lower triangle of
     * {@code g} is read; it is destroyed. The pivot is the largest remaining diagonal entry, the first in column order
     * among equal ones. Rows and columns are swapped into pivot order, so that each step updates only the contiguous
     * lower triangle of the remaining submatrix ({@code p^3/6} multiply-adds in all); row {@code k} of {@code R} is the
     * k-th column of that factor in the original column order, and it has zeros in the columns of earlier pivots.
     */
    static double[] pivotedRoot(double[] g, int p, double relTol) {
        double maxDiag = 0;
        for (int k = 0; k < p; k++) maxDiag = Math.max(maxDiag, g[k * p + k]);
        if (maxDiag <= 0) return new double[0];
        int[] col = new int[p]; // col[j]: the original column held at position j
        for (int j = 0; j < p; j++) col[j] = j;
        double[] r = new double[p * p];
        int rank = 0;
        double floor = relTol * maxDiag;
        while (rank < p) {
            int q = -1;
            double best = floor;
            for (int j = rank; j < p; j++) {
                double d = g[j * p + j];
                if (d > best || (d == best && q >= 0 && col[j] < col[q])) {
                    best = d;
                    q = j;
                }
            }
            if (q < 0) break;
            swapSymmetric(g, p, rank, q);
            int t = col[rank];
            col[rank] = col[q];
            col[q] = t;
            int k = rank, kk = k * p + k;
            double root = Math.sqrt(best), inv = 1 / root;
            g[kk] = root;
            for (int j = k + 1; j < p; j++) g[j * p + k] *= inv;
            for (int a = k + 1; a < p; a++) { // trailing lower triangle -= l l'
                double la = g[a * p + k];
                if (la == 0) continue;
                int ma = a * p;
                for (int b = k + 1; b <= a; b++) g[ma + b] -= la * g[b * p + k];
            }
            int row = rank * p;
            for (int j = k; j < p; j++) r[row + col[j]] = g[j * p + k];
            rank++;
        }
        return Arrays.copyOf(r, rank * p);
    }

    /** Swaps rows and columns {@code i < j} of the symmetric matrix whose lower triangle is {@code g} (positions >= i). */
    private static void swapSymmetric(double[] g, int p, int i, int j) {
        if (i == j) return;
        for (int k = 0; k < i; k++) swap(g, i * p + k, j * p + k); // left of both (columns < i: eliminated, kept for symmetry of the layout)
        swap(g, i * p + i, j * p + j);
        for (int k = i + 1; k < j; k++) swap(g, k * p + i, j * p + k); // between: (k, i) <-> (j, k)
        for (int k = j + 1; k < p; k++) swap(g, k * p + i, k * p + j); // below both
    }

    private static void swap(double[] a, int x, int y) {
        double t = a[x];
        a[x] = a[y];
        a[y] = t;
    }

    /** {@code M = X0'X0 + sum_{c in S} B_c'B_c + ridge I} (full symmetric). */
    public double[] information(int[] selected, double lambda) {
        double[] m = new double[p * p];
        for (int k = 0; k < p; k++) m[k * p + k] = lambda;
        DenseMath.addGram(m, fixed, p, null, fixedRows);
        for (int c : selected) addBlockGram(m, c, +1);
        DenseMath.symmetrise(m, p);
        return m;
    }

    /** Adds {@code sign * B_c'B_c} to the lower triangle of {@code m}. */
    void addBlockGram(double[] m, int c, double sign) {
        for (int r = offsets[c]; r < offsets[c + 1]; r++) {
            int off = r * p;
            for (int a = 0; a < p; a++) {
                double va = sign * rows[off + a];
                if (va == 0) continue;
                int ma = a * p;
                for (int b = 0; b <= a; b++) m[ma + b] += va * rows[off + b];
            }
        }
    }

    /** W of the I-criterion: mean {@code y y'} over the reference rows (every candidate row by default). */
    public double[] referenceMatrix() {
        double[] ref = reference != null ? reference : rows;
        int count = reference != null ? referenceRows : offsets[n()];
        double[] w = new double[p * p];
        DenseMath.addGram(w, ref, p, null, count);
        DenseMath.symmetrise(w, p);
        if (count > 0) for (int k = 0; k < w.length; k++) w[k] /= count;
        return w;
    }

    /** The criteria of a selection, from one factorisation of its information matrix. */
    public DesignCriteria criteria(int[] selected, double lambda) {
        return DesignCriteria.fromInformation(information(selected, lambda), p, referenceMatrix(), selected.length, lambda);
    }
}
