package org.atomdoe.kernel;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

/** Sparse points (greedy, CUR, random) and the configuration rows of the sparse GP basis. */
class SparseBasisTest {

    @Test
    void phiRowsAreSumsOverAtomsAndWhiteningUsesTheSparseKernel() {
        Random r = new Random(12);
        Kernel k = new Kernel.DotProduct(4);
        AtomEnvironments env = KernelDesignTest.pool(r, k, 300, 6); // ~1200 atoms: more than one atom block
        KernelRows x = env.rows();
        SparseBasis basis = SparseBasis.select(SparsePoints.Method.GREEDY, k, x, 25, 0, 1e-8, 2, Progress.NONE);
        int m = basis.size();
        double[] phi = basis.phi(env, 2);
        int[] z = basis.indices();
        for (int c = 0; c < env.configs(); c += 37) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int a = env.start()[c]; a < env.start()[c + 1]; a++) {
                    if (x.species(a) == x.species(z[j])) s += k.fromDot(dot(x, a, z[j]), 1, 1);
                }
                assertEquals(s, phi[c * m + j], 1e-12 * (1 + s));
            }
        }
        // whitened rows: r_a . r_b = phi_a' (K_ZZ + jitter I)^-1 phi_b
        double[] w = basis.whiten(phi, env.configs(), 2);
        double[][] kzz = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) kzz[i][j] = x.species(z[i]) == x.species(z[j]) ? k.fromDot(dot(x, z[i], z[j]), 1, 1) : 0;
            kzz[i][i] += 1e-8;
        }
        LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(kzz));
        for (int a = 0; a < env.configs(); a += 41) {
            double[] sol = lu.getSolver().solve(new ArrayRealVector(Arrays.copyOfRange(phi, a * m, (a + 1) * m))).toArray();
            for (int b = 0; b < env.configs(); b += 53) {
                double ref = 0, got = 0;
                for (int j = 0; j < m; j++) {
                    ref += phi[b * m + j] * sol[j];
                    got += w[a * m + j] * w[b * m + j];
                }
                assertEquals(ref, got, 1e-7 * (1 + Math.abs(ref)));
            }
        }
        assertEquals(PivotedCholesky.select(SymmetricSource.kernel(k, x, 1e-8), 25, 1).logDet(), basis.logDet(), 1e-9);
    }

    private static double dot(KernelRows x, int i, int j) {
        double s = 0;
        for (int t = 0; t < x.d(); t++) s += x.values()[i * x.d() + t] * x.values()[j * x.d() + t];
        return s;
    }

    @Test
    void curKeepsHighLeverageEnvironmentsPerSpecies() {
        Random r = new Random(3);
        int n = 400, d = 5;
        double[] raw = new double[n * d];
        for (int i = 0; i < raw.length; i++) raw[i] = r.nextGaussian() * (i % d == 0 ? 3 : 1) + 0.1;
        raw[17 * d + 2] = 40; // an outlier: leverage near 1 in its own direction
        int[] species = new int[n];
        for (int i = 0; i < n; i++) species[i] = i < 300 ? 14 : 8;
        KernelRows x = new KernelRows(raw, n, d, new double[n], species);
        int[] si = new int[300];
        for (int i = 0; i < 300; i++) si[i] = i;
        double[] pi = SparsePoints.leverages(x, si);
        assertEquals(1.0, Arrays.stream(pi).sum(), 1e-9); // leverages of k singular vectors, divided by k
        for (double p : pi) assertTrue(p >= 0 && p <= 1 + 1e-12);
        int[] sel = SparsePoints.cur(x, 40, 5);
        assertEquals(40, sel.length);
        assertEquals(40, Arrays.stream(sel).distinct().count());
        assertEquals(30, Arrays.stream(sel).filter(i -> i < 300).count(), "species quota 300/400 of 40");
        assertTrue(Arrays.stream(sel).anyMatch(i -> i == 17), "the outlier has m pi >= 1 and must be kept");
        assertFalse(Arrays.equals(sel, SparsePoints.cur(x, 40, 6)), "another seed, another draw");
        assertArrayEquals(sel, SparsePoints.cur(x, 40, 5));
        assertArrayEquals(new int[] {2, 1}, SparsePoints.quotas(new int[] {5, 2}, 3));
        int[] rnd = SparsePoints.random(n, 50, 9);
        assertEquals(50, Arrays.stream(rnd).distinct().count());
        assertArrayEquals(rnd, SparsePoints.random(n, 50, 9));
    }

    @Test
    void leveragesMatchASingularValueDecompositionOnTallAndWideMatrices() {
        Random r = new Random(8);
        for (int[] shape : new int[][] {{40, 7}, {9, 25}}) {
            int n = shape[0], d = shape[1];
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * (1 + i % 4);
            double[][] a = new double[n][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) a[i][j] = x[i * d + j];
            org.apache.commons.math3.linear.SingularValueDecomposition svd =
                    new org.apache.commons.math3.linear.SingularValueDecomposition(new Array2DRowRealMatrix(a));
            int k = Math.min(n, d) / 2; // full rank: half of it, as GAP
            double[] pi = SparsePoints.leverages(x, n, d);
            for (int i = 0; i < n; i++) {
                double ref = 0;
                for (int c = 0; c < k; c++) ref += Math.pow(svd.getU().getEntry(i, c), 2);
                assertEquals(ref / k, pi[i], 1e-9, n + "x" + d + " row " + i);
            }
        }
    }

    @Test
    void repeatedSparsePointsNeedJitter() {
        Kernel k = new Kernel.DotProduct(2);
        double[] raw = {1, 2, 3, 1, 2, 3, 3, 1, 1};
        KernelRows x = k.prepare(raw, 3, 3, null);
        assertThrows(IllegalArgumentException.class, () -> SparseBasis.of(k, x, new int[] {0, 1, 2}, 0, 1));
        SparseBasis b = SparseBasis.of(k, x, new int[] {0, 1, 2}, 1e-6, 1);
        assertEquals(3, b.size());
        assertEquals(SparsePoints.Method.CUR, SparsePoints.Method.parse("CUR"));
        assertThrows(IllegalArgumentException.class, () -> SparsePoints.Method.parse("kmeans"));
    }
}
