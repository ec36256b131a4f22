package org.atomdoe.descriptor;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.math3.special.Gamma;

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
            double g = Math.exp(Gamma.logGamma(l + 1.5));
            for (int k = 0; k < nMax; k++)
                for (int q = 0; q < nMax; q++) s[k][q] = 0.5 * g * Math.pow(alpha[l][k] + alpha[l][q], -l - 1.5);
            beta[l] = inverseSqrt(s);
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
