package org.atomdoe.descriptor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/** Shared helpers of the gradient tests: test structures, displaced and strained copies, central differences. */
final class FiniteDifferences {
    /** Voigt index pairs {@code (a, b)} in the order {@code xx yy zz yz xz xy} (as {@link ForceRows}). */
    static final int[][] VOIGT = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};

    private FiniteDifferences() {}

    /**
     * A periodic triclinic cell {@code h} (rows = lattice vectors) with {@code n} atoms at random fractional
     * positions no closer than {@code minDistance} to each other or their images (rejection sampling),
     * species cycling through {@code symbols}.
     */
    static Structure randomStructure(long seed, double[] h, int n, double minDistance, String... symbols) {
        Random rnd = new Random(seed);
        Cell cell = new Cell(h);
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        double[] p = new double[3];
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                if (attempt > 10_000) throw new IllegalStateException("no room for atom " + i + " at minimum distance " + minDistance);
                cell.toCartesian(rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), p);
                if (farFromAll(h, x, y, z, i, p, minDistance)) break;
            }
            x[i] = p[0];
            y[i] = p[1];
            z[i] = p[2];
            sym[i] = symbols[i % symbols.length];
        }
        return Structure.of(cell, new boolean[] {true, true, true}, sym, x, y, z);
    }

    private static boolean farFromAll(double[] h, double[] x, double[] y, double[] z, int n, double[] p, double minDistance) {
        for (int i = 0; i < n; i++) {
            for (int a = -2; a <= 2; a++) {
                for (int b = -2; b <= 2; b++) {
                    for (int c = -2; c <= 2; c++) {
                        double ex = x[i] + a * h[0] + b * h[3] + c * h[6] - p[0];
                        double ey = y[i] + a * h[1] + b * h[4] + c * h[7] - p[1];
                        double ez = z[i] + a * h[2] + b * h[5] + c * h[8] - p[2];
                        if (ex * ex + ey * ey + ez * ez < minDistance * minDistance) return false;
                    }
                }
            }
        }
        return true;
    }

    /** Applies {@code r -> (I + eps) r} to each row of 3 (eps row-major 3x3). */
    static double[] deform(double[] rows, double[] eps) {
        double[] out = rows.clone();
        for (int r = 0; r < rows.length / 3; r++) {
            for (int a = 0; a < 3; a++) {
                double v = 0;
                for (int b = 0; b < 3; b++) v += eps[3 * a + b] * rows[3 * r + b];
                out[3 * r + a] += v;
            }
        }
        return out;
    }

    /** {@code s} with cell and positions deformed by {@code I + eps}. */
    static Structure strained(Structure s, double[] eps) {
        int n = s.natoms();
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            double[] p = deform(new double[] {s.x()[i], s.y()[i], s.z()[i]}, eps);
            x[i] = p[0];
            y[i] = p[1];
            z[i] = p[2];
        }
        return Structure.of(new Cell(deform(s.cell().toArray(), eps)), s.pbc(), symbols(s), x, y, z);
    }

    /** {@code s} with atom j moved by h along axis a. */
    static Structure moved(Structure s, int j, int a, double h) {
        double[] x = s.x().clone(), y = s.y().clone(), z = s.z().clone();
        (a == 0 ? x : a == 1 ? y : z)[j] += h;
        return Structure.of(s.cell(), s.pbc(), symbols(s), x, y, z);
    }

    static String[] symbols(Structure s) {
        String[] sym = new String[s.natoms()];
        for (int i = 0; i < sym.length; i++) sym[i] = s.symbol(i);
        return sym;
    }

    /** All per-atom rows of {@code d} (natoms x F) on a fresh full list. */
    static double[] rows(Descriptor d, Structure s) {
        double[] out = new double[s.natoms() * d.featureCount()];
        d.compute(s, CellList.of(s, d.cutoff(), false), out);
        return out;
    }

    /** The aggregated row of {@code d} over {@code s}. */
    static double[] aggregated(Descriptor d, Structure s, Aggregation agg, SpeciesChannels ch) {
        double[] out = new double[agg.width(d.featureCount(), ch.size())];
        agg.apply(rows(d, s), s.natoms(), d.featureCount(), ch.atomChannels(s), ch.size(), out, 0);
        return out;
    }

    /**
     * Fourth-order central difference along atom j, axis a:
     * {@code (8 (f(+h) - f(-h)) - (f(+2h) - f(-2h))) / 12h}, error {@code h^4 f^(5) / 30}.
     */
    static double[] alongAtom(Function<Structure, double[]> f, Structure s, int j, int a, double h) {
        return central(t -> f.apply(moved(s, j, a, t)), h);
    }

    /**
     * Fourth-order central difference with respect to the symmetric strain of Voigt component {@code v} (for a
     * shear, eps_ab = eps_ba = t/2, so that d/dt is the symmetrised strain derivative {@link ForceRows} uses).
     */
    static double[] alongStrain(Function<Structure, double[]> f, Structure s, int v, double h) {
        int a = VOIGT[v][0], b = VOIGT[v][1];
        return central(t -> {
            double[] eps = new double[9];
            eps[3 * a + b] = a == b ? t : t / 2;
            eps[3 * b + a] = a == b ? t : t / 2;
            return f.apply(strained(s, eps));
        }, h);
    }

    private static double[] central(DoubleFunction<double[]> f, double h) {
        double[] p1 = f.apply(h), m1 = f.apply(-h), p2 = f.apply(2 * h), m2 = f.apply(-2 * h);
        double[] out = new double[p1.length];
        for (int i = 0; i < out.length; i++) out[i] = (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h);
        return out;
    }

    /**
     * Asserts that no interatomic distance (images included) lies within {@code margin} of a cutoff, where the
     * descriptors have a kink (the cosine cutoff's second derivative) or a step (SOAP's density cutoff) that a
     * difference stencil reaching {@code margin} would straddle.
     */
    static void assertAwayFromCutoffs(Structure s, double margin, double... cutoffs) {
        double max = 0;
        for (double c : cutoffs) max = Math.max(max, c);
        NeighborList nl = CellList.of(s, max + 1, false);
        for (int k = 0; k < nl.size(); k++) {
            for (double c : cutoffs) {
                assertTrue(Math.abs(nl.distances()[k] - c) > margin,
                        "test structure has a distance " + nl.distances()[k] + " within " + margin + " of the cutoff " + c + ": pick another");
            }
        }
    }
}
