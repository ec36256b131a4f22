package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class JacobiSvdTest {

    @Test
    void matchesALibrarySvdAndReconstructs() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] sh : new int[][] {{1, 1}, {1, 5}, {5, 5}, {7, 19}, {30, 45}, {12, 12}, {40, 130}, {6, 9}}) {
            int m = sh[0], n = sh[1];
            for (boolean deficient : new boolean[] {false, true}) {
                double[] a = new double[m * n];
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a[i * n + j] = rnd.nextGaussian() * Math.pow(10, -(j % 4));
                if (deficient && m > 2) { // row 1 = 2 row 0 - row 2
                    for (int j = 0; j < n; j++) a[n + j] = 2 * a[j] - a[2 * n + j];
                }
                if (deficient && m == 6) java.util.Arrays.fill(a, 4 * n, 5 * n, 0.0); // a zero row
                double[] c = new double[m];
                for (int i = 0; i < m; i++) c[i] = rnd.nextGaussian();
                JacobiSvd.Result r = JacobiSvd.decompose(a, m, n, c);
                double[][] a2 = new double[m][n];
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a2[i][j] = a[i * n + j];
                SingularValueDecomposition ref = new SingularValueDecomposition(new Array2DRowRealMatrix(a2));
                double[] sv = ref.getSingularValues();
                double smax = sv[0];
                for (int q = 0; q < Math.min(m, n); q++) assertEquals(sv[q], r.sigma()[q], 1e-12 * smax, "sigma " + q);
                // A' A = V S^2 V' and |z| = |c| (z = U'c with U square orthogonal)
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        double ata = 0, vsv = 0;
                        for (int i = 0; i < m; i++) ata += a[i * n + j] * a[i * n + k];
                        for (int q = 0; q < m; q++) vsv += r.vt()[q * n + j] * r.sigma()[q] * r.sigma()[q] * r.vt()[q * n + k];
                        assertEquals(ata, vsv, 1e-11 * smax * smax);
                    }
                }
                double nc = 0, nz = 0;
                for (int i = 0; i < m; i++) {
                    nc += c[i] * c[i];
                    nz += r.z()[i] * r.z()[i];
                }
                assertEquals(nc, nz, 1e-12 * nc);
                // the projection of c onto A's column space: sum over sigma > 0 of z_q^2 equals |P c|^2
                double[][] u = ref.getU().getData();
                double pz = 0, pref = 0;
                for (int q = 0; q < m; q++) if (r.sigma()[q] > 1e-12 * smax) pz += r.z()[q] * r.z()[q];
                for (int q = 0; q < sv.length; q++) {
                    if (sv[q] <= 1e-12 * smax) continue;
                    double d = 0;
                    for (int i = 0; i < m; i++) d += u[i][q] * c[i];
                    pref += d * d;
                }
                assertEquals(pref, pz, 1e-10 * nc);
            }
        }
    }
}
