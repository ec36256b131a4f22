package org.atomdoe.fit;

/**
 * Chooses {@code n} of the {@code rows} candidate rows of a matrix (row-major, {@code rows x cols}),
 * e.g. which configurations of a pool to compute with DFT. Used by {@link LearningCurve} to compare
 * selection methods at equal budgets.
 *
 * <p>Contract: returns {@code n} distinct indices in {@code [0, rows)}; the same inputs and seed
 * give the same answer; implementations are safe to call from several threads at once and do not
 * modify {@code x}.
 */
@FunctionalInterface
public interface SubsetSelector {

    /**
     * @param x    candidate rows, row-major {@code rows x cols}
     * @param n    how many to choose, {@code 0 <= n <= rows}
     * @param seed random seed (ignored by deterministic methods)
     */
    int[] select(double[] x, int rows, int cols, int n, long seed);

    /** Short method name for reports, e.g. {@code random}, {@code fps}, {@code D-optimal}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Whether the choice depends on the seed; learning curves repeat seeded methods over several seeds. */
    default boolean seeded() {
        return true;
    }

    /** Wraps a selection function (e.g. an adapter to the design engine) with a name. */
    static SubsetSelector named(String name, boolean seeded, SubsetSelector function) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a selector needs a name");
        return new SubsetSelector() {
            @Override
            public int[] select(double[] x, int rows, int cols, int n, long seed) {
                return function.select(x, rows, cols, n, seed);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean seeded() {
                return seeded;
            }
        };
    }

    /** Checks the common arguments; throws IllegalArgumentException naming what was expected. */
    static void checkArguments(double[] x, int rows, int cols, int n) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("need rows, cols >= 0, got " + rows + " x " + cols);
        if (x == null || x.length < (long) rows * cols) {
            throw new IllegalArgumentException("candidate matrix needs " + (long) rows * cols + " values (" + rows
                    + " x " + cols + "), got " + (x == null ? "null" : x.length));
        }
        if (n < 0 || n > rows) {
            throw new IllegalArgumentException("cannot choose " + n + " of " + rows + " candidates");
        }
    }
}
