package org.atomdoe.kernel;

import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.NotPositiveDefiniteException;
import org.atomdoe.util.Progress;

/**
 * The basis of a sparse GP (GAP) energy model: sparse environments Z and the Cholesky factor L of
 * {@code K_ZZ + jitter I}. A configuration's energy is a sum of local terms,
 * {@code E = sum_atoms sum_z alpha_z k(x_atom, z)}, so its row in the model is
 * {@code phi = sum_atoms k(x_atom, Z)}, and with noise {@code sigma} on energies (per atom) and
 * prior {@code alpha ~ N(0, K_ZZ^-1)} (the subset-of-regressors / projected-process prior,
 * Quiñonero-Candela &amp; Rasmussen, JMLR 6, 1939 (2005); Bartók &amp; Csányi, Int. J. Quantum
 * Chem. 115, 1051 (2015), eqs. 23-28) the information about alpha of a training set N is
 * {@code K_ZN Lambda^-1 K_NZ + K_ZZ}.
 *
 * <p>Whitened rows {@code r = L^-1 phi} turn that into the linear-model form the design engine and
 * the ridge fit use: with {@code beta = L' alpha}, {@code E = r . beta}, the prior is
 * {@code beta ~ N(0, I)} and {@code L^-1 (K_ZN Lambda^-1 K_NZ + K_ZZ) L^-T = sum r r' / sigma^2 + I},
 * whose log det differs from the original by the constant {@code log det K_ZZ}: D-optimal
 * configuration designs on whitened rows with ridge {@code sigma^2} are D-optimal for the GAP.
 */
public final class SparseBasis {
    /** Atoms per block when rows are summed over configurations. */
    static final int ATOM_BLOCK = 1024;

    private final Kernel kernel;
    private final KernelRows points;
    private final int[] indices;
    private final double[] factor;
    private final double jitter;

    private SparseBasis(Kernel kernel, KernelRows points, int[] indices, double[] factor, double jitter) {
        this.kernel = kernel;
        this.points = points;
        this.indices = indices;
        this.factor = factor;
        this.jitter = jitter;
    }

    /**
     * The basis on the environments {@code idx} of {@code x}; {@code K_ZZ + jitter I} is factorised.
     *
     * @throws IllegalArgumentException when {@code K_ZZ + jitter I} is not positive definite
     */
    public static SparseBasis of(Kernel k, KernelRows x, int[] idx, double jitter, int threads) {
        if (idx.length == 0) throw new IllegalArgumentException("a sparse basis needs at least one point");
        if (!(jitter >= 0)) throw new IllegalArgumentException("jitter must be >= 0, got " + jitter);
        KernelRows z = x.gather(idx, idx.length);
        int m = idx.length;
        double[] kzz = new double[m * m];
        KernelMatrix.compute(k, z, 0, m, z, 0, m, kzz, 0, m, threads);
        for (int i = 0; i < m; i++) kzz[i * m + i] += jitter;
        try {
            Cholesky.factor(kzz, 0, m, m, threads);
        } catch (NotPositiveDefiniteException e) {
            throw new IllegalArgumentException("K_ZZ + " + jitter + " I of the " + m + " sparse points is not positive definite"
                    + " (repeated environments?); raise the jitter: " + e.getMessage(), e);
        }
        return new SparseBasis(k, z, idx.clone(), kzz, jitter);
    }

    /** Chooses {@code m} sparse points among the rows of {@code x} by {@code method} and builds the basis. */
    public static SparseBasis select(SparsePoints.Method method, Kernel k, KernelRows x, int m, long seed, double jitter,
                                     int threads, Progress progress) {
        int[] idx = SparsePoints.select(method, k, x, m, seed, jitter, threads, progress);
        return of(k, x, idx, jitter, threads);
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Number of sparse points M. */
    public int size() {
        return indices.length;
    }

    /** Indices of the sparse points among the rows they were chosen from. */
    public int[] indices() {
        return indices.clone();
    }

    public double jitter() {
        return jitter;
    }

    /** {@code log det (K_ZZ + jitter I)}. */
    public double logDet() {
        return Cholesky.logDet(factor, size());
    }

    /** Per configuration, {@code phi_c = sum_{atoms of c} k(x_atom, Z)}: {@code configs x M}, row-major. */
    public double[] phi(AtomEnvironments env, int threads) {
        int m = size(), nc = env.configs();
        if ((long) nc * m > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(nc + " x " + m + " rows do not fit one array");
        double[] out = new double[nc * m];
        KernelRows x = env.rows();
        int[] owner = env.owner();
        double[] block = new double[Math.min(ATOM_BLOCK, Math.max(1, x.n())) * m];
        for (int a0 = 0; a0 < x.n(); a0 += ATOM_BLOCK) {
            int na = Math.min(ATOM_BLOCK, x.n() - a0);
            KernelMatrix.compute(kernel, x, a0, na, points, 0, m, block, 0, m, threads);
            for (int a = 0; a < na; a++) {
                int o = owner[a0 + a] * m;
                for (int j = 0; j < m; j++) out[o + j] += block[a * m + j];
            }
        }
        return out;
    }

    /** {@code L^-1 phi} for each of the {@code rows} rows (a new array). */
    public double[] whiten(double[] phi, int rows, int threads) {
        int m = size();
        if (phi.length != (long) rows * m) throw new IllegalArgumentException("need " + rows + " x " + m + " rows, got " + phi.length + " values");
        double[] z = new double[phi.length];
        Cholesky.solveRows(factor, 0, m, m, phi, 0, m, rows, z, 0, m, null, 0, threads);
        return z;
    }

    /** Whitened configuration rows {@code L^-1 phi_c}: the rows of the GAP energy model in its prior's metric. */
    public double[] whitenedRows(AtomEnvironments env, int threads) {
        return whiten(phi(env, threads), env.configs(), threads);
    }
}
