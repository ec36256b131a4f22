package org.atomdoe.kernel;

import java.util.Arrays;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.NotPositiveDefiniteException;
import org.atomdoe.util.Progress;

/**
 * Direct kernel design over configurations: choose S maximising {@code log det (K_SS + sigma^2 I)}
 * for a configuration kernel K (e.g. {@link ConfigurationKernel}), the information gain of a GP
 * on the chosen energies (Seeger, Williams &amp; Lawrence, AISTATS 2003; Krause, Singh &amp;
 * Guestrin, JMLR 9, 235 (2008); Srinivas et al., ICML 2010, lemma 5.3) and the GP analogue of a
 * D-optimal design. Greedy start by {@link PivotedCholesky} on {@code K + sigma^2 I}, then the
 * modified Fedorov exchange (Cook &amp; Nachtsheim 1980) on the {@code n x n} factor.
 *
 * <p>Exchange algebra, with {@code A = K_SS + sigma^2 I} (factor {@code L}), {@code b_j = K_Sj},
 * residual variance {@code v_j = K_jj + sigma^2 - b_j' A^-1 b_j}, {@code a = A^-1 e_i} for the
 * design point at position i and {@code u_j = a' b_j}: swapping i out and j in multiplies
 * {@code det A} by {@code Delta(i, j) = a_i v_j + u_j^2} (removing i raises every residual to
 * {@code v_j + u_j^2 / a_i} and {@code det A} falls by the factor {@code a_i}). An accepted swap
 * updates {@code v} for every candidate by the removal formula and a rank-one addition step
 * ({@code v_j -= c_j^2 / v_j*} with {@code c_j} the residual covariance with the new point), and
 * L by one rank-one update and one downdate ({@code A' = A + e d' + d e' = A + (w w' - y y')/2},
 * {@code w, y = e +- d} with {@code d} the change of column i, half its diagonal change on the
 * diagonal; {@link Cholesky#update}, {@link Cholesky#downdate}). Each pass starts from a fresh
 * factorisation so rounding does not accumulate across passes.
 */
public final class KernelDesign {
    private KernelDesign() {}

    /**
     * @param size      configurations in the design, fixed ones included
     * @param noise     {@code sigma^2 > 0}, in the units of K (for a normalised kernel: relative to the prior variance of a configuration's energy)
     * @param exchange  run the Fedorov exchange after the greedy start
     * @param maxPasses largest number of exchange passes
     * @param tolerance smallest log det gain that counts as an improvement
     * @param threads   worker threads
     */
    public record Settings(int size, double noise, boolean exchange, int maxPasses, double tolerance, int threads) {
        public Settings {
            if (size < 0) throw new IllegalArgumentException("design size must be >= 0, got " + size);
            if (!(noise > 0) || !Double.isFinite(noise)) throw new IllegalArgumentException("noise sigma^2 must be > 0, got " + noise);
            if (maxPasses < 0 || !(tolerance >= 0) || threads < 1) throw new IllegalArgumentException("need maxPasses >= 0, tolerance >= 0, threads >= 1");
        }

        /** Greedy + exchange, 100 passes, tolerance 1e-9, one thread. */
        public static Settings of(int size, double noise) {
            return new Settings(size, noise, true, 100, 1e-9, 1);
        }
    }

    /**
     * @param selected     chosen configurations (fixed ones first; a swapped-in one takes its predecessor's place)
     * @param logDet       {@code log det (K_SS + sigma^2 I)} of the final design, from a fresh factorisation
     * @param greedyLogDet the same after the greedy start
     * @param passes       exchange passes run
     * @param swaps        accepted swaps
     * @param converged    the last pass found no improving swap
     * @param swapGains    predicted {@code log Delta} of every accepted swap, in order
     */
    public record Result(int[] selected, double logDet, double greedyLogDet, int passes, int swaps, boolean converged,
                         double[] swapGains) {}

