package org.atomdoe.descriptor;

import java.util.Arrays;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * Force and stress rows of a linear model on aggregated descriptor rows, assembled from the pair
 * gradients of a {@link DifferentiableDescriptor}.
 *
 * <p>With the energy {@code E = w . X}, {@code X} the aggregated row of the structure
 * ({@link Aggregation}), every force component and every stress component is also linear in {@code w}:
 * <pre>
 *   F_{j,a}   = -dE/dr_{j,a} = w . ( sum_{k: centre(k) = j} g_{k,a}  -  sum_{k: j(k) = j} g_{k,a} )
 *   sigma_ab  = (1/V) dE/d eps_ab = w . (1/V) sum_k g_{k,a} D_{k,b}
 * </pre>
 * where {@code g_k = d x_{centre(k)} / d D_k} are the pair gradients, each summed into the column block of
 * its centre's species for {@link Aggregation#SPECIES_SUM} (the count columns get zero rows) and divided by
 * the number of atoms for {@link Aggregation#MEAN}. The stress follows the ASE sign (positive = tensile,
 * {@code eV/Å^3}, Voigt order {@code xx yy zz yz xz xy}, the order {@link Structure#stressVoigt()} reads), and
 * is symmetrised ({@code (ab + ba)/2}) as rotation invariance makes it symmetric up to rounding. This is the
 * linear-SNAP force/virial construction of Thompson et al., J. Comput. Phys. 285, 316 (2015), eqs. 23–25.
 */
public final class ForceRows {
    private ForceRows() {}

    /** Voigt index pairs {@code (a, b)} in the order {@code xx yy zz yz xz xy}. */
    private static final int[][] VOIGT = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};

    /**
     * Writes the {@code 3 N} force rows, row {@code 3 j + a} for {@code F_{j,a}}, to
     * {@code out[off + (3 j + a) * W ...]} with {@code W = agg.width(nf, nSpecies)}.
     *
     * @param channels per-atom species channel (only read for {@link Aggregation#SPECIES_SUM})
     */
    public static void forces(NeighborList nl, double[] pairGradients, int nf, Aggregation agg, int[] channels,
                              int nSpecies, double[] out, int off) {
        int n = nl.natoms();
        Arrays.fill(out, off, off + 3 * n * agg.width(nf, nSpecies), 0.0);
        for (int i = 0; i < n; i++) addForces(nl, i, pairGradients, nl.start(i) * 3 * nf, nf, agg, channels, nSpecies, out, off);
    }

    /**
     * Adds centre {@code i}'s share to the force rows of {@link #forces} (which are this summed over every centre in
     * increasing order, starting from zero rows): its pair gradients are {@code g[gOff + (q * 3 + a) * nf + f]} for its
     * entries {@code k = nl.start(i) + q}, the layout {@link DifferentiableDescriptor.CentreGradients} receives.
     */
    public static void addForces(NeighborList nl, int i, double[] g, int gOff, int nf, Aggregation agg, int[] channels,
                                 int nSpecies, double[] out, int off) {
        int n = nl.natoms();
        int w = agg.width(nf, nSpecies);
        int[] nbr = nl.neighbors();
        double scale = agg == Aggregation.MEAN && n > 0 ? 1.0 / n : 1.0;
        int block = agg == Aggregation.SPECIES_SUM ? channels[i] * (1 + nf) + 1 : 0;
        for (int k = nl.start(i), e = nl.end(i), gk = gOff; k < e; k++, gk += 3 * nf) {
            int j = nbr[k];
            for (int a = 0; a < 3; a++) {
                int ga = gk + a * nf;
                int rowI = off + (3 * i + a) * w + block;
                int rowJ = off + (3 * j + a) * w + block;
                for (int f = 0; f < nf; f++) {
                    double v = scale * g[ga + f];
                    out[rowI + f] += v;
                    out[rowJ + f] -= v;
                }
            }
        }
    }

    /**
     * Writes the 6 stress rows (Voigt {@code xx yy zz yz xz xy}, eV/Å^3, ASE sign) to
     * {@code out[off + v * W ...]}. Needs a periodic cell (volume); throws for a structure without one.
     */
    public static void stress(Structure s, NeighborList nl, double[] pairGradients, int nf, Aggregation agg, int[] channels,
                              int nSpecies, double[] out, int off) {
        if (!(Math.abs(s.cell().volume()) > 0)) throw new IllegalArgumentException("stress rows need a cell with non-zero volume");
        int n = nl.natoms();
        Arrays.fill(out, off, off + 6 * agg.width(nf, nSpecies), 0.0);
        for (int i = 0; i < n; i++) addStress(s, nl, i, pairGradients, nl.start(i) * 3 * nf, nf, agg, channels, nSpecies, out, off);
    }

    /**
     * Adds centre {@code i}'s share to the stress rows of {@link #stress} (which are this summed over every centre in
     * increasing order, from zero rows), with the per-centre gradient layout of {@link #addForces}.
     */
    public static void addStress(Structure s, NeighborList nl, int i, double[] g, int gOff, int nf, Aggregation agg,
                                 int[] channels, int nSpecies, double[] out, int off) {
        double volume = Math.abs(s.cell().volume());
        if (!(volume > 0)) throw new IllegalArgumentException("stress rows need a cell with non-zero volume");
        int n = nl.natoms();
        int w = agg.width(nf, nSpecies);
        double scale = (agg == Aggregation.MEAN && n > 0 ? 1.0 / n : 1.0) / volume;
        double[][] d = {nl.dx(), nl.dy(), nl.dz()};
        int block = agg == Aggregation.SPECIES_SUM ? channels[i] * (1 + nf) + 1 : 0;
        for (int k = nl.start(i), e = nl.end(i), gk = gOff; k < e; k++, gk += 3 * nf) {
            for (int v = 0; v < 6; v++) {
                int a = VOIGT[v][0], b = VOIGT[v][1];
                // symmetrised: (g_a D_b + g_b D_a) / 2
                double cab = 0.5 * scale * d[b][k], cba = 0.5 * scale * d[a][k];
                int ga = gk + a * nf, gb = gk + b * nf;
                int row = off + v * w + block;
                for (int f = 0; f < nf; f++) out[row + f] += cab * g[ga + f] + cba * g[gb + f];
            }
        }
    }
}
