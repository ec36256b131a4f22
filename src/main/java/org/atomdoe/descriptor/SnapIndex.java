package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Index and coefficient tables of the SNAP bispectrum for one band limit 2J, built once per 2J
 * and shared (immutable) by every kernel and thread.
 *
 * <p>Conventions are those of LAMMPS {@code SNA} (ML-SNAP, {@code sna.cpp}, version 29Sep2021);
 * all angular labels are doubled integers ({@code j = 2j_real}, {@code ma, mb = 0..j}):
 * <ul>
 *   <li>{@code u^j_{ma,mb}} is stored at {@code idxuBlock[j] + (j+1)*mb + ma}, {@code idxuMax}
 *       entries in all ({@code Σ_j (j+1)²});</li>
 *   <li>the bispectrum components are listed as LAMMPS {@code idxb}: for j1 in 0..2J, j2 in 0..j1,
 *       j in j1-j2..min(2J, j1+j2) step 2, keep j &ge; j1;</li>
 *   <li>Clebsch–Gordan coefficients {@code cglist} are LAMMPS's (Varshalovich 8.2.1 with the
 *       factorial formula), block per (j1, j2, j), entry {@code m1*(j2+1) + m2}.</li>
 * </ul>
 *
 * <p>For the bispectrum alone (no derivatives) only {@code Z_{j1,j2,j}} with j &ge; j1 are needed,
 * and of each only the half {@code mb ≤ j/2} (and for even j, in the middle row, {@code ma ≤ j/2})
 * because {@code B = 2 Σ_{half} Re(conj(u^j) · Z)} by the symmetry
 * {@code u^j_{j-ma,j-mb} = (-1)^{ma-mb} conj(u^j_{ma,mb})}. The contraction
 * {@code Z_{j1,j2,j}^{ma,mb} = Σ_{ib,ia} cg_a·cg_b · u^{j1}_{ma1,mb1} u^{j2}_{ma2,mb2}} (LAMMPS
 * {@code compute_zi}) is flattened here into a term list ({@code ZTerms}) per Z entry with
 * coefficients {@code cg_a·cg_b}, so kernels stream over one flat list. The full Z list (all triples
 * j1 &ge; j2) that the derivatives need is {@link SnapGradientIndex}.
 */
public final class SnapIndex {
    private static final ConcurrentHashMap<Integer, SnapIndex> CACHE = new ConcurrentHashMap<>();

    /** 2J. */
    public final int twojmax;
    /** Start of layer j in the u arrays, length 2J+1. */
    public final int[] idxuBlock;
    /** Total u entries per density. */
    public final int idxuMax;
    /** {@code rootpq[p * (2J+1) + q] = sqrt(p / q)} (LAMMPS {@code rootpqarray}). */
    public final double[] rootpq;
    /** Bispectrum components in LAMMPS order: doubled j1, j2, j. */
    public final int[] bJ1, bJ2, bJ;
    /** Number of components per density triple. */
    public final int nb;
    /** Z entries of component b: {@code [bZStart[b], bZStart[b+1])}. */
    public final int[] bZStart;
    /** Per Z entry: index of {@code u^j_{ma,mb}} it pairs with; weight 1 or ½ (middle element of even j). */
    public final int[] zJju;
    public final double[] zWeight;
    /**
     * The flattened terms of the Z entries ({@link ZTerms}): {@code terms} for factors from two densities,
     * {@code symTerms} with the symmetric pairs of j1 = j2 blocks merged for factors from the same one.
     */
    final ZTerms terms, symTerms;
    /** LAMMPS {@code cglist} and its block offsets {@code cgBlock[(j1*(2J+1) + j2)*(2J+1) + j]}. */
    public final double[] cglist;
    public final int[] cgBlock;

    /** The shared tables for {@code twojmax}. */
    public static SnapIndex of(int twojmax) {
        if (twojmax < 0 || twojmax > SnapSettings.MAX_TWOJMAX) {
            throw new IllegalArgumentException("twojmax must be in 0.." + SnapSettings.MAX_TWOJMAX + ", got " + twojmax);
        }
        return CACHE.computeIfAbsent(twojmax, SnapIndex::new);
    }

