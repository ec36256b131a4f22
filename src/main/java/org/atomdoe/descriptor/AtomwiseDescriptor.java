package org.atomdoe.descriptor;

import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * A {@link Descriptor} whose rows can be computed for any range of centre atoms independently,
 * so that {@link DescriptorCalculator} can split one large structure over threads.
 */
public abstract class AtomwiseDescriptor implements Descriptor {

    @Override
    public final void compute(Structure s, NeighborList neighbors, double[] out) {
        computeAtoms(s, neighbors, 0, s.natoms(), out);
    }

    /**
     * Fills the rows {@code out[i * featureCount() ...]} of atoms {@code i in [from, to)} (other
     * rows untouched).
     */
    @Override
    public abstract void computeAtoms(Structure s, NeighborList neighbors, int from, int to, double[] out);

    /** Whether rows of disjoint atom ranges may be computed separately (false e.g. for SOAP average=inner). */
    @Override
    public boolean isAtomwise() {
        return true;
    }

    /** Argument checks shared by the implementations. */
    protected void check(Structure s, NeighborList nl, int from, int to, double[] out) {
        if (nl.natoms() != s.natoms()) {
            throw new IllegalArgumentException("the neighbour list has " + nl.natoms() + " centres, the structure " + s.natoms() + " atoms");
        }
        if (nl.isHalf()) throw new IllegalArgumentException(name() + " needs a full neighbour list, got a half list");
        if (nl.cutoff() < cutoff() * (1 - 1e-12)) {
            throw new IllegalArgumentException(name() + " needs neighbours within " + cutoff() + " Å, the list has cutoff " + nl.cutoff());
        }
        if (from < 0 || to > s.natoms() || from > to) throw new IllegalArgumentException("atom range [" + from + ", " + to + ") outside 0.." + s.natoms());
        if (out.length < (long) s.natoms() * featureCount()) {
            throw new IllegalArgumentException("output needs " + (long) s.natoms() * featureCount() + " doubles, got " + out.length);
        }
    }

    /**
     * {@link #check} plus: the pair-gradient array must hold every entry of the centres {@code [from, to)}
     * ({@link DifferentiableDescriptor}).
     */
    protected void checkGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients) {
        check(s, nl, from, to, values);
        long need = to > from ? (long) nl.end(to - 1) * 3 * featureCount() : 0;
        if (pairGradients.length < need) {
            throw new IllegalArgumentException("pair gradients of " + name() + " need " + need + " doubles (3 x " + featureCount()
                    + " per neighbour entry), got " + pairGradients.length);
        }
    }

    /** Per-neighbour buffer length for the centres {@code [from, to)}: their largest neighbour count, rounded up to 8. */
    protected static int bufferCapacity(NeighborList nl, int from, int to) {
        int cap = 1;
        for (int i = from; i < to; i++) cap = Math.max(cap, nl.count(i));
        return (cap + 7) & ~7;
    }

    /**
     * Pair gradients of two-body features, which move along their own displacement: for buffered neighbours
     * {@code t < m} (list entries {@code entry[t]}) and features {@code q < nq},
     * {@code g[(3k + a) nf + col + q] = dr[q cap + t] D_{k,a}} with {@code dr = phi_q'(r) / r}.
     */
    protected static void scatterRadial(NeighborList nl, int[] entry, int m, double[] dr, int cap, int nq, int col, int nf, double[] g) {
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz();
        for (int t = 0; t < m; t++) {
            int k = entry[t];
            int gx = 3 * k * nf + col, gy = gx + nf, gz = gy + nf;
            double ddx = dx[k], ddy = dy[k], ddz = dz[k];
            for (int q = 0; q < nq; q++) {
                double d = dr[q * cap + t];
                g[gx + q] = d * ddx;
                g[gy + q] = d * ddy;
                g[gz + q] = d * ddz;
            }
        }
    }
}
