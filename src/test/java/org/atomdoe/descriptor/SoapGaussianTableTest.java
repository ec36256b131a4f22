package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link GaussianTable} against {@link Math#exp} on many arguments, for SOAP's own exponents and extreme ones. */
class SoapGaussianTableTest {

    /** Worst relative error of the table over a dense sweep and random arguments in [0, sMax]. */
    private static double worst(double[] gamma, double sMax) {
        return worst(gamma, sMax, false);
    }

    /** The same for a {@link GaussianTable#forRows} table and its {@link GaussianTable#rowValue} if {@code rows}. */
    private static double worst(double[] gamma, double sMax, boolean rows) {
        GaussianTable t = rows ? GaussianTable.forRows(gamma, sMax) : GaussianTable.of(gamma, sMax);
        SplittableRandom rnd = new SplittableRandom(7);
        double worst = 0;
        for (int q = 0; q < gamma.length; q++) {
            for (int k = 0; k <= 200_000; k++) {
                double s = k < 100_000 ? sMax * k / 100_000.0 : sMax * rnd.nextDouble();
                // reference with the rounding of gamma s corrected to first order (~1 ulp)
                double p = gamma[q] * s, e = Math.fma(gamma[q], s, -p);
                double exact = Math.exp(-p) * (1 - e);
                if (exact < 1e-300) continue;
                worst = Math.max(worst, Math.abs((rows ? t.rowValue(q, s) : t.value(q, s)) - exact) / exact);
            }
        }
        return worst;
    }

    /** SOAP's Gaussian exponents gamma = alpha / (1 + 2 sigma^2 alpha) for r_cut 5, n_max 8, l_max 6, (l, k) order. */
    private static double[] soapGammas(double sigma) {
        double[][] alpha = RadialBases.gtoAlphas(5.0, 8, 6);
        double[] gamma = new double[7 * 8];
        for (int l = 0; l <= 6; l++)
            for (int k = 0; k < 8; k++) gamma[l * 8 + k] = alpha[l][k] / (1 + 2 * sigma * sigma * alpha[l][k]);
        return gamma;
    }

    /** The distance out to which SOAP's tables are asked for at r_cut 5: the cutoff plus the Gaussian's tail. */
    private static double soapRange(double sigma) {
        return 5.0 + sigma * Math.sqrt(-2 * Math.log(1e-3));
    }

    @Test
    void soapExponentsToAFewUlps() {
        // the exponents of the benchmark settings (r_cut 5, n_max 8, l_max 6, sigma 1) and of a narrow sigma
        for (double sigma : new double[] {1.0, 0.3}) {
            double[] gamma = soapGammas(sigma);
            double rc = soapRange(sigma);
            double w = worst(gamma, rc * rc);
            assertTrue(w < 1e-15, "sigma " + sigma + ": worst relative error " + w);
        }
    }

    @Test
    void rowTablesToAFewUlps() {
        // SOAP's exponents (r_cut 5, n_max 8, l_max 6) for sigma 1 and 0.3: the degree-5 polynomial of forRows tables
        for (double sigma : new double[] {1.0, 0.3}) {
            double[] gamma = soapGammas(sigma);
            double rc = soapRange(sigma);
            double w = worst(gamma, rc * rc, true);
            // truncation <= 4.2e-16 plus the rounding of five fused multiply-adds, the product and the table entry;
            // Math.exp(-gamma * s) itself is off by up to 4e-15 here (the rounding of gamma s)
            assertTrue(w < 1.5e-15, "sigma " + sigma + ": worst relative error " + w);
            if (sigma == 1.0) assertEquals(1.0 / 16, GaussianTable.forRows(gamma, rc * rc).step()); // twice finer than of()'s 1/8
        }
        assertTrue(worst(new double[] {0.0, 1e-4, 0.37, 2.5, 30.0}, 40, true) < 1.5e-15);
        GaussianTable t = GaussianTable.forRows(new double[] {0.0, 0.5}, 50);
        assertEquals(1.0, t.rowValue(0, 33.3)); // gamma 0: the series is exactly 1
        assertEquals(Math.exp(-0.5 * 7.3), t.rowValue(1, 7.3), 2e-15 * Math.exp(-0.5 * 7.3));
        assertEquals(t.value(1, 7.3), t.rowValue(1, 7.3), 2e-15 * Math.exp(-0.5 * 7.3)); // Taylor kernels on the same table
        assertNull(GaussianTable.forRows(new double[] {1e4}, 100));
        assertThrows(IllegalArgumentException.class, () -> GaussianTable.forRows(new double[] {-1}, 10));
        assertThrows(IllegalArgumentException.class, () -> GaussianTable.forRows(new double[] {1}, Double.POSITIVE_INFINITY));
        GaussianTable taylor = GaussianTable.of(new double[] {0.5}, 10);
        assertThrows(IllegalArgumentException.class,
                () -> new ScalarDescriptorKernels().soapGaussianRows(new double[] {1.0}, 0, 1, taylor, new double[1], 0));
    }

    @Test
    void wideAndZeroExponents() {
        assertTrue(worst(new double[] {0.0, 1e-4, 0.37, 2.5, 30.0}, 40) < 1e-15);
        GaussianTable t = GaussianTable.of(new double[] {0.0}, 50);
        assertEquals(1.0, t.value(0, 33.3));
    }

    @Test
    void tooLargeTablesAndBadInput() {
        assertNull(GaussianTable.of(new double[] {1e4}, 100)); // 1.6e7 points: the caller uses exact exponentials
        assertThrows(IllegalArgumentException.class, () -> GaussianTable.of(new double[] {-1}, 10));
        assertThrows(IllegalArgumentException.class, () -> GaussianTable.of(new double[] {1}, Double.NaN));
    }

    @Test
    void soapRowsUnchangedByTheTable() {
        // the table must not move SOAP rows beyond rounding: compare with the exact kernel through a descriptor
        // whose kernels never use the table (the scalar exact Gaussians of the same settings)
        SoapSettings st = SoapSettings.of(5.0, 8, 6, 1.0, List.of("W"));
        DescriptorKernels scalar = new ScalarDescriptorKernels();
        DescriptorKernels exact = (DescriptorKernels) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DescriptorKernels.class}, (proxy, method, args) -> {
                    if (method.getName().equals("gaussianTableRows") || method.getName().equals("soapGaussianRows")) { // exact exponentials, neighbour-major
                        double[] r2 = (double[]) args[0], out = (double[]) args[4], gam = ((GaussianTable) args[3]).gamma;
                        int from = (int) args[1], to = (int) args[2], off = (int) args[5];
                        for (int j = from; j < to; j++)
                            for (int q = 0; q < gam.length; q++) out[off + (j - from) * gam.length + q] = Math.exp(-gam[q] * r2[j]);
                        return null;
                    }
                    if (method.getName().equals("gaussianTable")) {
                        scalar.gaussians((double[]) args[0], (int) args[1], (int) args[2], ((GaussianTable) args[3]).gamma,
                                (double[]) args[4], (int) args[5]);
                        return null;
                    }
                    return method.invoke(scalar, args);
                });
        org.atomdoe.structure.Structure box = org.atomdoe.bench.BccTungstenBox.build(4, 0.1, 5L);
        var nl = org.atomdoe.neighbors.CellList.of(box, new SoapPowerSpectrum(st).cutoff(), false);
        double[] a = new double[box.natoms() * 252], b = new double[a.length];
        new SoapPowerSpectrum(st, exact).compute(box, nl, a);
        new SoapPowerSpectrum(st, new ScalarDescriptorKernels()).compute(box, nl, b);
        double max = 0, worst = 0;
        for (double v : a) max = Math.max(max, Math.abs(v));
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        assertTrue(worst <= 1e-12 * max, "worst " + worst + " of max " + max);
    }
}
