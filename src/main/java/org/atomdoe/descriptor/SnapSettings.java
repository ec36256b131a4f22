package org.atomdoe.descriptor;

import java.util.List;

/**
 * Parameters of the SNAP bispectrum, with the names and meaning of LAMMPS {@code compute sna/atom}
 * (Thompson et al., J. Comput. Phys. 285, 316 (2015); LAMMPS docs of {@code compute sna/atom}).
 *
 * <p>The pair cutoff between a centre of species {@code I} and a neighbour of species {@code J}
 * is {@code R_IJ = rcutfac * (radelem[I] + radelem[J])}; a neighbour contributes with weight
 * {@code wj[J]} times the switching function {@code fc(r) = ½(cos(π (r - rmin0)/(R_IJ - rmin0)) + 1)}
 * ({@code switchflag}), mapped onto the 3-sphere at polar angle
 * {@code θ0 = rfac0 · π (r - rmin0)/(R_IJ - rmin0)}.
 *
 * @param species       element symbols; {@code radelem}, {@code wj} and the chemflag element index follow this order
 *                      (LAMMPS type order)
 * @param rcutfac       scale of the radii (LAMMPS {@code rcutfac})
 * @param rfac0         fraction of π reached at the cutoff (LAMMPS {@code rfac0}), in (0, 1], typically 0.99363
 * @param rmin0         inner distance of the mapping (LAMMPS {@code rmin0}, default 0)
 * @param twojmax       2·J, the band limit (LAMMPS {@code twojmax}), 0..20
 * @param radelem       per-species radius (Å)
 * @param wj            per-species neighbour weight
 * @param switchflag    use the cosine switching function (LAMMPS default true)
 * @param bzeroflag     subtract the bispectrum of an isolated atom (LAMMPS default true)
 * @param quadraticflag append the products {@code B_i B_j}, i &le; j (½ B_i² on the diagonal), as LAMMPS qSNAP
 * @param chemflag      explicit multi-element bispectrum (one density per element; nelem³ blocks)
 * @param bnormflag     divide B_{j1,j2,j} by (2j+1) (LAMMPS {@code bnormflag}, default false)
 * @param wselfallflag  with chemflag, add the self term to every element density (LAMMPS {@code wselfallflag})
 */
public record SnapSettings(
        List<String> species,
        double rcutfac,
        double rfac0,
        double rmin0,
        int twojmax,
        List<Double> radelem,
        List<Double> wj,
        boolean switchflag,
        boolean bzeroflag,
        boolean quadraticflag,
        boolean chemflag,
        boolean bnormflag,
        boolean wselfallflag) {

    /** Largest supported 2J (index tables grow as J^5; factorials stay exact far beyond). */
    public static final int MAX_TWOJMAX = 20;

    public SnapSettings {
        if (species == null || species.isEmpty()) {
            throw new IllegalArgumentException("SNAP needs at least one species, got none");
        }
        species = List.copyOf(species);
        if (species.stream().distinct().count() != species.size()) {
            throw new IllegalArgumentException("SNAP species must be distinct, got " + species);
        }
        if (radelem == null || radelem.size() != species.size()) {
            throw new IllegalArgumentException("SNAP radelem needs one radius per species " + species + ", got " + radelem);
        }
        if (wj == null || wj.size() != species.size()) {
            throw new IllegalArgumentException("SNAP wj needs one weight per species " + species + ", got " + wj);
        }
        radelem = List.copyOf(radelem);
        wj = List.copyOf(wj);
        for (double r : radelem) {
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("SNAP radelem must be positive and finite, got " + radelem);
            }
        }
        for (double w : wj) {
            if (!Double.isFinite(w)) throw new IllegalArgumentException("SNAP wj must be finite, got " + wj);
        }
        if (!(rcutfac > 0) || !Double.isFinite(rcutfac)) {
            throw new IllegalArgumentException("SNAP rcutfac must be positive and finite, got " + rcutfac);
        }
        if (!(rfac0 > 0) || !(rfac0 <= 1)) {
            throw new IllegalArgumentException("SNAP rfac0 must lie in (0, 1], got " + rfac0);
        }
        if (!(rmin0 >= 0) || !Double.isFinite(rmin0)) {
            throw new IllegalArgumentException("SNAP rmin0 must be >= 0, got " + rmin0);
        }
        double minCut = Double.MAX_VALUE;
        for (double a : radelem) for (double b : radelem) minCut = Math.min(minCut, rcutfac * (a + b));
        if (!(rmin0 < minCut)) {
            throw new IllegalArgumentException("SNAP rmin0 " + rmin0 + " must be below every pair cutoff (smallest " + minCut + ")");
        }
        if (twojmax < 0 || twojmax > MAX_TWOJMAX) {
            throw new IllegalArgumentException("SNAP twojmax must be in 0.." + MAX_TWOJMAX + ", got " + twojmax);
        }
    }

    /**
     * Settings with the LAMMPS defaults for everything not given: rmin0 0, switchflag on,
     * bzeroflag on, quadraticflag, chemflag, bnormflag and wselfallflag off.
     */
    public static SnapSettings of(List<String> species, double rcutfac, double rfac0, int twojmax,
                                  List<Double> radelem, List<Double> wj) {
        return new SnapSettings(species, rcutfac, rfac0, 0.0, twojmax, radelem, wj,
                true, true, false, false, false, false);
    }

    public SnapSettings withRmin0(double v) {
        return new SnapSettings(species, rcutfac, rfac0, v, twojmax, radelem, wj, switchflag, bzeroflag, quadraticflag, chemflag, bnormflag, wselfallflag);
    }

    public SnapSettings withTwojmax(int v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, v, radelem, wj, switchflag, bzeroflag, quadraticflag, chemflag, bnormflag, wselfallflag);
    }

    public SnapSettings withSwitchflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, v, bzeroflag, quadraticflag, chemflag, bnormflag, wselfallflag);
    }

    public SnapSettings withBzeroflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, switchflag, v, quadraticflag, chemflag, bnormflag, wselfallflag);
    }

    public SnapSettings withQuadraticflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, switchflag, bzeroflag, v, chemflag, bnormflag, wselfallflag);
    }

    /** Explicit multi-element SNAP (LAMMPS {@code chem nelements map...} with the species order as the map). */
    public SnapSettings withChemflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, switchflag, bzeroflag, quadraticflag, v, bnormflag, wselfallflag);
    }

    public SnapSettings withBnormflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, switchflag, bzeroflag, quadraticflag, chemflag, v, wselfallflag);
    }

    public SnapSettings withWselfallflag(boolean v) {
        return new SnapSettings(species, rcutfac, rfac0, rmin0, twojmax, radelem, wj, switchflag, bzeroflag, quadraticflag, chemflag, bnormflag, v);
    }

    /** Number of element densities: species count with chemflag, else 1. */
    public int densities() {
        return chemflag ? species.size() : 1;
    }

    /** Pair cutoff {@code rcutfac·(radelem[a] + radelem[b])} (Å), species by index in {@link #species()}. */
    public double pairCutoff(int a, int b) {
        return (radelem.get(a) + radelem.get(b)) * rcutfac;
    }

    /** The largest pair cutoff: the neighbour-list cutoff SNAP needs. */
    public double maxCutoff() {
        double m = 0;
        for (int a = 0; a < species.size(); a++) for (int b = 0; b < species.size(); b++) m = Math.max(m, pairCutoff(a, b));
        return m;
    }
}