    /**
     * Designs over the dense symmetric {@code n x n} matrix {@code k}.
     *
     * @param fixed configurations that must be in the design (e.g. an existing training set), or null
     */
    public static Result select(double[] k, int n, int[] fixed, Settings s, Progress progress) {
        if (k.length != (long) n * n) throw new IllegalArgumentException("need an " + n + " x " + n + " kernel, got " + k.length + " values");
        if (s.size() > n) throw new IllegalArgumentException("cannot choose " + s.size() + " of " + n + " configurations");
        PivotedCholesky.Result g = PivotedCholesky.select(SymmetricSource.dense(k, n, s.noise()), s.size(), fixed, 0, s.threads(), progress);
        int[] sel = g.pivots();
        int nFixed = fixed == null ? 0 : fixed.length;
        if (!s.exchange() || sel.length == nFixed || sel.length == n) {
            return new Result(sel, g.logDet(), g.logDet(), 0, 0, !s.exchange(), new double[0]);
        }
        Exchange ex = new Exchange(k, n, s.noise(), sel, nFixed, s.threads());
        double[] gains = new double[16];
        int swaps = 0, passes = 0;
        boolean converged = false;
        while (passes < s.maxPasses()) {
            passes++;
            int before = swaps;
            for (int pos = nFixed; pos < sel.length; pos++) {
                int j = ex.bestSwap(pos, s.tolerance());
                if (j < 0) continue;
                if (swaps == gains.length) gains = Arrays.copyOf(gains, 2 * swaps);
                gains[swaps++] = ex.logGain(pos, j);
                ex.swap(pos, j);
            }
            progress.advance(1);
            if (swaps == before) {
                converged = true;
                break;
            }
            ex.rebuild();
        }
        return new Result(ex.selected(), ex.freshLogDet(), g.logDet(), passes, swaps, converged, Arrays.copyOf(gains, swaps));
    }

    /** Exchange state: the design, the factor of {@code A = K_SS + sigma^2 I} and every candidate's residual variance. */
    static final class Exchange {
        final double[] k;
        final int n, m, nFixed, threads;
        final double noise;
        final int[] sel;
        final boolean[] in;
        double[] l;
        /** Residual variance {@code v_j} (sigma^2 included) of every candidate outside the design. */
        final double[] v;
        // scratch of the position last evaluated
        private int cachedPos = -1;
        private final double[] a, u;

        Exchange(double[] k, int n, double noise, int[] sel, int nFixed, int threads) {
            this.k = k;
            this.n = n;
            this.noise = noise;
            this.sel = sel.clone();
            this.m = sel.length;
            this.nFixed = nFixed;
            this.threads = threads;
            in = new boolean[n];
            for (int i : sel) in[i] = true;
            v = new double[n];
            a = new double[m];
            u = new double[n];
            rebuild();
        }

        int[] selected() {
            return sel.clone();
        }

        /** Fresh factor of A and fresh residuals of every candidate. */
        void rebuild() {
            l = matrixA(sel);
            Cholesky.factor(l, 0, m, m, threads);
            double[] rows = new double[n * m];
            for (int j = 0; j < n; j++) for (int s = 0; s < m; s++) rows[j * m + s] = k[j * n + sel[s]];
            double[] d = new double[n];
            Cholesky.solveRows(l, 0, m, m, rows, 0, m, n, null, 0, 0, d, 0, threads);
            for (int j = 0; j < n; j++) v[j] = in[j] ? 0 : k[j * n + j] + noise - d[j];
            cachedPos = -1;
        }

