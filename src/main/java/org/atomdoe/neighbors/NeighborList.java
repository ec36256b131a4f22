package org.atomdoe.neighbors;

import java.util.Arrays;

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

    public NeighborList() {}

    /** Makes room for {@code natoms} centres and resets to an empty list. */
    public void reset(int natoms, double cutoff, boolean half) {
        this.natoms = natoms;
        this.cutoff = cutoff;
        this.half = half;
        this.sortedBySpecies = false;
        this.size = 0;
        if (offsets.length < natoms + 1) offsets = new int[natoms + 1];
        Arrays.fill(offsets, 0, natoms + 1, 0);
    }

    /** Ensures capacity for {@code n} entries, keeping the first {@link #size()}. */
    public void ensureCapacity(int n) {
        if (j.length >= n) return;
        int cap = Math.max(n, j.length + (j.length >> 1) + 16);
        j = Arrays.copyOf(j, cap);
        sx = Arrays.copyOf(sx, cap);
        sy = Arrays.copyOf(sy, cap);
        sz = Arrays.copyOf(sz, cap);
        dx = Arrays.copyOf(dx, cap);
        dy = Arrays.copyOf(dy, cap);
        dz = Arrays.copyOf(dz, cap);
        r = Arrays.copyOf(r, cap);
    }

    /** Appends one entry for the current centre (callers fill centres in order and call {@link #endCentre}). */
    public void add(int jj, int s0, int s1, int s2, double ddx, double ddy, double ddz, double rr) {
        if (size == j.length) ensureCapacity(size + 1);
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

    public int[] shiftX() {
        return sx;
    }

    public int[] shiftY() {
        return sy;
    }

    public int[] shiftZ() {
        return sz;
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

    /** A compact, independent copy (arrays trimmed to {@link #size()}). */
    public NeighborList copy() {
        NeighborList c = new NeighborList();
        c.natoms = natoms;
        c.size = size;
        c.cutoff = cutoff;
        c.half = half;
        c.sortedBySpecies = sortedBySpecies;
        c.offsets = Arrays.copyOf(offsets, natoms + 1);
        c.j = Arrays.copyOf(j, size);
        c.sx = Arrays.copyOf(sx, size);
        c.sy = Arrays.copyOf(sy, size);
        c.sz = Arrays.copyOf(sz, size);
        c.dx = Arrays.copyOf(dx, size);
        c.dy = Arrays.copyOf(dy, size);
        c.dz = Arrays.copyOf(dz, size);
        c.r = Arrays.copyOf(r, size);
        return c;
    }
}
