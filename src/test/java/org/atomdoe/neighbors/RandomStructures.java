package org.atomdoe.neighbors;

import java.util.Random;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/** Random test structures: strongly skewed triclinic cells, unwrapped positions, mixed species. */
final class RandomStructures {
    private RandomStructures() {}

    /**
     * A random cell with edge lengths in [minEdge, maxEdge] and off-diagonal tilts up to
     * {@code skew} times the edge, {@code n} atoms at fractional coordinates in
     * [-spill, 1 + spill) (so some lie outside the cell), species from {@code symbols}.
     */
    static Structure triclinic(Random rnd, int n, double minEdge, double maxEdge, double skew, double spill,
                               boolean[] pbc, String... symbols) {
        double a = minEdge + rnd.nextDouble() * (maxEdge - minEdge);
        double b = minEdge + rnd.nextDouble() * (maxEdge - minEdge);
        double c = minEdge + rnd.nextDouble() * (maxEdge - minEdge);
        double[] h = {
            a, 0, 0,
            skew * a * (2 * rnd.nextDouble() - 1), b, 0,
            skew * a * (2 * rnd.nextDouble() - 1), skew * b * (2 * rnd.nextDouble() - 1), c};
        // rotate so no lattice vector is axis-aligned (general triclinic)
        double t = rnd.nextDouble() * Math.PI, p = rnd.nextDouble() * Math.PI;
        double[] rot = rotation(t, p);
        double[] hr = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                hr[3 * r + k] = h[3 * r] * rot[k] + h[3 * r + 1] * rot[3 + k] + h[3 * r + 2] * rot[6 + k];
            }
        }
        Cell cell = new Cell(hr);
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        double[] out = new double[3];
        for (int i = 0; i < n; i++) {
            double f0 = -spill + rnd.nextDouble() * (1 + 2 * spill);
            double f1 = -spill + rnd.nextDouble() * (1 + 2 * spill);
            double f2 = -spill + rnd.nextDouble() * (1 + 2 * spill);
            cell.toCartesian(f0, f1, f2, out);
            x[i] = out[0];
            y[i] = out[1];
            z[i] = out[2];
            sym[i] = symbols[rnd.nextInt(symbols.length)];
        }
        return Structure.of(cell, pbc, sym, x, y, z);
    }

    /** A cluster without cell: n atoms uniformly in a box of the given edge. */
    static Structure cluster(Random rnd, int n, double edge, String... symbols) {
        double[] x = new double[n], y = new double[n], z = new double[n];
        String[] sym = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = edge * rnd.nextDouble() - 3;
            y[i] = edge * rnd.nextDouble() + 7;
            z[i] = 0.5 * edge * rnd.nextDouble();
            sym[i] = symbols[rnd.nextInt(symbols.length)];
        }
        return Structure.of(Cell.NONE, new boolean[3], sym, x, y, z);
    }

    private static double[] rotation(double t, double p) {
        double ct = Math.cos(t), st = Math.sin(t), cp = Math.cos(p), sp = Math.sin(p);
        double[] rz = {ct, -st, 0, st, ct, 0, 0, 0, 1};
        double[] rx = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) s += rz[3 * i + k] * rx[3 * k + j];
                r[3 * i + j] = s;
            }
        }
        return r;
    }
}
