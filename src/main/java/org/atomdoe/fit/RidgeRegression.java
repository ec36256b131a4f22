package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted ridge least squares over blocks of rows, with the ridge parameter chosen by
 * generalised cross-validation (GCV).
 *
 * <p>Problem: columns split into unpenalised ones {@code U} (intercept-like, e.g. per-species atom
 * counts whose coefficients are the reference energies {@code e0_s}) and penalised ones {@code P}
 * (descriptor sums). With row weights {@code w_i} and targets {@code y_i} it minimises
 * <pre>  sum_i w_i (y_i - u_i . a - p_i . b)^2 + lambda * sum_j (t_j b_j)^2 </pre>
 * where {@code t_j} is the weighted norm of column {@code j} of {@code P} after the unpenalised
 * columns have been projected out. That is ordinary ridge on standardised columns with the
 * intercepts left free, the textbook treatment of an intercept (Hastie, Tibshirani & Friedman,
 * <i>Elements of Statistical Learning</i>, 2nd ed., sec. 3.4.1) generalised to several
 * intercept-like columns. The species columns are left <b>unpenalised</b>: the {@code e0_s} are
 * hundreds of eV per cell and any penalty on them would bias every prediction; they are few, so
 * leaving them free costs no variance.
 *
 * <p>Method, stable without forming the normal equations:
 * <ol>
 * <li>each column is pre-scaled to unit weighted norm (a column of zeros is dropped); unpenalised
 *     columns that are linearly dependent on earlier ones (modified Gram-Schmidt, relative
 *     tolerance 1e-10) are dropped, e.g. a species absent from the subset;</li>
 * <li>the weighted rows {@code sqrt(w_i) [u_i p_i | y_i]} are reduced, one row at a time, by
 *     Givens rotations into {@code R = [[R_UU, R_UP], [0, R_PP]]}, {@code c = Q'y} and the residual
 *     sum of squares outside the column space (a streaming QR: memory is {@code p^2} however many
 *     rows, so force rows can be added as further blocks; Golub & Van Loan, <i>Matrix
 *     Computations</i>, 4th ed., sec. 5.2.5 and 6.5);</li>
 * <li>{@code R_PP} holds the penalised columns with {@code U} projected out; its column norms are
 *     the {@code t_j} (columns with {@code t_j < 1e-10} are combinations of {@code U} and are
 *     dropped); {@code Z = R_PP diag(1/t)} (its non-zero rows) is decomposed by SVD,
 *     {@code Z = W S V'}, with one-sided Jacobi ({@link JacobiSvd});</li>
 * <li>for each lambda, with {@code z = W' c_P}: coefficients
 *     {@code beta = V diag(s/(s^2+lambda)) z}, training residual
 *     {@code RSS = RSS_0 + sum_k (lambda/(s_k^2+lambda))^2 z_k^2}, hat-matrix trace
 *     {@code df = q_U + sum_k s_k^2/(s_k^2+lambda)}, so every grid point costs O(p);</li>
 * <li>GCV(lambda) = {@code m RSS / (m - df)^2} with {@code m} the rows of positive weight
 *     (Golub, Heath & Wahba, Technometrics 21, 215 (1979)), or the modified
 *     {@code m RSS / (m - alpha df)^2} ({@link RidgeSettings#gcvDofFactor()}), or the exact
 *     leave-one-row-out mean squared residual {@code mean (e_i / (1 - h_ii))^2} (O(m p) per
 *     lambda from the same SVD); the smallest minimiser on the grid is taken (criterion values
 *     below {@code 1e-20} of the mean squared weighted target are round-off of an exact fit and
 *     count as ties, so noise-free data keep the smallest lambda);
 *     then {@code a = R_UU^-1 (c_U - R_UP b)} and all scalings are undone.</li>
 * </ol>
 * Cost: {@code O(m p^2)} for the QR and {@code O(min(m,p) p^2)} for the SVD. Pure function of its
 * inputs; safe to call from several threads.
 */
public final class RidgeRegression {
    /** Relative tolerance below which a column counts as zero or dependent. */
    static final double DEPENDENCE_TOL = 1e-10;
    /** Criterion values below this fraction of the mean squared weighted target count as an exact fit. */
    static final double EXACT_FIT_LEVEL = 1e-20;

    private RidgeRegression() {}

    /** Fits one block (see {@link #fit(List, boolean[], RidgeSettings)}). */
    public static RidgeSolution fit(RowBlock block, boolean[] penalised, RidgeSettings settings) {
        return fit(List.of(block), penalised, settings);
    }

    /**
     * Fits the stacked blocks.
     *
     * @param blocks    row blocks, all with the same column count
     * @param penalised per column: true when the ridge penalty applies
     * @param settings  fixed lambda or GCV grid
     */
    public static RidgeSolution fit(List<RowBlock> blocks, boolean[] penalised, RidgeSettings settings) {
        if (blocks == null || blocks.isEmpty()) throw new IllegalArgumentException("need at least one row block");
        int cols = blocks.get(0).cols();
        for (RowBlock b : blocks) {
            if (b.cols() != cols) {
                throw new IllegalArgumentException("row block '" + b.name() + "' has " + b.cols()
                        + " columns, the first block has " + cols);
            }
        }
        if (penalised == null || penalised.length != cols) {
            throw new IllegalArgumentException("expected " + cols + " penalty flags, got "
                    + (penalised == null ? "null" : penalised.length));
        }

        // 1. weighted column norms; rows with positive weight
        double[] norm2 = new double[cols];
        int m = 0;
        for (RowBlock b : blocks) {
            double[] x = b.x();
            for (int i = 0; i < b.rows(); i++) {
                double w = b.weight(i);
                int o = i * cols;
                for (int j = 0; j < cols; j++) {
                    double v = x[o + j];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("row block '" + b.name() + "': entry (" + i + ", "
                                + j + ") is not finite: " + v);
                    }
                    norm2[j] += w * v * v;
                }
                if (w > 0) m++;
            }
        }
        if (m == 0) throw new IllegalArgumentException("no row has a positive weight: nothing to fit");
        double[] scale = new double[cols];
        for (int j = 0; j < cols; j++) scale[j] = Math.sqrt(norm2[j]);

        List<Integer> dropped = new ArrayList<>();
        List<Integer> unpen = new ArrayList<>(), pen = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            if (!(scale[j] > 0)) {
                dropped.add(j);
            } else if (penalised[j]) {
                pen.add(j);
            } else {
                unpen.add(j);
            }
        }
        unpen = independentColumns(blocks, unpen, scale, dropped);
        int qu = unpen.size(), qp = pen.size(), k = qu + qp;
        int[] order = new int[k];
        for (int i = 0; i < qu; i++) order[i] = unpen.get(i);
        for (int i = 0; i < qp; i++) order[qu + i] = pen.get(i);

        // 2. streaming Givens QR of sqrt(w) [U P | y] with pre-scaled columns
        double[] r = new double[k * k];
        double[] c = new double[k];
        double rss0 = 0, y2 = 0;
        double[] row = new double[k];
        for (RowBlock b : blocks) {
            double[] x = b.x();
            double[] y = b.targets();
            for (int i = 0; i < b.rows(); i++) {
                double w = b.weight(i);
                if (w <= 0) continue;
                double sw = Math.sqrt(w);
                int o = i * cols;
                for (int l = 0; l < k; l++) row[l] = sw * x[o + order[l]] / scale[order[l]];
                y2 += w * y[i] * y[i];
                rss0 += givensRow(r, c, k, row, sw * y[i]);
            }
        }

        // 3. penalised block with U projected out; drop columns that U explains
        double[] t = new double[qp];
        List<Integer> keepP = new ArrayList<>();
        for (int jj = 0; jj < qp; jj++) {
            double s = 0;
            for (int ii = 0; ii <= jj; ii++) {
                double v = r[(qu + ii) * k + qu + jj];
                s += v * v;
            }
            t[jj] = Math.sqrt(s);
            if (t[jj] > DEPENDENCE_TOL) keepP.add(jj);
            else dropped.add(order[qu + jj]);
        }
        int pk = keepP.size();
        // rows of R_PP that carry anything (at most min(m, qp))
        List<Integer> liveRows = new ArrayList<>();
        double cp2 = 0;
        for (int ii = 0; ii < qp; ii++) {
            double cv = c[qu + ii];
            boolean live = cv != 0;
            for (int jj = ii; jj < qp && !live; jj++) live = r[(qu + ii) * k + qu + jj] != 0;
            if (live) {
                liveRows.add(ii);
                cp2 += cv * cv;
            }
        }

        double[] sigma = new double[0];
        double[] z = new double[0];
        double[][] v = new double[pk][0];
        double outside = cp2;
        if (pk > 0 && !liveRows.isEmpty()) {
            int nr = liveRows.size();
            double[] zm = new double[nr * pk];
            double[] cpl = new double[nr];
            for (int a = 0; a < nr; a++) {
                int ii = liveRows.get(a);
                cpl[a] = c[qu + ii];
                for (int bcol = 0; bcol < pk; bcol++) {
                    int jj = keepP.get(bcol);
                    zm[a * pk + bcol] = jj >= ii ? r[(qu + ii) * k + qu + jj] / t[jj] : 0.0;
                }
            }
            outside = 0;
            if (nr > pk) { // tall (some penalised columns were dropped): reduce to pk x pk first
                double[] r2 = new double[pk * pk], c2 = new double[pk], rowBuf = new double[pk];
                for (int a = 0; a < nr; a++) {
                    System.arraycopy(zm, a * pk, rowBuf, 0, pk);
                    outside += givensRow(r2, c2, pk, rowBuf, cpl[a]);
                }
                zm = r2;
                cpl = c2;
                nr = pk;
            }
            JacobiSvd.Result svd = JacobiSvd.decompose(zm, nr, pk, cpl);
            sigma = svd.sigma();
            z = svd.z();
            v = new double[pk][nr];
            for (int q = 0; q < nr; q++) for (int bcol = 0; bcol < pk; bcol++) v[bcol][q] = svd.vt()[q * pk + bcol];
            // the left factor is square (nr x nr): what of c_P is not in z went to 'outside' above
        }
        double smax = sigma.length == 0 ? 0 : sigma[0];
        int rank = 0;
        for (double s : sigma) if (s > smax * 1e-12 && s > 0) rank++;

        // 4./5. criterion over the grid
        double[] grid = settings.lambdaGrid();
        double[] scoreCurve = new double[grid.length];
        double[] gcvCurve = new double[grid.length];
        Loo loo = settings.criterion() == RidgeSettings.Criterion.LOOCV
                ? looRows(blocks, cols, order, qu, qp, keepP, t, scale, r, c, k, sigma, v, z, smax) : null;
        for (int g = 0; g < grid.length; g++) {
            gcvCurve[g] = gcv(grid[g], sigma, z, rss0 + outside, qu, m, smax, 1.0);
            scoreCurve[g] = switch (settings.criterion()) {
                case FIXED -> gcvCurve[g];
                case GCV -> settings.gcvDofFactor() == 1.0 ? gcvCurve[g]
                        : gcv(grid[g], sigma, z, rss0 + outside, qu, m, smax, settings.gcvDofFactor());
                case LOOCV -> loo.score(grid[g], sigma, z, smax);
                case ML -> negLogEvidence(grid[g], sigma, z, rss0 + outside, m - qu, smax);
            };
        }
        int best = bestOnGrid(scoreCurve, settings, y2, m);
        double lambda = grid[best];

        double[] beta = new double[pk];
        for (int q = 0; q < sigma.length; q++) {
            double f = filter(sigma[q], lambda, smax);
            if (f == 0) continue;
            double fz = f * z[q];
            for (int bcol = 0; bcol < pk; bcol++) beta[bcol] += v[bcol][q] * fz;
        }
        double[] coefScaled = new double[k]; // coefficients of the pre-scaled columns, in 'order'
        for (int bcol = 0; bcol < pk; bcol++) {
            int jj = keepP.get(bcol);
            coefScaled[qu + jj] = beta[bcol] / t[jj];
        }
        for (int i = qu - 1; i >= 0; i--) { // back substitution R_UU a = c_U - R_UP b - (upper part of a)
            double s = c[i];
            for (int l = i + 1; l < k; l++) s -= r[i * k + l] * coefScaled[l];
            coefScaled[i] = s / r[i * k + i];
        }
        double[] coef = new double[cols];
        for (int l = 0; l < k; l++) coef[order[l]] = coefScaled[l] / scale[order[l]];

        double rss = rss(lambda, sigma, z, rss0 + outside, smax);
        double df = dof(lambda, sigma, qu, smax);
        int[] droppedArr = dropped.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new RidgeSolution(coef, penalised.clone(), droppedArr, settings.criterion(), lambda, scoreCurve[best],
                gcvCurve[best], df, rss, m, rank, grid.clone(), scoreCurve);
    }

    /**
     * The grid index of the smallest score; scores at round-off level of an exact fit
     * ({@code EXACT_FIT_LEVEL} of the mean squared weighted target {@code y2 / m}) are ties, resolved to
     * the smallest lambda (not for the marginal likelihood, whose score is a logarithm).
     */
    static int bestOnGrid(double[] score, RidgeSettings settings, double y2, int m) {
        int best = 0;
        for (int g = 1; g < score.length; g++) if (score[g] < score[best]) best = g;
        double floor = settings.criterion() == RidgeSettings.Criterion.ML ? score[best]
                : Math.max(score[best], EXACT_FIT_LEVEL * y2 / m);
        for (int g = 0; g < score.length; g++) if (score[g] <= floor) return g;
        return best;
    }

    /** Filter factor s/(s^2+lambda); singular values at round-off level count as zero. */
    static double filter(double s, double lambda, double smax) {
        if (!(s > smax * 1e-13) || s == 0) return 0;
        return s / (s * s + lambda);
    }

    static double rss(double lambda, double[] sigma, double[] z, double base, double smax) {
        double rss = base;
        for (int q = 0; q < sigma.length; q++) {
            double s = sigma[q];
            double shrink = s > smax * 1e-13 && s > 0 ? lambda / (s * s + lambda) : 1.0;
            rss += shrink * shrink * z[q] * z[q];
        }
        return rss;
    }

    static double dof(double lambda, double[] sigma, int qu, double smax) {
        double df = qu;
        for (double s : sigma) {
            if (s > smax * 1e-13 && s > 0) df += s * s / (s * s + lambda);
        }
        return df;
    }

    static double gcv(double lambda, double[] sigma, double[] z, double base, int qu, int m, double smax,
                              double alpha) {
        double df = dof(lambda, sigma, qu, smax);
        double denom = m - alpha * df;
        if (!(denom > 1e-9 * m)) return Double.POSITIVE_INFINITY;
        return m * rss(lambda, sigma, z, base, smax) / (denom * denom);
    }

    /**
     * Minus twice the profile log marginal likelihood up to a constant ({@link RidgeSettings.Criterion#ML}):
     * {@code m' log Q + log det} with {@code Q = sum z_k^2 / (s_k^2 + lambda) + rest / lambda} and
     * {@code log det = sum log(s_k^2 + lambda) + (m' - live) log lambda} over the {@code m'}
     * directions orthogonal to the unpenalised columns ({@code live}: singular values above
     * round-off; {@code rest}: the target outside them, {@code base} included).
     */
    static double negLogEvidence(double lambda, double[] sigma, double[] z, double base, int mProj, double smax) {
        if (mProj < 1) return Double.POSITIVE_INFINITY;
        double q = 0, logDet = 0, rest = base;
        int live = 0;
        for (int k = 0; k < sigma.length; k++) {
            double s = sigma[k];
            if (s > smax * 1e-13 && s > 0 && live < mProj) {
                q += z[k] * z[k] / (s * s + lambda);
                logDet += Math.log(s * s + lambda);
                live++;
            } else {
                rest += z[k] * z[k];
            }
        }
        q += rest / lambda;
        logDet += (mProj - live) * Math.log(lambda);
        return q > 0 ? mProj * Math.log(q) + logDet : Double.NEGATIVE_INFINITY;
    }

    /**
     * Per-row quantities for exact leave-one-out residuals: with the unpenalised part projected
     * out, row i's hat diagonal is {@code hU_i + sum_q G_iq^2 s_q^2/(s_q^2+lambda)} and its
     * residual {@code ytil_i - sum_q G_iq s_q^2/(s_q^2+lambda) z_q}, where {@code G_iq} is row i of
     * the residualised standardised matrix times {@code v_q / s_q}; the residual is evaluated as
 * {@code eOut_i + sum_q G_iq z_q lambda/(s_q^2+lambda)} with {@code eOut} the part outside
 * the fitted range, free of cancellation on noise-free data. Rows whose unpenalised
     * leverage is 1 (nothing else determines their species column) cannot be left out and are
     * skipped.
     */
    private record Loo(double[] hU, double[] eOut, double[] g, int nq, int used) {
        double score(double lambda, double[] sigma, double[] z, double smax) {
            double sum = 0;
            double[] shrink = new double[nq], rest = new double[nq];
            for (int q = 0; q < nq; q++) {
                double s2 = sigma[q] * sigma[q];
                shrink[q] = s2 / (s2 + lambda);
                rest[q] = z[q] * lambda / (s2 + lambda);
            }
            for (int i = 0; i < used; i++) {
                // residual = (part outside the fitted range, lambda-free) + shrunk-away part: no cancellation
                double h = hU[i], e = eOut[i];
                int o = i * nq;
                for (int q = 0; q < nq; q++) {
                    double gq = g[o + q];
                    h += gq * gq * shrink[q];
                    e += gq * rest[q];
                }
                double d = 1 - h;
                if (!(d > 1e-10)) return Double.POSITIVE_INFINITY;
                e /= d;
                sum += e * e;
            }
            return used == 0 ? Double.POSITIVE_INFINITY : sum / used;
        }
    }

    private static Loo looRows(List<RowBlock> blocks, int cols, int[] order, int qu, int qp, List<Integer> keepP,
                               double[] t, double[] scale, double[] r, double[] c, int k, double[] sigma,
                               double[][] v, double[] z, double smax) {
        int nq = 0;
        while (nq < sigma.length && sigma[nq] > smax * 1e-13 && sigma[nq] > 0) nq++;
        // C = R_UU^-1 R_UP and a0 = R_UU^-1 c_U (projection of P and y on U)
        double[] cu = new double[qu * qp];
        double[] a0 = new double[qu];
        for (int jj = -1; jj < qp; jj++) {
            double[] sol = new double[qu];
            for (int i = qu - 1; i >= 0; i--) {
                double s = jj < 0 ? c[i] : r[i * k + qu + jj];
                for (int l = i + 1; l < qu; l++) s -= r[i * k + l] * sol[l];
                sol[i] = s / r[i * k + i];
            }
            if (jj < 0) a0 = sol;
            else for (int i = 0; i < qu; i++) cu[i * qp + jj] = sol[i];
        }
        int total = 0;
        for (RowBlock b : blocks) total += b.rows();
        double[] hU = new double[total], ytil = new double[total], g = new double[(long) total * nq > Integer.MAX_VALUE
                ? failTooBig(total, nq) : total * nq];
        double[] u = new double[qu], pt = new double[qp], gu = new double[qu];
        int used = 0;
        for (RowBlock b : blocks) {
            double[] x = b.x();
            for (int i = 0; i < b.rows(); i++) {
                double w = b.weight(i);
                if (w <= 0) continue;
                double sw = Math.sqrt(w);
                int o = i * cols;
                for (int l = 0; l < qu; l++) u[l] = sw * x[o + order[l]] / scale[order[l]];
                double h = 0;
                for (int l = 0; l < qu; l++) { // forward solve R_UU' gu = u
                    double s = u[l];
                    for (int a = 0; a < l; a++) s -= r[a * k + l] * gu[a];
                    gu[l] = s / r[l * k + l];
                    h += gu[l] * gu[l];
                }
                if (h > 1 - 1e-10) continue;
                double yt = sw * b.targets()[i];
                for (int l = 0; l < qu; l++) yt -= u[l] * a0[l];
                for (int jj = 0; jj < qp; jj++) {
                    double s = sw * x[o + order[qu + jj]] / scale[order[qu + jj]];
                    for (int l = 0; l < qu; l++) s -= u[l] * cu[l * qp + jj];
                    pt[jj] = s;
                }
                for (int q = 0; q < nq; q++) {
                    double s = 0;
                    for (int bcol = 0; bcol < keepP.size(); bcol++) {
                        int jj = keepP.get(bcol);
                        s += pt[jj] / t[jj] * v[bcol][q];
                    }
                    g[used * nq + q] = s / sigma[q];
                    yt -= g[used * nq + q] * z[q]; // the fitted part at lambda = 0
                }
                hU[used] = h;
                ytil[used] = yt;
                used++;
            }
        }
        return new Loo(hU, ytil, g, nq, used);
    }

    private static int failTooBig(int rows, int nq) {
        throw new IllegalArgumentException("leave-one-out needs a " + rows + " x " + nq
                + " scratch matrix, too large; use GCV for this many rows");
    }

    /**
     * Folds one weighted row {@code (a | y)} into the triangular factor by Givens rotations and
     * returns the square of what is left of {@code y} (its contribution to the residual outside the
     * column space). {@code a} is overwritten.
     */
    static double givensRow(double[] r, double[] c, int k, double[] a, double y) {
        for (int j = 0; j < k; j++) {
            double aj = a[j];
            if (aj == 0) continue;
            int rj = j * k;
            double rjj = r[rj + j];
            double h = Math.sqrt(rjj * rjj + aj * aj);
            double cs = rjj / h, sn = aj / h;
            r[rj + j] = h;
            a[j] = 0;
            for (int l = j + 1; l < k; l++) {
                double tv = r[rj + l], av = a[l];
                r[rj + l] = cs * tv + sn * av;
                a[l] = cs * av - sn * tv;
            }
            double tc = c[j];
            c[j] = cs * tc + sn * y;
            y = cs * y - sn * tc;
        }
        return y * y;
    }

    /**
     * The unpenalised columns (in order) that are not numerically combinations of earlier ones, by
     * modified Gram-Schmidt with one re-orthogonalisation over the weighted, pre-scaled columns;
     * the others are added to {@code dropped}.
     */
    private static List<Integer> independentColumns(List<RowBlock> blocks, List<Integer> cand, double[] scale,
                                                    List<Integer> dropped) {
        if (cand.isEmpty()) return cand;
        int total = 0;
        for (RowBlock b : blocks) total += b.rows();
        List<double[]> basis = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int j : cand) {
            double[] col = new double[total];
            int o = 0;
            for (RowBlock b : blocks) {
                int cols = b.cols();
                for (int i = 0; i < b.rows(); i++) col[o++] = Math.sqrt(b.weight(i)) * b.x()[i * cols + j] / scale[j];
            }
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double d = 0;
                    for (int i = 0; i < total; i++) d += q[i] * col[i];
                    for (int i = 0; i < total; i++) col[i] -= d * q[i];
                }
            }
            double nrm = 0;
            for (double vv : col) nrm += vv * vv;
            nrm = Math.sqrt(nrm);
            if (nrm > DEPENDENCE_TOL) {
                for (int i = 0; i < total; i++) col[i] /= nrm;
                basis.add(col);
                kept.add(j);
            } else {
                dropped.add(j);
            }
        }
        return kept;
    }
}