        private double[] matrixA(int[] s) {
            double[] am = new double[m * m];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) am[r * m + c] = k[s[r] * n + s[c]];
                am[r * m + r] += noise;
            }
            return am;
        }

        /** {@code log det A} from a fresh factorisation of the current design. */
        double freshLogDet() {
            double[] am = matrixA(sel);
            Cholesky.factor(am, 0, m, m, 1);
            return Cholesky.logDet(am, m);
        }

        /** {@code a = A^-1 e_pos} and {@code u_j = a . b_j} for every configuration. */
        private void prepare(int pos) {
            if (cachedPos == pos) return;
            Arrays.fill(a, 0);
            a[pos] = 1;
            Cholesky.solve(l, 0, m, m, a, 0);
            Arrays.fill(u, 0);
            for (int s = 0; s < m; s++) {
                double as = a[s];
                int row = sel[s] * n;
                for (int j = 0; j < n; j++) u[j] += as * k[row + j];
            }
            cachedPos = pos;
        }

        /** {@code log Delta}: the change of {@code log det A} if the point at {@code pos} is swapped for {@code j}. */
        double logGain(int pos, int j) {
            if (in[j]) throw new IllegalArgumentException("configuration " + j + " is already in the design");
            prepare(pos);
            return Math.log(a[pos] * v[j] + u[j] * u[j]);
        }

        /** The candidate whose swap with {@code pos} raises log det A most by more than {@code tolerance}, or -1. */
        int bestSwap(int pos, double tolerance) {
            prepare(pos);
            double app = a[pos];
            double best = Math.exp(tolerance);
            int arg = -1;
            for (int j = 0; j < n; j++) {
                if (in[j]) continue;
                double delta = app * v[j] + u[j] * u[j];
                if (delta > best) {
                    best = delta;
                    arg = j;
                }
            }
            return arg;
        }

        /** Swaps the point at {@code pos} for candidate {@code j}, updating residuals and the factor. */
        void swap(int pos, int j) {
            prepare(pos);
            int i = sel[pos];
            double app = a[pos];
            // 1. remove i: every residual grows by u_j^2 / a_pos
            for (int q = 0; q < n; q++) if (!in[q]) v[q] += u[q] * u[q] / app;
            // 2. add j: residual covariances with j given S - i, from g = A^-1 b_j
            double[] g = new double[m];
            for (int s = 0; s < m; s++) g[s] = k[sel[s] * n + j];
            double[] oldCol = new double[m];
            for (int s = 0; s < m; s++) oldCol[s] = k[sel[s] * n + i] + (s == pos ? noise : 0);
            double[] newCol = g.clone();
            newCol[pos] = k[j * n + j] + noise;
            Cholesky.solve(l, 0, m, m, g, 0);
            double gp = g[pos];
            double[] cov = new double[n];
            System.arraycopy(k, j * n, cov, 0, n);
            for (int s = 0; s < m; s++) {
                if (s == pos) continue;
                double zs = g[s] - a[s] * gp / app;
                int row = sel[s] * n;
                for (int q = 0; q < n; q++) cov[q] -= zs * k[row + q];
            }
            double vj = v[j];
            for (int q = 0; q < n; q++) if (!in[q] && q != j) v[q] -= cov[q] * cov[q] / vj;
            // 3. the factor: A' = A + (w w' - y y') / 2 with w, y = e_pos +- d~
            double[] d = new double[m];
            for (int s = 0; s < m; s++) d[s] = newCol[s] - oldCol[s];
            d[pos] *= 0.5;
            double[] w = new double[m], y = new double[m];
            double r = Math.sqrt(0.5);
            for (int s = 0; s < m; s++) {
                double e = s == pos ? 1 : 0;
                w[s] = r * (e + d[s]);
                y[s] = r * (e - d[s]);
            }
            in[i] = false;
            in[j] = true;
            sel[pos] = j;
            v[j] = 0;
            try {
                Cholesky.update(l, 0, m, m, w, 0);
                Cholesky.downdate(l, 0, m, m, y, 0);
            } catch (NotPositiveDefiniteException e) { // downdate lost accuracy: refactorise
                l = matrixA(sel);
                Cholesky.factor(l, 0, m, m, threads);
            }
            // 4. the point that left is a candidate again: its residual against the new design
            double[] bi = new double[m];
            for (int s = 0; s < m; s++) bi[s] = k[sel[s] * n + i];
            Cholesky.solveLower(l, 0, m, m, bi, 0);
            double ss = 0;
            for (double x : bi) ss += x * x;
            v[i] = k[i * n + i] + noise - ss;
            cachedPos = -1;
        }
    }
}
