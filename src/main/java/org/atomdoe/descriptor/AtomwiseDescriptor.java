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
    public abstract void computeAtoms(Structure s, NeighborList neighbors, int from, int to, double[] out);

    /** Whether rows of disjoint atom ranges may be computed separately (false e.g. for SOAP average=inner). */
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

    /** The pair-gradient array must hold every entry of the centres {@code [from, to)} ({@link DifferentiableDescriptor}). */
    protected void checkGradients(NeighborList nl, int from, int to, double[] pairGradients) {
        long need = to > from ? (long) nl.end(to - 1) * 3 * featureCount() : 0;
        if (pairGradients.length < need) {
            throw new IllegalArgumentException("pair gradients of " + name() + " need " + need + " doubles (3 x " + featureCount()
                    + " per neighbour entry), got " + pairGradients.length);
        }
    }
}
