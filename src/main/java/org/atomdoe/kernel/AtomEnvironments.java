package org.atomdoe.kernel;

import java.util.List;
import org.atomdoe.structure.Structure;

/**
 * The atomic environments of a list of configurations as kernel rows: one prepared descriptor
 * row per atom (atom-major within a configuration, configurations in order), the central atom's
 * atomic number as its species code, and where each configuration's atoms start.
 *
 * @param rows  prepared per-atom rows ({@link Kernel#prepare})
 * @param start {@code start[c]} is the first row of configuration c; {@code start[configs()]} is the row count
 */
public record AtomEnvironments(KernelRows rows, int[] start) {
    public AtomEnvironments {
        if (start.length < 1 || start[0] != 0 || start[start.length - 1] != rows.n()) {
            throw new IllegalArgumentException("configuration offsets must run from 0 to the " + rows.n() + " rows");
        }
        for (int c = 0; c + 1 < start.length; c++) {
            if (start[c + 1] <= start[c]) throw new IllegalArgumentException("configuration " + c + " has no atoms");
        }
    }

    /**
     * Environments of {@code frames} from their per-atom descriptor rows ({@code natoms x d} in frame
     * order, e.g. {@code FeatureMatrix.perAtom(...).values()}).
     */
    public static AtomEnvironments of(Kernel k, double[] perAtom, int d, List<Structure> frames) {
        int[] start = new int[frames.size() + 1];
        for (int c = 0; c < frames.size(); c++) start[c + 1] = start[c] + frames.get(c).natoms();
        int n = start[frames.size()];
        if (perAtom.length != (long) n * d) {
            throw new IllegalArgumentException("per-atom rows must be " + n + " x " + d + " for these frames, got " + perAtom.length + " values");
        }
        int[] species = new int[n];
        for (int c = 0; c < frames.size(); c++) {
            Structure s = frames.get(c);
            for (int a = 0; a < s.natoms(); a++) species[start[c] + a] = s.atomicNumber(a);
        }
        return new AtomEnvironments(k.prepare(perAtom, n, d, species), start);
    }

    /** Number of configurations. */
    public int configs() {
        return start.length - 1;
    }

    /** Atoms of configuration {@code c}. */
    public int natoms(int c) {
        return start[c + 1] - start[c];
    }

    /** The configuration that row {@code atom} belongs to, for every row. */
    public int[] owner() {
        int[] o = new int[rows.n()];
        for (int c = 0; c < configs(); c++) java.util.Arrays.fill(o, start[c], start[c + 1], c);
        return o;
    }

    /** These environments followed by {@code other}'s (one kernel space for a pool and a training or test set). */
    public AtomEnvironments concat(AtomEnvironments other) {
        KernelRows a = rows, b = other.rows;
        if (a.d() != b.d()) throw new IllegalArgumentException("descriptor lengths differ: " + a.d() + " and " + b.d());
        double[] v = new double[a.values().length + b.values().length];
        System.arraycopy(a.values(), 0, v, 0, a.values().length);
        System.arraycopy(b.values(), 0, v, a.values().length, b.values().length);
        double[] n2 = new double[a.n() + b.n()];
        System.arraycopy(a.norm2(), 0, n2, 0, a.n());
        System.arraycopy(b.norm2(), 0, n2, a.n(), b.n());
        int[] sp = null;
        if (a.species() != null && b.species() != null) {
            sp = new int[a.n() + b.n()];
            System.arraycopy(a.species(), 0, sp, 0, a.n());
            System.arraycopy(b.species(), 0, sp, a.n(), b.n());
        }
        int[] st = new int[configs() + other.configs() + 1];
        System.arraycopy(start, 0, st, 0, start.length);
        for (int c = 1; c <= other.configs(); c++) st[configs() + c] = a.n() + other.start[c];
        return new AtomEnvironments(new KernelRows(v, a.n() + b.n(), a.d(), n2, sp), st);
    }
}
