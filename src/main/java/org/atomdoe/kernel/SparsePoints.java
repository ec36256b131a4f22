package org.atomdoe.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.atomdoe.fit.RandomSelector;
import org.atomdoe.linalg.SymmetricEigen;
import org.atomdoe.util.Progress;

/**
 * Choice of the sparse (representative) environments of a sparse GP / GAP model among the
 * environments of a pool.
 *
 * <ul>
 * <li>{@link Method#GREEDY}: greedy maximisation of {@code log det K_SS} by
 *     {@link PivotedCholesky} (D-optimal in the kernel's feature space).</li>
 * <li>{@link Method#CUR}: GAP's {@code sparse_method=cur_points} (Mahoney &amp; Drineas, PNAS 106,
 *     697 (2009), Alg. ColumnSelect, as in libAtoms/GAP's {@code cur_decomposition} with its
 *     defaults): with the descriptor matrix X (environments x components), its singular value
 *     decomposition and {@code k} = half its numerical rank, the leverage of environment i is
 *     {@code pi_i = (1/k) sum_{xi<k} u_{i,xi}^2}; one seeded draw keeps the {@code m} environments
 *     with the smallest {@code U_i - min(1, m pi_i)}, {@code U_i} uniform on [0, 1) (so
 *     environments with {@code m pi_i >= 1} are always kept, the others with probability about
 *     {@code m pi_i}). Done per central species, with sparse counts proportional to the species'
 *     environment counts (GAP has one descriptor and sparse set per species).</li>
 * <li>{@link Method#RANDOM}: uniform without replacement, seeded.</li>
 * </ul>
 * The singular vectors come from the eigendecomposition of the {@code d x d} Gram matrix
 * {@code X'X} ({@link SymmetricEigen}; {@code u = X v / s}); singular values below
 * {@code 1e-7 s_max} count as zero (the Gram matrix cannot resolve smaller ones).
 */
public final class SparsePoints {
    private SparsePoints() {}

    /** How the sparse environments are chosen. */
    public enum Method {
        GREEDY, CUR, RANDOM;

