package org.atomdoe.descriptor;

import org.atomdoe.simd.VectorSupport;

/**
 * The hot loops of the descriptors, over structure-of-arrays neighbour buffers. Every method
 * works on entries {@code [from, to)} of its input arrays; the scalar twin
 * {@link ScalarDescriptorKernels} defines the semantics, {@code PanamaDescriptorKernels} computes
 * the same with the incubator Vector API (lanes over neighbours or neighbour pairs).
 *
 * <p>Cutoff function everywhere: {@code fc(r) = (cos(pi r / r_cut) + 1) / 2} for
 * {@code r <= r_cut}, else 0 (Behler 2011).
 */
public interface DescriptorKernels {

    /** The kernels chosen for this JVM (Panama when the Vector API is usable). */
    DescriptorKernels DEFAULT = VectorSupport.choose(DescriptorKernels.class,
            "org.atomdoe.descriptor.PanamaDescriptorKernels", new ScalarDescriptorKernels());

    /**
     * Pair radial basis: {@code out[off + k] += sum_j T_k(2 r_j / r_cut - 1) fc(r_j)} for
     * {@code k < nBasis} (Chebyshev polynomials of the first kind).
     */
    void chebyshevCutoffSum(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off);

    /**
     * ACSF two-body sums: {@code out[off] += sum_j fc(r_j)} (G1, only if {@code withG1}), then
     * {@code out[off + g1 + p] += sum_j exp(-eta_p (r_j - rs_p)^2) fc(r_j)} (G2) for
     * {@code p < eta.length}, then {@code out[off + g1 + nG2 + q] += sum_j cos(kappa_q r_j) fc(r_j)} (G3).
     */
    void acsfRadial(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                    double[] kappa, double[] out, int off);

    /**
     * {@link #acsfRadial} with the cutoff values of the neighbours given, {@code fc[fcOff + j - from] = fc(r_j)} as
     * {@link #cutoffValues} makes them (a caller that has them for the three-body terms need not have them made
     * again). The scalar twin makes its own.
     */
    default void acsfRadialWithCutoffs(double[] r, double[] fc, int fcOff, int from, int to, double rCut, boolean withG1, double[] eta,
                                       double[] rs, double[] kappa, double[] out, int off) {
        acsfRadial(r, from, to, rCut, withG1, eta, rs, kappa, out, off);
    }

    /**
     * The cutoff function of neighbours {@code j in [from, to)}: {@code out[outOff + j - from] = fc(r_j)}, 0 beyond
     * {@code r_cut} (the vector twin evaluates cos by a polynomial, ~1e-16 absolute, instead of {@code Math.cos}).
     */
    void cutoffValues(double[] r, int from, int to, double rCut, double[] out, int outOff);

    /**
     * ACSF three-body sums over neighbour pairs prepared by the caller: for pair {@code t}
     * {@code cos[t] = cos theta_jik}, {@code rsq[t] = r_ij^2 + r_ik^2}, {@code rjk2[t]} the squared j-k
     * distance and {@code fcij[t] = fc(r_ij) fc(r_ik)}. Adds for each parameter {@code p}
     * <pre>G4: 2^(1-zeta) sum_t (1 + lambda cos)^zeta exp(-eta (rsq + rjk2)) fcij fc(sqrt(rjk2))   (rjk2 &lt;= r_cut^2)
     * G5: 2^(1-zeta) sum_t (1 + lambda cos)^zeta exp(-eta rsq) fcij</pre>
     * into {@code out[off + p]}; G4 when {@code g4} is true, else G5. (Squared distances in: a caller can drop the
     * pairs beyond the cutoff, which have no G4 term, before any square root is taken.)
     */
    void acsfAngular(double[] cos, double[] rsq, double[] rjk2, double[] fcij, int from, int to, double rCut,
                     boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off);

