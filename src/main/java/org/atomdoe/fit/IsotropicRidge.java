package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted ridge least squares with an isotropic penalty on the raw penalised coefficients,
 * {@code min sum_i w_i (y_i - u_i . a - f_i . b)^2 + lambda |b|^2}, unpenalised columns U free:
 * the posterior mean of a Gaussian-process model written in whitened features (with rows
 * {@code f = L^-1 phi} of a sparse basis, {@code b ~ N(0, I)} a priori and noise variance
 * {@code lambda / w_i} on row i, this is the subset-of-regressors / projected-process mean of GAP;
 * Quiñonero-Candela &amp; Rasmussen, JMLR 6, 1939 (2005), eq. 16; Bartók &amp; Csányi, Int. J.
 * Quantum Chem. 115, 1051 (2015), eq. 27). Unlike {@link RidgeRegression} the penalised columns
 * are <em>not</em> standardised, so lambda is the ratio {@code sigma^2 / delta^2} of noise to prior
 * variance in the model's own units.
 *
 * <p>Method, for the wide problems of kernel models (rows m, many more columns): the weighted
 * unpenalised columns are orthonormalised by modified Gram-Schmidt with one
 * re-orthogonalisation ({@code U~ = Q R}; dependent ones, e.g. an absent species, are dropped)
 * and projected out of the weighted penalised block and targets, {@code A = P F~},
 * {@code r = P y~}; the SVD {@code A = W S V'} ({@link JacobiSvd}: Householder LQ to an
 * {@code m x m} triangle, then one-sided Jacobi; O(m^2 p)) gives every lambda's fit in O(m):
 * {@code b = V diag(s / (s^2 + lambda)) W' r}, {@code RSS = sum (lambda / (s^2 + lambda))^2 (W'r)^2},
 * {@code df = rank U + sum s^2 / (s^2 + lambda)}; lambda by GCV, modified GCV, exact leave-one-out
 * or maximum marginal likelihood over the grid of {@link RidgeSettings} (Golub, Heath &amp; Wahba
 * 1979; Kim &amp; Gu 2004; Allen 1974; Wahba 1985), or fixed. Then
 * {@code a = R^-1 Q' (y~ - F~ b)}.
 */
public final class IsotropicRidge {
    private IsotropicRidge() {}

    /**
     * Fits one block of rows.
     *
     * @param penalised per column: true for the penalised features, false for free columns (species counts)
     */
    public static RidgeSolution fit(RowBlock block, boolean[] penalised, RidgeSettings settings) {
        int cols = block.cols();
        if (penalised == null || penalised.length != cols) {
            throw new IllegalArgumentException("expected " + cols + " penalty flags, got " + (penalised == null ? "null" : penalised.length));
        }
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < block.rows(); i++) if (block.weight(i) > 0) live.add(i);
        int m = live.size();
        if (m == 0) throw new IllegalArgumentException("no row has a positive weight: nothing to fit");
        List<Integer> unpen = new ArrayList<>(), pen = new ArrayList<>();
        for (int j = 0; j < cols; j++) (penalised[j] ? pen : unpen).add(j);
        int p = pen.size();
        double[] x = block.x();
        double[] sw = new double[m];
        double[] y = new double[m];
        double y2 = 0;
        for (int r = 0; r < m; r++) {
            int i = live.get(r);
            sw[r] = Math.sqrt(block.weight(i));
            y[r] = sw[r] * block.targets()[i];
            y2 += y[r] * y[r];
            for (int j = 0; j < cols; j++) {
                if (!Double.isFinite(x[i * cols + j])) throw new IllegalArgumentException("entry (" + i + ", " + j + ") is not finite");
            }
        }
        // 1. orthonormal basis of the weighted free columns
        List<double[]> q = new ArrayList<>();
        List<double[]> rCols = new ArrayList<>(); // column k of R: coefficients of free column k on q_0..q_k
        List<Integer> kept = new ArrayList<>(), dropped = new ArrayList<>();
        for (int j : unpen) {
            double[] col = new double[m];
            for (int r = 0; r < m; r++) col[r] = sw[r] * x[live.get(r) * cols + j];
            double norm0 = Math.sqrt(dot(col, col));
            double[] coef = new double[q.size() + 1];
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < q.size(); b++) {
                    double c = dot(q.get(b), col);
                    coef[b] += c;
                    axpy(-c, q.get(b), col);
                }
            }
            double nrm = Math.sqrt(dot(col, col));
            if (norm0 > 0 && nrm > RidgeRegression.DEPENDENCE_TOL * norm0) {
                for (int r = 0; r < m; r++) col[r] /= nrm;
                coef[q.size()] = nrm;
                q.add(col);
                rCols.add(coef);
                kept.add(j);
            } else {
                dropped.add(j);
            }
        }
        int qu = q.size();
        // 2. project them out of the weighted penalised block and the targets
        double[] a = new double[m * p];
        for (int r = 0; r < m; r++) {
            int o = live.get(r) * cols;
            for (int c = 0; c < p; c++) a[r * p + c] = sw[r] * x[o + pen.get(c)];
        }
        double[] resid = y.clone();
        double[] proj = new double[p];
        for (double[] qb : q) {
            java.util.Arrays.fill(proj, 0);
            for (int r = 0; r < m; r++) {
                double qr = qb[r];
                if (qr == 0) continue;
                for (int c = 0; c < p; c++) proj[c] += qr * a[r * p + c];
            }
            for (int r = 0; r < m; r++) {
                double qr = qb[r];
                if (qr == 0) continue;
                for (int c = 0; c < p; c++) a[r * p + c] -= qr * proj[c];
            }
            axpy(-dot(qb, resid), qb, resid);
        }
        // 3. SVD and the lambda search
        double[] sigma = new double[0], vt = new double[0], z = new double[0];
        double outside = dot(resid, resid);
        if (p > 0) {
            JacobiSvd.Result svd = JacobiSvd.decompose(a, m, p, resid);
            sigma = svd.sigma();
            vt = svd.vt();
            z = svd.z();
            outside = Math.max(0, outside - dot(z, z));
        }
        double smax = sigma.length == 0 ? 0 : sigma[0];
        int rank = 0;
        for (double s : sigma) if (s > smax * 1e-12 && s > 0) rank++;
        Loo loo = settings.criterion() == RidgeSettings.Criterion.LOOCV ? new Loo(a, m, p, q, resid, sigma, vt, smax) : null;
        double[] grid = settings.lambdaGrid();
        double[] score = new double[grid.length], gcvCurve = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            gcvCurve[g] = RidgeRegression.gcv(grid[g], sigma, z, outside, qu, m, smax, 1.0);
            score[g] = switch (settings.criterion()) {
                case ML -> RidgeRegression.negLogEvidence(grid[g], sigma, z, outside, m - qu, smax);
                case LOOCV -> loo.score(grid[g], z);
                case GCV -> settings.gcvDofFactor() == 1.0 ? gcvCurve[g]
                        : RidgeRegression.gcv(grid[g], sigma, z, outside, qu, m, smax, settings.gcvDofFactor());
                default -> gcvCurve[g];
            };
        }
        int best = RidgeRegression.bestOnGrid(score, settings, y2, m);
        double lambda = grid[best];
        double[] b = new double[p];
        for (int k = 0; k < sigma.length; k++) {
            double f = RidgeRegression.filter(sigma[k], lambda, smax) * z[k];
            if (f == 0) continue;
            for (int c = 0; c < p; c++) b[c] += vt[k * p + c] * f;
        }
        // 4. free coefficients: R a = Q' (y~ - F~ b), with F~ b from the unprojected weighted rows
        double[] rest = y.clone();
        for (int r = 0; r < m; r++) {
            int o = live.get(r) * cols;
            double s = 0;
            for (int c = 0; c < p; c++) s += x[o + pen.get(c)] * b[c];
            rest[r] -= sw[r] * s;
        }
        double[] coefU = new double[qu];
        for (int k = 0; k < qu; k++) coefU[k] = dot(q.get(k), rest);
        for (int k = qu - 1; k >= 0; k--) { // back substitution with the upper triangle R
            double s = coefU[k];
            for (int l = k + 1; l < qu; l++) s -= rCols.get(l)[k] * coefU[l];
            coefU[k] = s / rCols.get(k)[k];
        }
        double[] coef = new double[cols];
        for (int k = 0; k < qu; k++) coef[kept.get(k)] = coefU[k];
        for (int c = 0; c < p; c++) coef[pen.get(c)] = b[c];
        double rss = RidgeRegression.rss(lambda, sigma, z, outside, smax);
        double df = RidgeRegression.dof(lambda, sigma, qu, smax);
        return new RidgeSolution(coef, penalised.clone(), dropped.stream().mapToInt(Integer::intValue).sorted().toArray(),
                settings.criterion(), lambda, score[best], gcvCurve[best], df, rss, m, rank, grid.clone(), score);
    }

    /**
     * Exact leave-one-row-out residuals {@code e_i / (1 - h_ii)} for every lambda: with the left
     * singular vectors {@code w_k = A v_k / s_k} of the live directions, {@code h_ii = |Q_i|^2 +
     * sum_k w_ik^2 s_k^2 / (s_k^2 + lambda)} and {@code e = r - sum_k w_k z_k s_k^2 / (s_k^2 + lambda)}
     * (O(m k) per lambda). Rows whose free-column leverage is 1 cannot be left out and are skipped.
     */
    private static final class Loo {
        final int m, live;
        final double[] w, hq, r, sigma;

        Loo(double[] a, int m, int p, List<double[]> q, double[] r, double[] sigma, double[] vt, double smax) {
            this.m = m;
            this.r = r;
            this.sigma = sigma;
            int k = 0;
            while (k < sigma.length && sigma[k] > smax * 1e-13 && sigma[k] > 0) k++;
            live = k;
            w = new double[m * live];
            for (int c = 0; c < live; c++) {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int j = 0; j < p; j++) s += a[i * p + j] * vt[c * p + j];
                    w[i * live + c] = s / sigma[c];
                }
            }
            hq = new double[m];
            for (double[] qb : q) for (int i = 0; i < m; i++) hq[i] += qb[i] * qb[i];
        }

        double score(double lambda, double[] z) {
            double sum = 0;
            int used = 0;
            double[] f = new double[live];
            for (int c = 0; c < live; c++) f[c] = sigma[c] * sigma[c] / (sigma[c] * sigma[c] + lambda);
            for (int i = 0; i < m; i++) {
                if (hq[i] > 1 - 1e-10) continue;
                double h = hq[i], e = r[i];
                for (int c = 0; c < live; c++) {
                    double wi = w[i * live + c];
                    h += wi * wi * f[c];
                    e -= wi * z[c] * f[c];
                }
                double d = 1 - h;
                if (!(d > 1e-12)) return Double.POSITIVE_INFINITY;
                sum += (e / d) * (e / d);
                used++;
            }
            return used == 0 ? Double.POSITIVE_INFINITY : sum / used;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += alpha * x[i];
    }
}
