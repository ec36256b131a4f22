package org.atomdoe.bench;

import java.util.SplittableRandom;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * The benchmark box of {@code ../shared/anchors/python/wbox.py}: bcc tungsten, a = 3.165 Å,
 * n x n x n conventional cubic cells (2·n³ atoms, atom order as ASE's {@code bulk * (n, n, n)}:
 * cell index a outermost, then b, c, then the two basis atoms), every coordinate displaced by a
 * uniform random amount in [-0.1, 0.1) Å from a fixed seed, then wrapped into the periodic cell.
 * (The random stream is Java's, so the displacements differ from numpy's; the statistics and
 * neighbour counts, 26 within 5.0 Å, are the same.)
 */
public final class BccTungstenBox {
    /** bcc W lattice constant, Å. */
    public static final double A_W = 3.165;

    private BccTungstenBox() {}

    /** The box with {@code atoms} = 2·n³ atoms (16,000 for n = 20, 128,000 for n = 40). */
    public static Structure ofAtoms(int atoms) {
        int n = (int) Math.round(Math.cbrt(atoms / 2.0));
        if (2 * n * n * n != atoms) throw new IllegalArgumentException("atoms must be 2 n^3, got " + atoms);
        return build(n, 0.1, 4928459L);
    }

    /** The box with about {@code atoms} atoms ({@code n = round(cbrt(atoms / 2))}), ±0.1 Å displacements from {@code seed}. */
    public static Structure of(int atoms, long seed) {
        return build((int) Math.round(Math.cbrt(atoms / 2.0)), 0.1, seed);
    }

    /** n³ conventional cells, displacements uniform in [-disp, disp) Å from {@code seed}. */
    public static Structure build(int n, double disp, long seed) {
        int natoms = 2 * n * n * n;
        double l = n * A_W;
        double[] x = new double[natoms], y = new double[natoms], z = new double[natoms];
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int m = 0; m < n; m++) {
                    for (int b = 0; b < 2; b++) {
                        double h = 0.5 * b;
                        x[k] = wrap((i + h) * A_W + disp * (2 * rnd.nextDouble() - 1), l);
                        y[k] = wrap((j + h) * A_W + disp * (2 * rnd.nextDouble() - 1), l);
                        z[k] = wrap((m + h) * A_W + disp * (2 * rnd.nextDouble() - 1), l);
                        k++;
                    }
                }
            }
        }
        String[] sym = new String[natoms];
        java.util.Arrays.fill(sym, "W");
        return Structure.of(Cell.orthorhombic(l, l, l), new boolean[] {true, true, true}, sym, x, y, z);
    }

    private static double wrap(double v, double l) {
        double w = v - Math.floor(v / l) * l;
        return w >= l ? 0 : w;
    }
}
