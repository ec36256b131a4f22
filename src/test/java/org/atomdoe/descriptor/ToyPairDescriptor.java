package org.atomdoe.descriptor;

import java.util.List;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * A smooth two-feature test descriptor with pair gradients in closed form:
 * {@code x_i = [sum_k (rc - r_k)^3, sum_k (1 + s_j) (rc - r_k)^4]} over the neighbour entries k of i
 * ({@code s_j} the neighbour's species index in its structure). Tests the force/stress assembly and
 * the force fit independently of the real descriptors.
 */
public final class ToyPairDescriptor extends AtomwiseDescriptor implements DifferentiableDescriptor {
    private final double rc;

    public ToyPairDescriptor(double rc) {
        this.rc = rc;
    }

    @Override public String name() { return "toy"; }
    @Override public int featureCount() { return 2; }
    @Override public List<String> labels() { return List.of("a", "b"); }
    @Override public double cutoff() { return rc; }
    @Override public Object settings() { return "toy"; }

    @Override
    public void computeAtoms(Structure s, NeighborList nl, int from, int to, double[] out) {
        computeAtomsWithGradients(s, nl, from, to, out, new double[nl.size() * 6]);
    }

    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] g) {
        int[] nbr = nl.neighbors();
        for (int i = from; i < to; i++) {
            double a = 0, b = 0;
            for (int k = nl.start(i); k < nl.end(i); k++) {
                double r = nl.distances()[k], u = rc - r, w = 1 + s.species()[nbr[k]];
                a += u * u * u;
                b += w * u * u * u * u;
                double da = -3 * u * u / r, db = -4 * w * u * u * u / r;
                double[] d = {nl.dx()[k], nl.dy()[k], nl.dz()[k]};
                for (int c = 0; c < 3; c++) {
                    g[(k * 3 + c) * 2] = da * d[c];
                    g[(k * 3 + c) * 2 + 1] = db * d[c];
                }
            }
            values[2 * i] = a;
            values[2 * i + 1] = b;
        }
    }
}
