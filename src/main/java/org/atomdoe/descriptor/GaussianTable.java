package org.atomdoe.descriptor;

/**
 * Tabulated Gaussians {@code exp(-gamma_q s)} for {@code s} in {@code [0, sMax]} (s = r^2), to full double
 * precision with about a third of the work of an exponential: with the grid {@code s_i = i h} and
 * {@code i = rint(s / h)}, {@code delta = s - s_i} ({@code |delta| <= h / 2}),
 * <pre>exp(-gamma s) = exp(-gamma s_i) exp(u),   u = -gamma delta,
 * exp(u) ~ 1 + u + u^2/2! + ... + u^7/7!   (Horner),</pre>
 * where the first factor is read from a table computed once with {@link Math#exp}. The step is
 * the largest power of two {@code h <= 1 / (16 gamma_max)}, so {@code |u| <= 1/32} and the Taylor remainder is below
 * {@code (1/32)^8 / 8! e^(1/32) < 2.4e-17} relative, less than the rounding of the eight
 * floating-point operations (about 4e-16 relative in all, the accuracy of {@code Math.exp} up to a few
 * ulps; no interpolation error in the usual sense). As h is a power of two, the grid points {@code i h} are
 * exact, {@code delta} (one fused multiply-add) is exact, and the table entries are {@code exp(-gamma s_i)}
 * with the rounding of {@code gamma s_i} corrected: the result is closer to the true Gaussian than
 * {@code Math.exp(-gamma * s)}, whose argument carries a rounding of {@code gamma s 1.1e-16} (4e-15 relative at
 * gamma s = 36).
 *
 * <p>Used by {@link SoapPowerSpectrum} (GTO basis: 56 Gaussians per neighbour for n_max 8, l_max 6), whose
 * exponentials dominated the run time. The scalar ({@link ScalarDescriptorKernels#gaussianTable}) and vector
 * evaluations perform the same operations in the same order (fma included), so they agree bit for bit.
 *
 * <p>{@link #forRows} tables (SOAP's value rows, {@link DescriptorKernels#soapGaussianRows}) trade a twice finer grid for
 * two operations less per value: the step is the largest power of two with {@code |u| <= U = gamma_max h / 2} small
 * enough that the degree-{@value #ROW_DEGREE} truncated Chebyshev series of {@code exp(u)} on {@code [-U_q, U_q]}
 * ({@code U_q = gamma_q h / 2}, per exponent) is within {@link #ROW_TOLERANCE} relative (bound {@code 2 sum_{j>5} I_j(U)},
 * I the modified Bessel functions; 4.2e-16 for SOAP's exponents, h = 1/16; with the rounding of the six operations
 * and of the table entry the values are within ~1e-15 relative, against 4e-15 for {@code Math.exp(-gamma * s)}, whose
 * argument is rounded), and the polynomial is kept in powers of
 * {@code delta} itself: {@code exp(-gamma_q delta) ~ sum_n c_qn delta^n} with {@code c_qn = b_n(U_q) (-2/h)^n}, b the
 * monomial coefficients of the series in {@code t = u / U_q} (exact scaling: h is a power of two). One value is then
 * five fused multiply-adds with loaded coefficients and one multiplication by the table entry (was a multiplication
 * for u, seven fused multiply-adds and the table multiplication): the Gaussians ran at ~80 % of the FMA pipes' peak
 * (thread CPU, {@code soap7}), so fewer operations are what makes them faster. Mason and Handscomb, <i>Chebyshev
 * Polynomials</i> (2003), 5.8 (the series of {@code exp(Ut)}: coefficients {@code 2 I_j(U)}); 6.1 (truncation error).
 */
public final class GaussianTable {
    /** Largest number of grid points per exponent: larger tables fall back to the exact kernel. */
    static final int MAX_POINTS = 1 << 16;
    /** 1 / k! for k = 0..7 (Taylor coefficients of exp). */
    static final double[] TAYLOR = {1.0, 1.0, 1 / 2.0, 1 / 6.0, 1 / 24.0, 1 / 120.0, 1 / 720.0, 1 / 5040.0};

