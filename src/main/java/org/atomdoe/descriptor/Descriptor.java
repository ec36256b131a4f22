package org.atomdoe.descriptor;

import java.util.List;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * A per-atom descriptor of local atomic environments: maps a structure and its full neighbour
 * list to a row of {@link #featureCount()} numbers per atom.
 *
 * <p>Implementations are immutable after construction and safe to call from several threads at
 * once (scratch space is per call or per thread). The species channels are fixed at
 * construction (the species the user fits, as DScribe's {@code species=[...]}); an atom or
 * neighbour of a species outside that list is an error.
 */
public interface Descriptor {
    /** Short name, e.g. {@code soap}, {@code acsf}, {@code radial}, {@code snap}. */
    String name();

    /** Features per atom. */
    int featureCount();

    /** One label per feature, e.g. {@code soap[Si-Si n=1 n'=2 l=3]}, in output order. */
    List<String> labels();

    /** The neighbour-list cutoff (Å) this descriptor needs. */
    double cutoff();

    /** The settings record (Jackson-serialisable), for reports. */
    Object settings();

    /**
     * Fills {@code out[i * featureCount() + f]} for every atom {@code i} of {@code s}.
     *
     * @param neighbors a full list for {@code s} with cutoff at least {@link #cutoff()}
     * @param out       at least {@code s.natoms() * featureCount()} long
     */
    void compute(Structure s, NeighborList neighbors, double[] out);

    /**
     * Whether rows of disjoint ranges of centre atoms may be computed separately by {@link #computeAtoms}, so that
     * {@link DescriptorCalculator} can split one large structure over threads (false e.g. for SOAP {@code average=inner}).
     */
    default boolean isAtomwise() {
        return false;
    }

    /**
     * Fills the rows of atoms {@code [from, to)} only (other rows untouched); available when {@link #isAtomwise()}.
     */
    default void computeAtoms(Structure s, NeighborList neighbors, int from, int to, double[] out) {
        throw new UnsupportedOperationException(name() + " computes whole structures only");
    }

    /**
     * Whether periodic images count (DScribe's {@code periodic}); when false, {@link DescriptorCalculator} treats a
     * periodic structure as a cluster.
     */
    default boolean periodic() {
        return true;
    }
}
