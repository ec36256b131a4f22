package org.atomdoe.descriptor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Index and coefficient tables of the SNAP bispectrum derivatives for one band limit 2J (the
 * tables of LAMMPS {@code compute snad/atom}: the full Z list of {@code SNA::compute_zi} and the
 * three-term rule of {@code SNA::compute_dbidrj}), built once per 2J and shared.
 *
 * <p>The derivative of {@code B_{j1,j2,j} = Σ_{ma,mb} conj(u^j_{ma,mb}) Z^{j1,j2,j}_{ma,mb}} with
 * respect to a neighbour position follows from the symmetry of the triple product under
 * permutation of its layers (Thompson et al., J. Comput. Phys. 285, 316 (2015); LAMMPS
 * {@code SNA::compute_dbidrj}):
 * <pre>
 *   dB_{j1,j2,j} = 2 Re Σ conj(du^j)·Z^{j1,j2,j}
 *                + 2 (j+1)/(j1+1) Re Σ conj(du^{j1})·Z^{j,j2,j1}
 *                + 2 (j+1)/(j2+1) Re Σ conj(du^{j2})·Z^{j,j1,j2}
 * </pre>
 * each sum over the half layer (rows {@code mb < j/2}, and for even j the middle row up to the
 * diagonal with weight ½), since {@code u} and {@code Z} share the symmetry
 * {@code u_{j-ma,j-mb} = (-1)^{ma-mb} conj(u_{ma,mb})}. So Z is needed for every triple
 * {@code J1 ≥ J2} and every J, not only the {@code J ≥ J1} half the values use.
 *
 * <p>Layouts: the half layer J is the contiguous prefix of length {@link #halfLen}{@code [J]} of
 * layer J in the u indexing of {@link SnapIndex} (rows are stored one after the other), packed at
 * {@link #halfStart}{@code [J]} in the per-neighbour derivative arrays. The full Z list holds, for
 * each block {@code (J1, J2, J)} at {@link #zBlock} (blocks ordered by J, then J1, J2), the half layer
 * J in the same order; the term coefficients already carry the ½ of the middle diagonal, so a Z entry here is {@code w·Z}
 * ({@code Z'}) and both {@code B = 2 Σ Re(conj(u)·Z')} and the derivative sums need no weights.
 */
public final class SnapGradientIndex {
    private static final ConcurrentHashMap<Integer, SnapGradientIndex> CACHE = new ConcurrentHashMap<>();

    /** The value tables (u indexing, Clebsch–Gordan coefficients, component list). */
    public final SnapIndex base;
    public final int twojmax;
    /** Entries of half layer J: {@code (J+1)·⌈J/2⌉}, plus {@code J/2 + 1} middle-row entries for even J. */
    public final int[] halfLen;
    /** Start of half layer J in the packed half arrays; {@link #halfMax} entries in all. */
    public final int[] halfStart;
    public final int halfMax;
    /** First Z entry of block {@code (J1, J2, J)} at {@code (J1*(2J+1) + J2)*(2J+1) + J}, -1 for invalid triples. */
    public final int[] zBlock;
    /** Z entries in the full list (per element pair). */
    public final int zMax;
    /** The terms of every Z entry ({@code ZTerms}), for factors from two densities and merged for one. */
    final ZTerms terms, symTerms;
    /** Per bispectrum component (LAMMPS order): its Z block and the u index of its layer j. */
    public final int[] bZ, bU;
    /**
     * Off-diagonal of the spin-j generators in the u indexing: {@code genC[j*(2J+1) + m] = sqrt((m+1)(j-m))}
     * (0 for m = j), see {@link SnapKernel#derivativeBasis}.
     */
    public final double[] genC;
    /** The same shifted by one: {@code genCLow[j*(2J+1) + m] = genC[j*(2J+1) + m - 1]}, 0 for m = 0. */
    public final double[] genCLow;

    /** The shared tables for {@code twojmax}. */
    public static SnapGradientIndex of(int twojmax) {
        SnapIndex base = SnapIndex.of(twojmax);
        return CACHE.computeIfAbsent(twojmax, t -> new SnapGradientIndex(base));
    }

    private SnapGradientIndex(SnapIndex ix) {
        this.base = ix;
        this.twojmax = ix.twojmax;
        final int tj = twojmax, jdim = tj + 1;
        halfLen = new int[jdim];
        halfStart = new int[jdim];
        int h = 0;
        for (int j = 0; j <= tj; j++) {
            halfStart[j] = h;
            halfLen[j] = (j + 1) * ((j + 1) / 2) + (j % 2 == 0 ? j / 2 + 1 : 0);
            h += halfLen[j];
        }
        halfMax = h;

        // Blocks ordered by their layer J first: the contraction (tasks sorted by layer, then Z offset) then reads
        // the Z' list of a density pair front to back in one stream instead of jumping between blocks far apart.
        zBlock = new int[jdim * jdim * jdim];
        java.util.Arrays.fill(zBlock, -1);
        int nz = 0;
        for (int j = 0; j <= tj; j++) {
            for (int j1 = 0; j1 <= tj; j1++) {
                for (int j2 = 0; j2 <= j1; j2++) {
                    if (!validTriple(j1, j2, j, tj)) continue;
                    zBlock[(j1 * jdim + j2) * jdim + j] = nz;
                    nz += halfLen[j];
                }
            }
        }
        zMax = nz;

        // terms of every entry, LAMMPS compute_zi loops; the middle-diagonal weight folded into the coefficient
        ZTerms.Builder tb = new ZTerms.Builder(tj, ix.idxuBlock, ix.cglist, ix.cgBlock);
        int z = 0;
        for (int j = 0; j <= tj; j++) {
            for (int j1 = 0; j1 <= tj; j1++) {
                for (int j2 = 0; j2 <= j1; j2++) {
                    if (!validTriple(j1, j2, j, tj)) continue;
                    for (int mb = 0; 2 * mb <= j; mb++) {
                        for (int ma = 0; ma <= j; ma++) {
                            double weight;
                            if (2 * mb < j || ma < mb) weight = 1.0;
                            else if (ma == mb) weight = 0.5;
                            else continue; // right half of the middle row
                            tb.add(j1, j2, j, ma, mb, weight);
                            z++;
                        }
                    }
                }
            }
        }
        if (z != zMax) throw new IllegalStateException("full Z list: " + z + " entries built, " + zMax + " expected");
        terms = tb.plain();
        symTerms = tb.merged();

        genC = new double[jdim * jdim];
        genCLow = new double[jdim * jdim];
        for (int j = 0; j <= tj; j++) {
            for (int m = 0; m <= j; m++) {
                genC[j * jdim + m] = Math.sqrt((m + 1.0) * (j - m));
                genCLow[j * jdim + m] = m == 0 ? 0.0 : Math.sqrt((double) m * (j - m + 1));
            }
        }

        bZ = new int[ix.nb];
        bU = new int[ix.nb];
        for (int b = 0; b < ix.nb; b++) {
            bZ[b] = zBlock[(ix.bJ1[b] * jdim + ix.bJ2[b]) * jdim + ix.bJ[b]];
            bU[b] = ix.idxuBlock[ix.bJ[b]];
        }
    }

    /** {@code J1 ≥ J2} coupled to J: {@code |J1 - J2| ≤ J ≤ min(2J, J1 + J2)}, {@code J1 + J2 + J} even. */
    private static boolean validTriple(int j1, int j2, int j, int tj) {
        return j2 <= j1 && j >= j1 - j2 && j <= Math.min(tj, j1 + j2) && ((j1 + j2 + j) & 1) == 0;
    }

    /**
     * The dot products of one neighbour's derivative arrays with Z blocks that make up every
     * {@code dB/dr}, for {@code ndens} densities ({@code chemflag}: components in blocks of element
     * triples (e1, e2, e3), LAMMPS order). Task t adds
     * {@code scale[t]·Σ_{h < len[t]} Re(conj(dW[half[t] + h])·Z'_{pair}[z[t] + h])} to component {@code f[t]},
     * where {@code dW} is the weighted derivative of the neighbour's {@code u} and counts only when the
     * neighbour belongs to density {@code dens[t]} ({@code z[t]} includes the element-pair offset
     * {@code pair·zMax}).
     */
    public record Tasks(int[] half, int[] len, int[] z, int[] f, double[] scale, int[] dens) {
        public int size() {
            return f.length;
        }
    }

    /**
     * The derivative tasks of every component for {@code ndens} densities (3 per component and element triple),
     * identical ones merged (scales added: e.g. for j = j1 the first two terms read the same Z block on the same
     * layer; after merging, every Z block of a density pair serves exactly one component), sorted by density and
     * layer so that consecutive tasks share their {@code dW} loads.
     */
    public Tasks tasks(int ndens) {
        SnapIndex ix = base;
        int jdim = twojmax + 1;
        // key (dens, layer, z, f) -> summed scale, in sorted order
        java.util.TreeMap<java.util.List<Integer>, Double> merged = new java.util.TreeMap<>((p, q) -> {
            for (int i = 0; i < 4; i++) {
                int c = Integer.compare(p.get(i), q.get(i));
                if (c != 0) return c;
            }
            return 0;
        });
        for (int e1 = 0; e1 < ndens; e1++) {
            for (int e2 = 0; e2 < ndens; e2++) {
                for (int e3 = 0; e3 < ndens; e3++) {
                    int trip = (e1 * ndens + e2) * ndens + e3;
                    for (int b = 0; b < ix.nb; b++) {
                        int j1 = ix.bJ1[b], j2 = ix.bJ2[b], j = ix.bJ[b];
                        int comp = trip * ix.nb + b;
                        // conj(du^j)·Z^{j1,j2,j}(u^{j1}_{e1}, u^{j2}_{e2}), du in density e3
                        add(merged, e3, j, zBlock[(j1 * jdim + j2) * jdim + j], (e1 * ndens + e2) * zMax, comp, 2.0);
                        // (j+1)/(j1+1) conj(du^{j1})·Z^{j,j2,j1}(u^j_{e3}, u^{j2}_{e2}), du in density e1
                        add(merged, e1, j1, zBlock[(j * jdim + j2) * jdim + j1], (e3 * ndens + e2) * zMax, comp, 2.0 * (j + 1) / (j1 + 1.0));
                        // (j+1)/(j2+1) conj(du^{j2})·Z^{j,j1,j2}(u^j_{e3}, u^{j1}_{e1}), du in density e2
                        add(merged, e2, j2, zBlock[(j * jdim + j1) * jdim + j2], (e3 * ndens + e1) * zMax, comp, 2.0 * (j + 1) / (j2 + 1.0));
                    }
                }
            }
        }
        int n = merged.size();
        int[] half = new int[n], len = new int[n], zz = new int[n], f = new int[n], dens = new int[n];
        double[] scale = new double[n];
        int t = 0;
        for (var e : merged.entrySet()) {
            dens[t] = e.getKey().get(0);
            int layer = e.getKey().get(1);
            half[t] = halfStart[layer];
            len[t] = halfLen[layer];
            zz[t] = e.getKey().get(2);
            f[t] = e.getKey().get(3);
            scale[t] = e.getValue();
            t++;
        }
        return new Tasks(half, len, zz, f, scale, dens);
    }

    private static void add(java.util.TreeMap<java.util.List<Integer>, Double> tasks, int dens, int layer, int block, int pairOffset,
                            int comp, double scale) {
        if (block < 0) throw new IllegalStateException("missing Z block for layer " + layer);
        tasks.merge(java.util.List.of(dens, layer, block + pairOffset, comp), scale, Double::sum);
    }

    /** Number of full-list Z terms (complex multiply-adds per element pair). */
    public int termCount() {
        return terms.size();
    }

    /** The term list for two factors from the same density ({@code sameDensity}) or from two. */
    ZTerms terms(boolean sameDensity) {
        return sameDensity ? symTerms : terms;
    }
}
