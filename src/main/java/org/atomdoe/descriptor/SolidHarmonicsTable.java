package org.atomdoe.descriptor;

/**
 * Coefficients of the real regular solid harmonics {@code S_lm = r^l Y_lm}, built from
 * {@code Q_l^m(z, r^2)} with {@code r^l P_l^m(cos theta) = Q_l^m (r sin theta)^m} (no Condon-Shortley
 * phase):
 * <pre>Q_m^m = (2m-1)!!,  Q_{m+1}^m = (2m+1) z Q_m^m,
 * Q_l^m = ((2l-1) z Q_{l-1}^m - (l+m-1) r^2 Q_{l-2}^m) / (l-m)</pre>
 * and {@code S_l0 = N_l0 Q_l^0}, {@code S_{l,+-m} = sqrt(2) N_lm Q_l^m Re/Im (x + i y)^m},
 * {@code N_lm = sqrt((2l+1)/(4 pi) (l-m)!/(l+m)!)}. The kernels run the recurrence on the normalised
 * {@code P_l^m = N Q_l^m} directly ({@link #recA}, {@link #recB}).
 */
final class SolidHarmonicsTable {
    /** All tables built once up front: kernels look them up per call from several threads, without a lock. */
    private static final SolidHarmonicsTable[] CACHE = new SolidHarmonicsTable[32];

    static {
        for (int l = 0; l < CACHE.length; l++) CACHE[l] = new SolidHarmonicsTable(l);
    }

    final int lMax;
    /** N_l0 per l. */
    final double[] norm0;
    /** sqrt(2) N_lm at {@link #qIndex}. */
    final double[] norm;
    /** (2m-1)!! per m. */
    final double[] qmm;
    /**
     * The recurrence with the normalisation folded in, for {@code P_l^m = norm_lm Q_l^m} (norm as {@link #norm}):
     * {@code P_m^m = diag[m]}, {@code P_{m+1}^m = first[m] z} and, for {@code l >= m + 2},
     * <pre>P_l^m = fma(z P_{l-1}^m, recA[qIndex(l, m)], (r^2 P_{l-2}^m) recB[qIndex(l, m)])</pre>
     * with {@code recA = (2l-1)/(l-m) norm_lm / norm_{l-1,m}}, {@code recB = -(l+m-1)/(l-m) norm_lm / norm_{l-2,m}}: four
     * operations per (l, m) instead of six, and no multiplication by the norm afterwards.
     */
    final double[] diag, first, recA, recB;
    /**
     * SOAP's scaled harmonics ({@link DescriptorKernels#soapHarmonics}): the chains {@code T_l^m = Q_l^m / kappa_lm} with
     * {@code kappa_mm = (2m-1)!!}, {@code kappa_{l,m} = (2l-1)/(l-m) kappa_{l-1,m}}, so that {@code T_m^m = 1},
     * {@code T_{m+1}^m = z} and, for {@code l >= m + 2},
     * <pre>T_l^m = fma(z, T_{l-1}^m, (r^2 T_{l-2}^m) soapBeta[qIndex(l, m)]),  soapBeta = -(l+m-1)(l-m-1) / ((2l-1)(2l-3))</pre>
     * (three operations per (l, m) instead of four, and no multiplication by a norm at l = m or m + 1);
     * {@code soapScale[l^2 + l + m] = norm_lm kappa_lm} turns them back into {@code S_lm}.
     */
    final double[] soapBeta, soapScale;

