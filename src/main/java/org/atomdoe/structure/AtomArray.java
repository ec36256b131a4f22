package org.atomdoe.structure;

import java.util.Arrays;
import java.util.Objects;

/**
 * One per-atom column group of an extended-XYZ frame ({@code Properties=name:T:ncols}), kept so
 * that nothing the user had is lost between reading and writing.
 *
 * <p>Values are stored atom-major: atom {@code i}, column {@code c} is at {@code i * ncols + c}.
 * Exactly one of the typed arrays is non-null, according to {@link #type()}:
 * {@code R} real ({@code double[]}), {@code I} integer ({@code long[]}), {@code L} logical
 * ({@code boolean[]}), {@code S} string ({@code String[]}).
 */
public final class AtomArray {
    /** Column type letters of the extended-XYZ {@code Properties} key. */
    public enum Type { R, I, L, S }

    private final Type type;
    private final int ncols;
    private final double[] reals;
    private final long[] ints;
    private final boolean[] logicals;
    private final String[] strings;

    private AtomArray(Type type, int ncols, double[] r, long[] i, boolean[] l, String[] s) {
        if (ncols < 1) {
            throw new IllegalArgumentException("a per-atom array needs at least one column, got " + ncols);
        }
        this.type = type;
        this.ncols = ncols;
        this.reals = r;
        this.ints = i;
        this.logicals = l;
        this.strings = s;
    }

    public static AtomArray ofReals(int ncols, double[] values) {
        return new AtomArray(Type.R, ncols, Objects.requireNonNull(values), null, null, null);
    }

    public static AtomArray ofInts(int ncols, long[] values) {
        return new AtomArray(Type.I, ncols, null, Objects.requireNonNull(values), null, null);
    }

    public static AtomArray ofLogicals(int ncols, boolean[] values) {
        return new AtomArray(Type.L, ncols, null, null, Objects.requireNonNull(values), null);
    }

    public static AtomArray ofStrings(int ncols, String[] values) {
        return new AtomArray(Type.S, ncols, null, null, null, Objects.requireNonNull(values));
    }

    public Type type() {
        return type;
    }

    public int ncols() {
        return ncols;
    }

    /** Number of atoms covered. */
    public int natoms() {
        return length() / ncols;
    }

    private int length() {
        return switch (type) {
            case R -> reals.length;
            case I -> ints.length;
            case L -> logicals.length;
            case S -> strings.length;
        };
    }

    /** The real values (atom-major); only for type R. */
    public double[] reals() {
        requireType(Type.R);
        return reals;
    }

    public long[] ints() {
        requireType(Type.I);
        return ints;
    }

    public boolean[] logicals() {
        requireType(Type.L);
        return logicals;
    }

    public String[] strings() {
        requireType(Type.S);
        return strings;
    }

    private void requireType(Type t) {
        if (type != t) {
            throw new IllegalStateException("array is of type " + type + ", not " + t);
        }
    }

    /** A copy of this array restricted to the given atoms, in that order. */
    public AtomArray select(int[] atoms) {
        return switch (type) {
            case R -> {
                double[] out = new double[atoms.length * ncols];
                for (int k = 0; k < atoms.length; k++) System.arraycopy(reals, atoms[k] * ncols, out, k * ncols, ncols);
                yield ofReals(ncols, out);
            }
            case I -> {
                long[] out = new long[atoms.length * ncols];
                for (int k = 0; k < atoms.length; k++) System.arraycopy(ints, atoms[k] * ncols, out, k * ncols, ncols);
                yield ofInts(ncols, out);
            }
            case L -> {
                boolean[] out = new boolean[atoms.length * ncols];
                for (int k = 0; k < atoms.length; k++) System.arraycopy(logicals, atoms[k] * ncols, out, k * ncols, ncols);
                yield ofLogicals(ncols, out);
            }
            case S -> {
                String[] out = new String[atoms.length * ncols];
                for (int k = 0; k < atoms.length; k++) System.arraycopy(strings, atoms[k] * ncols, out, k * ncols, ncols);
                yield ofStrings(ncols, out);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AtomArray a) || a.type != type || a.ncols != ncols) return false;
        return switch (type) {
            case R -> Arrays.equals(reals, a.reals);
            case I -> Arrays.equals(ints, a.ints);
            case L -> Arrays.equals(logicals, a.logicals);
            case S -> Arrays.equals(strings, a.strings);
        };
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, ncols, length());
    }
}
