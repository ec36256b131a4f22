package org.atomdoe.fit;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Stratified sampling by clustering, in the spirit of DIRECT (Qi et al., "Robust training of
 * machine learning interatomic potentials with dimensionality reduction and stratified
 * sampling", npj Comput. Mater. 10, 43 (2024)): standardise the columns, project on the leading
 * principal components, cluster into {@code n} clusters by k-means (k-means++ seeding, Arthur &
 * Vassilvitskii, SODA 2007, then Lloyd iterations), and pick from each cluster the member
 * closest to its centroid. DIRECT uses BIRCH clustering; k-means is used here (same idea: one
 * representative per region of descriptor space).
 *
 * <p>Components: a fixed number, or (0) Kaiser's rule, the components whose eigenvalue of the
 * correlation matrix exceeds 1 (at least one), as in DIRECT. Scores are unweighted projections
 * (their spread already follows the explained variance). The projection of the last matrix seen
 * is cached (learning curves call the selector many times on the same pool).
 *
 * <p>Deterministic for a seed; ties go to the lowest index; an empty cluster is re-seeded with
 * the point farthest from its centroid, so exactly {@code n} distinct rows come back (sorted).
 */
public final class ClusterStratifiedSelector implements SubsetSelector {
    private final int components;
    private final int maxIterations;
    private volatile Projection cache;

    private record Projection(double[] source, int rows, int cols, int hash, double[] scores, int k) {}

    /** Kaiser's rule for the components, at most 100 Lloyd iterations. */
    public ClusterStratifiedSelector() {
        this(0, 100);
    }

    /**
     * @param components    principal components kept (0: Kaiser's rule)
     * @param maxIterations cap on Lloyd iterations
     */
    public ClusterStratifiedSelector(int components, int maxIterations) {
        if (components < 0) throw new IllegalArgumentException("components must be >= 0 (0 = automatic), got " + components);
        if (maxIterations < 1) throw new IllegalArgumentException("need at least one k-means iteration, got " + maxIterations);
        this.components = components;
        this.maxIterations = maxIterations;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public int[] select(double[] x, int rows, int cols, int n, long seed) {
        SubsetSelector.checkArguments(x, rows, cols, n);
        if (n == 0) return new int[0];
        if (n == rows) {
            int[] all = new int[rows];
            for (int i = 0; i < rows; i++) all[i] = i;
            return all;
        }
        Projection pr = project(x, rows, cols);
        return kmeansRepresentatives(pr.scores(), rows, pr.k(), n, seed, maxIterations);
    }

    /** Number of principal components used for this matrix. */
    public int componentsFor(double[] x, int rows, int cols) {
        SubsetSelector.checkArguments(x, rows, cols, 0);
        return project(x, rows, cols).k();
    }

    private Projection project(double[] x, int rows, int cols) {
        int hash = Arrays.hashCode(Arrays.copyOf(x, rows * cols));
        Projection c = cache;
        if (c != null && c.source() == x && c.rows() == rows && c.cols() == cols && c.hash() == hash) return c;
        c = computeProjection(x, rows, cols, hash);
        cache = c;
        return c;
    }

    private Projection computeProjection(double[] x, int rows, int cols, int hash) {
        double[] z = ColumnStandardizer.standardize(x, rows, cols);
        int live = 0;
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                if (z[i * cols + j] != 0) {
                    live++;
                    break;
                }
            }
        }
        if (live == 0 || rows < 2) return new Projection(x, rows, cols, hash, new double[rows], 1);
        double denom = rows; // population covariance of standardised columns = correlation matrix
        double[] eval;
        double[][] scoreBasis; // how to form scores
        boolean gram = cols > rows;
        RealMatrix vecs;
        if (!gram) {
            double[][] cov = new double[cols][cols];
            for (int i = 0; i < rows; i++) {
                int o = i * cols;
                for (int a = 0; a < cols; a++) {
                    double za = z[o + a];
                    if (za == 0) continue;
                    for (int b = a; b < cols; b++) cov[a][b] += za * z[o + b];
                }
            }
            for (int a = 0; a < cols; a++) for (int b = a; b < cols; b++) cov[b][a] = cov[a][b] /= denom;
            EigenDecomposition ed = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
            eval = ed.getRealEigenvalues();
            vecs = ed.getV();
        } else {
            double[][] g = new double[rows][rows];
            for (int a = 0; a < rows; a++) {
                for (int b = a; b < rows; b++) {
                    g[a][b] = g[b][a] = ColumnStandardizer.dot(z, a * cols, z, b * cols, cols) / denom;
                }
            }
            EigenDecomposition ed = new EigenDecomposition(new Array2DRowRealMatrix(g, false));
            eval = ed.getRealEigenvalues();
            vecs = ed.getV();
        }
        Integer[] idx = new Integer[eval.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        final double[] ev = eval;
        Arrays.sort(idx, (a, b) -> Double.compare(ev[b], ev[a]));
        int maxK = Math.min(eval.length, Math.min(rows, cols));
        int k;
        if (components > 0) {
            k = Math.min(components, maxK);
        } else {
            k = 0;
            while (k < maxK && eval[idx[k]] > 1.0) k++;
            k = Math.max(1, k);
        }
        double[] scores = new double[rows * k];
        for (int c = 0; c < k; c++) {
            int e = idx[c];
            if (!gram) {
                for (int i = 0; i < rows; i++) {
                    double s = 0;
                    for (int j = 0; j < cols; j++) s += z[i * cols + j] * vecs.getEntry(j, e);
                    scores[i * k + c] = s;
                }
            } else {
                // Z Z'/m = U L U'  =>  scores Z v = U sqrt(m L)
                double sv = Math.sqrt(Math.max(0, eval[e]) * denom);
                for (int i = 0; i < rows; i++) scores[i * k + c] = vecs.getEntry(i, e) * sv;
            }
        }
        return new Projection(x, rows, cols, hash, scores, k);
    }

    /** k-means++ then Lloyd; returns the member nearest each centroid, sorted. */
    static int[] kmeansRepresentatives(double[] s, int rows, int k, int n, long seed, int maxIterations) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] cent = new double[n * k];
        double[] d2 = new double[rows];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        boolean[] isCentre = new boolean[rows];
        int c0 = rnd.nextInt(rows);
        System.arraycopy(s, c0 * k, cent, 0, k);
        isCentre[c0] = true;
        for (int c = 1; c < n; c++) {
            double total = 0;
            for (int i = 0; i < rows; i++) {
                double d = ColumnStandardizer.squaredDistance(s, i * k, cent, (c - 1) * k, k);
                if (d < d2[i]) d2[i] = d;
                total += d2[i];
            }
            int pick = -1;
            if (total > 0) {
                double u = rnd.nextDouble() * total, acc = 0;
                for (int i = 0; i < rows; i++) {
                    acc += d2[i];
                    if (d2[i] > 0 && acc >= u) {
                        pick = i;
                        break;
                    }
                }
                if (pick < 0) { // round-off at the end of the sum: last point with positive weight
                    for (int i = rows - 1; i >= 0 && pick < 0; i--) if (d2[i] > 0) pick = i;
                }
            } else { // all remaining points coincide with centres: any unused point
                int free = 0;
                for (int i = 0; i < rows; i++) if (!isCentre[i]) free++;
                int r = rnd.nextInt(free);
                for (int i = 0; i < rows; i++) {
                    if (!isCentre[i] && r-- == 0) {
                        pick = i;
                        break;
                    }
                }
            }
            isCentre[pick] = true;
            System.arraycopy(s, pick * k, cent, c * k, k);
        }

        int[] assign = new int[rows];
        Arrays.fill(assign, -1);
        int[] size = new int[n];
        for (int it = 0; it < maxIterations; it++) {
            boolean changed = assignAll(s, rows, k, cent, n, assign);
            changed |= fixEmpty(s, rows, k, cent, n, assign, size);
            updateCentroids(s, rows, k, cent, n, assign, size);
            if (!changed) break;
        }
        countSizes(assign, size);
        // representatives: member nearest its centroid (ties: lowest index)
        int[] rep = new int[n];
        double[] best = new double[n];
        Arrays.fill(rep, -1);
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < rows; i++) {
            int c = assign[i];
            double d = ColumnStandardizer.squaredDistance(s, i * k, cent, c * k, k);
            if (d < best[c]) {
                best[c] = d;
                rep[c] = i;
            }
        }
        Arrays.sort(rep);
        return rep;
    }

    private static boolean assignAll(double[] s, int rows, int k, double[] cent, int n, int[] assign) {
        boolean changed = false;
        for (int i = 0; i < rows; i++) {
            int arg = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < n; c++) {
                double d = ColumnStandardizer.squaredDistance(s, i * k, cent, c * k, k);
                if (d < best) {
                    best = d;
                    arg = c;
                }
            }
            if (assign[i] != arg) {
                assign[i] = arg;
                changed = true;
            }
        }
        return changed;
    }

    /** Gives every empty cluster the point farthest from its own centroid among clusters with > 1 member. */
    private static boolean fixEmpty(double[] s, int rows, int k, double[] cent, int n, int[] assign, int[] size) {
        boolean changed = false;
        countSizes(assign, size);
        for (int c = 0; c < n; c++) {
            if (size[c] > 0) continue;
            int far = -1;
            double fd = -1;
            for (int i = 0; i < rows; i++) {
                if (size[assign[i]] < 2) continue;
                double d = ColumnStandardizer.squaredDistance(s, i * k, cent, assign[i] * k, k);
                if (d > fd) {
                    fd = d;
                    far = i;
                }
            }
            size[assign[far]]--;
            assign[far] = c;
            size[c] = 1;
            System.arraycopy(s, far * k, cent, c * k, k);
            changed = true;
        }
        return changed;
    }

    private static void countSizes(int[] assign, int[] size) {
        Arrays.fill(size, 0);
        for (int a : assign) size[a]++;
    }

    private static void updateCentroids(double[] s, int rows, int k, double[] cent, int n, int[] assign, int[] size) {
        countSizes(assign, size);
        double[] sum = new double[n * k];
        for (int i = 0; i < rows; i++) {
            int c = assign[i];
            for (int j = 0; j < k; j++) sum[c * k + j] += s[i * k + j];
        }
        for (int c = 0; c < n; c++) {
            if (size[c] == 0) continue;
            for (int j = 0; j < k; j++) cent[c * k + j] = sum[c * k + j] / size[c];
        }
    }
}
