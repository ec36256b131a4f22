package org.atomdoe.kernel;

import java.util.Locale;

/**
 * A kernel on per-atom descriptor vectors, written so that a whole kernel matrix is one matrix
 * product followed by an elementwise map ({@link KernelMatrix}): both kernels here depend on
 * {@code x} and {@code y} only through the dot product {@code g = x . y} and the squared norms.
 *
 * <ul>
 * <li>{@link DotProduct}: {@code k(x, y) = (x^ . y^)^zeta} with {@code x^ = x / |x|}, GAP's SOAP
 *     kernel (Bartók, Kondor &amp; Csányi, PRB 87, 184115 (2013), eq. 33; Bartók &amp; Csányi,
 *     Int. J. Quantum Chem. 115, 1051 (2015), sec. 5: "dot-product kernel on the normalised power
 *     spectrum raised to a small integer power zeta", usually 2 or 4). {@code k(x, x) = 1}; a zero
 *     vector has {@code k = 0} with everything.</li>
 * <li>{@link SquaredExponential}: {@code k(x, y) = exp(-|x - y|^2 / (2 l^2))}, evaluated as
 *     {@code exp((2 g - |x|^2 - |y|^2) / (2 l^2))} with the exponent clamped at 0 (rounding can
 *     make the squared distance slightly negative); Rasmussen &amp; Williams, <i>Gaussian
 *     Processes for Machine Learning</i> (2006), eq. 4.9.</li>
 * </ul>
 *
 * <p>{@link #prepare} turns raw descriptor rows into the rows the matrix product uses (normalised
 * for the dot-product kernel, as given otherwise) together with their squared norms.
 */
public sealed interface Kernel permits Kernel.DotProduct, Kernel.SquaredExponential {

    /** {@code k(g)} from the dot product {@code g} of prepared rows and their squared norms. */
    double fromDot(double g, double norm2x, double norm2y);

    /** Whether {@link #prepare} normalises rows to unit length. */
    boolean normalises();

    /** A short description for reports, e.g. {@code dot-product zeta=4}. */
    String describe();

    /**
     * Prepared rows: a copy of {@code raw} ({@code n x d}, row-major), normalised when
     * {@link #normalises()}, with squared norms and the given species per row (null: all the same).
     */
    default KernelRows prepare(double[] raw, int n, int d, int[] species) {
        if (raw.length != (long) n * d) throw new IllegalArgumentException("rows must be " + n + " x " + d + " values, got " + raw.length);
        double[] x = raw.clone();
        double[] norm2 = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double v = x[i * d + t];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("descriptor row " + i + " has a non-finite value");
                s += v * v;
            }
            if (normalises() && s > 0) {
                double inv = 1 / Math.sqrt(s);
                for (int t = 0; t < d; t++) x[i * d + t] *= inv;
                s = 1;
            }
            norm2[i] = s;
        }
        return new KernelRows(x, n, d, norm2, species == null ? null : species.clone());
    }

    /** The reference value {@code k(x, y)} of two raw rows (plain loops; for tests and single values). */
    default double value(double[] x, int xOff, double[] y, int yOff, int d) {
        double g = 0, nx = 0, ny = 0;
        for (int t = 0; t < d; t++) {
            g += x[xOff + t] * y[yOff + t];
            nx += x[xOff + t] * x[xOff + t];
            ny += y[yOff + t] * y[yOff + t];
        }
        if (normalises()) {
            if (nx == 0 || ny == 0) return 0;
            return fromDot(g / Math.sqrt(nx * ny), 1, 1);
        }
        return fromDot(g, nx, ny);
    }

    /**
     * Dot-product kernel {@code (x^ . y^)^zeta} on normalised rows.
     *
     * @param zeta positive integer power (1..32); GAP's SOAP default is 4 (2 is also common)
     */
    record DotProduct(int zeta) implements Kernel {
        public DotProduct {
            if (zeta < 1 || zeta > 32) throw new IllegalArgumentException("zeta must be an integer in 1..32, got " + zeta);
        }

        @Override
        public double fromDot(double g, double norm2x, double norm2y) {
            return integerPower(g, zeta);
        }

        @Override
        public boolean normalises() {
            return true;
        }

        @Override
        public String describe() {
            return "dot-product zeta=" + zeta;
        }
    }

    /**
     * Squared-exponential kernel {@code exp(-|x - y|^2 / (2 l^2))} on the raw rows.
     *
     * @param lengthScale {@code l > 0}, in descriptor units
     */
    record SquaredExponential(double lengthScale) implements Kernel {
        public SquaredExponential {
            if (!(lengthScale > 0) || !Double.isFinite(lengthScale)) {
                throw new IllegalArgumentException("length scale must be a positive number, got " + lengthScale);
            }
        }

        /** {@code 1 / (2 l^2)}. */
        public double gamma() {
            return 0.5 / (lengthScale * lengthScale);
        }

        @Override
        public double fromDot(double g, double norm2x, double norm2y) {
            return Math.exp(Math.min(0.0, 2 * g - norm2x - norm2y) * gamma());
        }

        @Override
        public boolean normalises() {
            return false;
        }

        @Override
        public String describe() {
            return "squared-exponential l=" + lengthScale;
        }
    }

    /** {@code g^zeta} by repeated squaring (the same operation order as the vector kernels). */
    static double integerPower(double g, int zeta) {
        double result = 1, base = g;
        for (int e = zeta; e > 0; e >>= 1) {
            if ((e & 1) != 0) result *= base;
            if (e > 1) base *= base;
        }
        return result;
    }

    /**
     * Parses {@code dot:ZETA} (or {@code dot} for zeta 4) and {@code se:LENGTH}, for settings
     * strings.
     */
    static Kernel parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.equals("dot")) return new DotProduct(4);
            if (s.startsWith("dot:")) return new DotProduct(Integer.parseInt(s.substring(4)));
            if (s.startsWith("se:")) return new SquaredExponential(Double.parseDouble(s.substring(3)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel must be dot, dot:ZETA or se:LENGTH, got '" + spec + "'");
        }
        throw new IllegalArgumentException("kernel must be dot, dot:ZETA or se:LENGTH, got '" + spec + "'");
    }
}