    final double[] gamma;
    /** Grid step h and 1/h. */
    final double h, invH;
    /** Grid points per exponent (i in [0, points)). */
    final int points;
    /** {@code base[q * points + i] = exp(-gamma_q i h)}. */
    final double[] base;
    /**
     * The same entries point-major, {@code baseByPoint[i * size() + q]}: the values of all exponents at one grid point
     * are contiguous, so a kernel with lanes over the exponents reads them without a gather.
     */
    final double[] baseByPoint;
    /** {@code -gamma_q}. */
    final double[] negGamma;
    /** Degree of the polynomial of {@link #forRows} tables. */
    static final int ROW_DEGREE = 5;
    /** Relative accuracy a {@link #forRows} table's polynomial must reach on the whole grid interval (about 2 ulps). */
    static final double ROW_TOLERANCE = 5e-16;
    /**
     * {@link #forRows} tables only (else null): {@code rowCoeff[n * size() + q] = c_qn}, the coefficients of
     * {@code exp(-gamma_q delta) ~ sum_{n <= ROW_DEGREE} c_qn delta^n} for {@code |delta| <= h / 2}.
     */
    final double[] rowCoeff;

    private GaussianTable(double[] gamma, double h, int points, boolean rows) {
        this.gamma = gamma.clone();
        this.h = h;
        this.invH = 1 / h;
        this.points = points;
        base = new double[gamma.length * points];
        for (int q = 0; q < gamma.length; q++) {
            for (int i = 0; i < points; i++) {
                // i h is exact (h a power of two); the rounding e of gamma s_i is corrected to first order
                double s = i * h, p = gamma[q] * s, e = Math.fma(gamma[q], s, -p);
                base[q * points + i] = Math.exp(-p) * (1 - e);
            }
        }
        baseByPoint = new double[base.length];
        negGamma = new double[gamma.length];
        for (int q = 0; q < gamma.length; q++) {
            negGamma[q] = -gamma[q];
            for (int i = 0; i < points; i++) baseByPoint[i * gamma.length + q] = base[q * points + i];
        }
        rowCoeff = rows ? new double[(ROW_DEGREE + 1) * gamma.length] : null;
        if (rows) {
            for (int q = 0; q < gamma.length; q++) {
                double[] b = chebyshevMonomials(gamma[q] * h / 2);
                double scale = 1; // (-2/h)^n, exact
                for (int n = 0; n <= ROW_DEGREE; n++) {
                    rowCoeff[n * gamma.length + q] = b[n] * scale;
                    scale *= -2 * invH;
                }
            }
        }
    }

    /** Modified Bessel functions {@code I_j(x)}, j = 0..jMax, by their power series (x small: a few terms). */
    private static double[] besselI(double x, int jMax) {
        double[] out = new double[jMax + 1];
        double half = x / 2;
        for (int j = 0; j <= jMax; j++) {
            double term = 1; // (x/2)^j / j!
            for (int k = 1; k <= j; k++) term *= half / k;
            double sum = 0;
            for (int k = 0; k < 60 && term != 0; k++) {
                sum += term;
                term *= half * half / ((k + 1.0) * (k + 1 + j));
                if (term < 1e-20 * sum) break;
            }
            out[j] = sum;
        }
        return out;
    }

    /** Truncation error bound of the degree-ROW_DEGREE Chebyshev series of exp(u) on [-U, U], relative to exp(-U). */
    private static double rowError(double U) {
        double[] in = besselI(U, ROW_DEGREE + 6);
        double tail = 0;
        for (int j = ROW_DEGREE + 1; j < in.length; j++) tail += 2 * in[j];
        return tail * Math.exp(U);
    }

    /**
     * Monomial coefficients b_n (n = 0..ROW_DEGREE) of the truncated Chebyshev series of {@code exp(U t)} on [-1, 1]:
     * {@code I_0(U) + 2 sum_{j=1..5} I_j(U) T_j(t)} expanded in powers of t (every term of the same sign class adds
     * up without cancellation, as {@code I_j(U) ~ (U/2)^j / j!}).
     */
    private static double[] chebyshevMonomials(double U) {
        double[] in = besselI(U, ROW_DEGREE);
        // Chebyshev polynomials T_0..T_5 by coefficients: t[j][n]
        double[][] t = new double[ROW_DEGREE + 1][ROW_DEGREE + 1];
        t[0][0] = 1;
        t[1][1] = 1;
        for (int j = 2; j <= ROW_DEGREE; j++)
            for (int n = 0; n <= j; n++) t[j][n] = (n > 0 ? 2 * t[j - 1][n - 1] : 0) - t[j - 2][n];
        double[] b = new double[ROW_DEGREE + 1];
        // highest order first: the small terms are summed before the large ones
        for (int n = 0; n <= ROW_DEGREE; n++)
            for (int j = ROW_DEGREE; j >= 0; j--) b[n] += (j == 0 ? 1 : 2) * in[j] * t[j][n];
        return b;
    }

