package org.atomdoe.linalg;

/** Thrown when a Cholesky factorisation or downdate meets a non-positive pivot. */
public final class NotPositiveDefiniteException extends IllegalArgumentException {
    private final int pivot;

    public NotPositiveDefiniteException(int pivot, double value) {
        super("matrix is not positive definite: pivot " + pivot + " is " + value);
        this.pivot = pivot;
    }

    /** The 0-based index of the failing pivot. */
    public int pivot() {
        return pivot;
    }
}
