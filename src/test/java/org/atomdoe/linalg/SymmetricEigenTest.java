package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cyclic Jacobi eigendecomposition: A V = V diag(values), V orthonormal, also with repeated and zero eigenvalues. */
class SymmetricEigenTest {
    private static void check(double[] a, int n, SymmetricEigen.Result r) {
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < n; k++) {
            if (k > 0) assertTrue(r.values()[k] <= r.values()[k - 1]);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * r.vector(k, j);
                assertEquals(r.values()[k] * r.vector(k, i), av, 1e-12 * (1 + scale) * n);
            }
            for (int l = 0; l <= k; l++) {
                double d = 0;
                for (int i = 0; i < n; i++) d += r.vector(k, i) * r.vector(l, i);
                assertEquals(k == l ? 1 : 0, d, 1e-12 * n);
            }
        }
    }

    @Test
    void decomposesRandomAndDegenerateMatrices() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 2, 3, 8, 31, 70}) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd.nextGaussian();
            check(a, n, SymmetricEigen.decompose(a, n));
            // low rank: X X' with X n x 3 (n - 3 zero eigenvalues), as a Gram matrix of few rows
            double[] x = new double[n * 3];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
            double[] g = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int t = 0; t < 3; t++) g[i * n + j] += x[i * 3 + t] * x[j * 3 + t];
            SymmetricEigen.Result r = SymmetricEigen.decompose(g, n);
            check(g, n, r);
            for (int k = 3; k < n; k++) assertEquals(0, r.values()[k], 1e-12 * n);
        }
        double[] id = {2, 0, 0, 0, 2, 0, 0, 0, 2};
        assertArrayEquals(new double[] {2, 2, 2}, SymmetricEigen.decompose(id, 3).values(), 0);
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[3], 2));
    }
}
