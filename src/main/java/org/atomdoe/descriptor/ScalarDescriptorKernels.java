package org.atomdoe.descriptor;

/** Plain-Java reference implementation of {@link DescriptorKernels}; see there for the formulas. */
public final class ScalarDescriptorKernels implements DescriptorKernels {

    @Override
    public void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off) {
        for (int j = from; j < to; j++) {
            double rj = r[j];
            if (rj > rCut) continue;
            double fc = 0.5 * (Math.cos(Math.PI * rj / rCut) + 1.0);
            double x = 2.0 * rj / rCut - 1.0;
            double tPrev = 1.0, t = x;
            out[off] += fc;
            if (nBasis > 1) out[off + 1] += x * fc;
            for (int k = 2; k < nBasis; k++) {
                double tn = 2.0 * x * t - tPrev;
                tPrev = t;
                t = tn;
                out[off + k] += tn * fc;
            }
        }
    }

    @Override
    public void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                           double[] kappa, double[] out, int off) {
        int g1 = withG1 ? 1 : 0;
        for (int j = from; j < to; j++) {
            double rj = r[j];
            if (rj > rCut) continue;
            double fc = 0.5 * (Math.cos(Math.PI * rj / rCut) + 1.0);
            if (withG1) out[off] += fc;
            for (int p = 0; p < eta.length; p++) {
                double d = rj - rs[p];
                out[off + g1 + p] += Math.exp(-eta[p] * d * d) * fc;
            }
            for (int q = 0; q < kappa.length; q++) {
                out[off + g1 + eta.length + q] += Math.cos(kappa[q] * rj) * fc;
            }
        }
    }

    @Override
    public void cutoffValues(double[] r, int from, int to, double rCut, double[] out, int outOff) {
        for (int j = from; j < to; j++) out[outOff + j - from] = DescriptorKernels.cutoff(r[j], rCut);
    }

    @Override
    public void acsfAngular(double[] cos, double[] rsq, double[] rjk2, double[] fcij, int from, int to, double rCut,
                            boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off) {
        int np = eta.length;
        double[] acc = new double[np];
        double rc2 = rCut * rCut;
        for (int t = from; t < to; t++) {
            double w = fcij[t];
            double s = rsq[t];
            if (g4) {
                double d2 = rjk2[t];
                if (!(d2 <= rc2)) continue;
                w *= 0.5 * (Math.cos(Math.PI * Math.sqrt(d2) / rCut) + 1.0);
                s += d2;
            }
            double lastEta = Double.NaN, e = 0.0;
            for (int p = 0; p < np; p++) {
                if (eta[p] != lastEta) { // parameters usually come grouped by eta: one exp per group
                    lastEta = eta[p];
                    e = Math.exp(-lastEta * s) * w;
                }
                acc[p] += power(1.0 + lambda[p] * cos[t], zeta[p]) * e;
            }
        }
        for (int p = 0; p < np; p++) out[off + p] += Math.pow(2.0, 1.0 - zeta[p]) * acc[p];
    }

    @Override
    public void pairGeometry(double xj, double yj, double zj, double rj, double fj, double[] x, double[] y, double[] z,
                             double[] r, double[] f, int kFrom, int kTo, double[] cos, double[] rsq, double[] rjk2, double[] fcij, int outOff) {
        for (int k = kFrom; k < kTo; k++) {
            int o = outOff + k - kFrom;
            double ex = x[k] - xj, ey = y[k] - yj, ez = z[k] - zj;
            cos[o] = (xj * x[k] + yj * y[k] + zj * z[k]) / (rj * r[k]);
            rsq[o] = rj * rj + r[k] * r[k];
            rjk2[o] = ex * ex + ey * ey + ez * ez;
            fcij[o] = fj * f[k];
        }
    }

    @Override
    public int pairGeometryWithinUnit(double uxj, double uyj, double uzj, double rj, double fj, double[] ux, double[] uy, double[] uz,
                                      double[] r, double[] f, int kFrom, int kTo, double rCut, double[] cos, double[] rsq, double[] rjk2,
                                      double[] fcij, int outOff) {
        double rc2 = rCut * rCut, rj2 = rj * rj, m2rj = -2.0 * rj;
        int o = outOff;
        for (int k = kFrom; k < kTo; k++) {
            double rk = r[k];
            double c = Math.fma(uzj, uz[k], Math.fma(uyj, uy[k], uxj * ux[k]));
            double s = Math.fma(rk, rk, rj2);
            double d2 = Math.fma(m2rj * rk, c, s);
            if (!(d2 <= rc2)) continue;
            cos[o] = c;
            rsq[o] = s;
            rjk2[o] = d2;
            fcij[o] = fj * f[k];
            o++;
        }
        return o - outOff;
    }

    /** {@code base^zeta}, exact repeated multiplication for small integer zeta (the usual 1, 2, 4, 8, 16). */
    static double power(double base, double zeta) {
        int iz = (int) zeta;
        if (iz == zeta && iz >= 0 && iz <= 64) {
            double result = 1.0, b = base;
            while (iz > 0) {
                if ((iz & 1) != 0) result *= b;
                b *= b;
                iz >>= 1;
            }
            return result;
        }
        return Math.pow(base, zeta);
    }

    /**
     * The scaled chains of {@link SolidHarmonicsTable#soapBeta}: {@code T_l^m} from {@code T_{l-1}^m, T_{l-2}^m} by one
     * fused multiply-add after {@code r^2 T_{l-2}^m beta}, times Re/Im {@code (x + i y)^m}, no norm; the vector kernel
     * performs the same operations.
     */
    @Override
    public void soapHarmonics(double[] x, double[] y, double[] z, int off, int from, int to, int lMax, double[] out, int stride) {
        SolidHarmonicsTable t = SolidHarmonicsTable.of(lMax);
        double[] beta = t.soapBeta;
        for (int j = from; j < to; j++) {
            double xj = x[off + j], yj = y[off + j], zj = z[off + j];
            double r2 = Math.fma(xj, xj, Math.fma(yj, yj, zj * zj));
            // m = 0: T_00 = 1, T_10 = z
            out[j] = 1.0;
            if (lMax >= 1) {
                double pPrev = 1.0, pCur = zj;
                out[2 * stride + j] = pCur;
                for (int l = 2; l <= lMax; l++) {
                    double pn = Math.fma(zj, pCur, (r2 * pPrev) * beta[t.qIndex(l, 0)]);
                    pPrev = pCur;
                    pCur = pn;
                    out[(l * l + l) * stride + j] = pn;
                }
            }
            double c = xj, s = yj; // Re, Im of (x + i y)^m
            for (int m = 1; m <= lMax; m++) {
                out[(m * m + 2 * m) * stride + j] = c;
                out[(m * m) * stride + j] = s;
                if (m == lMax) break;
                double p2 = 1.0, p1 = zj;
                int l1 = m + 1;
                out[(l1 * l1 + l1 + m) * stride + j] = p1 * c;
                out[(l1 * l1 + l1 - m) * stride + j] = p1 * s;
                for (int l = m + 2; l <= lMax; l++) {
                    double pn = Math.fma(zj, p1, (r2 * p2) * beta[t.qIndex(l, m)]);
                    p2 = p1;
                    p1 = pn;
                    out[(l * l + l + m) * stride + j] = pn * c;
                    out[(l * l + l - m) * stride + j] = pn * s;
                }
                double cn = Math.fma(xj, c, -yj * s);
                s = Math.fma(xj, s, yj * c);
                c = cn;
            }
        }
    }

    /**
     * The normalised recurrence of {@link SolidHarmonicsTable#recA}: {@code P_l^m} from {@code P_{l-1}^m, P_{l-2}^m}
     * by one fused multiply-add, times Re/Im {@code (x + i y)^m}; the vector kernel performs the same operations.
     */
    @Override
    public void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride) {
        SolidHarmonicsTable t = SolidHarmonicsTable.of(lMax);
        double[] recA = t.recA, recB = t.recB;
        for (int j = from; j < to; j++) {
            double xj = x[j], yj = y[j], zj = z[j];
            double r2 = xj * xj + yj * yj + zj * zj;
            // m = 0
            double pPrev = t.diag[0];
            out[j] = pPrev;
            if (lMax >= 1) {
                double pCur = t.first[0] * zj;
                out[2 * stride + j] = pCur;
                for (int l = 2; l <= lMax; l++) {
                    int qi = t.qIndex(l, 0);
                    double pn = Math.fma(zj * pCur, recA[qi], (r2 * pPrev) * recB[qi]);
                    pPrev = pCur;
                    pCur = pn;
                    out[(l * l + l) * stride + j] = pn;
                }
            }
            double c = xj, s = yj; // Re, Im of (x + i y)^m
            for (int m = 1; m <= lMax; m++) {
                double d = t.diag[m];
                out[(m * m + 2 * m) * stride + j] = d * c;
                out[(m * m) * stride + j] = d * s;
                if (m < lMax) {
                    double p2 = d, p1 = t.first[m] * zj;
                    int l1 = m + 1;
                    out[(l1 * l1 + l1 + m) * stride + j] = p1 * c;
                    out[(l1 * l1 + l1 - m) * stride + j] = p1 * s;
                    for (int l = m + 2; l <= lMax; l++) {
                        int qi = t.qIndex(l, m);
                        double pn = Math.fma(zj * p1, recA[qi], (r2 * p2) * recB[qi]);
                        p2 = p1;
                        p1 = pn;
                        out[(l * l + l + m) * stride + j] = pn * c;
                        out[(l * l + l - m) * stride + j] = pn * s;
                    }
                }
                double cn = xj * c - yj * s;
                s = xj * s + yj * c;
                c = cn;
            }
        }
    }

    @Override
    public void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride) {
        for (int q = 0; q < gamma.length; q++) {
            double g = gamma[q];
            int o = q * stride;
            for (int j = from; j < to; j++) out[o + j] = Math.exp(-g * r2[j]);
        }
    }

    @Override
    public void gaussianTable(double[] r2, int from, int to, GaussianTable t, double[] out, int stride) {
        double[] base = t.base, gamma = t.gamma;
        int pts = t.points;
        for (int j = from; j < to; j++) {
            int i = t.index(r2[j]);
            double delta = Math.fma(-i, t.h, r2[j]);
            for (int q = 0; q < gamma.length; q++) out[q * stride + j] = base[q * pts + i] * GaussianTable.taylor(delta * -gamma[q]);
        }
    }

    @Override
    public void gaussianTableRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff) {
        double[] base = t.baseByPoint, ng = t.negGamma;
        int nq = ng.length;
        for (int j = from; j < to; j++) {
            int i = t.index(r2[j]);
            double delta = Math.fma(-i, t.h, r2[j]);
            int b = i * nq, o = outOff + (j - from) * nq;
            for (int q = 0; q < nq; q++) out[o + q] = base[b + q] * GaussianTable.taylor(ng[q] * delta);
        }
    }

    @Override
    public void soapGaussianRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff) {
        double[] base = t.baseByPoint, c = t.rowCoeff;
        if (c == null) throw new IllegalArgumentException("soapGaussianRows needs a GaussianTable.forRows table");
        int nq = t.size();
        for (int j = from; j < to; j++) {
            int i = t.index(r2[j]);
            double delta = Math.fma(-i, t.h, r2[j]);
            int b = i * nq, o = outOff + (j - from) * nq;
            for (int q = 0; q < nq; q++) {
                double p = Math.fma(c[5 * nq + q], delta, c[4 * nq + q]);
                p = Math.fma(p, delta, c[3 * nq + q]);
                p = Math.fma(p, delta, c[2 * nq + q]);
                p = Math.fma(p, delta, c[nq + q]);
                p = Math.fma(p, delta, c[q]);
                out[o + q] = base[b + q] * p;
            }
        }
    }

    @Override
    public void columnDots(double[] a, int aOff, int aStride, int na, double[] b, int bOff, int bStride, int bStep, int nb, int n, double[] c, int cOff) {
        for (int i = 0; i < na; i++) {
            for (int k = 0; k < nb; k++) {
                int bk = bOff + k * bStride;
                double sum = 0.0;
                for (int j = 0; j < n; j++) sum += a[aOff + j * aStride + i] * b[bk + j * bStep];
                c[cOff + i * nb + k] += sum;
            }
        }
    }

    @Override
    public void soapContract(double[] rows, int rowOff, int rowStride, double[] sh, int shOff, int shStride, int n, int nMax, int lMax,
                             double[] out, int outOff) {
        for (int l = 0; l <= lMax; l++) {
            for (int lm = l * l; lm < (l + 1) * (l + 1); lm++) {
                int so = shOff + lm * shStride, o = outOff + lm * nMax;
                for (int k = 0; k < nMax; k++) {
                    int ro = rowOff + l * nMax + k;
                    double sum = 0.0;
                    for (int j = 0; j < n; j++) sum += rows[ro + j * rowStride] * sh[so + j];
                    out[o + k] += sum;
                }
            }
        }
    }

    @Override
    public void soapRadialProduct(double[] bt, int btOff, double[] g, int gOff, int nMax, int lMax, double[] scale, double[] c, int cOff) {
        for (int l = 0; l <= lMax; l++) {
            int bo = btOff + l * nMax * nMax;
            for (int lm = l * l; lm < (l + 1) * (l + 1); lm++) {
                int go = gOff + lm * nMax, co = cOff + lm * nMax;
                for (int n = 0; n < nMax; n++) {
                    double sum = 0.0;
                    for (int k = 0; k < nMax; k++) sum = Math.fma(bt[bo + k * nMax + n], g[go + k], sum);
                    c[co + n] = scale == null ? sum : sum * scale[lm];
                }
            }
        }
    }

    @Override
    public void soapPower(double[] ca, int aOff, double[] cb, int bOff, int nMax, int lMax, double[] fac, boolean triangle,
                          double[] out, int outOff) {
        int f = outOff;
        for (int l = 0; l <= lMax; l++) {
            for (int n = 0; n < nMax; n++) {
                for (int n2 = triangle ? n : 0; n2 < nMax; n2++) {
                    double sum = 0.0;
                    for (int lm = l * l; lm < (l + 1) * (l + 1); lm++) sum = Math.fma(ca[aOff + lm * nMax + n], cb[bOff + lm * nMax + n2], sum);
                    out[f++] = fac[l] * sum;
                }
            }
        }
    }

    @Override
    public void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff) {
        for (int i = 0; i < na; i++) {
            int ai = aOff + i * stride;
            for (int k = 0; k < nb; k++) {
                int bk = bOff + k * stride;
                double sum = 0.0;
                for (int j = 0; j < n; j++) sum += a[ai + j] * b[bk + j];
                c[cOff + i * nb + k] = sum;
            }
        }
    }

    // ---- derivatives ----

    /** A neighbour beyond the cutoff: its derivative column {@code out[o + q stride]}, {@code q < n}, is zero. */
    private static void zeroColumn(double[] out, int o, int n, int stride) {
        for (int q = 0; q < n; q++) out[q * stride + o] = 0.0;
    }

    @Override
    public void chebyshevCutoffGradient(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off,
                                        double[] dOut, int dOff, int dStride) {
        double s2 = 2.0 / rCut, w = Math.PI / rCut;
        for (int j = from; j < to; j++) {
            double rj = r[j];
            int o = dOff + j - from;
            if (rj > rCut) {
                zeroColumn(dOut, o, nBasis, dStride);
                continue;
            }
            double fc = 0.5 * (Math.cos(w * rj) + 1.0), dfc = -0.5 * w * Math.sin(w * rj);
            double ir = 1.0 / rj;
            double x = s2 * rj - 1.0;
            out[off] += fc;
            dOut[o] = dfc * ir;
            if (nBasis < 2) continue;
            out[off + 1] += x * fc;
            dOut[dStride + o] = (s2 * fc + x * dfc) * ir;
            double tPrev = 1.0, t = x, dPrev = 0.0, d = 1.0;
            for (int k = 2; k < nBasis; k++) {
                double tn = 2.0 * x * t - tPrev, dn = 2.0 * t + 2.0 * x * d - dPrev;
                tPrev = t;
                t = tn;
                dPrev = d;
                d = dn;
                out[off + k] += tn * fc;
                dOut[k * dStride + o] = (dn * s2 * fc + tn * dfc) * ir;
            }
        }
    }

    @Override
    public void acsfRadialGradient(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                                   double[] kappa, double[] out, int off, double[] dOut, int dOff, int dStride) {
        int g1 = withG1 ? 1 : 0, nq = g1 + eta.length + kappa.length;
        double w = Math.PI / rCut;
        for (int j = from; j < to; j++) {
            double rj = r[j];
            int o = dOff + j - from;
            if (rj > rCut) {
                zeroColumn(dOut, o, nq, dStride);
                continue;
            }
            double fc = 0.5 * (Math.cos(w * rj) + 1.0), dfc = -0.5 * w * Math.sin(w * rj);
            double ir = 1.0 / rj;
            if (withG1) {
                out[off] += fc;
                dOut[o] = dfc * ir;
            }
            for (int p = 0; p < eta.length; p++) {
                double d = rj - rs[p];
                double e = Math.exp(-eta[p] * d * d);
                out[off + g1 + p] += e * fc;
                dOut[(g1 + p) * dStride + o] = e * (dfc - 2.0 * eta[p] * d * fc) * ir;
            }
            for (int q = 0; q < kappa.length; q++) {
                double c = Math.cos(kappa[q] * rj), sn = Math.sin(kappa[q] * rj);
                int f = g1 + eta.length + q;
                out[off + f] += c * fc;
                dOut[f * dStride + o] = (dfc * c - kappa[q] * sn * fc) * ir;
            }
        }
    }

    @Override
    public void pairGeometryGradient(double[] a, int j, double[] b, int kFrom, int kTo, int nStride, double[] geo, int gStride, int outOff) {
        double xj = a[NB_X * nStride + j], yj = a[NB_Y * nStride + j], zj = a[NB_Z * nStride + j];
        double rj = a[NB_R * nStride + j], fj = a[NB_FC * nStride + j], dj = a[NB_DFC * nStride + j], ij = a[NB_IR * nStride + j];
        for (int k = kFrom; k < kTo; k++) {
            int o = outOff + k - kFrom;
            double xk = b[NB_X * nStride + k], yk = b[NB_Y * nStride + k], zk = b[NB_Z * nStride + k];
            double rk = b[NB_R * nStride + k], fk = b[NB_FC * nStride + k], ik = b[NB_IR * nStride + k];
            double ex = xk - xj, ey = yk - yj, ez = zk - zj;
            geo[GEO_COS * gStride + o] = (xj * xk + yj * yk + zj * zk) * (ij * ik);
            geo[GEO_RSQ * gStride + o] = rj * rj + rk * rk;
            geo[GEO_RJK * gStride + o] = Math.sqrt(ex * ex + ey * ey + ez * ez);
            geo[GEO_FC * gStride + o] = fj * fk;
            geo[GEO_DJ * gStride + o] = dj * fk;
            geo[GEO_DK * gStride + o] = fj * b[NB_DFC * nStride + k];
            geo[GEO_IJK * gStride + o] = ij * ik;
            geo[GEO_IJJ * gStride + o] = ij * ij;
            geo[GEO_IKK * gStride + o] = ik * ik;
        }
    }

    @Override
    public void acsfAngularGradient(double[] geo, int gStride, int from, int to, double rCut, boolean g4, double[] eta,
                                    double[] zeta, double[] lambda, double[] out, int off, double[] coef, int coefOff, int cStride) {
        int np = eta.length;
        double[] acc = new double[np], scale = new double[np];
        for (int p = 0; p < np; p++) scale[p] = Math.pow(2.0, 1.0 - zeta[p]);
        double w = Math.PI / rCut, diag = g4 ? 2.0 : 1.0, cross = g4 ? 1.0 : 0.0;
        for (int t = from; t < to; t++) {
            double cos = geo[GEO_COS * gStride + t], f = geo[GEO_FC * gStride + t], s = geo[GEO_RSQ * gStride + t];
            double pj = geo[GEO_DJ * gStride + t], pk = geo[GEO_DK * gStride + t], pjk = 0.0;
            if (g4) {
                double d = geo[GEO_RJK * gStride + t];
                if (d > rCut) {
                    for (int q = 0; q < 3 * np; q++) coef[coefOff + q * cStride + t] = 0.0;
                    continue;
                }
                double fjk = 0.5 * (Math.cos(w * d) + 1.0), dfjk = -0.5 * w * Math.sin(w * d) / d;
                pjk = f * dfjk;
                f *= fjk;
                pj *= fjk;
                pk *= fjk;
                s += d * d;
            }
            double ijj = geo[GEO_IJJ * gStride + t], ikk = geo[GEO_IKK * gStride + t], ijk = geo[GEO_IJK * gStride + t];
            double lastEta = Double.NaN, e = 0.0;
            for (int p = 0; p < np; p++) {
                if (eta[p] != lastEta) {
                    lastEta = eta[p];
                    e = Math.exp(-lastEta * s);
                }
                double u = 1.0 + lambda[p] * cos;
                double pw = zeta[p] == 1.0 ? 1.0 : power(Math.max(u, 0.0), zeta[p] - 1.0); // u^(zeta-1); u >= 0 up to rounding
                double es = e * scale[p];
                double bv = pw * u * es, av = zeta[p] * lambda[p] * pw * es;
                acc[p] += bv * f;
                double twoEtaF = 2.0 * eta[p] * f, aF = av * f;
                int c0 = coefOff + 3 * p * cStride + t;
                coef[c0] = -aF * cos * ijj + bv * (pj + pjk - diag * twoEtaF);
                coef[c0 + cStride] = -aF * cos * ikk + bv * (pk + pjk - diag * twoEtaF);
                coef[c0 + 2 * cStride] = aF * ijk - bv * (pjk - cross * twoEtaF);
            }
        }
        for (int p = 0; p < np; p++) out[off + p] += acc[p];
    }

    @Override
    public void pairGradientRow(double[] coef, int cStride, int np, int tOff, double[] a, int j, double[] b, int kFrom, int kTo,
                                int nStride, double[] ga, double[] gb, int gStride) {
        int shift = tOff - kFrom;
        for (int p = 0; p < np; p++) {
            int jj = 3 * p * cStride + shift, kk = jj + cStride, jk = kk + cStride;
            for (int c = 0; c < 3; c++) {
                double dj = a[c * nStride + j];
                int go = (3 * p + c) * gStride;
                double accj = 0.0;
                for (int k = kFrom; k < kTo; k++) {
                    double dk = b[c * nStride + k];
                    gb[go + k] += coef[kk + k] * dk + coef[jk + k] * dj;
                    accj += coef[jj + k] * dj + coef[jk + k] * dk;
                }
                ga[go + j] += accj;
            }
        }
    }

    @Override
    public void solidHarmonicsGradient(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out,
                                       double[] gx, double[] gy, double[] gz, int stride) {
        SolidHarmonicsTable t = SolidHarmonicsTable.of(lMax);
        int nq = (lMax + 1) * (lMax + 2) / 2;
        double[] q = new double[nq], qz = new double[nq], qr = new double[nq];
        for (int j = from; j < to; j++) {
            double xj = x[j], yj = y[j], zj = z[j];
            double r2 = xj * xj + yj * yj + zj * zj;
            t.legendreGradient(zj, r2, q, qz, qr);
            for (int l = 0; l <= lMax; l++) { // m = 0, Phi_0 = 1
                int i = (l * l + l) * stride + j, qi = t.qIndex(l, 0);
                double n = t.norm0[l], dr = 2.0 * n * qr[qi];
                out[i] = n * q[qi];
                gx[i] = dr * xj;
                gy[i] = dr * yj;
                gz[i] = n * qz[qi] + dr * zj;
            }
            double cPrev = 1.0, sPrev = 0.0, c = xj, s = yj; // Re, Im of (x + i y)^(m-1) and ^m
            for (int m = 1; m <= lMax; m++) {
                for (int l = m; l <= lMax; l++) {
                    int qi = t.qIndex(l, m);
                    double v = t.norm[qi], vq = v * q[qi], vr = 2.0 * v * qr[qi], vz = v * qz[qi] + vr * zj, vm = vq * m;
                    int ic = (l * l + l + m) * stride + j, is = (l * l + l - m) * stride + j;
                    out[ic] = vq * c;
                    gx[ic] = vr * xj * c + vm * cPrev;
                    gy[ic] = vr * yj * c - vm * sPrev;
                    gz[ic] = vz * c;
                    out[is] = vq * s;
                    gx[is] = vr * xj * s + vm * sPrev;
                    gy[is] = vr * yj * s + vm * cPrev;
                    gz[is] = vz * s;
                }
                double cn = xj * c - yj * s, sn = xj * s + yj * c;
                cPrev = c;
                sPrev = s;
                c = cn;
                s = sn;
            }
        }
    }

    @Override
    public void panelProduct(double[] a, int aOff, int rows, int inner, double[] p, int pOff, int pStride, int from, int to,
                             double[] out, int outOff, int outStride) {
        for (int r = 0; r < rows; r++) {
            int o = outOff + r * outStride - from;
            for (int t = from; t < to; t++) out[o + t] = 0.0;
            for (int q = 0; q < inner; q++) {
                double w = a[aOff + r * inner + q];
                int po = pOff + q * pStride;
                for (int t = from; t < to; t++) out[o + t] += w * p[po + t];
            }
        }
    }

    @Override
    public void rankTwo(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] d, int dOff, int n, int blocks,
                        boolean triangle, double[] out, int outOff) {
        int o = outOff;
        for (int q = 0; q < blocks; q++) {
            int ao = aOff + q * n, bo = bOff + q * n, co = cOff + q * n, dO = dOff + q * n;
            for (int r = 0; r < n; r++) {
                double ar = a[ao + r], cr = c[co + r];
                if (!triangle) {
                    for (int s = 0; s < n; s++) out[o++] = ar * b[bo + s] + cr * d[dO + s];
                } else {
                    double br = b[bo + r], dr = d[dO + r];
                    for (int s = r; s < n; s++) out[o++] = ar * b[bo + s] + cr * d[dO + s] + br * a[ao + s] + dr * c[co + s];
                }
            }
        }
    }

    @Override
    public void projectOut(double[] u, int uOff, double[] g, int gOff, int n, double invNorm) {
        double dot = 0.0;
        for (int f = 0; f < n; f++) dot += u[uOff + f] * g[gOff + f];
        for (int f = 0; f < n; f++) g[gOff + f] = (g[gOff + f] - u[uOff + f] * dot) * invNorm;
    }
}
