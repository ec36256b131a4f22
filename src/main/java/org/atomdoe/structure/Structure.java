package org.atomdoe.structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One atomic configuration: cell, periodicity, species and positions, plus everything else a
 * data set carried with it (per-frame info such as energy, stress, config_type; per-atom arrays
 * such as forces), so that nothing the user had is lost.
 *
 * <p>Positions are kept as structure-of-arrays {@code x, y, z} (Å) because every downstream
 * kernel streams over them. Species are small integers indexing {@link #speciesSymbols()}, the
 * distinct symbols of this structure in order of first appearance.
 *
 * <p>Units follow the extended-XYZ/ASE conventions: energy eV, forces eV/Å, stress eV/Å^3.
 * Geometry is immutable; the info and array maps may be extended (annotations) by the owner.
 */
public final class Structure {
    private final Cell cell;
    private final boolean[] pbc;
    private final String[] speciesSymbols;
    private final int[] species;
    private final double[] x, y, z;
    private final Map<String, Object> info;
    private final Map<String, AtomArray> arrays;

    /**
     * @param cell           lattice vectors as rows; {@link Cell#NONE} for a cluster
     * @param pbc            periodicity per axis (3 values)
     * @param speciesSymbols distinct symbols; {@code species[i]} indexes this
     * @param species        per-atom index into {@code speciesSymbols}
     * @param x              Cartesian x of each atom (Å); likewise {@code y}, {@code z}
     * @param info           per-frame key/values (may be null), insertion order kept
     * @param arrays         per-atom arrays other than species and positions (may be null)
     */
    public Structure(Cell cell, boolean[] pbc, String[] speciesSymbols, int[] species,
                     double[] x, double[] y, double[] z,
                     Map<String, Object> info, Map<String, AtomArray> arrays) {
        int n = species.length;
        if (x.length != n || y.length != n || z.length != n) {
            throw new IllegalArgumentException("species and position arrays differ in length");
        }
        if (pbc.length != 3) {
            throw new IllegalArgumentException("pbc needs 3 values, got " + pbc.length);
        }
        for (int s : species) {
            if (s < 0 || s >= speciesSymbols.length) {
                throw new IllegalArgumentException("species index " + s + " outside the species table");
            }
        }
        if ((pbc[0] || pbc[1] || pbc[2]) && !cell.isRegular()) {
            throw new IllegalArgumentException("a periodic structure needs a regular cell, got " + cell);
        }
        this.cell = cell;
        this.pbc = pbc.clone();
        this.speciesSymbols = speciesSymbols.clone();
        this.species = species;
        this.x = x;
        this.y = y;
        this.z = z;
        this.info = info == null ? new LinkedHashMap<>() : new LinkedHashMap<>(info);
        this.arrays = arrays == null ? new LinkedHashMap<>() : new LinkedHashMap<>(arrays);
        if (this.arrays.containsKey("species") || this.arrays.containsKey("pos")) {
            throw new IllegalArgumentException("species and pos are not extra arrays");
        }
        for (Map.Entry<String, AtomArray> e : this.arrays.entrySet()) {
            if (e.getValue().natoms() != n) {
                throw new IllegalArgumentException("per-atom array '" + e.getKey() + "' covers "
                        + e.getValue().natoms() + " atoms, the structure has " + n);
            }
        }
    }

    /** A structure from element symbols per atom (species table built in order of appearance). */
    public static Structure of(Cell cell, boolean[] pbc, String[] symbolPerAtom, double[] x, double[] y, double[] z) {
        List<String> table = new ArrayList<>();
        int[] sp = new int[symbolPerAtom.length];
        for (int i = 0; i < sp.length; i++) {
            int k = table.indexOf(symbolPerAtom[i]);
            if (k < 0) {
                k = table.size();
                table.add(symbolPerAtom[i]);
            }
            sp[i] = k;
        }
        return new Structure(cell, pbc, table.toArray(new String[0]), sp, x, y, z, null, null);
    }

    public int natoms() {
        return species.length;
    }

    public Cell cell() {
        return cell;
    }

    /** Periodicity along lattice vector {@code axis}. */
    public boolean pbc(int axis) {
        return pbc[axis];
    }

    public boolean[] pbc() {
        return pbc.clone();
    }

    /** Whether any axis is periodic. */
    public boolean isPeriodic() {
        return pbc[0] || pbc[1] || pbc[2];
    }

    /** Distinct species symbols of this structure; {@link #species()} indexes this table. */
    public String[] speciesSymbols() {
        return speciesSymbols.clone();
    }

    public int speciesCount() {
        return speciesSymbols.length;
    }

    /** Per-atom species index (shared array: do not modify). */
    public int[] species() {
        return species;
    }

    /** Element symbol of atom {@code i}. */
    public String symbol(int i) {
        return speciesSymbols[species[i]];
    }

    /** Atomic number of atom {@code i} (0 for a symbol that is not an element). */
    public int atomicNumber(int i) {
        return Elements.atomicNumber(speciesSymbols[species[i]]);
    }

    /** Cartesian x coordinates (shared array: do not modify). */
    public double[] x() {
        return x;
    }

    public double[] y() {
        return y;
    }

    public double[] z() {
        return z;
    }

    /** Per-frame key/values in file order (live view; add annotations with {@link #putInfo}). */
    public Map<String, Object> info() {
        return Collections.unmodifiableMap(info);
    }

    public void putInfo(String key, Object value) {
        info.put(key, value);
    }

    /** Per-atom arrays other than species and positions, in file order (live, unmodifiable view). */
    public Map<String, AtomArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    public void putArray(String name, AtomArray array) {
        if (array.natoms() != natoms()) {
            throw new IllegalArgumentException("array '" + name + "' covers " + array.natoms() + " atoms, need " + natoms());
        }
        if (name.equals("species") || name.equals("pos")) {
            throw new IllegalArgumentException(name + " is not an extra array");
        }
        arrays.put(name, array);
    }

    /** Total energy (eV) from the {@code energy} key, else {@code free_energy}, if present. */
    public OptionalDouble energy() {
        for (String key : new String[] {"energy", "free_energy"}) {
            Object v = info.get(key);
            if (v instanceof Number num) return OptionalDouble.of(num.doubleValue());
        }
        return OptionalDouble.empty();
    }

    /** Forces (eV/Å), atom-major {@code fx fy fz}, from the {@code forces} or {@code force} array; null if absent. */
    public double[] forces() {
        for (String key : new String[] {"forces", "force"}) {
            AtomArray a = arrays.get(key);
            if (a != null && a.type() == AtomArray.Type.R && a.ncols() == 3) return a.reals();
        }
        return null;
    }

    /**
     * Stress in Voigt order {@code xx yy zz yz xz xy} (eV/Å^3, the sign as stored), from a 9- or
     * 6-value {@code stress} key; null if absent.
     */
    public double[] stressVoigt() {
        return voigt(info.get("stress"));
    }

    /** Virial in Voigt order {@code xx yy zz yz xz xy} (eV) from the {@code virial} key; null if absent. */
    public double[] virialVoigt() {
        return voigt(info.get("virial"));
    }

    private static double[] voigt(Object v) {
        double[] a;
        if (v instanceof double[] d) a = d;
        else if (v instanceof long[] l) a = Arrays.stream(l).asDoubleStream().toArray();
        else return null;
        if (a.length == 6) return a.clone();
        if (a.length == 9) return new double[] {a[0], a[4], a[8], a[5], a[2], a[1]};
        return null;
    }

    /** The {@code config_type} of this frame, or null. */
    public String configType() {
        Object v = info.get("config_type");
        return v == null ? null : String.valueOf(v);
    }

    /** Number of atoms of each species, indexed like {@link #speciesSymbols()}. */
    public int[] speciesCounts() {
        int[] counts = new int[speciesSymbols.length];
        for (int s : species) counts[s]++;
        return counts;
    }

    /** A copy with positions wrapped into the cell along periodic axes (fractional in [0, 1)). */
    public Structure wrapped() {
        if (!isPeriodic()) return this;
        int n = natoms();
        double[] nx = new double[n], ny = new double[n], nz = new double[n];
        double[] f = new double[3], r = new double[3];
        for (int i = 0; i < n; i++) {
            cell.toFractional(x[i], y[i], z[i], f);
            for (int a = 0; a < 3; a++) {
                if (pbc[a]) {
                    f[a] -= Math.floor(f[a]);
                    if (f[a] >= 1.0) f[a] = 0.0; // -tiny wraps to 1.0 in floating point
                }
            }
            cell.toCartesian(f[0], f[1], f[2], r);
            nx[i] = r[0];
            ny[i] = r[1];
            nz[i] = r[2];
        }
        return new Structure(cell, pbc, speciesSymbols, species, nx, ny, nz, info, arrays);
    }

    /**
     * Checks the structure for problems that make it unusable (NaN or infinite coordinates) and
     * returns warnings for suspicious ones (atoms closer than {@code minDistance} Å, found by an
     * O(N^2) minimum-image check of the stored positions; use the neighbour list for large cells).
     *
     * @throws IllegalArgumentException on a non-finite coordinate
     */
    public List<String> validate(double minDistance) {
        List<String> warnings = new ArrayList<>();
        int n = natoms();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || !Double.isFinite(z[i])) {
                throw new IllegalArgumentException("atom " + i + " has a non-finite coordinate ("
                        + x[i] + ", " + y[i] + ", " + z[i] + ")");
            }
        }
        if (n <= 2000) {
            double min2 = minDistance * minDistance;
            double[] f = new double[3], d = new double[3];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = x[j] - x[i], dy = y[j] - y[i], dz = z[j] - z[i];
                    if (isPeriodic()) {
                        cell.toFractional(dx, dy, dz, f);
                        for (int a = 0; a < 3; a++) if (pbc[a]) f[a] -= Math.rint(f[a]);
                        cell.toCartesian(f[0], f[1], f[2], d);
                        dx = d[0];
                        dy = d[1];
                        dz = d[2];
                    }
                    double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 < min2) {
                        warnings.add(String.format("atoms %d and %d are %.4f Å apart (below %.3f Å)",
                                i, j, Math.sqrt(r2), minDistance));
                    }
                }
            }
        }
        return warnings;
    }

    @Override
    public String toString() {
        return "Structure[" + natoms() + " atoms, species " + Arrays.toString(speciesSymbols)
                + ", pbc " + Arrays.toString(pbc) + "]";
    }
}
