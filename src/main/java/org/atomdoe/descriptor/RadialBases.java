package org.atomdoe.descriptor;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The SOAP radial bases of DScribe 2.1.1 (Himanen et al., Comput. Phys. Commun. 247, 106949 (2020)).
 *
 * <p><b>GTO</b>: per degree l, {@code g_nl(r) = sum_k beta^l_nk r^l exp(-alpha_lk r^2)} with
 * {@code a_k = linspace(1, r_cut, n_max)}, {@code alpha_lk = -ln(1e-3 / a_k^l) / a_k^2} and
 * {@code beta^l = (S^l)^(-1/2)} (Löwdin), {@code S^l_kk' = Gamma(l + 3/2) / (2 (alpha_lk + alpha_lk')^(l+3/2))}
 * (overlap over all space).
 *
 * <p><b>Polynomial</b>: {@code g_n(r) = sum_{k=1..n_max} beta_nk (r_cut - r)^(k+2)} on
 * {@code [0, r_cut]}, {@code beta = S^(-1/2)},
 * {@code S_kk' = 2 r_cut^(7+k+k') / ((5+k+k')(6+k+k')(7+k+k'))}.
 */
public final class RadialBases {
    private RadialBases() {}

    /** {@code alpha[l][k]} of the GTO basis. */
    public static double[][] gtoAlphas(double rCut, int nMax, int lMax) {
        double[][] alpha = new double[lMax + 1][nMax];
        for (int l = 0; l <= lMax; l++) {
            for (int k = 0; k < nMax; k++) {
                double a = nMax == 1 ? 1.0 : 1.0 + (rCut - 1.0) * k / (nMax - 1);
                alpha[l][k] = -Math.log(1e-3 / Math.pow(a, l)) / (a * a);
            }
        }
        return alpha;
    }

    /** {@code beta[l]} (n_max x n_max, row n) of the GTO basis. */
    public static double[][][] gtoBetas(double[][] alpha) {
        int lMax = alpha.length - 1, nMax = alpha[0].length;
        double[][][] beta = new double[lMax + 1][][];
        for (int l = 0; l <= lMax; l++) {
            double[][] s = new double[nMax][nMax];
            double g = Math.sqrt(Math.PI); // Gamma(l + 3/2) = sqrt(pi) (2l+1)!! / 2^(l+1)
            for (int k = 0; k <= l; k++) g *= (2 * k + 1) / 2.0;
            for (int k = 0; k < nMax; k++)
                for (int q = 0; q < nMax; q++) s[k][q] = 0.5 * g * Math.pow(alpha[l][k] + alpha[l][q], -l - 1.5);
            beta[l] = inverseSqrtDoubleDouble(s);
        }
        return beta;
    }

    /** {@code beta} (n_max x n_max, row n) of the polynomial basis. */
    public static double[][] polynomialBetas(double rCut, int nMax) {
        double[][] s = new double[nMax][nMax];
        for (int k = 1; k <= nMax; k++)
            for (int q = 1; q <= nMax; q++)
                s[k - 1][q - 1] = 2 * Math.pow(rCut, 7 + k + q) / ((5.0 + k + q) * (6.0 + k + q) * (7.0 + k + q));
        return inverseSqrt(s);
    }

    /**
     * Symmetric {@code S^(-1/2)} (S symmetric positive definite) by cyclic Jacobi rotations in
     * 60-digit decimal arithmetic: the polynomial overlap has condition number ~1e16, beyond what
     * a double eigen-decomposition resolves (DScribe's own double path carries ~1e-5 errors there).
     */
    static double[][] inverseSqrt(double[][] s) {
        int n = s.length;
        MathContext mc = new MathContext(60);
        BigDecimal[][] a = new BigDecimal[n][n], v = new BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = new BigDecimal(s[i][j]);
                v[i][j] = i == j ? BigDecimal.ONE : BigDecimal.ZERO;
            }
        }
        BigDecimal two = BigDecimal.valueOf(2);
        for (int sweep = 0; sweep < 100; sweep++) {
            BigDecimal off = BigDecimal.ZERO, diag = BigDecimal.ZERO;
            for (int p = 0; p < n; p++) {
                diag = diag.add(a[p][p].abs());
                for (int q = p + 1; q < n; q++) off = off.add(a[p][q].abs());
            }
            if (off.compareTo(diag.multiply(new BigDecimal("1e-55"))) <= 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q].signum() == 0) continue;
                    BigDecimal theta = a[q][q].subtract(a[p][p]).divide(two.multiply(a[p][q]), mc);
                    BigDecimal t = BigDecimal.ONE.divide(theta.abs().add(theta.multiply(theta).add(BigDecimal.ONE).sqrt(mc)), mc);
                    if (theta.signum() < 0) t = t.negate();
                    BigDecimal c = BigDecimal.ONE.divide(t.multiply(t).add(BigDecimal.ONE).sqrt(mc), mc);
                    BigDecimal sn = t.multiply(c, mc);
                    for (int k = 0; k < n; k++) { // A <- A J (columns p, q)
                        BigDecimal akp = a[k][p], akq = a[k][q];
                        a[k][p] = c.multiply(akp).subtract(sn.multiply(akq)).round(mc);
                        a[k][q] = sn.multiply(akp).add(c.multiply(akq)).round(mc);
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A (rows p, q)
                        BigDecimal apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c.multiply(apk).subtract(sn.multiply(aqk)).round(mc);
                        a[q][k] = sn.multiply(apk).add(c.multiply(aqk)).round(mc);
                    }
                    for (int k = 0; k < n; k++) { // V <- V J
                        BigDecimal vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c.multiply(vkp).subtract(sn.multiply(vkq)).round(mc);
                        v[k][q] = sn.multiply(vkp).add(c.multiply(vkq)).round(mc);
                    }
                }
            }
        }
        BigDecimal[] f = new BigDecimal[n];
        for (int k = 0; k < n; k++) {
            if (a[k][k].signum() <= 0) throw new IllegalArgumentException("overlap matrix is not positive definite (eigenvalue " + a[k][k] + ")");
            f[k] = BigDecimal.ONE.divide(a[k][k].sqrt(mc), mc);
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal sum = BigDecimal.ZERO;
                for (int k = 0; k < n; k++) sum = sum.add(v[i][k].multiply(v[j][k]).multiply(f[k]), mc);
                out[i][j] = sum.doubleValue();
            }
        }
        return out;
    }

    /**
     * {@code S^(-1/2)} by the same cyclic Jacobi rotations as {@link #inverseSqrt}, in double-double arithmetic
     * (about 32 significant digits) instead of 60-digit decimals, for the GTO overlaps: their condition numbers
     * (1e7 to 5e8 for r_cut 5, n_max 8, l_max 0..6) leave errors near 1e-23 relative, far below the final rounding
     * to double, so the result is the decimal one (checked bit for bit over a grid of settings in the tests); it
     * costs a few ms where the decimal version took 0.7-2.8 s in a fresh JVM and kept the C2 compiler busy with
     * {@code BigDecimal} for another ~2 s, just when the descriptor kernels were waiting for it. The polynomial
     * overlap (condition ~1e16) stays on {@link #inverseSqrt}.
     */
    static double[][] inverseSqrtDoubleDouble(double[][] s) {
        int n = s.length;
        double[][] ah = new double[n][n], al = new double[n][n], vh = new double[n][n], vl = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) ah[i][j] = s[i][j];
            vh[i][i] = 1;
        }
        boolean converged = false;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++) {
                diag += Math.abs(ah[p][p]);
                for (int q = p + 1; q < n; q++) off += Math.abs(ah[p][q]);
            }
            // one more sweep after the threshold: quadratic convergence takes the rest down to the double-double floor
            if (converged || off == 0) break;
            if (off <= diag * 1e-29) converged = true;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (ah[p][q] == 0) continue;
                    // theta = (a_qq - a_pp) / (2 a_pq)
                    DD theta = DD.div(DD.sub(ah[q][q], al[q][q], ah[p][p], al[p][p]), 2 * ah[p][q], 2 * al[p][q]);
                    // t = sign(theta) / (|theta| + sqrt(theta^2 + 1))
                    DD at = theta.hi < 0 ? theta.neg() : theta;
                    // beyond 1e17, sqrt(theta^2 + 1) = |theta| to double-double precision (and theta^2 may overflow)
                    DD root = at.hi > 1e17 ? at : DD.sqrt(DD.add(DD.mul(theta, theta), DD.ONE));
                    DD t = DD.div(DD.ONE, DD.add(at, root));
                    if (theta.hi < 0) t = t.neg();
                    DD c = DD.div(DD.ONE, DD.sqrt(DD.add(DD.mul(t, t), DD.ONE)));
                    DD sn = DD.mul(t, c);
                    for (int k = 0; k < n; k++) rotate(c, sn, ah[k], al[k], p, ah[k], al[k], q); // A <- A J (columns p, q)
                    for (int k = 0; k < n; k++) rotate(c, sn, ah[p], al[p], k, ah[q], al[q], k); // A <- J^T A (rows p, q)
                    for (int k = 0; k < n; k++) rotate(c, sn, vh[k], vl[k], p, vh[k], vl[k], q); // V <- V J
                }
            }
        }
        DD[] f = new DD[n];
        for (int k = 0; k < n; k++) {
            if (!(ah[k][k] > 0)) throw new IllegalArgumentException("overlap matrix is not positive definite (eigenvalue " + ah[k][k] + ")");
            f[k] = DD.div(DD.ONE, DD.sqrt(new DD(ah[k][k], al[k][k])));
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                DD sum = DD.ZERO;
                for (int k = 0; k < n; k++) sum = DD.add(sum, DD.mul(DD.mul(new DD(vh[i][k], vl[i][k]), new DD(vh[j][k], vl[j][k])), f[k]));
                out[i][j] = sum.hi + sum.lo;
            }
        }
        return out;
    }

    /**
     * One Jacobi rotation of a pair of double-double entries, {@code P = (hp[ip], lp[ip])} and {@code Q = (hq[iq],
     * lq[iq])}: {@code P <- c P - s Q}, {@code Q <- s P + c Q}.
     */
    private static void rotate(DD c, DD sn, double[] hp, double[] lp, int ip, double[] hq, double[] lq, int iq) {
        DD P = new DD(hp[ip], lp[ip]), Q = new DD(hq[iq], lq[iq]);
        DD x = DD.sub(DD.mul(c, P), DD.mul(sn, Q)), y = DD.add(DD.mul(sn, P), DD.mul(c, Q));
        hp[ip] = x.hi;
        lp[ip] = x.lo;
        hq[iq] = y.hi;
        lq[iq] = y.lo;
    }

    /**
     * A double-double number {@code hi + lo}, {@code |lo| <= ulp(hi) / 2} (Dekker 1971; Hida, Li and Bailey,
     * "Library for double-double and quad-double arithmetic", 2007: the accurate add, FMA product, long division
     * and one Newton step for the square root).
     */
    private record DD(double hi, double lo) {
        static final DD ZERO = new DD(0, 0), ONE = new DD(1, 0);

        DD neg() {
            return new DD(-hi, -lo);
        }

        /** hi + lo of a sum whose parts may overlap, renormalised ({@code |a| >= |b|} not needed). */
        private static DD twoSum(double a, double b, double extra) {
            double s = a + b, bb = s - a, e = (a - (s - bb)) + (b - bb) + extra;
            double h = s + e;
            return new DD(h, e - (h - s));
        }

        static DD add(DD a, DD b) {
            return add(a.hi, a.lo, b.hi, b.lo);
        }

        static DD add(double ah, double al, double bh, double bl) {
            double s = ah + bh, bb = s - ah, e = (ah - (s - bb)) + (bh - bb);
            double t = al + bl, tb = t - al, f = (al - (t - tb)) + (bl - tb);
            e += t;
            double h = s + e;
            e = e - (h - s);
            e += f;
            double h2 = h + e;
            return new DD(h2, e - (h2 - h));
        }

        static DD sub(DD a, DD b) {
            return add(a.hi, a.lo, -b.hi, -b.lo);
        }

        static DD sub(double ah, double al, double bh, double bl) {
            return add(ah, al, -bh, -bl);
        }

        static DD mul(DD a, DD b) {
            double p = a.hi * b.hi, e = Math.fma(a.hi, b.hi, -p);
            e += a.hi * b.lo + a.lo * b.hi;
            double h = p + e;
            return new DD(h, e - (h - p));
        }

        static DD div(DD a, double bh, double bl) {
            return div(a, new DD(bh, bl));
        }

        static DD div(DD a, DD b) {
            double q1 = a.hi / b.hi;
            DD r = sub(a, mul(b, new DD(q1, 0)));
            double q2 = r.hi / b.hi;
            r = sub(r, mul(b, new DD(q2, 0)));
            double q3 = r.hi / b.hi;
            DD q = twoSum(q1, q2, 0);
            return add(q, new DD(q3, 0));
        }

        static DD sqrt(DD a) {
            if (a.hi <= 0) return ZERO;
            double x = Math.sqrt(a.hi);
            DD r = sub(a, mul(new DD(x, 0), new DD(x, 0)));
            return twoSum(x, r.hi / (2 * x), 0);
        }
    }

    /** Gauss-Legendre nodes and weights on [a, b]: {@code [0]} nodes, {@code [1]} weights. */
    public static double[][] gaussLegendre(int n, double a, double b) {
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) p0 = 1;
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) break;
            }
            double p0 = 1, p1 = z;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n * (z * p1 - p0) / (z * z - 1);
            double wi = 2 / ((1 - z * z) * dp * dp);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = wi;
            w[n - 1 - i] = wi;
        }
        double h = 0.5 * (b - a), m = 0.5 * (b + a);
        for (int i = 0; i < n; i++) {
            x[i] = m + h * x[i];
            w[i] *= h;
        }
        return new double[][] {x, w};
    }

    /**
     * Exponentially scaled modified spherical Bessel functions of the first kind,
     * {@code out[l] = exp(-x) i_l(x)} for {@code l = 0..lMax}, {@code x >= 0}: the power series for
     * the two highest orders and stable downward recurrence for {@code x < 15}, the closed forms of
     * {@code i_0, i_1} and upward recurrence (stable there) beyond.
     */
    public static void scaledBesselI(double x, int lMax, double[] out) {
        if (x < 1e-300) {
            out[0] = 1.0;
            for (int l = 1; l <= lMax; l++) out[l] = 0.0;
            return;
        }
        if (x < 15.0) {
            int top = Math.max(lMax, 1);
            double a = seriesI(x, top), b = seriesI(x, top - 1);
            double ex = Math.exp(-x);
            double[] tmp = new double[top + 1];
            tmp[top] = a * ex;
            tmp[top - 1] = b * ex;
            for (int l = top - 1; l >= 1; l--) tmp[l - 1] = tmp[l + 1] + (2 * l + 1) / x * tmp[l];
            System.arraycopy(tmp, 0, out, 0, lMax + 1);
            return;
        }
        double e2 = Math.exp(-2 * x);
        double i0 = (1 - e2) / (2 * x);
        out[0] = i0;
        if (lMax == 0) return;
        double i1 = ((1 + e2) / 2 - i0) / x;
        out[1] = i1;
        for (int l = 1; l < lMax; l++) out[l + 1] = out[l - 1] - (2 * l + 1) / x * out[l];
    }

    /** {@code i_l(x)} by its power series (all terms positive). */
    private static double seriesI(double x, int l) {
        double term = 1.0;
        for (int k = 1; k <= l; k++) term *= x / (2 * k + 1);
        double sum = term, y = 0.5 * x * x;
        for (int t = 1; t < 500; t++) {
            term *= y / (t * (2.0 * l + 2 * t + 1));
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    }
}
