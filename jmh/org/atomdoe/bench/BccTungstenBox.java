package org.atomdoe.bench;

import java.util.SplittableRandom;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * The reference box of /work/shared/anchors: bcc W, a = 3.165 Å, n^3 cubic cells (2 n^3 atoms),
 * every coordinate displaced uniformly in [-0.1, 0.1) Å with a fixed seed, periodic.
 */
public final class BccTungstenBox {
    private BccTungstenBox() {}

    /** The box with about {@code atoms} atoms ({@code n = round(cbrt(atoms / 2))}). */
    public static Structure of(int atoms, long seed) {
        int n = (int) Math.round(Math.cbrt(atoms / 2.0));
        double a = 3.165;
        int natoms = 2 * n * n * n;
        double[] x = new double[natoms], y = new double[natoms], z = new double[natoms];
        String[] sym = new String[natoms];
        SplittableRandom rnd = new SplittableRandom(seed);
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < n; l++)
                    for (int b = 0; b < 2; b++) {
                        double h = 0.5 * b;
                        x[k] = (i + h) * a + 0.2 * (rnd.nextDouble() - 0.5);
                        y[k] = (j + h) * a + 0.2 * (rnd.nextDouble() - 0.5);
                        z[k] = (l + h) * a + 0.2 * (rnd.nextDouble() - 0.5);
                        sym[k++] = "W";
                    }
        return Structure.of(Cell.orthorhombic(n * a, n * a, n * a), new boolean[] {true, true, true}, sym, x, y, z);
    }
}