        /** {@code greedy} (or {@code pivoted-cholesky}), {@code cur}, {@code random}. */
        public static Method parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "greedy", "pivoted-cholesky", "logdet" -> GREEDY;
                case "cur" -> CUR;
                case "random", "uniform" -> RANDOM;
                default -> throw new IllegalArgumentException("sparse method must be greedy, cur or random, got '" + s + "'");
            };
        }

        /** Lower-case name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Indices of {@code m} sparse environments among the rows of {@code x}.
     *
     * @param jitter added to the kernel diagonal for the greedy method (as GAP's {@code sigma_jitter})
     */
    public static int[] select(Method method, Kernel k, KernelRows x, int m, long seed, double jitter, int threads, Progress progress) {
        if (m < 1 || m > x.n()) throw new IllegalArgumentException("cannot choose " + m + " sparse points among " + x.n() + " environments");
        return switch (method) {
            case GREEDY -> {
                PivotedCholesky.Result r = PivotedCholesky.select(SymmetricSource.kernel(k, x, jitter), m, null, 1e-12, threads, progress);
                yield r.pivots();
            }
            case CUR -> cur(x, m, seed);
            case RANDOM -> random(x.n(), m, seed);
        };
    }

    /** The first {@code m} of a seeded Fisher-Yates shuffle of {@code 0..n-1} (the random selector of the learning curves). */
    static int[] random(int n, int m, long seed) {
        return new RandomSelector().select(new double[0], n, 0, m, seed);
    }

    /**
     * CUR (as for sparse points, one seeded draw) on the rows of a plain matrix, e.g. to choose
     * configurations by the leverage of their model rows; indices in ascending order.
     */
    public static int[] cur(double[] x, int n, int d, int m, long seed) {
        return curDraw(leverages(x, n, d), m, seed);
    }

    /** The CUR leverage of each row of a plain {@code n x d} matrix (see the class comment). */
    public static double[] leverages(double[] x, int n, int d) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        return leverages(new KernelRows(x, n, d, new double[n], null), all);
    }

    /** One seeded CUR draw of {@code m} rows from their leverages; indices in ascending order. */
    public static int[] curDraw(double[] pi, int m, long seed) {
        if (m < 0 || m > pi.length) throw new IllegalArgumentException("cannot choose " + m + " of " + pi.length + " rows");
        int[] local = draw(pi, m, new SplittableRandom(seed));
        Arrays.sort(local);
        return local;
    }

    /** CUR per species, counts by largest remainder; indices returned in ascending order. */
    static int[] cur(KernelRows x, int m, long seed) {
        TreeMap<Integer, List<Integer>> bySpecies = new TreeMap<>();
        for (int i = 0; i < x.n(); i++) bySpecies.computeIfAbsent(x.species(i), s -> new ArrayList<>()).add(i);
        int[] quota = quotas(bySpecies.values().stream().mapToInt(List::size).toArray(), m);
        List<Integer> out = new ArrayList<>();
        int g = 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (List<Integer> rows : bySpecies.values()) {
            int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
            for (int local : curRows(x, idx, quota[g++], rnd)) out.add(idx[local]);
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Largest-remainder apportionment of {@code m} over groups of the given sizes (never above a size). */
    static int[] quotas(int[] sizes, int m) {
        long total = 0;
        for (int s : sizes) total += s;
        int[] q = new int[sizes.length];
        double[] rem = new double[sizes.length];
        int given = 0;
        for (int g = 0; g < sizes.length; g++) {
            double exact = (double) m * sizes[g] / total;
            q[g] = (int) Math.floor(exact);
            rem[g] = exact - q[g];
            given += q[g];
        }
        while (given < m) {
            int best = -1;
            for (int g = 0; g < sizes.length; g++) if (q[g] < sizes[g] && (best < 0 || rem[g] > rem[best])) best = g;
            q[best]++;
            rem[best] = -1;
            given++;
        }
        return q;
    }

    /**
     * Leverage scores of the rows {@code idx} of x (see the class comment), one per row: from the
     * {@code d x d} Gram matrix {@code X'X} when there are more rows than columns, else from the
     * row Gram matrix {@code X X'}, whose eigenvectors are the left singular vectors themselves.
     */
    static double[] leverages(KernelRows x, int[] idx) {
        int d = x.d(), n = idx.length;
        double[] v = x.values();
        boolean rowSide = n < d;
        int g0 = rowSide ? n : d;
        double[] g = new double[g0 * g0]; // lower triangle of X'X or X X'
        if (rowSide) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int a = 0; a < d; a++) s += v[idx[i] * d + a] * v[idx[j] * d + a];
                    g[i * n + j] = s;
                }
            }
        } else {
            for (int i : idx) {
                int o = i * d;
                for (int a = 0; a < d; a++) {
                    double va = v[o + a];
                    if (va == 0) continue;
                    for (int b = 0; b <= a; b++) g[a * d + b] += va * v[o + b];
                }
            }
        }
        SymmetricEigen.Result eig = SymmetricEigen.decompose(g, g0);
        double[] ev = eig.values(); // descending
        double smax = Math.sqrt(Math.max(0, ev[0]));
        int rank = 0;
        for (int a = 0; a < g0; a++) if (Math.sqrt(Math.max(0, ev[a])) > 1e-7 * smax) rank++;
        int k = Math.max(1, rank / 2);
        double[] pi = new double[n];
        if (rowSide) {
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int c = 0; c < k; c++) sum += eig.vector(c, r) * eig.vector(c, r);
                pi[r] = sum / k;
            }
            return pi;
        }
        double[][] w = new double[k][d]; // v_xi / s_xi
        for (int c = 0; c < k; c++) {
            double s = Math.sqrt(ev[c]);
            for (int a = 0; a < d; a++) w[c][a] = eig.vector(c, a) / s;
        }
        for (int r = 0; r < n; r++) {
            int o = idx[r] * d;
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double u = 0;
                for (int a = 0; a < d; a++) u += v[o + a] * w[c][a];
                sum += u * u;
            }
            pi[r] = sum / k;
        }
        return pi;
    }

    private static int[] curRows(KernelRows x, int[] idx, int m, SplittableRandom rnd) {
        if (m == 0) return new int[0];
        return draw(leverages(x, idx), m, rnd);
    }

    /** The {@code m} rows with the smallest {@code U_i - min(1, m pi_i)} (ties to the lower index). */
    private static int[] draw(double[] pi, int m, SplittableRandom rnd) {
        int n = pi.length;
        double[] key = new double[n];
        for (int r = 0; r < n; r++) key[r] = rnd.nextDouble() - Math.min(1.0, m * pi[r]);
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) order[r] = r;
        Arrays.sort(order, (p, q) -> key[p] != key[q] ? Double.compare(key[p], key[q]) : Integer.compare(p, q));
        int[] out = new int[m];
        for (int r = 0; r < m; r++) out[r] = order[r];
        return out;
    }
}
