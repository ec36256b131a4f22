package org.atomdoe.descriptor;

/**
 * The two hot loops of the SNAP bispectrum, evaluated for {@link #lanes()} centre atoms at once
 * (one SIMD lane per atom; the scalar twin has one lane). All atoms of a batch share the same
 * index tables, so every loop is lane-parallel with no horizontal reductions.
 *
 * <p>Layouts ({@code L = lanes()}, {@code e} a density/element index, {@code k} a neighbour slot,
 * {@code jju} a u index of {@link SnapIndex}):
 * <ul>
 *   <li>neighbour slot arrays {@code ar, ai, br, bi}: Cayley–Klein parameters
 *       {@code a = ar + i·ai, b = br + i·bi} of neighbour slot {@code k} of lane {@code l} at
 *       {@code k*L + l}; {@code sw[e*swStride + k*L + l]} is the neighbour's weight
 *       {@code fc(r)·w_j} in density {@code e} (0 for padding slots and other elements);</li>
 *   <li>densities {@code utr, uti} (real, imaginary): {@code (e*idxuMax + jju)*L + l};</li>
 *   <li>bispectrum {@code b}: {@code ((((e1*nd + e2)*nd + e3)*nb + jjb)*L + l}, the raw
 *       {@code 2 Σ Re(conj(u^j)·Z_{j1,j2,j})} (no bzero shift, no bnorm).</li>
 * </ul>
 */
public interface SnapKernel {
    /** Atoms evaluated together. */
    int lanes();

    /** Scratch length {@link #accumulateDensity} needs for these tables. */
    default int workLength(SnapIndex ix) {
        int d = ix.twojmax + 1;
        return 4 * d * d * lanes();
    }

    /**
     * Adds every neighbour slot's hyperspherical harmonics {@code u^j_{ma,mb}(a, b)} (LAMMPS
     * {@code compute_uarray} recursion, VMK 4.8.2) weighted by {@code sw} to the densities, then
     * completes the densities by the symmetry {@code u_{j-ma,j-mb} = (-1)^{ma-mb} conj(u_{ma,mb})}.
     * On entry the rows {@code mb ≤ j/2} of {@code utr, uti} must hold the self term (or zero);
     * rows {@code mb > j/2} are overwritten.
     */
    void accumulateDensity(SnapIndex ix, int ndens, int nslots, double[] ar, double[] ai, double[] br, double[] bi,
                           double[] sw, int swStride, double[] utr, double[] uti, double[] work);

    /** The raw bispectrum of the (complete) densities, every element triple, LAMMPS component order. */
    void bispectrum(SnapIndex ix, int ndens, double[] utr, double[] uti, double[] b);
    // ---- derivatives (LAMMPS compute snad/atom), tables in SnapGradientIndex ----

    /** Scratch length {@link #derivativeBasis} needs: u of one neighbour, real and imaginary. */
    default int basisWorkLength(SnapGradientIndex gx) {
        return 2 * gx.base.idxuMax * lanes();
    }

    /**
     * The full list {@code Z'} (middle-diagonal weight folded in) of every ordered density pair
     * {@code p = e1*ndens + e2} (u^{j1} from e1, u^{j2} from e2), real and imaginary parts interleaved per entry:
     * {@code z[(2*(p*zMax + z) + part)*L + l]} (LAMMPS {@code compute_zi}); the densities must be complete.
     */
    void zList(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] z);

    /**
     * The raw bispectrum from the full list, {@code 2 Σ_half Re(conj(u^j_{e3})·Z'^{j1,j2,j}_{e1,e2})}, same
     * layout and meaning as {@link #bispectrum} (equal up to rounding).
     */
    void bispectrumFromZ(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] z, double[] b);

    /**
     * For neighbour slot {@code k} of every lane: recomputes {@code u^j(a, b)} (rows {@code mb ≤ j/2}) and writes the
     * half layers of the three weighted generator images {@code P_q = u·ρ_q + w_q u} (q = 0..2) to
     * {@code dW[((halfStart[j] + h)*6 + q)*L + l]} (q = 0..2 real parts, 3..5 imaginary parts).
     *
     * <p>Instead of LAMMPS's derivative recursion ({@code compute_duarray}) the derivative uses that u^j is a
     * representation of SU(2) (matrix {@code [mb][ma]}, {@code u(g h) = u(g) u(h)}): {@code du = u·ρ(X)} with
     * {@code X = g⁻¹ dg = α_i X1 + β_r X2 + β_i X3} and the spin-j generators, tridiagonal in ma:
     * <pre>
     *   (u ρ1)[ma] = i (2ma - j) u[ma]
     *   (u ρ2)[ma] = c(ma) u[ma+1] - c(ma-1) u[ma-1]
     *   (u ρ3)[ma] = i (c(ma) u[ma+1] + c(ma-1) u[ma-1]),      c(m) = sqrt((m+1)(j-m))
     * </pre>
     * (u^j are the Wigner D-matrices of the rotation (a, b), Varshalovich, Moskalev, Khersonskii, <i>Quantum Theory
     * of Angular Momentum</i> (1988), ch. 4; the generators are the spin-j matrices of J_z, J_±, their form in
     * LAMMPS's index and sign convention checked numerically against its recursion and by the snad/atom tests).
     * The weighted derivative along direction c is {@code dW_c = dsw_c u + sw Σ_q G_{c,q} u ρ_q}; the caller
     * chooses {@code w} with {@code Σ_q G_{c,q} w_q = dsw_c / sw}, so that {@code dW_c = Σ_q m_{c,q} P_q} with
     * {@code m = sw G}: three images per entry at one FMA each instead of three directions at four operations each,
     * and the 3 x 3 applied once per component after the contraction ({@link #contract}).
     *
     * @param w {@code w[(k*3 + q)*L + l]} (0 in padding slots)
     */
    void derivativeBasis(SnapGradientIndex gx, int k, double[] ar, double[] ai, double[] br, double[] bi, double[] w,
                         double[] work, double[] dW);

    /**
     * Contracts one neighbour's {@code P_q} ({@link #derivativeBasis}) with the Z' list (LAMMPS {@code compute_dbidrj}):
     * {@code dB'_q[f] = Σ_{t: f[t] = f} m_t·scale[t]·Σ_h Re(conj(P_q[half[t] + h])·Z'[z[t] + h])},
     * {@code m_t = mask[dens[t]*maskStride + k*L + l]} (1 if the neighbour of slot k belongs to density
     * {@code dens[t]}, else 0) when {@code ndens > 1}, else 1, then overwrites {@code dB[(c*nf + f)*L + l]} with
     * {@code Σ_q m[(k*9 + 3c + q)*L + l]·dB'_q[f]}. {@code Re(conj(w)·z) = w_r z_r + w_i z_i} makes each task a real
     * dot product of length {@code 2 len[t]} over the interleaved parts of {@code dW} and {@code z}.
     */
    void contract(SnapGradientIndex.Tasks tasks, int nf, int ndens, double[] mask, int maskStride, int k, double[] m,
                  double[] z, double[] dW, double[] dB);
}