    /**
     * Geometry of the neighbour pairs (j, k) for one j and {@code k in [kFrom, kTo)}, written to
     * index {@code outOff + k - kFrom}: {@code cos = (d_j . d_k) / (r_j r_k)}, {@code rsq = r_j^2 + r_k^2},
     * {@code rjk2 = |d_k - d_j|^2}, {@code fcij = f_j f_k} (the inputs of {@link #acsfAngular}).
     */
    void pairGeometry(double xj, double yj, double zj, double rj, double fj, double[] x, double[] y, double[] z,
                      double[] r, double[] f, int kFrom, int kTo, double[] cos, double[] rsq, double[] rjk2, double[] fcij, int outOff);

    /**
     * {@link #pairGeometry} of only the pairs with {@code rjk2 <= r_cut^2} (the only ones with a G4 term), computed
     * from unit vectors {@code u = d / r}: for one j and {@code k in [kFrom, kTo)},
     * {@code cos = u_j . u_k}, {@code rsq = r_j^2 + r_k^2}, {@code rjk2 = rsq - 2 r_j r_k cos} (the law of cosines: no
     * difference vector, no division; ~1e-15 relative for the separations of real neighbours), {@code fcij = f_j f_k};
     * only the pairs with {@code rjk2 <= r_cut^2} are written, in order from {@code outOff}; returns their number m.
     * Entries {@code [outOff + m, outOff + m + 8)} may be overwritten too (the vector twin stores whole vectors). Every value is
     * <pre>cos = fma(uz_j, uz_k, fma(uy_j, uy_k, ux_j ux_k)),  rsq = fma(r_k, r_k, r_j^2),  rjk2 = fma((-2 r_j) r_k, cos, rsq)</pre>
     * in both twins, so they keep the same pairs and agree bit for bit.
     */
    int pairGeometryWithinUnit(double uxj, double uyj, double uzj, double rj, double fj, double[] ux, double[] uy, double[] uz,
                               double[] r, double[] f, int kFrom, int kTo, double rCut, double[] cos, double[] rsq, double[] rjk2,
                               double[] fcij, int outOff);

    /**
     * {@link #pairGeometryWithinUnit} for every row of one species pair in one call: for {@code j < na} (entries of
     * the a arrays) and k from {@code triangle ? j + 1 : 0} to {@code nb} (entries of the b arrays), each row of k
     * extended to a multiple of {@code block} (the caller pads the b arrays with entries that are never kept), in that
     * order from {@code outOff}; returns the number of pairs written. With {@code triangle} the a and b arrays are the
     * same neighbours (the unordered pairs j &lt; k).
     */
    default int pairRowsWithinUnit(double[] uxa, double[] uya, double[] uza, double[] ra, double[] fa, int na,
                                   double[] uxb, double[] uyb, double[] uzb, double[] rb, double[] fb, int nb, boolean triangle,
                                   int block, double rCut, double[] cos, double[] rsq, double[] rjk2, double[] fcij, int outOff) {
        int np = outOff;
        for (int j = 0; j < na; j++) {
            int kFrom = triangle ? j + 1 : 0;
            if (kFrom >= nb) continue;
            int kTo = kFrom + (nb - kFrom + block - 1) / block * block;
            np += pairGeometryWithinUnit(uxa[j], uya[j], uza[j], ra[j], fa[j], uxb, uyb, uzb, rb, fb, kFrom, kTo, rCut, cos, rsq, rjk2, fcij, np);
        }
        return np - outOff;
    }

    /**
     * The block length the pair kernels run best on (a vector's lane count; 1 for scalar kernels): a caller that can
     * pad its rows to a multiple of it (with entries that are never kept or weigh zero) avoids scalar tails.
     */
    default int pairBlock() {
        return 1;
    }

