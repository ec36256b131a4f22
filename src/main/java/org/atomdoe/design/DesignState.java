package org.atomdoe.design;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The information of a current selection, kept up to date by rank-one (Sherman-Morrison) updates
 * so that adding, removing and scoring never refactorise (design-math: "Gains computed by
 * formula"). Holds {@code Minv = M^-1}, {@code G = X M^-1} (row j: {@code u_j = M^-1 x_j}), the
 * leverages {@code d_j = x_j' M^-1 x_j}, and for the I-criterion {@code H = G W}.
 *
 * <p>Adding x_s with {@code u = M^-1 x_s}, {@code c = X u}: {@code Minv -= u u'/(1+d_s)},
 * {@code G -= c u'/(1+d_s)}, {@code d -= c^2/(1+d_s)}, {@code log det M += log(1+d_s)}; removal
 * flips the signs with denominator {@code 1 - d_s}. Every {@link #REFRESH} updates the state is
 * rebuilt from a fresh Cholesky factorisation to bound rounding drift.
 */
final class DesignState {
    static final int REFRESH = 64;
    private static final int CHUNK = 1024;

    final DesignProblem prob;
    final int n, p;
    final double[] x;
    final double ridge;
    final boolean withW;
    final double[] w;      // p x p, I-criterion weight matrix (null unless withW)
    double[] minv;         // p x p
    final double[] g;      // n x p
    final double[] d;      // n
    final double[] h;      // n x p (null unless withW)
    final boolean[] in;
    int size;
    double logDet;
    private int updates;
    private final ForkJoinPool pool;
    private final double[] tmpU, tmpWu;

    DesignState(DesignProblem prob, double ridge, boolean withW, ForkJoinPool pool) {
        this.prob = prob;
        this.n = prob.n();
        this.p = prob.p();
        this.x = prob.x();
        this.ridge = ridge;
        this.withW = withW;
        this.pool = pool;
        this.g = new double[n * p];
        this.d = new double[n];
        this.h = withW ? new double[n * p] : null;
        this.w = withW ? referenceMatrix(prob) : null;
        this.in = new boolean[n];
        this.tmpU = new double[p];
        this.tmpWu = new double[p];
    }

    /** W = mean of y y' over the reference rows (the candidates by default). */
    static double[] referenceMatrix(DesignProblem prob) {
        int p = prob.p();
        double[] ref = prob.reference() != null ? prob.reference() : prob.x();
        int rows = prob.reference() != null ? prob.referenceRows() : prob.n();
        double[] w = new double[p * p];
        DenseMath.addGram(w, ref, p, null, rows);
        DenseMath.symmetrise(w, p);
        if (rows > 0) for (int k = 0; k < w.length; k++) w[k] /= rows;
        return w;
    }

    /** Rebuilds everything for the current membership; false when M is not positive definite. */
    boolean rebuild() {
        double[] m = new double[p * p];
        for (int k = 0; k < p; k++) m[k * p + k] = ridge;
        DenseMath.addGram(m, prob.fixed(), p, null, prob.fixedRows());
        int[] sel = selected();
        DenseMath.addGram(m, x, p, sel, 0);
        if (!DenseMath.cholesky(m, p)) return false;
        logDet = DenseMath.logDetFromCholesky(m, p);
        minv = DenseMath.inverseFromCholesky(m, p);
        forChunks(n, (from, to) -> {
            for (int j = from; j < to; j++) {
                DenseMath.matVec(minv, p, x, j * p, g, j * p);
                d[j] = DenseMath.dot(x, j * p, g, j * p, p);
                if (withW) DenseMath.matVec(w, p, g, j * p, h, j * p);
            }
        });
        updates = 0;
        return true;
    }

    int[] selected() {
        int[] s = new int[size];
        int k = 0;
        for (int i = 0; i < n; i++) if (in[i]) s[k++] = i;
        return s;
    }

    /** Adds candidate j (must not be in). */
    void add(int j) {
        update(j, +1);
        in[j] = true;
        size++;
    }

    /** Removes candidate j (must be in). */
    void remove(int j) {
        update(j, -1);
        in[j] = false;
        size--;
    }

    private void update(int s, int sign) {
        double denom = 1 + sign * d[s];
        if (!(denom > 1e-12)) {
            throw new IllegalStateException("removing candidate " + s + " would make the information matrix singular (leverage " + d[s] + ")");
        }
        double[] u = tmpU;
        System.arraycopy(g, s * p, u, 0, p);
        double alpha = -sign / denom;
        for (int a = 0; a < p; a++) {
            double ua = alpha * u[a];
            for (int b = 0; b < p; b++) minv[a * p + b] += ua * u[b];
        }
        if (withW) DenseMath.matVec(w, p, u, 0, tmpWu, 0);
        final double[] wu = tmpWu;
        forChunks(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double c = DenseMath.dot(x, i * p, u, 0, p);
                if (c == 0) continue;
                double ac = alpha * c;
                DenseMath.axpy(ac, u, 0, g, i * p, p);
                d[i] += ac * c;
                if (withW) DenseMath.axpy(ac, wu, 0, h, i * p, p);
            }
        });
        logDet += Math.log(denom);
        if (++updates >= REFRESH) {
            if (!rebuild()) throw new IllegalStateException("information matrix lost positive definiteness");
        }
    }

    /** trace M^-1. */
    double traceInverse() {
        double t = 0;
        for (int k = 0; k < p; k++) t += minv[k * p + k];
        return t;
    }

    /** trace(M^-1 W). */
    double traceInverseW() {
        double t = 0;
        for (int a = 0; a < p; a++) t += DenseMath.dot(minv, a * p, w, a * p, p); // both symmetric
        return t;
    }

    /** The criterion value to minimise (D: -log det). */
    double objective(Criterion c) {
        return switch (c) {
            case D -> -logDet;
            case A -> traceInverse();
            case I -> traceInverseW();
        };
    }

    /** Decrease of the objective when candidate j is added (>= 0). */
    double addGain(Criterion c, int j) {
        double denom = 1 + d[j];
        return switch (c) {
            case D -> Math.log(denom);
            case A -> DenseMath.dot(g, j * p, g, j * p, p) / denom;
            case I -> DenseMath.dot(h, j * p, g, j * p, p) / denom;
        };
    }

    interface Range {
        void run(int from, int to);
    }

    void forChunks(int count, Range body) {
        int chunks = (count + CHUNK - 1) / CHUNK;
        if (pool == null || chunks <= 1) {
            body.run(0, count);
            return;
        }
        pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c ->
                body.run(c * CHUNK, Math.min(count, (c + 1) * CHUNK)))).join();
    }

    ForkJoinPool pool() {
        return pool;
    }

    double[] leverages() {
        return Arrays.copyOf(d, n);
    }
}
