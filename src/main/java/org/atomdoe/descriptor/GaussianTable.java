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

    private GaussianTable(double[] gamma, double h, int points) {
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
    }

    /**
     * The table for exponents {@code gamma} (all >= 0) and arguments up to {@code sMax}, or null when the
     * table would exceed {@link #MAX_POINTS} points per exponent (then use the exact kernel).
     */
    public static GaussianTable of(double[] gamma, double sMax) {
        if (!(sMax >= 0) || Double.isInfinite(sMax)) throw new IllegalArgumentException("sMax must be finite and >= 0, got " + sMax);
        double gMax = 0;
        for (double g : gamma) {
            if (!(g >= 0) || Double.isInfinite(g)) throw new IllegalArgumentException("exponents must be finite and >= 0, got " + g);
            gMax = Math.max(gMax, g);
        }
        // a power of two at most 1 / (16 gamma_max): grid points i h and delta = s - i h are then exact
        double h = Math.scalb(1.0, Math.getExponent(gMax > 0 ? 1 / (16 * gMax) : Math.max(sMax, 1.0)));
        double pts = Math.ceil(sMax / h) + 2; // rint(sMax / h) <= points - 1, with one spare
        if (pts > MAX_POINTS) return null;
        return new GaussianTable(gamma, h, (int) pts);
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