    private SolidHarmonicsTable(int lMax) {
        this.lMax = lMax;
        norm0 = new double[lMax + 1];
        norm = new double[(lMax + 1) * (lMax + 2) / 2];
        qmm = new double[lMax + 1];
        for (int l = 0; l <= lMax; l++) {
            norm0[l] = Math.sqrt((2 * l + 1) / (4 * Math.PI));
            for (int m = 1; m <= l; m++) {
                double ratio = 1.0; // (l-m)!/(l+m)!
                for (int k = l - m + 1; k <= l + m; k++) ratio /= k;
                norm[qIndex(l, m)] = Math.sqrt(2.0 * (2 * l + 1) / (4 * Math.PI) * ratio);
            }
            norm[qIndex(l, 0)] = norm0[l];
        }
        double df = 1.0;
        for (int m = 0; m <= lMax; m++) {
            qmm[m] = df;
            df *= 2 * m + 1;
        }
        diag = new double[lMax + 1];
        first = new double[lMax + 1];
        recA = new double[norm.length];
        recB = new double[norm.length];
        for (int m = 0; m <= lMax; m++) {
            diag[m] = norm[qIndex(m, m)] * qmm[m];
            if (m < lMax) first[m] = norm[qIndex(m + 1, m)] * (2 * m + 1) * qmm[m];
            for (int l = m + 2; l <= lMax; l++) {
                recA[qIndex(l, m)] = (2 * l - 1) / (double) (l - m) * norm[qIndex(l, m)] / norm[qIndex(l - 1, m)];
                recB[qIndex(l, m)] = -(l + m - 1) / (double) (l - m) * norm[qIndex(l, m)] / norm[qIndex(l - 2, m)];
            }
        }
        soapBeta = new double[norm.length];
        soapScale = new double[(lMax + 1) * (lMax + 1)];
        for (int m = 0; m <= lMax; m++) {
            double kappa = qmm[m];
            for (int l = m; l <= lMax; l++) {
                if (l > m) kappa *= (2 * l - 1) / (double) (l - m);
                if (l >= m + 2) soapBeta[qIndex(l, m)] = -((l + m - 1) * (l - m - 1)) / (double) ((2 * l - 1) * (2 * l - 3));
                double sc = norm[qIndex(l, m)] * kappa;
                soapScale[l * l + l + m] = sc;
                soapScale[l * l + l - m] = sc;
            }
        }
    }

    static SolidHarmonicsTable of(int lMax) {
        if (lMax < 0 || lMax >= CACHE.length) throw new IllegalArgumentException("l_max must be in 0.." + (CACHE.length - 1) + ", got " + lMax);
        return CACHE[lMax];
    }

    int qIndex(int l, int m) {
        return l * (l + 1) / 2 + m;
    }

    /** Fills {@code q[qIndex(l, m)] = Q_l^m(z, r2)}. */
    void legendre(double z, double r2, double[] q) {
        for (int m = 0; m <= lMax; m++) {
            double qPrev = qmm[m];
            q[qIndex(m, m)] = qPrev;
            if (m == lMax) break;
            double qCur = (2 * m + 1) * z * qPrev;
            q[qIndex(m + 1, m)] = qCur;
            for (int l = m + 2; l <= lMax; l++) {
                double qn = ((2 * l - 1) * z * qCur - (l + m - 1) * r2 * qPrev) / (l - m);
                qPrev = qCur;
                qCur = qn;
                q[qIndex(l, m)] = qn;
            }
        }
    }

    /**
     * {@link #legendre} plus the partial derivatives {@code qz = dQ/dz} and {@code qr = dQ/d(r^2)} (z and r^2
     * treated as independent), from the recurrence differentiated term by term:
     * <pre>dQ_l/dz = ((2l-1) (Q_{l-1} + z dQ_{l-1}/dz) - (l+m-1) r^2 dQ_{l-2}/dz) / (l-m)
     * dQ_l/dr^2 = ((2l-1) z dQ_{l-1}/dr^2 - (l+m-1) (Q_{l-2} + r^2 dQ_{l-2}/dr^2)) / (l-m)</pre>
     */
    void legendreGradient(double z, double r2, double[] q, double[] qz, double[] qr) {
        for (int m = 0; m <= lMax; m++) {
            double qPrev = qmm[m], zPrev = 0.0, rPrev = 0.0;
            int i = qIndex(m, m);
            q[i] = qPrev;
            qz[i] = 0.0;
            qr[i] = 0.0;
            if (m == lMax) break;
            double qCur = (2 * m + 1) * z * qPrev, zCur = (2 * m + 1) * qPrev, rCur = 0.0;
            i = qIndex(m + 1, m);
            q[i] = qCur;
            qz[i] = zCur;
            qr[i] = rCur;
            for (int l = m + 2; l <= lMax; l++) {
                double a = 2 * l - 1, b = l + m - 1, div = l - m;
                double qn = (a * z * qCur - b * r2 * qPrev) / div;
                double zn = (a * (qCur + z * zCur) - b * r2 * zPrev) / div;
                double rn = (a * z * rCur - b * (qPrev + r2 * rPrev)) / div;
                qPrev = qCur;
                qCur = qn;
                zPrev = zCur;
                zCur = zn;
                rPrev = rCur;
                rCur = rn;
                i = qIndex(l, m);
                q[i] = qn;
                qz[i] = zn;
                qr[i] = rn;
            }
        }
    }
}
