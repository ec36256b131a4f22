package org.atomdoe.design;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.atomdoe.linalg.TridiagonalEigen;

/**
 * Whether a training set can identify the model at all, before any DFT: the spectrum of its
 * information matrix {@code M = X0'X0 + sum_S x x'} (no ridge: the data alone), its numerical
 * rank (eigenvalues above {@code rtol * lambda_max}), condition number, the weakest directions with
 * the feature labels that dominate them (what the data cannot pin down), and how many more pool
 * candidates are needed to reach full rank ({@code p - rank(S)} when the whole pool has rank p,
 * since each added row raises the rank by at most one and greedy pivoting achieves that; -1 when
 * even the whole pool cannot). The spectrum comes from {@link TridiagonalEigen} (Householder +
 * implicit QL, {@code 2 p^3} flops), which stays fast at the p of a few thousand of kernel models.
 *
 * @param p               model parameters
 * @param rank            numerical rank of M
 * @param tolerance       the absolute eigenvalue threshold used
 * @param conditionNumber {@code lambda_max / lambda_min}, or null when M is singular
 * @param eigenvalues     all eigenvalues, ascending
 * @param weakest         up to 5 weakest directions
 * @param poolRank        rank of the set together with the whole pool
 * @param moreToFullRank  pool candidates needed to reach rank p, or -1 if the pool cannot
 * @param feasible        rank == p
 */
public record Feasibility(int p, int rank, double tolerance, Double conditionNumber, double[] eigenvalues,
                          List<Direction> weakest, int poolRank, int moreToFullRank, boolean feasible) {

    /** One eigen-direction: its eigenvalue and the labels with the largest loadings (|v_k| >= 0.2, at most 4). */
    public record Direction(double eigenvalue, List<String> labels, List<Double> loadings) {}

    /** Default relative rank tolerance. */
    public static final double RTOL = 1e-10;

    public static Feasibility of(DesignProblem prob, int[] selected, List<String> labels) {
        int[] all = new int[prob.n()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        int p = prob.p();
        int poolRank = rank(DesignCriteria.information(prob, all, 0), p);
        return of(DesignCriteria.information(prob, selected, 0), p, poolRank, labels);
    }

    /**
     * The same for a block design: {@code moreToFullRank} is then the rank deficit {@code p - rank} (a lower bound on
     * the rank the pool must add; one configuration's block can add several).
     */
    public static Feasibility of(BlockDesignProblem prob, int[] selected, List<String> labels) {
        int[] all = new int[prob.n()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        int p = prob.p();
        int poolRank = rank(prob.information(all, 0), p);
        return of(prob.information(selected, 0), p, poolRank, labels);
    }

    /** Feasibility of the information matrix {@code m} (no ridge) when the pool together with the set has {@code poolRank}. */
    static Feasibility of(double[] m, int p, int poolRank, List<String> labels) {
        TridiagonalEigen eig = TridiagonalEigen.of(m, p);
        double[] sorted = eig.eigenvalues();
        double max = Math.max(sorted[p - 1], 0);
        double tol = RTOL * max * Math.max(1, p / 100.0);
        int rank = 0;
        for (double v : sorted) if (v > tol) rank++;
        Double cond = rank == p && sorted[0] > 0 ? max / sorted[0] : null;
        List<Direction> weak = new ArrayList<>();
        double[][] vectors = eig.smallestEigenvectors(Math.min(5, p));
        for (int r = 0; r < vectors.length; r++) {
            double[] v = vectors[r];
            Integer[] byLoad = new Integer[p];
            for (int k = 0; k < p; k++) byLoad[k] = k;
            Arrays.sort(byLoad, Comparator.comparingDouble(k -> -Math.abs(v[k])));
            List<String> names = new ArrayList<>();
            List<Double> loads = new ArrayList<>();
            for (int q = 0; q < Math.min(4, p); q++) {
                int k = byLoad[q];
                if (q > 0 && Math.abs(v[k]) < 0.2) break;
                names.add(labels == null || k >= labels.size() ? "col" + k : labels.get(k));
                loads.add(v[k]);
            }
            weak.add(new Direction(Math.max(sorted[r], 0), names, loads));
        }
        int more = poolRank < p ? -1 : p - rank;
        return new Feasibility(p, rank, tol, cond, sorted, weak, poolRank, more, rank == p);
    }

    static int rank(double[] m, int p) {
        double[] ev = TridiagonalEigen.of(m, p).eigenvalues();
        double max = 0;
        for (double v : ev) max = Math.max(max, v);
        double tol = RTOL * max * Math.max(1, p / 100.0);
        int r = 0;
        for (double v : ev) if (v > tol) r++;
        return r;
    }
}