    /**
     * Real regular solid harmonics {@code S_lm(x,y,z) = r^l Y_lm(r^)} (orthonormal real Y_lm) for
     * {@code l <= lMax}, written to {@code out[(l*l + l + m) * stride + j]} for {@code j in [from, to)}.
     * Convention: {@code m > 0} uses {@code cos(m phi)}, {@code m < 0} {@code sin(|m| phi)}, no
     * Condon-Shortley phase.
     */
    void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride);

    /**
     * SOAP's value path: the solid harmonics of {@link #solidHarmonics} without their normalisation,
     * {@code out[(l*l + l + m) * stride + j] = S_lm(x, y, z) / SolidHarmonicsTable.of(lMax).soapScale[l*l + l + m]} at
     * {@code (x[off + j], y[off + j], z[off + j])} for {@code j in [from, to)} (the displacements read in place, e.g. from a
     * neighbour list's ranges): {@code Re/Im (x + i y)^m T_l^m(z, r^2)} with the scaled Legendre chains of
     * {@code SolidHarmonicsTable.soapBeta} (three operations per (l, m) instead of four, none at l = m; the sums over
     * neighbours are scaled once per centre instead). Scalar and vector versions agree bit for bit.
     */
    void soapHarmonics(double[] x, double[] y, double[] z, int off, int from, int to, int lMax, double[] out, int stride);

    /** {@code out[q * stride + j] = exp(-gamma[q] * r2[j])} for {@code q < gamma.length}, {@code j in [from, to)}. */
    void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride);

    /**
     * {@code out[q * stride + j] = t.value(q, r2[j])} for {@code q < t.size()}, {@code j in [from, to)}: the Gaussians
     * {@code exp(-gamma_q r2_j)} of {@link #gaussians} by table and Taylor polynomial ({@link GaussianTable}, ~4e-16
     * relative), for {@code 0 <= r2_j <= t.sMax()}. Scalar and vector versions agree bit for bit.
     */
    void gaussianTable(double[] r2, int from, int to, GaussianTable t, double[] out, int stride);

    /**
     * {@link #gaussianTable} neighbour-major: {@code out[outOff + (j - from) * t.size() + q] = t.value(q, r2[j])}, the
     * same bits. Lanes run over the exponents of one neighbour, whose table entries are contiguous
     * ({@code GaussianTable.baseByPoint}): no gather (an AVX2 gather cost as much as the arithmetic it fed).
     */
    void gaussianTableRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff);

    /**
     * SOAP's Gaussians neighbour-major from a {@link GaussianTable#forRows} table:
     * {@code out[outOff + (j - from) * t.size() + q] = t.rowValue(q, r2[j])} (a degree-5 polynomial in {@code delta} with
     * per-exponent coefficients times the table entry, ~1e-15 relative), for {@code 0 <= r2_j <= t.sMax()}. Scalar and
     * vector versions agree bit for bit. Throws IllegalArgumentException for a table not made by {@code forRows}.
     */
    void soapGaussianRows(double[] r2, int from, int to, GaussianTable t, double[] out, int outOff);

    /**
     * Row dot products: {@code c[cOff + a * nb + b] = sum_{j < n} A[aOff + a * stride + j] * B[bOff + b * stride + j]}
     * for {@code a < na}, {@code b < nb} (C = A B^T with rows of length n).
     */
    void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff);

    /**
     * Column dot products, accumulated:
     * {@code c[cOff + a * nb + b] += sum_{j < n} A[aOff + j * aStride + a] * B[bOff + b * bStride + j * bStep]}
     * for {@code a < na}, {@code b < nb} (C += A^T B^T with A stored by rows j, e.g. neighbour-major radial values;
     * B e.g. harmonics over neighbours, {@code bStep = 1}). SOAP's (k x m) contraction on a block of neighbours, and
     * its (n x k) by (k x m) radial matrix product.
     */
    void columnDots(double[] a, int aOff, int aStride, int na, double[] b, int bOff, int bStride, int bStep, int nb, int n, double[] c, int cOff);

    /**
     * SOAP's (k x m) contraction of a block of neighbours, accumulated, every l at once:
     * <pre>out[outOff + lm nMax + k] += sum_{j &lt; n} rows[rowOff + j rowStride + l nMax + k] sh[shOff + lm shStride + j]</pre>
     * for {@code l <= lMax}, {@code lm in [l^2, (l+1)^2)} (the harmonic S_lm of {@link #solidHarmonics}, {@code lm = l^2 + l + m})
     * and {@code k < nMax}: rows hold the Gaussians {@code exp(-gamma_lk r_j^2)} neighbour-major
     * ({@link #gaussianTableRows}), sh the solid harmonics over neighbours. The output is column-major in lm (the nMax
     * values of one (l, m) are contiguous).
     */
    void soapContract(double[] rows, int rowOff, int rowStride, double[] sh, int shOff, int shStride, int n, int nMax, int lMax,
                      double[] out, int outOff);

    /**
     * SOAP's radial matrix product for every (l, m) column, in the column layout of {@link #soapContract}:
     * <pre>c[cOff + lm nMax + n] = (sum_{k &lt; nMax} bt[btOff + l nMax^2 + k nMax + n] g[gOff + lm nMax + k]) scale[lm]</pre>
     * for {@code l <= lMax}, {@code lm in [l^2, (l+1)^2)}, {@code n < nMax} ({@code bt} holds {@code B^l} transposed per l:
     * {@code c^l = B^l g^l}; {@code scale} e.g. the normalisation of {@link #soapHarmonics}, null for none). Each sum runs
     * over k in order with fused multiply-adds, then one multiplication (scalar and vector twins agree bit for bit).
     */
    void soapRadialProduct(double[] bt, int btOff, double[] g, int gOff, int nMax, int lMax, double[] scale, double[] c, int cOff);

    /**
     * SOAP's power spectrum of two coefficient sets in the column layout of {@link #soapRadialProduct}:
     * <pre>p_{n n' l} = fac[l] sum_{m} ca[aOff + (l^2 + l + m) nMax + n] cb[bOff + (l^2 + l + m) nMax + n']</pre>
     * (the sum over m = -l..l in order with fused multiply-adds, then one multiplication by {@code fac[l]}; scalar and
     * vector twins agree bit for bit). Written l by l from {@code outOff}: with {@code triangle} (ca and cb the same
     * coefficients) the packed rows {@code n' >= n} ({@code nMax (nMax + 1) / 2} values per l), else the full
     * {@code nMax x nMax} block, row n then n'.
     */
    void soapPower(double[] ca, int aOff, double[] cb, int bOff, int nMax, int lMax, double[] fac, boolean triangle,
                   double[] out, int outOff);

    // ---- derivatives (DifferentiableDescriptor): every "d/dr" below is returned divided by r, so that
    // a caller multiplies it by the displacement D to get the gradient (d phi / dD = phi'(r) D / r).

    /** Slots of a per-neighbour buffer {@code nb[slot * stride + t]}: displacement, r, fc(r), fc'(r)/r, 1/r. */
    int NB_X = 0, NB_Y = 1, NB_Z = 2, NB_R = 3, NB_FC = 4, NB_DFC = 5, NB_IR = 6, NB_SLOTS = 7;

    /**
     * Slots of a pair-geometry buffer {@code geo[slot * stride + t]} (see {@link #pairGeometryGradient}):
     * cos theta, r_j^2 + r_k^2, r_jk, fc_j fc_k, fc'_j/r_j fc_k, fc_j fc'_k/r_k, 1/(r_j r_k), 1/r_j^2, 1/r_k^2.
     */
    int GEO_COS = 0, GEO_RSQ = 1, GEO_RJK = 2, GEO_FC = 3, GEO_DJ = 4, GEO_DK = 5, GEO_IJK = 6, GEO_IJJ = 7, GEO_IKK = 8,
            GEO_SLOTS = 9;

    /**
     * {@link #chebyshevCutoffSum} plus the radial derivatives: for {@code j in [from, to)} and {@code k < nBasis},
     * {@code dOut[dOff + k * dStride + j - from] = phi_k'(r_j) / r_j} with {@code phi_k = T_k(u) fc(r)}, {@code u = 2r/r_cut - 1}:
     * <pre>phi_k' = T_k'(u) (2 / r_cut) fc + T_k fc',   T_0' = 0, T_1' = 1, T_k' = 2 T_{k-1} + 2u T_{k-1}' - T_{k-2}'
     * fc'(r) = -(pi / (2 r_cut)) sin(pi r / r_cut)</pre>
     * and 0 beyond the cutoff.
     */
    void chebyshevCutoffGradient(double[] r, int from, int to, double rCut, int nBasis, double[] out, int off,
                                 double[] dOut, int dOff, int dStride);

    /**
     * {@link #acsfRadial} plus {@code dOut[dOff + q * dStride + j - from] = phi_q'(r_j) / r_j} for the q-th feature of the
     * block ({@code G1' = fc'}, {@code G2' = exp(-eta (r - R_s)^2) (fc' - 2 eta (r - R_s) fc)},
     * {@code G3' = fc' cos(kappa r) - kappa sin(kappa r) fc}); 0 beyond the cutoff.
     */
    void acsfRadialGradient(double[] r, int from, int to, double rCut, boolean withG1, double[] eta, double[] rs,
                            double[] kappa, double[] out, int off, double[] dOut, int dOff, int dStride);

    /**
     * Geometry of the pairs (j, k) for one {@code j} of buffer {@code a} and {@code k in [kFrom, kTo)} of buffer
     * {@code b} (per-neighbour buffers in the {@code NB_*} layout with stride {@code nStride}, possibly the same
     * array), written at index {@code outOff + k - kFrom} of the {@code GEO_*} slots of {@code geo}.
     */
    void pairGeometryGradient(double[] a, int j, double[] b, int kFrom, int kTo, int nStride, double[] geo, int gStride, int outOff);

    /**
     * ACSF three-body values and derivative coefficients over pairs {@code t in [from, to)} of {@code geo}
     * ({@link #pairGeometryGradient}). For parameter p the pair term is
     * {@code T = 2^(1-zeta) u^zeta exp(-eta s) F} with {@code u = 1 + lambda cos},
     * {@code G4: s = r_j^2 + r_k^2 + r_jk^2, F = fc_j fc_k fc(r_jk)}, {@code G5: s = r_j^2 + r_k^2, F = fc_j fc_k};
     * {@code out[off + p] += sum_t T}, and
     * <pre>dT/dD_j = c_jj D_j + c_jk D_k,   dT/dD_k = c_kk D_k + c_jk D_j,</pre>
     * written to {@code coef[coefOff + (3p + q) * cStride + t]} for q = 0 (c_jj), 1 (c_kk), 2 (c_jk). With
     * {@code e = 2^(1-zeta) exp(-eta s)}, {@code b = u^zeta e}, {@code a = zeta lambda u^(zeta-1) e} and
     * {@code P_j = fc_j' fc_k fc_jk / r_j}, {@code P_k} alike, {@code P_jk = fc_j fc_k fc_jk' / r_jk} (0 for G5):
     * <pre>c_jj = -a F cos / r_j^2 + b (P_j + P_jk - 2 eta F (1 + g4))
     * c_kk = -a F cos / r_k^2 + b (P_k + P_jk - 2 eta F (1 + g4))
     * c_jk =  a F / (r_j r_k)  - b (P_jk - 2 eta F g4)</pre>
     * from {@code d cos/dD_j = D_k/(r_j r_k) - cos D_j / r_j^2} and {@code d r_jk / dD_j = -(D_k - D_j)/r_jk}
     * (Behler, J. Chem. Phys. 134, 074106 (2011); no division by u or fc, so u = 0 (collinear pairs) and
     * r = r_cut are safe).
     */
    void acsfAngularGradient(double[] geo, int gStride, int from, int to, double rCut, boolean g4, double[] eta,
                             double[] zeta, double[] lambda, double[] out, int off, double[] coef, int coefOff, int cStride);

    /**
     * Accumulates the pair-term gradients of one row of pairs (j of buffer {@code a}, k in [kFrom, kTo) of buffer
     * {@code b}, pair t = tOff + k - kFrom) into per-neighbour gradients, for parameters {@code p < np} and
     * components c = x, y, z ({@code NB_X..NB_Z}):
     * <pre>gb[(3p + c) gStride + k] += c_kk(t) D_k,c + c_jk(t) D_j,c
     * ga[(3p + c) gStride + j] += sum_k c_jj(t) D_j,c + c_jk(t) D_k,c</pre>
     * with the coefficients of {@link #acsfAngularGradient} ({@code coef[(3p + q) cStride + t]}). {@code ga} and
     * {@code gb} may be the same array when j is not in [kFrom, kTo).
     */
    void pairGradientRow(double[] coef, int cStride, int np, int tOff, double[] a, int j, double[] b, int kFrom, int kTo,
                         int nStride, double[] ga, double[] gb, int gStride);

    /**
     * {@link #solidHarmonics} plus their Cartesian gradients {@code gx, gy, gz} (same layout), by differentiating the
     * recurrences: with {@code S_lm = N_lm Q_l^m(z, r^2) Phi(x, y)}, {@code Phi = C_m = Re (x + i y)^m} (m &gt;= 0) or
     * {@code S_m = Im (x + i y)^m} (m &lt; 0), and {@code d(x + i y)^m/dx = m (x + i y)^(m-1)},
     * {@code d(x + i y)^m/dy = i m (x + i y)^(m-1)}:
     * <pre>dS/dx = N (2x Q_r Phi + Q dPhi/dx),  dC_m/dx = m C_{m-1},  dS_m/dx = m S_{m-1}
     * dS/dy = N (2y Q_r Phi + Q dPhi/dy),  dC_m/dy = -m S_{m-1}, dS_m/dy = m C_{m-1}
     * dS/dz = N (Q_z + 2z Q_r) Phi</pre>
     * with {@code Q_z = dQ/dz}, {@code Q_r = dQ/d(r^2)} from the differentiated Q recurrence
     * ({@code SolidHarmonicsTable.legendreGradient}).
     */
    void solidHarmonicsGradient(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out,
                                double[] gx, double[] gy, double[] gz, int stride);

    /**
     * Small matrix times panel: {@code out[outOff + r * outStride + t - from] = sum_{q < inner} a[aOff + r * inner + q] * p[pOff + q * pStride + t]}
     * for {@code r < rows}, {@code t in [from, to)}.
     */
    void panelProduct(double[] a, int aOff, int rows, int inner, double[] p, int pOff, int pStride, int from, int to,
                      double[] out, int outOff, int outStride);

    /**
     * Rank-two blocks: for {@code q < blocks}, {@code M_rs = a_r b_s + c_r d_s} ({@code r, s < n}, the four vectors at
     * their offsets {@code + q n}). Writes block q at {@code outOff + q n^2} as {@code M_rs} at {@code r n + s}, or, if
     * {@code triangle}, at {@code outOff + q n (n+1)/2} the packed upper triangle of {@code M + M^T} ({@code s >= r},
     * row by row).
     */
    void rankTwo(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] d, int dOff, int n, int blocks,
                 boolean triangle, double[] out, int outOff);

    /**
     * Chain rule through a normalisation {@code y = x / |x|}: with the unit vector {@code u} at {@code u[uOff..+n)}
     * and a derivative {@code g} of x, {@code g <- (g - u (u . g)) * invNorm} (the derivative of y).
     */
    void projectOut(double[] u, int uOff, double[] g, int gOff, int n, double invNorm);

    /** Shared scalar helper: the cosine cutoff. */
    static double cutoff(double r, double rCut) {
        return r <= rCut ? 0.5 * (Math.cos(Math.PI * r / rCut) + 1.0) : 0.0;
    }
}
