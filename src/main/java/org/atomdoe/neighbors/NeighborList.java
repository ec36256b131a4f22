package org.atomdoe.neighbors;

import java.util.Arrays;
import org.atomdoe.structure.Structure;

/**
 * Neighbours of every atom of one structure within a cutoff, in compressed-row (CSR) layout with
 * structure-of-arrays payload, the form SIMD descriptor kernels stream over.
 *
 * <p>The neighbours of centre atom {@code i} are entries {@code k} in
 * {@code [offsets[i], offsets[i+1])}. Entry {@code k} holds the neighbour index {@code j[k]},
 * its periodic image shift {@code (sx[k], sy[k], sz[k])} in units of the lattice vectors, the
 * displacement {@code D = r_j + S·H - r_i} (as stored, positions not wrapped; the ASE
 * {@code neighbor_list('D')} convention) in {@code dx, dy, dz} and its length {@code r[k]}.
 * A pair is included when {@code r < cutoff} strictly; {@code (i, i, 0)} is never included, but
 * an atom is its own neighbour through any other image.
 *
 * <p>In a <em>full</em> list each pair appears from both sides; in a <em>half</em> list only once,
 * from the centre with {@code i < j}, or for {@code i == j} from the image whose first non-zero
 * shift component is positive.
 *
 * <p>Instances are reusable buffers: a builder refills them for the next structure and grows the
 * arrays only when needed. The accessors return the live arrays; read only the first
 * {@link #size()} entries.
 *
 * <p>The image shifts are derived data: {@link CellList} and {@link ParallelNeighbors} do not write
 * them during the build (12 of the 48 bytes per entry, which no descriptor reads) but derive them
 * on the first call of {@link #shiftX()}, {@link #shiftY()} or {@link #shiftZ()} from
 * {@code S = round((D - x_j + x_i) · H^-1)} along periodic axes (0 along the others). The rounded
 * quantity is an integer up to the rounding of {@code D} and the positions (a few ulps of the
 * coordinates, far below 1/2 of a lattice vector), so the result is exact. The derivation reads the
 * structure the list was built from, whose arrays are immutable by contract.
 */
public final class NeighborList {
    int natoms;
    int size;
    double cutoff;
    boolean half;
    boolean sortedBySpecies;
    int[] offsets = new int[1];
    int[] j = new int[0];
    int[] sx = new int[0], sy = new int[0], sz = new int[0];
    double[] dx = new double[0], dy = new double[0], dz = new double[0], r = new double[0];
    /** The cell inverse while shifts are derived (a field, so deriving them allocates nothing once warm). */
    private final double[] shiftInverse = new double[9];
    /** Non-null while the shifts are still to be derived from this structure (see the class comment). */
    private Structure shiftSource;

    public NeighborList() {}

    /** Makes room for {@code natoms} centres and resets to an empty list. */
    public void reset(int natoms, double cutoff, boolean half) {
        this.natoms = natoms;
        this.cutoff = cutoff;
        this.half = half;
        this.sortedBySpecies = false;
        this.size = 0;
        this.shiftSource = null;
        if (offsets.length < natoms + 1) offsets = new int[natoms + 1];
        Arrays.fill(offsets, 0, natoms + 1, 0);
    }

    /**
     * Starts a cell-list build of {@code s} into this list: {@link #reset}, the species flag, and the image
     * shifts left to be derived from {@code s} on first request.
     */
    void begin(Structure s, double cutoff, boolean half, boolean sortBySpecies) {
        reset(s.natoms(), cutoff, half);
        sortedBySpecies = sortBySpecies;
        deferShifts(s);
    }

    /**
     * Ensures capacity for {@code n} entries, keeping the first {@link #size()}. The shift arrays grow
     * only where shifts are written ({@link #add}) or derived, not for builders that defer them.
     */
    public void ensureCapacity(int n) {
        if (j.length >= n) return;
        int cap = Math.max(n, j.length + (j.length >> 1) + 16);
        j = Arrays.copyOf(j, cap);
        dx = Arrays.copyOf(dx, cap);
        dy = Arrays.copyOf(dy, cap);
        dz = Arrays.copyOf(dz, cap);
        r = Arrays.copyOf(r, cap);
    }

    /** Number of lengths {@link #capacities} reports. */
    static final int CAPACITIES = 3;

    /** The lengths of the buffers a build grows (row pointers, entries, shifts) into {@code c[at..at+3)}. */
    void capacities(int[] c, int at) {
        c[at] = offsets.length;
        c[at + 1] = j.length;
        c[at + 2] = sx.length;
    }

    /**
     * Grows every buffer shorter than the length {@link #capacities} gives for it at {@code c[at..at+3)}
     * (between builds: nothing is allocated when none is shorter; contents are not kept).
     */
    void reserve(int[] c, int at) {
        if (offsets.length < c[at]) offsets = new int[c[at]];
        ensureCapacity(c[at + 1]);
        if (sx.length < c[at + 2]) {
            sx = new int[c[at + 2]];
            sy = new int[c[at + 2]];
            sz = new int[c[at + 2]];
        }
    }

