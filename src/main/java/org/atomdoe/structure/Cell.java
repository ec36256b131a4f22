package org.atomdoe.structure;

/**
 * A simulation cell: three lattice vectors as the rows of a 3x3 matrix (Å), as in ASE and in the
 * extended-XYZ {@code Lattice} key. A Cartesian position is {@code r = f · H} for fractional
 * coordinates {@code f} (row vector) and cell matrix {@code H}.
 *
 * <p>The zero cell stands for "no cell" (a plain XYZ cluster). Immutable.
 */
public final class Cell {
    /** The zero cell of a non-periodic structure that has no lattice. */
    public static final Cell NONE = new Cell(new double[9]);

    private final double[] h;     // row-major, rows = lattice vectors
    private final double[] hinv;  // inverse (row-major), null when singular
    private final double volume;

    /** A cell from 9 numbers, row-major: a1x a1y a1z a2x a2y a2z a3x a3y a3z. */
    public Cell(double[] rowMajor) {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a cell needs 9 numbers, got " + rowMajor.length);
        }
        this.h = rowMajor.clone();
        double det = h[0] * (h[4] * h[8] - h[5] * h[7])
                - h[1] * (h[3] * h[8] - h[5] * h[6])
                + h[2] * (h[3] * h[7] - h[4] * h[6]);
        this.volume = Math.abs(det);
        double scale = norm(0) * norm(1) * norm(2);
        if (scale == 0 || !(Math.abs(det) > 1e-12 * scale)) {
            this.hinv = null;
        } else {
            double[] inv = new double[9];
            inv[0] = (h[4] * h[8] - h[5] * h[7]) / det;
            inv[1] = (h[2] * h[7] - h[1] * h[8]) / det;
            inv[2] = (h[1] * h[5] - h[2] * h[4]) / det;
            inv[3] = (h[5] * h[6] - h[3] * h[8]) / det;
            inv[4] = (h[0] * h[8] - h[2] * h[6]) / det;
            inv[5] = (h[2] * h[3] - h[0] * h[5]) / det;
            inv[6] = (h[3] * h[7] - h[4] * h[6]) / det;
            inv[7] = (h[1] * h[6] - h[0] * h[7]) / det;
            inv[8] = (h[0] * h[4] - h[1] * h[3]) / det;
            this.hinv = inv;
        }
    }

    private double norm(int row) {
        return Math.sqrt(h[3 * row] * h[3 * row] + h[3 * row + 1] * h[3 * row + 1] + h[3 * row + 2] * h[3 * row + 2]);
    }

    /** An orthorhombic cell with the given edge lengths. */
    public static Cell orthorhombic(double a, double b, double c) {
        return new Cell(new double[] {a, 0, 0, 0, b, 0, 0, 0, c});
    }

    /** Element (row, col) of the cell matrix: component {@code col} of lattice vector {@code row}. */
    public double get(int row, int col) {
        return h[3 * row + col];
    }

    /** A copy of the 9 numbers, row-major. */
    public double[] toArray() {
        return h.clone();
    }

    /** A copy of the inverse matrix, row-major; throws if singular. */
    public double[] inverse() {
        requireRegular();
        return hinv.clone();
    }

    /** Copies the inverse matrix, row-major, into {@code dst[0..9)} (no allocation); throws if singular. */
    public void inverseInto(double[] dst) {
        requireRegular();
        System.arraycopy(hinv, 0, dst, 0, 9);
    }

    /** Whether the three lattice vectors are linearly independent. */
    public boolean isRegular() {
        return hinv != null;
    }

    /** Whether all nine numbers are zero (no cell given). */
    public boolean isZero() {
        for (double v : h) if (v != 0) return false;
        return true;
    }

    /** |det H|, the cell volume in Å^3 (0 when singular). */
    public double volume() {
        return hinv == null ? 0 : volume;
    }

    /** Length of lattice vector {@code i}. */
    public double length(int i) {
        return norm(i);
    }

    /**
     * Distance between the two lattice planes spanned by the other two vectors, for axis {@code i}:
     * V / |a_j × a_k|. A sphere of radius r needs ceil(r / d_i) cells along axis i.
     */
    public double planeSpacing(int i) {
        int j = (i + 1) % 3, k = (i + 2) % 3;
        double cx = h[3 * j + 1] * h[3 * k + 2] - h[3 * j + 2] * h[3 * k + 1];
        double cy = h[3 * j + 2] * h[3 * k] - h[3 * j] * h[3 * k + 2];
        double cz = h[3 * j] * h[3 * k + 1] - h[3 * j + 1] * h[3 * k];
        double area = Math.sqrt(cx * cx + cy * cy + cz * cz);
        return area == 0 ? 0 : volume() / area;
    }

    /** Fractional coordinates of a Cartesian point: f = r · H^-1. Writes into {@code out[0..2]}. */
    public void toFractional(double x, double y, double z, double[] out) {
        requireRegular();
        out[0] = x * hinv[0] + y * hinv[3] + z * hinv[6];
        out[1] = x * hinv[1] + y * hinv[4] + z * hinv[7];
        out[2] = x * hinv[2] + y * hinv[5] + z * hinv[8];
    }

    /** Cartesian coordinates of a fractional point: r = f · H. Writes into {@code out[0..2]}. */
    public void toCartesian(double f0, double f1, double f2, double[] out) {
        out[0] = f0 * h[0] + f1 * h[3] + f2 * h[6];
        out[1] = f0 * h[1] + f1 * h[4] + f2 * h[7];
        out[2] = f0 * h[2] + f1 * h[5] + f2 * h[8];
    }

    private void requireRegular() {
        if (hinv == null) {
            throw new IllegalStateException("the cell is singular (volume " + volume + " Å^3)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell c && java.util.Arrays.equals(h, c.h);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(h);
    }

    @Override
    public String toString() {
        return java.util.Arrays.toString(h);
    }
}
