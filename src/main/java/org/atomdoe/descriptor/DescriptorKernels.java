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
     * ACSF three-body sums over neighbour pairs prepared by the caller: for pair {@code t}
     * {@code cos[t] = cos theta_jik}, {@code rsq[t] = r_ij^2 + r_ik^2}, {@code rjk[t]} the j-k
     * distance and {@code fcij[t] = fc(r_ij) fc(r_ik)}. Adds for each parameter {@code p}
     * <pre>G4: 2^(1-zeta) sum_t (1 + lambda cos)^zeta exp(-eta (rsq + rjk^2)) fcij fc(rjk)   (rjk &lt;= r_cut)
     * G5: 2^(1-zeta) sum_t (1 + lambda cos)^zeta exp(-eta rsq) fcij</pre>
     * into {@code out[off + p]}; G4 when {@code g4} is true, else G5.
     */
    void acsfAngular(double[] cos, double[] rsq, double[] rjk, double[] fcij, int from, int to, double rCut,
                     boolean g4, double[] eta, double[] zeta, double[] lambda, double[] out, int off);

    /**
     * Real regular solid harmonics {@code S_lm(x,y,z) = r^l Y_lm(r^)} (orthonormal real Y_lm) for
     * {@code l <= lMax}, written to {@code out[(l*l + l + m) * stride + j]} for {@code j in [from, to)}.
     * Convention: {@code m > 0} uses {@code cos(m phi)}, {@code m < 0} {@code sin(|m| phi)}, no
     * Condon-Shortley phase.
     */
    void solidHarmonics(double[] x, double[] y, double[] z, int from, int to, int lMax, double[] out, int stride);

    /** {@code out[q * stride + j] = exp(-gamma[q] * r2[j])} for {@code q < gamma.length}, {@code j in [from, to)}. */
    void gaussians(double[] r2, int from, int to, double[] gamma, double[] out, int stride);

    /**
     * Row dot products: {@code c[cOff + a * nb + b] = sum_{j < n} A[aOff + a * stride + j] * B[bOff + b * stride + j]}
     * for {@code a < na}, {@code b < nb} (C = A B^T with rows of length n).
     */
    void rowDots(double[] a, int aOff, int na, double[] b, int bOff, int nb, int n, int stride, double[] c, int cOff);

    /** Shared scalar helper: the cosine cutoff. */
    static double cutoff(double r, double rCut) {
        return r <= rCut ? 0.5 * (Math.cos(Math.PI * r / rCut) + 1.0) : 0.0;
    }
}
