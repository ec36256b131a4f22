package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The double-double Jacobi {@code S^(-1/2)} used for the GTO overlaps gives the same doubles, bit for bit, as the
 * 60-digit decimal one it replaced, over r_cut, n_max and l_max well beyond the defaults (including r_cut 8,
 * n_max 8, l_max 6, where an unguarded theta^2 overflowed).
 */
class RadialBasesInverseSqrtTest {
    /** The GTO overlap of degree l, as {@link RadialBases#gtoBetas} builds it. */
    private static double[][] gtoOverlap(double rCut, int nMax, int l) {
        double[][] alpha = RadialBases.gtoAlphas(rCut, nMax, l);
        double g = Math.sqrt(Math.PI);
        for (int k = 0; k <= l; k++) g *= (2 * k + 1) / 2.0;
        double[][] s = new double[nMax][nMax];
        for (int k = 0; k < nMax; k++)
            for (int q = 0; q < nMax; q++) s[k][q] = 0.5 * g * Math.pow(alpha[l][k] + alpha[l][q], -l - 1.5);
        return s;
    }

    @Test
    void doubleDoubleMatchesTheDecimalJacobiBitForBit() {
        int compared = 0;
        for (double rc : new double[] {3, 5, 8}) {
            for (int nMax : new int[] {1, 3, 8, 10}) {
                for (int l : new int[] {0, 2, 6, 9}) {
                    double[][] s = gtoOverlap(rc, nMax, l);
                    double[][] exact = RadialBases.inverseSqrt(s);
                    double[][] dd = RadialBases.inverseSqrtDoubleDouble(s);
                    for (int i = 0; i < nMax; i++) {
                        assertArrayEquals(exact[i], dd[i], 0.0, "r_cut " + rc + " n_max " + nMax + " l " + l + " row " + i);
                        compared += nMax;
                    }
                }
            }
        }
        assertEquals(3 * 4 * (1 + 9 + 64 + 100), compared); // r_cut x l x the entries of every n_max
    }

    @Test
    void gtoBetasAreTheInverseSquareRootOfTheOverlap() {
        double[][] alpha = RadialBases.gtoAlphas(5.0, 8, 6);
        double[][][] beta = RadialBases.gtoBetas(alpha);
        for (int l = 0; l <= 6; l++) {
            double[][] s = gtoOverlap(5.0, 8, l);
            // beta S beta = I
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    double v = 0;
                    for (int a = 0; a < 8; a++)
                        for (int b = 0; b < 8; b++) v += beta[l][i][a] * s[a][b] * beta[l][b][j];
                    assertEquals(i == j ? 1.0 : 0.0, v, 1e-6, "l " + l + " (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void indefiniteMatrixIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RadialBases.inverseSqrtDoubleDouble(new double[][] {{1, 2}, {2, 1}}));
    }
}