    /** Appends one entry for the current centre (callers fill centres in order and call {@link #endCentre}). */
    public void add(int jj, int s0, int s1, int s2, double ddx, double ddy, double ddz, double rr) {
        if (size == j.length) ensureCapacity(size + 1);
        if (sx.length < j.length) growShifts();
        int k = size++;
        j[k] = jj;
        sx[k] = s0;
        sy[k] = s1;
        sz[k] = s2;
        dx[k] = ddx;
        dy[k] = ddy;
        dz[k] = ddz;
        r[k] = rr;
    }

    /** Closes centre {@code i}: its entries are those added since the previous centre was closed. */
    public void endCentre(int i) {
        offsets[i + 1] = size;
    }

    /** Sets the number of stored entries directly (for builders that write the arrays themselves). */
    public void setSize(int n) {
        this.size = n;
    }

    public int natoms() {
        return natoms;
    }

    /** Total number of entries (pairs, counted once per side in a full list). */
    public int size() {
        return size;
    }

    public double cutoff() {
        return cutoff;
    }

    public boolean isHalf() {
        return half;
    }

    /** Whether the neighbours of each centre are grouped by ascending species index (stable). */
    public boolean isSortedBySpecies() {
        return sortedBySpecies;
    }

    /** Row pointers, length natoms + 1. */
    public int[] offsets() {
        return offsets;
    }

    public int start(int i) {
        return offsets[i];
    }

    public int end(int i) {
        return offsets[i + 1];
    }

    /** Number of neighbours of centre {@code i}. */
    public int count(int i) {
        return offsets[i + 1] - offsets[i];
    }

    public int[] neighbors() {
        return j;
    }

    /** Image shifts along the first lattice vector (derived on first use, see the class comment). */
    public int[] shiftX() {
        ensureShifts();
        return sx;
    }

    public int[] shiftY() {
        ensureShifts();
        return sy;
    }

    public int[] shiftZ() {
        ensureShifts();
        return sz;
    }

    /** Grows the shift arrays to the capacity of the others, keeping the first {@link #size()}. */
    private void growShifts() {
        sx = Arrays.copyOf(sx, j.length);
        sy = Arrays.copyOf(sy, j.length);
        sz = Arrays.copyOf(sz, j.length);
    }

    /** Marks the shifts as not written: they are derived from {@code s} when first asked for. */
    void deferShifts(Structure s) {
        shiftSource = s;
    }

    /** Derives the image shifts of every entry once (thread-safe: concurrent readers wait for one derivation). */
    private synchronized void ensureShifts() {
        Structure s = shiftSource;
        if (s == null) return;
        if (sx.length < size) growShifts();
        boolean p0 = s.pbc(0), p1 = s.pbc(1), p2 = s.pbc(2);
        if (!(p0 || p1 || p2)) {
            Arrays.fill(sx, 0, size, 0);
            Arrays.fill(sy, 0, size, 0);
            Arrays.fill(sz, 0, size, 0);
        } else {
            double[] hi = shiftInverse;
            s.cell().inverseInto(hi);
            double[] x = s.x(), y = s.y(), z = s.z();
            for (int i = 0; i < natoms; i++) {
                double xi = x[i], yi = y[i], zi = z[i];
                for (int k = offsets[i], e = offsets[i + 1]; k < e; k++) {
                    int jj = j[k];
                    // S·H = D - (x_j - x_i)
                    double a = dx[k] - (x[jj] - xi), b = dy[k] - (y[jj] - yi), c = dz[k] - (z[jj] - zi);
                    sx[k] = p0 ? (int) Math.rint(a * hi[0] + b * hi[3] + c * hi[6]) : 0;
                    sy[k] = p1 ? (int) Math.rint(a * hi[1] + b * hi[4] + c * hi[7]) : 0;
                    sz[k] = p2 ? (int) Math.rint(a * hi[2] + b * hi[5] + c * hi[8]) : 0;
                }
            }
        }
        shiftSource = null;
    }

    public double[] dx() {
        return dx;
    }

    public double[] dy() {
        return dy;
    }

    public double[] dz() {
        return dz;
    }

    public double[] distances() {
        return r;
    }

    /** A compact, independent copy (arrays trimmed to {@link #size()}; shifts still to be derived stay so). */
    public synchronized NeighborList copy() {
        NeighborList c = new NeighborList();
        c.natoms = natoms;
        c.size = size;
        c.cutoff = cutoff;
        c.half = half;
        c.sortedBySpecies = sortedBySpecies;
        c.offsets = Arrays.copyOf(offsets, natoms + 1);
        c.j = Arrays.copyOf(j, size);
        if (shiftSource != null) {
            c.shiftSource = shiftSource;
        } else {
            c.sx = Arrays.copyOf(sx, size);
            c.sy = Arrays.copyOf(sy, size);
            c.sz = Arrays.copyOf(sz, size);
        }
        c.dx = Arrays.copyOf(dx, size);
        c.dy = Arrays.copyOf(dy, size);
        c.dz = Arrays.copyOf(dz, size);
        c.r = Arrays.copyOf(r, size);
        return c;
    }
}
