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
}
