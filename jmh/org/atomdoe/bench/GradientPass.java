package org.atomdoe.bench;

import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.DifferentiableDescriptor;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * Values and pair gradients of every atom of a large structure on one thread. When the pair gradients of the
 * whole list fit in {@link #BUDGET} doubles they are computed in one call; otherwise (SOAP on 16,000 atoms:
 * ~2.7 M entries x 3 x 252 doubles = 17 GB) the centres go in chunks of {@link #CHUNK}, each through a copy of
 * the list restricted to the chunk's centres (the copy is included in the time; it is ~1% of the SOAP
 * gradient pass) so that the gradient array holds one chunk.
 */
final class GradientPass {
    static final long BUDGET = 64L << 20;
    static final int CHUNK = 64;

    private final DifferentiableDescriptor desc;
    private final boolean chunked;
    private final double[] pairGradients;
    private final NeighborList sub = new NeighborList();

    GradientPass(Descriptor d, NeighborList typical) {
        if (!(d instanceof DifferentiableDescriptor dd) || !dd.hasGradients()) {
            throw new IllegalArgumentException(d.name() + " has no pair gradients");
        }
        this.desc = dd;
        long perEntry = 3L * d.featureCount();
        chunked = typical.size() * perEntry > BUDGET;
        int maxChunk = 0;
        if (chunked) {
            for (int from = 0; from < typical.natoms(); from += CHUNK) {
                int to = Math.min(typical.natoms(), from + CHUNK);
                maxChunk = Math.max(maxChunk, typical.end(to - 1) - typical.start(from));
            }
        }
        // room for 20% more entries than the list this was sized on (endToEnd rebuilds the list)
        long entries = (long) ((chunked ? maxChunk : typical.size()) * 1.2) + 64;
        pairGradients = new double[Math.toIntExact(entries * perEntry)];
    }

    double[] run(Structure s, NeighborList nl, double[] values) {
        if (!chunked) {
            desc.computeWithGradients(s, nl, values, pairGradients);
            return pairGradients;
        }
        int n = nl.natoms();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            restrict(nl, from, to, sub);
            desc.computeAtomsWithGradients(s, sub, from, to, values, pairGradients);
        }
        return pairGradients;
    }

    /** {@code out} = the entries of centres [from, to) of {@code nl}, every other centre without neighbours. */
    static void restrict(NeighborList nl, int from, int to, NeighborList out) {
        int n = nl.natoms();
        out.reset(n, nl.cutoff(), nl.isHalf());
        out.ensureCapacity(nl.end(to - 1) - nl.start(from));
        for (int i = 0; i < from; i++) out.endCentre(i);
        int[] j = nl.neighbors(), sx = nl.shiftX(), sy = nl.shiftY(), sz = nl.shiftZ();
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz(), r = nl.distances();
        for (int i = from; i < to; i++) {
            for (int k = nl.start(i); k < nl.end(i); k++) out.add(j[k], sx[k], sy[k], sz[k], dx[k], dy[k], dz[k], r[k]);
            out.endCentre(i);
        }
        for (int i = to; i < n; i++) out.endCentre(i);
    }
}
