package org.atomdoe.descriptor;

import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * A per-atom descriptor that also gives the derivatives of every atom's row with respect to the
 * displacement vectors of its neighbour entries, the quantity forces and stresses are made of.
 *
 * <p>Atom {@code i}'s row {@code x_i} depends on positions only through the displacements
 * {@code D_k = r_j + S·H - r_i} of its neighbour entries {@code k} (full list, CSR order). This
 * interface fills, for every entry {@code k} of a centre in the requested range,
 * <pre>
 *   pairGradients[(k * 3 + a) * F + f] = d x_{i,f} / d D_{k,a}      (a = x, y, z; F = featureCount())
 * </pre>
 * From these (translation invariance): {@code d x_i / d r_j = sum_{k of i, j(k) = j} g_k - delta_ij sum_{k of i} g_k},
 * and the strain derivative {@code d x_i / d eps_ab = sum_k g_{k,a} D_{k,b}}; {@link ForceRows} assembles them
 * into the force and stress rows of a linear model. This sparse layout is the one LAMMPS {@code compute snad/atom}
 * and FitSNAP build on (one {@code dB_i/dr_j} block per neighbour).
 */
public interface DifferentiableDescriptor extends Descriptor {

    /**
     * Fills the value rows of atoms {@code [from, to)} (as {@link AtomwiseDescriptor#computeAtoms}) and the
     * pair gradients of their neighbour entries {@code k in [nl.start(from), nl.end(to - 1))}; other entries
     * are untouched.
     *
     * @param values        at least {@code natoms * F} long
     * @param pairGradients at least {@code nl.size() * 3 * F} long
     */
    void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients);

    /**
     * Receives the pair gradients of one centre atom at a time ({@link #computeAtomsWithGradients(Structure, NeighborList,
     * int, int, double[], CentreGradients)}).
     */
    @FunctionalInterface
    interface CentreGradients {
        /**
         * The pair gradients of centre {@code i}: {@code g[off + (q * 3 + a) * F + f] = d x_{i,f} / d D_{k,a}} for its
         * entries {@code k = nl.start(i) + q}; {@code g} is a buffer the caller reuses once this returns.
         */
        void accept(int i, double[] g, int off);
    }

    /**
     * Values of atoms {@code [from, to)} and, for each of these centres in increasing order on the calling thread,
     * its pair gradients handed to {@code sink}: the same numbers as {@link #computeAtomsWithGradients(Structure,
     * NeighborList, int, int, double[], double[])} without an array of every entry's gradients (550 MB for 16,000
     * atoms of SNAP 2J=8), so a caller can sum them into force rows while they are in cache. The default
     * implementation goes through that array; {@link SnapBispectrum} hands over each batch of centres from a small
     * buffer.
     */
    default void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, CentreGradients sink) {
        int nf = featureCount();
        double[] g = new double[to > from ? nl.end(to - 1) * 3 * nf : 0];
        computeAtomsWithGradients(s, nl, from, to, values, g);
        for (int i = from; i < to; i++) sink.accept(i, g, nl.start(i) * 3 * nf);
    }

    /** Values and pair gradients of every atom. */
    default void computeWithGradients(Structure s, NeighborList nl, double[] values, double[] pairGradients) {
        computeAtomsWithGradients(s, nl, 0, s.natoms(), values, pairGradients);
    }

    /**
     * Whether {@link #computeAtomsWithGradients(Structure, NeighborList, int, int, double[], CentreGradients)} hands
     * each centre over from a small buffer (true) or goes through the array of every entry's gradients (the default).
     */
    default boolean handsOverPerCentre() {
        return false;
    }

    /** Whether these settings support gradients (false e.g. for SOAP {@code average=inner}). */
    default boolean hasGradients() {
        return true;
    }
}