    private SnapIndex(int twojmax) {
        this.twojmax = twojmax;
        int jdim = twojmax + 1;
        idxuBlock = new int[jdim];
        int count = 0;
        for (int j = 0; j <= twojmax; j++) {
            idxuBlock[j] = count;
            count += (j + 1) * (j + 1);
        }
        idxuMax = count;

        rootpq = new double[jdim * jdim];
        for (int p = 1; p <= twojmax; p++) {
            for (int q = 1; q <= twojmax; q++) rootpq[p * jdim + q] = Math.sqrt((double) p / q);
        }

        // Clebsch-Gordan blocks for every (j1 >= j2, j) triple, LAMMPS init_clebsch_gordan.
        cgBlock = new int[jdim * jdim * jdim];
        int ncg = 0;
        for (int j1 = 0; j1 <= twojmax; j1++) {
            for (int j2 = 0; j2 <= j1; j2++) {
                for (int j = j1 - j2; j <= Math.min(twojmax, j1 + j2); j += 2) {
                    cgBlock[(j1 * jdim + j2) * jdim + j] = ncg;
                    ncg += (j1 + 1) * (j2 + 1);
                }
            }
        }
        cglist = new double[ncg];
        for (int j1 = 0; j1 <= twojmax; j1++) {
            for (int j2 = 0; j2 <= j1; j2++) {
                for (int j = j1 - j2; j <= Math.min(twojmax, j1 + j2); j += 2) {
                    int base = cgBlock[(j1 * jdim + j2) * jdim + j];
                    for (int m1 = 0; m1 <= j1; m1++) {
                        for (int m2 = 0; m2 <= j2; m2++) {
                            cglist[base + m1 * (j2 + 1) + m2] = clebschGordan(j1, j2, j, m1, m2);
                        }
                    }
                }
            }
        }

        // Bispectrum list, LAMMPS build_indexlist (idxb).
        List<int[]> blist = new ArrayList<>();
        for (int j1 = 0; j1 <= twojmax; j1++) {
            for (int j2 = 0; j2 <= j1; j2++) {
                for (int j = j1 - j2; j <= Math.min(twojmax, j1 + j2); j += 2) {
                    if (j >= j1) blist.add(new int[] {j1, j2, j});
                }
            }
        }
        nb = blist.size();
        bJ1 = new int[nb];
        bJ2 = new int[nb];
        bJ = new int[nb];
        for (int b = 0; b < nb; b++) {
            bJ1[b] = blist.get(b)[0];
            bJ2[b] = blist.get(b)[1];
            bJ[b] = blist.get(b)[2];
        }

        // Flattened Z terms for the half of Z each B needs (LAMMPS compute_zi loops, compute_bi weights).
        IntList zj = new IntList();
        DoubleList zw = new DoubleList();
        ZTerms.Builder tb = new ZTerms.Builder(twojmax, idxuBlock, cglist, cgBlock);
        bZStart = new int[nb + 1];
        for (int b = 0; b < nb; b++) {
            bZStart[b] = zj.size;
            int j1 = bJ1[b], j2 = bJ2[b], j = bJ[b];
            for (int mb = 0; 2 * mb <= j; mb++) {
                for (int ma = 0; ma <= j; ma++) {
                    double weight;
                    if (2 * mb < j) weight = 1.0;
                    else if (ma < mb) weight = 1.0;
                    else if (ma == mb) weight = 0.5;
                    else continue; // right half of the middle row: not used by B
                    zj.add(idxuBlock[j] + (j + 1) * mb + ma);
                    zw.add(weight);
                    tb.add(j1, j2, j, ma, mb, 1.0);
                }
            }
        }
        bZStart[nb] = zj.size;
        terms = tb.plain();
        symTerms = tb.merged();
        zJju = zj.toArray();
        zWeight = zw.toArray();
    }

    /** The term list for two factors from the same density ({@code sameDensity}) or from two. */
    ZTerms terms(boolean sameDensity) {
        return sameDensity ? symTerms : terms;
    }

    /** Number of Z entries used by B. */
    public int zCount() {
        return zJju.length;
    }

    /** Number of flattened Z terms (complex multiply-adds per density pair) used by B. */
    public int termCount() {
        return terms.size();
    }

    /** LAMMPS {@code init_clebsch_gordan} entry for doubled (j1, j2, j) and m1, m2 in 0..j1, 0..j2. */
    static double clebschGordan(int j1, int j2, int j, int m1, int m2) {
        int aa2 = 2 * m1 - j1;
        int bb2 = 2 * m2 - j2;
        int m = (aa2 + bb2 + j) / 2;
        if (m < 0 || m > j) return 0.0;
        double sum = 0.0;
        int zmin = Math.max(0, Math.max(-(j - j2 + aa2) / 2, -(j - j1 - bb2) / 2));
        int zmax = Math.min((j1 + j2 - j) / 2, Math.min((j1 - aa2) / 2, (j2 + bb2) / 2));
        for (int z = zmin; z <= zmax; z++) {
            int ifac = (z % 2 != 0) ? -1 : 1;
            sum += ifac / (factorial(z)
                    * factorial((j1 + j2 - j) / 2 - z)
                    * factorial((j1 - aa2) / 2 - z)
                    * factorial((j2 + bb2) / 2 - z)
                    * factorial((j - j2 + aa2) / 2 + z)
                    * factorial((j - j1 - bb2) / 2 + z));
        }
        int cc2 = 2 * m - j;
        double dcg = deltacg(j1, j2, j);
        double sfaccg = Math.sqrt(factorial((j1 + aa2) / 2)
                * factorial((j1 - aa2) / 2)
                * factorial((j2 + bb2) / 2)
                * factorial((j2 - bb2) / 2)
                * factorial((j + cc2) / 2)
                * factorial((j - cc2) / 2)
                * (j + 1));
        return sum * dcg * sfaccg;
    }

    private static double deltacg(int j1, int j2, int j) {
        double sfaccg = factorial((j1 + j2 + j) / 2 + 1);
        return Math.sqrt(factorial((j1 + j2 - j) / 2) * factorial((j1 - j2 + j) / 2)
                * factorial((-j1 + j2 + j) / 2) / sfaccg);
    }

    /** n! as a double by repeated products: exact for n &le; 22 (all of 2J &le; 14); within a few ulps above, where LAMMPS tabulates rounded values. */
    static double factorial(int n) {
        if (n < 0) throw new IllegalArgumentException("factorial of negative " + n);
        double f = 1.0;
        for (int k = 2; k <= n; k++) f *= k;
        return f;
    }

    private static final class IntList {
        int[] a = new int[64];
        int size;

        void add(int v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }

    private static final class DoubleList {
        double[] a = new double[64];
        int size;

        void add(double v) {
            if (size == a.length) a = java.util.Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}
