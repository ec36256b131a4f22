package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TridiagonalEigenTest {

    static double[] randomSymmetric(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) {
            double v = rnd.nextDouble(-1, 1);
            a[i * n + j] = v;
            a[j * n + i] = v;
        }
        return a;
    }

    /** X'X for an r x n Gaussian X: rank min(r, n), so n - r zero eigenvalues when r < n. */
    static double[] gram(int r, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[r * n];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        double[] g = new double[n * n];
        for (int k = 0; k < r; k++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) g[i * n + j] += x[k * n + i] * x[k * n + j];
        return g;
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 13, 31, 32, 33, 64, 70, 101})
    void eigenvaluesEqualJacobi(int n) {
        double[] a = randomSymmetric(n, 1000 + n);
        double[] ours = TridiagonalEigen.of(a, n).eigenvalues();
        double[] jacobi = SymmetricEigen.decompose(a, n).values(); // descending
        double tol = 1e-12 * Math.max(1, norm(a)) * n;
        for (int k = 0; k < n; k++) assertEquals(jacobi[n - 1 - k], ours[k], tol, "eigenvalue " + k + " of n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 17, 40, 97})
    void smallestVectorsAreOrthonormalEigenvectors(int n) {
        checkVectors(randomSymmetric(n, 77 + n), n, Math.min(5, n));
    }

    @Test
    void rankDeficientGramGivesZerosAndAnOrthonormalNullBasis() {
        int n = 40, r = 10;
        double[] g = gram(r, n, 5);
        TridiagonalEigen e = TridiagonalEigen.of(g, n);
        double[] ev = e.eigenvalues();
        double tol = 1e-12 * norm(g) * n;
        for (int k = 0; k < n - r; k++) assertEquals(0, ev[k], tol, "zero eigenvalue " + k);
        assertTrue(ev[n - r] > 1e-3, "the rank-" + r + " part is well away from zero");
        checkVectors(g, n, 8);
    }

    @Test
    void diagonalWithRepeatedEntries() {
        int n = 9;
        double[] a = new double[n * n];
        double[] d = {3, 1, 1, 2, 1, 5, 2, 0, 0};
        for (int i = 0; i < n; i++) a[i * n + i] = d[i];
        double[] ev = TridiagonalEigen.of(a, n).eigenvalues();
        double[] sorted = d.clone();
        java.util.Arrays.sort(sorted);
        for (int k = 0; k < n; k++) assertEquals(sorted[k], ev[k], 1e-15);
        checkVectors(a, n, 6);
    }

    @Test
    void largerMatrixResiduals() {
        int n = 300;
        double[] g = gram(200, n, 11);
        for (int i = 0; i < n; i++) g[i * n + i] += 1e-6;
        TridiagonalEigen e = TridiagonalEigen.of(g, n);
        double[] jacobiValues = SymmetricEigen.decompose(g, n).values();
        double tol = 1e-12 * norm(g) * n;
        double[] ev = e.eigenvalues();
        for (int k = 0; k < n; k++) assertEquals(jacobiValues[n - 1 - k], ev[k], tol);
        checkVectors(g, n, 5);
    }

    @Test
    void zeroAndTinyMatricesGiveFiniteOrthonormalVectors() {
        int n = 4;
        double[][] zero = TridiagonalEigen.of(new double[n * n], n).smallestEigenvectors(n);
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) assertEquals(i == k ? 1 : 0, zero[k][i], 0.0);
        double[] tiny = gram(2, n, 3);
        for (int i = 0; i < tiny.length; i++) tiny[i] *= 1e-300;
        checkVectors(tiny, n, n);
        double[] huge = gram(2, n, 3);
        for (int i = 0; i < huge.length; i++) huge[i] *= 1e300;
        checkVectors(huge, n, n);
    }

    @Test
    void rejectsNonFiniteAndWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.of(new double[] {1, Double.NaN, Double.NaN, 1}, 2));
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.of(new double[3], 2));
    }

    private static void checkVectors(double[] a, int n, int count) {
        TridiagonalEigen e = TridiagonalEigen.of(a, n);
        double[][] v = e.smallestEigenvectors(count);
        double scale = Math.max(norm(a), 1e-300);
        double[] ascending = e.eigenvalues();
        for (int k = 0; k < v.length; k++) {
            double lambda = ascending[k];
            double res = 0;
            for (int i = 0; i < n; i++) {
                double s = -lambda * v[k][i];
                for (int j = 0; j < n; j++) s += a[i * n + j] * v[k][j];
                res += s * s;
            }
            assertTrue(Math.sqrt(res) <= 1e-10 * scale, "residual of vector " + k + ": " + Math.sqrt(res));
            for (int q = 0; q <= k; q++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[k][i] * v[q][i];
                assertEquals(q == k ? 1 : 0, dot, 1e-9, "v" + k + " . v" + q);
            }
        }
    }
}
