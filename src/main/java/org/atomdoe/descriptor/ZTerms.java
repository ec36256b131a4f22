package org.atomdoe.descriptor;

import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * A flattened list of SNAP Z entries (LAMMPS {@code SNA::compute_zi}, Thompson et al., J. Comput. Phys. 285,
 * 316 (2015)): entry z is
 * <pre>
 *   Z_z = Σ_{t in [start[z], start[z+1])} c[t] · u^{j1}[u1[t]] · u^{j2}[u2[t]]
 * </pre>
 * with {@code c = w·cg_a·cg_b} (w a weight of the entry) and u indices of {@link SnapIndex}. Kernels stream over
 * one list; {@link Builder} writes two: the plain one, and one where in blocks with {@code j1 = j2} the terms
 * {@code (p, q)} and {@code (q, p)} are merged (coefficients added), valid when both factors come from the same
 * density (about a fifth fewer terms at 2J = 6..10).
 */
final class ZTerms {
    final int[] start, u1, u2;
    final double[] c;

    private ZTerms(int[] start, int[] u1, int[] u2, double[] c) {
        this.start = start;
        this.u1 = u1;
        this.u2 = u2;
        this.c = c;
    }

    /** Number of terms. */
    int size() {
        return c.length;
    }

    /** Builds the plain and the merged list entry by entry. */
    static final class Builder {
        private final int[] idxuBlock, cgBlock;
        private final double[] cglist;
        private final int jdim;
        private final Growing plain = new Growing(), merged = new Growing();
        private final LinkedHashMap<Long, Double> pairs = new LinkedHashMap<>();

        /** With the u block starts, Clebsch–Gordan list and its block offsets of {@link SnapIndex}. */
        Builder(int twojmax, int[] idxuBlock, double[] cglist, int[] cgBlock) {
            this.idxuBlock = idxuBlock;
            this.cglist = cglist;
            this.cgBlock = cgBlock;
            this.jdim = twojmax + 1;
        }

        /** Appends entry {@code Z^{j1,j2,j}_{ma,mb}} (doubled labels, j1 ≥ j2), coefficients times {@code weight}. */
        void add(int j1, int j2, int j, int ma, int mb, double weight) {
            plain.startEntry();
            merged.startEntry();
            int first = plain.size;
            int cgb0 = cgBlock[(j1 * jdim + j2) * jdim + j];
            // LAMMPS compute_zi loop bounds
            int ma1min = Math.max(0, (2 * ma - j - j2 + j1) / 2);
            int ma2max = (2 * ma - j - (2 * ma1min - j1) + j2) / 2;
            int na = Math.min(j1, (2 * ma - j + j2 + j1) / 2) - ma1min + 1;
            int mb1min = Math.max(0, (2 * mb - j - j2 + j1) / 2);
            int mb2max = (2 * mb - j - (2 * mb1min - j1) + j2) / 2;
            int nbb = Math.min(j1, (2 * mb - j + j2 + j1) / 2) - mb1min + 1;
            int jju1 = idxuBlock[j1] + (j1 + 1) * mb1min;
            int jju2 = idxuBlock[j2] + (j2 + 1) * mb2max;
            int icgb = mb1min * (j2 + 1) + mb2max;
            for (int ib = 0; ib < nbb; ib++) {
                int ma1 = ma1min, ma2 = ma2max;
                int icga = ma1min * (j2 + 1) + ma2max;
                for (int ia = 0; ia < na; ia++) {
                    plain.add(jju1 + ma1, jju2 + ma2, weight * cglist[cgb0 + icga] * cglist[cgb0 + icgb]);
                    ma1++;
                    ma2--;
                    icga += j2;
                }
                jju1 += j1 + 1;
                jju2 -= j2 + 1;
                icgb += j2;
            }
            pairs.clear();
            for (int t = first; t < plain.size; t++) {
                int p = plain.u1[t], q = plain.u2[t];
                if (j1 == j2 && q < p) {
                    int tmp = p;
                    p = q;
                    q = tmp;
                }
                pairs.merge(((long) p << 32) | q, plain.c[t], Double::sum);
            }
            for (var e : pairs.entrySet()) merged.add((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
        }

        ZTerms plain() {
            return plain.build();
        }

        ZTerms merged() {
            return merged.build();
        }
    }

    private static final class Growing {
        int[] u1 = new int[256], u2 = new int[256], start = new int[64];
        double[] c = new double[256];
        int size, entries;

        void startEntry() {
            if (entries + 1 >= start.length) start = Arrays.copyOf(start, start.length * 2);
            start[entries++] = size;
        }

        void add(int a, int b, double v) {
            if (size == c.length) {
                u1 = Arrays.copyOf(u1, size * 2);
                u2 = Arrays.copyOf(u2, size * 2);
                c = Arrays.copyOf(c, size * 2);
            }
            u1[size] = a;
            u2[size] = b;
            c[size++] = v;
        }

        ZTerms build() {
            int[] st = Arrays.copyOf(start, entries + 1);
            st[entries] = size;
            return new ZTerms(st, Arrays.copyOf(u1, size), Arrays.copyOf(u2, size), Arrays.copyOf(c, size));
        }
    }
}