    /** The largest of {@code gamma}, after checking that every exponent and {@code sMax} are finite and >= 0. */
    private static double largestExponent(double[] gamma, double sMax) {
        if (!(sMax >= 0) || Double.isInfinite(sMax)) throw new IllegalArgumentException("sMax must be finite and >= 0, got " + sMax);
        double gMax = 0;
        for (double g : gamma) {
            if (!(g >= 0) || Double.isInfinite(g)) throw new IllegalArgumentException("exponents must be finite and >= 0, got " + g);
            gMax = Math.max(gMax, g);
        }
        return gMax;
    }

    /**
     * The table for exponents {@code gamma} (all >= 0) and arguments up to {@code sMax}, or null when the
     * table would exceed {@link #MAX_POINTS} points per exponent (then use the exact kernel).
     */
    public static GaussianTable of(double[] gamma, double sMax) {
        double gMax = largestExponent(gamma, sMax);
        // a power of two at most 1 / (16 gamma_max): grid points i h and delta = s - i h are then exact
        double h = Math.scalb(1.0, Math.getExponent(gMax > 0 ? 1 / (16 * gMax) : Math.max(sMax, 1.0)));
        double pts = Math.ceil(sMax / h) + 2; // rint(sMax / h) <= points - 1, with one spare
        if (pts > MAX_POINTS) return null;
        return new GaussianTable(gamma, h, (int) pts, false);
    }

    /**
     * A table for {@link DescriptorKernels#soapGaussianRows} (see the class comment): the largest power-of-two step h
     * whose degree-{@value #ROW_DEGREE} polynomial reaches {@link #ROW_TOLERANCE}; null when the table would exceed
     * {@link #MAX_POINTS} points per exponent. The Taylor kernels ({@link #value}) work on it too (a finer grid only
     * makes their polynomial more accurate).
     */
    public static GaussianTable forRows(double[] gamma, double sMax) {
        double gMax = largestExponent(gamma, sMax);
        double h = Math.scalb(1.0, Math.getExponent(gMax > 0 ? 1 / (16 * gMax) : Math.max(sMax, 1.0)));
        while (gMax > 0 && rowError(gMax * h / 2) > ROW_TOLERANCE) h /= 2;
        double pts = Math.ceil(sMax / h) + 2;
        if (pts > MAX_POINTS) return null;
        return new GaussianTable(gamma, h, (int) pts, true);
    }

    /** Number of exponents. */
    public int size() {
        return gamma.length;
    }

    /** Largest argument s the table serves. */
    public double sMax() {
        return (points - 2) * h;
    }

    /** Grid index of {@code s}: {@code rint(s / h)}, clamped to the table. */
    int index(double s) {
        int i = (int) Math.rint(s * invH);
        return Math.min(Math.max(i, 0), points - 1);
    }

    /** {@code exp(-gamma_q s)} by the table, one value (the definition every kernel reproduces). */
    public double value(int q, double s) {
        int i = index(s);
        double delta = Math.fma(-i, h, s);
        return base[q * points + i] * taylor(-gamma[q] * delta);
    }

    /**
     * {@code exp(-gamma_q s)} by a {@link #forRows} table, one value (the definition {@link DescriptorKernels#soapGaussianRows}
     * reproduces bit for bit): {@code base * (((((c_5 delta + c_4) delta + c_3) delta + c_2) delta + c_1) delta + c_0)}.
     */
    public double rowValue(int q, double s) {
        int i = index(s);
        double delta = Math.fma(-i, h, s);
        int nq = gamma.length;
        double p = Math.fma(rowCoeff[5 * nq + q], delta, rowCoeff[4 * nq + q]);
        p = Math.fma(p, delta, rowCoeff[3 * nq + q]);
        p = Math.fma(p, delta, rowCoeff[2 * nq + q]);
        p = Math.fma(p, delta, rowCoeff[nq + q]);
        p = Math.fma(p, delta, rowCoeff[q]);
        return baseByPoint[i * nq + q] * p;
    }

    /** Step of the grid. */
    public double step() {
        return h;
    }

    /** {@code exp(u)} for {@code |u| <= 1/32}: degree-7 Taylor polynomial by Horner with fused multiply-adds. */
    static double taylor(double u) {
        double p = Math.fma(u, TAYLOR[7], TAYLOR[6]);
        p = Math.fma(p, u, TAYLOR[5]);
        p = Math.fma(p, u, TAYLOR[4]);
        p = Math.fma(p, u, TAYLOR[3]);
        p = Math.fma(p, u, TAYLOR[2]);
        p = Math.fma(p, u, TAYLOR[1]);
        return Math.fma(p, u, TAYLOR[0]);
    }
}
