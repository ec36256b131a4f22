package org.atomdoe.neighbors;

import java.util.Arrays;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;

/**
 * Linked-cell (binning) neighbour search for one structure at a time, exact for any cell: triclinic
 * cells of any skew, periodicity chosen per axis, cutoffs larger than the cell (many images of an
 * atom, an atom its own neighbour through an image), slabs and clusters without a cell.
 *
 * <p>Method (Allen and Tildesley, <i>Computer Simulation of Liquids</i>, 2nd ed., sec. 5.3.2,
 * generalised to triclinic bins as in LAMMPS' {@code NBin}/{@code NStencil}):
 * <ol>
 * <li>Fractional coordinates {@code u = r · H^-1} (Cartesian axes for a cluster); along periodic
 *     axes the atom is wrapped, {@code u = u_w + n} with integer {@code n = floor(u)}, and binned by
 *     {@code u_w}; along non-periodic axes it is binned inside the bounding box of the atoms.
 *     Bins are parallelepipeds with edges {@code m_a = b_a / nb_a}, chosen about
 *     {@code binFactor · cutoff} thick (perpendicular distance between bin faces).</li>
 * <li>The stencil is every integer bin offset {@code d} whose parallelepiped can hold a point
 *     closer than the cutoff to some point of the centre bin: the exact minimum of
 *     {@code |t · M|} over the box {@code t_a ∈ [d_a - 1, d_a + 1]} (a 3-variable box-constrained
 *     quadratic program, solved by enumerating the 27 active sets) must be below the cutoff.
 *     Skewed cells therefore get a tight stencil instead of a bounding cube.</li>
 * <li>Periodic images are materialised as ghost bins around the grid (as many layers as the
 *     stencil reaches, so several images per atom when the cutoff exceeds the cell); atoms and
 *     ghosts are counting-sorted by bin, and within a bin by the coordinate {@code u_a} along the
 *     first axis, into contiguous structure-of-arrays buffers, so a stencil row along the first
 *     axis is one contiguous run of candidates sorted by {@code u_a}.</li>
 * <li>Search, bin by bin (bins about one cutoff thick by default, so about 27 stencil bins in 9
 *     rows): the centres of a bin are taken two at a time, and one pass over each whole stencil
 *     row tests every image against both ({@link CandidateFilter#select2f}), so the kernel's loop
 *     set-up and exit are paid once per pair and its trip counts repeat for every pair of the bin.
 *     When a row is much longer than the window {@code |u_a(j) - u_a(i)| < cutoff / w_a}
 *     ({@code w_a} the spacing of the lattice planes {@code u_a = const}; strongly skewed cells),
 *     the pair tests only the union of its two windows, found by two pointers per row that only
 *     move forward (centres in ascending {@code u_a}). With whole rows, one kernel call takes all
 *     rows of a pair ({@link CandidateFilter#select2fRows}: the centres' set-up once per pair, not
 *     per row), and a last odd centre of a bin is run as a pair with itself; with windows it tests
 *     its own windows. The squared
 *     distance is first taken in single precision (8 lanes with AVX2) from float copies of the
 *     image coordinates; only the rare candidates whose float value lies within a rounding-error
 *     band of {@code cutoff²} are decided in double, so the kept set is exactly the double test's.
 *     A branch-free pass over each row keeps the candidates with squared
 *     distance {@code < cutoff²} (and, for a half list, neighbour index above the centre's, or the
 *     same atom through an image whose first non-zero shift is positive); this is the
 *     {@link CandidateFilter} kernel, Vector API ({@code PanamaCandidateFilter}) when the module
 *     is present, else {@link ScalarCandidateFilter} (same kept set). The kept image indices and
 *     a count per centre are stored.</li>
 * <li>The row pointers follow from the counts (prefix sum in centre order); a last pass writes
 *     index, {@code D} and {@code |D|} of each centre's kept images at its row, in centre
 *     order, so the output does not depend on the order (or the threads) the bins were searched
 *     in. The image shifts are not written: {@link NeighborList} derives them from {@code D} on
 *     first use (no descriptor reads them; they were a quarter of the bytes written).</li>
 * </ol>
 * A half list tests the same rows as a full list (the half-list rule is by index, not by
 * position, so a spatial half stencil does not apply directly), but each row starts, once per bin,
 * past its leading images whose keys are not above the smallest centre key of the bin (pays when
 * the atom indices follow the first axis: about a third of each row), and writes half the entries.
 *
 * <p>Conventions are those of {@link NeighborList}: {@code D = x_j - x_i + S·H} with positions as
 * stored (an atom stored outside the cell gets {@code S = S_wrapped - n_j + n_i}), strict
 * {@code r < cutoff}, {@code (i, i, 0)} excluded. Within one centre, neighbours come in stencil
 * order (rows in memory order, and along a row by ascending {@code u_a}, ties by index), or, with
 * {@code sortBySpecies}, stably grouped by the neighbour's species index: deterministic either way.
 * {@code D} is computed from wrapped positions, so it equals the stored-position formula to a few
 * ulps of the coordinates.
 *
 * <p>An instance keeps its buffers: building lists for many structures in a row allocates nothing
 * once the buffers have grown to the largest structure. Not thread-safe; use one per thread (see
 * {@link ParallelNeighbors}).
 */
public final class CellList {
    /** Default bin thickness as a fraction of the cutoff: 27 bins, the centres of a bin share one gather. */
    public static final double DEFAULT_BIN_FACTOR = 1.0;

    /** The candidate kernel: Vector API when available, else the scalar twin. */
    static final CandidateFilter DEFAULT_FILTER = org.atomdoe.simd.VectorSupport.choose(CandidateFilter.class,
            "org.atomdoe.neighbors.PanamaCandidateFilter", new ScalarCandidateFilter());

    private final double binFactor;
    private final CandidateFilter filter;

    // geometry of the current build
    private final double[] basis = new double[9];   // rows: the three binning axes (Cartesian)
    private final double[] binv = new double[9];    // inverse of basis
    private final boolean[] periodic = new boolean[3];
    private final int[] nb = new int[3];             // bins per axis inside the box
    private final int[] ghost = new int[3];          // ghost bin layers per side (periodic axes)
    private final int[] ext = new int[3];            // extended grid size nb + 2 ghost
    private final double[] umin = new double[3];     // lower edge of the grid in u (non-periodic axes)
    private final double[] uw = new double[3];       // bin width in u
    private double cutoff;
    private boolean wholeRows;                        // centre pairs test whole rows (else their u_a windows)
    private double uaWindow;                          // cutoff / spacing of the planes u_a = const, in u_a units
    private int natoms;

    // per real atom
    // per centre i, pass 1's result: meta[4i] = count, meta[4i+1] = where in the kept list, meta[4i+2] = whose
    // list (16 bytes per centre). One array, so the search's writes for a centre (in bin order, scattered over the centres)
    // touch one cache line, not three
    private int[] meta = new int[0];
    private int[] la = new int[0], lb = new int[0], lc = new int[0];
    private int[] n0 = new int[0], n1 = new int[0], n2 = new int[0];
    private double[] wx = new double[0], wy = new double[0], wz = new double[0];
    private int[] selfq = new int[0];
    private double[] ua = new double[0];  // coordinate u_a along the first binning axis (wrapped if periodic)
    private int[] order = new int[0];     // atoms sorted by bin, then by u_a: the order images are filled in
    private int[] realBinStart = new int[1];
    private final int[][] shiftTab = {new int[0], new int[0], new int[0]};

    // extended atoms (real + ghost images), sorted by bin
    private int next;
    private double[] ex = new double[0], ey = new double[0], ez = new double[0];
    // the same coordinates rounded to float, for the kernel's single-precision pre-decision
    private float[] fx = new float[0], fy = new float[0], fz = new float[0];
    private double[] fmax = new double[1];            // per thread: largest |coordinate| of the images it filled
    private float lowF, hiF;                          // float r² below lowF: kept; at least hiF: dropped
    private boolean useFloat;                         // band small enough for the pre-decision to pay
    private int[] eidx = new int[0];
    private int[] hkey = new int[0], espec = new int[0];
    private double[] eu = new double[0];  // u_a of the image (u_a + image shift): ascending along every row; filled only for row windows
    private int[] binStart = new int[1];
    private int[] fill = new int[0];

    // parallel prepare: per-thread atom ranges, per-thread real-bin counts, real bin per atom, and per
    // extended coordinate along each axis its local bin (-1 if no image lands there) and image shift
    private double[] tlo = new double[0], thi = new double[0];
    private int[][] tcount = new int[0][];
    private int[] rbin = new int[0];
    private final int[][] extL = {new int[0], new int[0], new int[0]}, extS = {new int[0], new int[0], new int[0]};

    // stencil rows (offsets along b, c; contiguous range along a)
    private int nrows;
    private int[] rowDb = new int[0], rowDc = new int[0], rowLo = new int[0], rowHi = new int[0];
    private final double[] stencilKey = new double[16];
    private boolean stencilValid;

    // scratch per centre (one per thread when several threads fill centre ranges)
    private final Scratch scratch = new Scratch();
    private final Scratch[] scratchOnly = {scratch};

    /** Per-thread buffers: candidates of one centre, row windows of one bin, kept images of the centres searched. */
    static final class Scratch {
        int[] lo = new int[0], hi = new int[0], end = new int[0];
        int[] kept = new int[0];
        int nkept;
        int[] cand2 = new int[0], specCount = new int[0];

        void ensure(int images, int rows) {
            if (lo.length < rows) {
                lo = new int[rows];
                hi = new int[rows];
                end = new int[rows];
            }
        }

        int[] growKept(int need) {
            kept = Arrays.copyOf(kept, Math.max(need, kept.length + (kept.length >> 1) + 1024));
            return kept;
        }

        void ensureSort(int images, int nspecies) {
            if (cand2.length < images + CandidateFilter.PADDING) cand2 = new int[images + CandidateFilter.PADDING];
            if (specCount.length < nspecies + 1) specCount = new int[nspecies + 1];
        }
    }

    /** A cell list with the default bin thickness ({@value #DEFAULT_BIN_FACTOR} × cutoff). */
    public CellList() {
        this(DEFAULT_BIN_FACTOR);
    }

    /**
     * @param binFactor bin thickness as a fraction of the cutoff, in (0, 4]; smaller bins test fewer
     *                  candidates but visit more bins
     */
    public CellList(double binFactor) {
        this(binFactor, DEFAULT_FILTER);
    }

    /** With an explicit candidate kernel (tests compare the Vector API and scalar ones). */
    CellList(double binFactor, CandidateFilter filter) {
        if (!(binFactor > 0 && binFactor <= 4)) {
            throw new IllegalArgumentException("binFactor must be in (0, 4], got " + binFactor);
        }
        this.binFactor = binFactor;
        this.filter = filter;
    }

    /** A new list for {@code s} (convenience; allocates). */
    public static NeighborList of(Structure s, double cutoff, boolean half) {
        NeighborList out = new NeighborList();
        new CellList().build(s, cutoff, half, out);
        return out;
    }

    /** Fills {@code out} with the full or half list of {@code s} (neighbours in stencil order). */
    public void build(Structure s, double cutoff, boolean half, NeighborList out) {
        build(s, cutoff, half, false, out);
    }

    /**
     * Fills {@code out} with the full or half list of {@code s}; with {@code sortBySpecies} the
     * neighbours of each centre are stably grouped by ascending species index of the neighbour.
     *
     * @throws IllegalArgumentException for a non-positive cutoff, a singular periodic cell or a
     *                                  non-finite position
     */
    public void build(Structure s, double cutoff, boolean half, boolean sortBySpecies, NeighborList out) {
        prepare(s, cutoff, half);
        out.begin(s, cutoff, half, sortBySpecies);
        search(half, sortBySpecies, s.speciesCount(), out);
    }

    /** The three search passes on the caller's thread, after {@link #prepare}. */
    void search(boolean half, boolean sortBySpecies, int nspecies, NeighborList out) {
        scratch.nkept = 0;
        searchBins(0, interiorBinCount(), half, scratch, 0);
        prefixOffsets(out);
        writeCentres(0, natoms, sortBySpecies, nspecies, scratchOnly, scratch, out);
    }

    // ------------------------------------------------------------------ setup

    /** Bins the atoms of {@code s} and builds the ghost images and the stencil, on the caller's thread. */
    void prepare(Structure s, double cutoff, boolean half) {
        prepareParallel(s, cutoff, half, SOLO);
    }

    /** The caller's thread alone. */
    private static final Team SOLO = new Team() {
        @Override
        public int size() {
            return 1;
        }

        @Override
        public void run(java.util.function.IntConsumer task) {
            task.accept(0);
        }
    };

    /**
     * The first binning, atom by atom (count and fill every image of each atom in turn): the same
     * result as {@link #prepareParallel}, kept as the reference the tests compare it with. About
     * twice its work (measured 1.5 vs 0.7 ms thread CPU at 16k atoms): the per-atom image loops
     * scatter over the whole extended grid.
     */
    void prepareReference(Structure s, double cutoff, boolean half) {
        NeighborSearchChecks.check(s, cutoff);
        this.cutoff = cutoff;
        int n = s.natoms();
        this.natoms = n;
        growAtoms(n);
        setBasis(s);
        double[] x = s.x(), y = s.y(), z = s.z();
        // fractional coordinates, wrapping along periodic axes
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hiu = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        fractional(x, y, z, 0, n, lo, hiu, 0);
        int nbins = binGeometry(n, lo, hiu);
        localBins(x, y, z, 0, n);
        final double h0 = basis[0], h1 = basis[1], h2 = basis[2], h3 = basis[3], h4 = basis[4], h5 = basis[5],
                h6 = basis[6], h7 = basis[7], h8 = basis[8];
        // count images per extended bin
        if (binStart.length < nbins + 1) binStart = new int[nbins + 1];
        if (fill.length < nbins + 1) fill = new int[nbins + 1];
        Arrays.fill(binStart, 0, nbins + 1, 0);
        int r0 = periodic[0] ? (ghost[0] + nb[0] - 1) / nb[0] : 0;
        int r1 = periodic[1] ? (ghost[1] + nb[1] - 1) / nb[1] : 0;
        int r2 = periodic[2] ? (ghost[2] + nb[2] - 1) / nb[2] : 0;
        final int e0 = ext[0], e1 = ext[1], e2 = ext[2];
        final int g0 = ghost[0], g1 = ghost[1], g2 = ghost[2];
        final int nb0 = nb[0], nb1 = nb[1], nb2 = nb[2];
        // image shift ranges per local bin, tabulated (integer divisions per atom cost more than the binning)
        final int[] t0 = shiftTable(0, r0), t1 = shiftTable(1, r1), t2 = shiftTable(2, r2);
        long total = 0;
        for (int i = 0; i < n; i++) {
            int a0 = la[i] + g0, a1 = lb[i] + g1, a2 = lc[i] + g2;
            // images s with 0 <= a + s*nb < ext along each axis (only s = 0 along non-periodic ones)
            int s0lo = t0[2 * la[i]], s0hi = t0[2 * la[i] + 1];
            int s1lo = t1[2 * lb[i]], s1hi = t1[2 * lb[i] + 1];
            int s2lo = t2[2 * lc[i]], s2hi = t2[2 * lc[i] + 1];
            for (int s2 = s2lo; s2 <= s2hi; s2++) {
                int c2 = a2 + s2 * nb2;
                for (int s1 = s1lo; s1 <= s1hi; s1++) {
                    int base = e0 * (a1 + s1 * nb1 + e1 * c2) + a0;
                    for (int s0 = s0lo; s0 <= s0hi; s0++) binStart[base + s0 * nb0 + 1]++;
                }
            }
            total += (long) (s0hi - s0lo + 1) * (s1hi - s1lo + 1) * (s2hi - s2lo + 1);
        }
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("cutoff too large for this cell: " + total + " periodic images");
        for (int b = 0; b < nbins; b++) binStart[b + 1] += binStart[b];
        next = (int) total;
        growExtended(next);
        System.arraycopy(binStart, 0, fill, 0, nbins + 1);
        int[] sp = s.species();
        sortAtomsByBinAndA(n);
        final int[] order = this.order;
        final double[] ua = this.ua, eu = this.eu;
        for (int o = 0; o < n; o++) {
            final int i = order[o];
            int a0 = la[i] + g0, a1 = lb[i] + g1, a2 = lc[i] + g2;
            final double ui = ua[i];
            double xi = wx[i], yi = wy[i], zi = wz[i];
            int spi = sp[i];
            int s0lo = t0[2 * la[i]], s0hi = t0[2 * la[i] + 1];
            int s1lo = t1[2 * lb[i]], s1hi = t1[2 * lb[i] + 1];
            int s2lo = t2[2 * lc[i]], s2hi = t2[2 * lc[i] + 1];
            int hk = 2 * i;
            if ((s0lo | s0hi | s1lo | s1hi | s2lo | s2hi) == 0) {
                // the common case: no periodic image of this atom lies in the ghost layers
                int b = a0 + e0 * (a1 + e1 * a2);
                int q = fill[b]++;
                ex[q] = xi;
                ey[q] = yi;
                ez[q] = zi;
                selfq[i] = q;
                eidx[q] = i;
                espec[q] = spi;
                if (!wholeRows) eu[q] = ui;
                hkey[q] = hk;
                continue;
            }
            for (int s2 = s2lo; s2 <= s2hi; s2++) {
                int c2 = a2 + s2 * nb2;
                for (int s1 = s1lo; s1 <= s1hi; s1++) {
                    int c1 = a1 + s1 * nb1;
                    int base = e0 * (c1 + e1 * c2);
                    for (int s0 = s0lo; s0 <= s0hi; s0++) {
                        int c0 = a0 + s0 * nb0;
                        int q = fill[base + c0]++;
                        if ((s0 | s1 | s2) == 0) {
                            ex[q] = xi;
                            ey[q] = yi;
                            ez[q] = zi;
                            selfq[i] = q;
                        } else {
                            ex[q] = xi + (s0 * h0 + s1 * h3 + s2 * h6);
                            ey[q] = yi + (s0 * h1 + s1 * h4 + s2 * h7);
                            ez[q] = zi + (s0 * h2 + s1 * h5 + s2 * h8);
                        }
                        eidx[q] = i;
                        espec[q] = spi;
                        if (!wholeRows) eu[q] = ui + s0;
                        hkey[q] = hk + (BruteForceNeighbors.positiveShift(s0, s1, s2) ? 1 : 0);
                    }
                }
            }
        }
        floatBand(toFloat(0, next));
    }

    /** A fixed set of threads: {@link #run} calls {@code task.accept(t)} for every {@code t < size()} and waits. */
    interface Team {
        int size();

        void run(java.util.function.IntConsumer task);
    }

    /**
     * The same as {@link #prepareReference}, bit for bit, with the per-atom and per-bin work split over
     * {@code team}: the positions' check, fractional coordinates, local bins and per-thread counts
     * per bin over atom ranges (one phase for a fully periodic structure, two otherwise); the
     * counting sort by bin as a stable parallel counting sort (offsets in (bin, thread) order, so
     * each bin holds its atoms in ascending index as in the serial sort); then one phase in which
     * each thread takes whole rows of real bins (about {@code n / team.size()} atoms) and sorts
     * them by {@code u_a} and fills their images. An extended bin holds exactly the images, with
     * one shift, of the atoms of one real bin, in that bin's sorted order (the serial fill visits
     * atoms in that order), so its count is the real bin's, and the threads fill disjoint slots.
     * Three hand-offs per multi-threaded binning of a periodic structure (four before branch nb9p).
     */
    void prepareParallel(Structure s, double cutoff, boolean half, Team team) {
        final int nt = team.size();
        // the cutoff and the cell here; the positions (O(atoms)) in the first phase, split over the team
        NeighborSearchChecks.checkSettings(s, cutoff);
        this.cutoff = cutoff;
        final int n = s.natoms();
        this.natoms = n;
        growAtoms(n);
        setBasis(s);
        final double[] x = s.x(), y = s.y(), z = s.z();
        if (tlo.length < 3 * nt) {
            tlo = new double[3 * nt];
            thi = new double[3 * nt];
        }
        if (badAtom.length < nt) badAtom = new int[nt];
        Arrays.fill(tlo, 0, 3 * nt, Double.MAX_VALUE);
        Arrays.fill(thi, 0, 3 * nt, -Double.MAX_VALUE);
        final double[] lo = this.boxLo, hiu = this.boxHi;
        Arrays.fill(lo, Double.MAX_VALUE);
        Arrays.fill(hiu, -Double.MAX_VALUE);
        // The bin geometry of a periodic axis does not depend on the atoms' range, so a fully periodic
        // structure gets its geometry first and one phase less (fractional coordinates and local bins
        // in the same pass): one hand-off fewer per multi-threaded build.
        final boolean allPeriodic = periodic[0] && periodic[1] && periodic[2];
        // the phases below are tasks made once (fields): their inputs are set here, so a build allocates nothing
        px = x;
        py = y;
        pz = z;
        pn = n;
        pnt = nt;
        pAllPeriodic = allPeriodic;
        if (!allPeriodic) {
            team.run(phaseFractional);
            throwIfNonFinite(nt);
            for (int t = 0; t < nt; t++) {
                for (int a = 0; a < 3; a++) {
                    lo[a] = Math.min(lo[a], tlo[3 * t + a]);
                    hiu[a] = Math.max(hiu[a], thi[3 * t + a]);
                }
            }
        }
        final int nbins = binGeometry(n, lo, hiu);
        final int nreal = nb[0] * nb[1] * nb[2];
        if (tcount.length < nt) tcount = Arrays.copyOf(tcount, nt);
        for (int t = 0; t < nt; t++) if (tcount[t] == null || tcount[t].length < nreal) tcount[t] = new int[nreal];
        if (rbin.length < la.length) rbin = new int[la.length];
        if (realBinStart.length < nreal + 1) realBinStart = new int[nreal + 1];
        pnreal = nreal;
        // (fully periodic: the positions' check), local bins, and counts per real bin over each thread's atoms
        team.run(phaseLocalBins);
        if (allPeriodic) throwIfNonFinite(nt);
        // bin starts from the counts of all threads, and the real bins split into nt ranges of whole
        // rows along the first axis with about n / nt atoms each, sorted and imaged by one thread
        final int[] start = realBinStart;
        if (binSplit.length < nt + 1) binSplit = new int[nt + 1];
        final int[] bs = binSplit;
        bs[0] = 0;
        int run = 0, part = 1;
        final int nrow0 = nb[0];
        for (int b = 0; b < nreal; b++) {
            start[b] = run;
            // whole real rows (along the first axis) per thread, so that each fills whole extended rows
            if (b % nrow0 == 0) while (part < nt && run >= split(n, part, nt)) bs[part++] = b;
            // offsets in (bin, thread) order: tcount[t][b] becomes where thread t writes its first atom of bin b
            for (int t = 0; t < nt; t++) {
                int[] c = tcount[t];
                int v = c[b];
                c[b] = run;
                run += v;
            }
        }
        start[nreal] = run;
        while (part <= nt) bs[part++] = nreal;
        team.run(phaseScatter);
        // extended bins: along each axis, the local bin and image shift of every extended coordinate
        final int[] t0, t1, t2;
        {
            int r0 = periodic[0] ? (ghost[0] + nb[0] - 1) / nb[0] : 0;
            int r1 = periodic[1] ? (ghost[1] + nb[1] - 1) / nb[1] : 0;
            int r2 = periodic[2] ? (ghost[2] + nb[2] - 1) / nb[2] : 0;
            t0 = shiftTable(0, r0);
            t1 = shiftTable(1, r1);
            t2 = shiftTable(2, r2);
        }
        extAxis(0, t0);
        extAxis(1, t1);
        extAxis(2, t2);
        if (binStart.length < nbins + 1) binStart = new int[nbins + 1];
        final int nb0 = nb[0], nb1 = nb[1], e0 = ext[0], e1 = ext[1], e2 = ext[2];
        final int[] L0 = extL[0], L1 = extL[1], L2 = extL[2];
        long total = 0;
        int b = 0;
        for (int c2 = 0; c2 < e2; c2++) {
            for (int c1 = 0; c1 < e1; c1++) {
                int l12 = L1[c1] < 0 || L2[c2] < 0 ? -1 : nb0 * (L1[c1] + nb1 * L2[c2]);
                for (int c0 = 0; c0 < e0; c0++, b++) {
                    binStart[b] = (int) total;
                    if (l12 >= 0 && L0[c0] >= 0) {
                        int r = l12 + L0[c0];
                        total += start[r + 1] - start[r];
                    }
                }
            }
        }
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("cutoff too large for this cell: " + total + " periodic images");
        binStart[nbins] = (int) total;
        next = (int) total;
        growExtended(next);
        pSpecies = s.species();
        pt0 = t0;
        pt1 = t1;
        pt2 = t2;
        if (fmax.length < nt) fmax = new double[nt];
        // each thread: the sort by u_a and every image of its own real bins (one hand-off, not two)
        team.run(phaseSortAndImage);
        double m = 0;
        for (int t = 0; t < nt; t++) m = Math.max(m, fmax[t]);
        floatBand(m);
        // drop the references to the structure's arrays
        px = py = pz = null;
        pSpecies = null;
    }

    /** After the phase that checked the positions: the first atom (lowest index) with a non-finite one, as {@link NeighborSearchChecks#check}. */
    private void throwIfNonFinite(int nt) {
        for (int t = 0; t < nt; t++) {
            int i = badAtom[t];
            if (i >= 0) {
                double x = px[i], y = py[i], z = pz[i];
                px = py = pz = null;
                NeighborSearchChecks.nonFinite(i, x, y, z);
            }
        }
    }

    /** Images {@code [from, to)}: float copies of the coordinates; returns the largest |coordinate|. */
    private double toFloat(int from, int to) {
        final double[] ex = this.ex, ey = this.ey, ez = this.ez;
        final float[] fx = this.fx, fy = this.fy, fz = this.fz;
        double m = 0;
        for (int q = from; q < to; q++) {
            double x = ex[q], y = ey[q], z = ez[q];
            fx[q] = (float) x;
            fy[q] = (float) y;
            fz[q] = (float) z;
            m = Math.max(m, Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(z))));
        }
        return m;
    }

    /**
     * The float thresholds of {@link CandidateFilter#select2f}, from a bound on the float error of
     * r². With {@code u = 2^-24}, coordinates at most {@code M} in magnitude and true distance
     * {@code r}: each rounded difference is off by {@code e <= 2uM + u·r (+2u²M)}; the rounded sum
     * of squares by {@code 3.01u·(r + √3e)²}; the squares of the differences by
     * {@code 2√3·r·e + 3e²}. At {@code r = rc} that is {@code err}; {@code band = 2·err} plus the
     * double test's own rounding. The error grows more slowly in {@code r} than {@code |r² - rc²|}
     * (for any {@code M} far below {@code rc/u}), so a float r² below {@code rc² - band} means a
     * double r² below {@code rc²}, and one at or above {@code rc² + band} one at or above it.
     * (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., sec. 2.2 and 3.1.)
     */
    private void floatBand(double m) {
        final double rc2 = cutoff * cutoff, band = floatBandWidth(cutoff, m);
        lowF = Math.nextDown((float) (rc2 - band));
        hiF = Math.nextUp((float) (rc2 + band));
        // far from the origin the band widens: beyond 10^-3 of rc² the double kernel is used
        useFloat = band < 1e-3 * rc2 && Float.isFinite(hiF) && lowF > 0;
    }

    /** The {@code band} of {@link #floatBand} for coordinates at most {@code maxAbs} in magnitude. */
    static double floatBandWidth(double rc, double maxAbs) {
        final double u = 0x1p-24, r3 = Math.sqrt(3);
        double e = (2 * u * maxAbs + u * rc + 2 * u * u * maxAbs) * 1.01;
        double err = 2 * r3 * rc * e + 3 * e * e + 3.01 * u * (rc + r3 * e) * (rc + r3 * e);
        return 2 * err + 0x1p-50 * rc * rc;
    }

    // Inputs of the binning phases of the current prepareParallel (set before each team.run).
    private double[] px, py, pz;
    private int[] pSpecies, pt0, pt1, pt2;
    private int pn, pnt, pnreal;
    /** Per thread: the first atom of its range with a non-finite position, or -1. */
    private int[] badAtom = new int[0];
    /** Real bins {@code [binSplit[t], binSplit[t+1])} (whole rows along the first axis) are sorted and imaged by thread t. */
    private int[] binSplit = new int[0];
    private boolean pAllPeriodic;
    private final double[] boxLo = new double[3], boxHi = new double[3];

    // The binning phases, one task object each (a capturing lambda per phase would allocate per build).
    private final java.util.function.IntConsumer phaseFractional = t -> {
        int from = split(pn, t, pnt), to = split(pn, t + 1, pnt);
        badAtom[t] = NeighborSearchChecks.firstNonFinite(px, py, pz, from, to);
        fractional(px, py, pz, from, to, tlo, thi, 3 * t);
    };
    private final java.util.function.IntConsumer phaseLocalBins = t -> {
        final int n = pn, nt = pnt, nreal = pnreal, nb0 = nb[0], nb1 = nb[1];
        int from = split(n, t, nt), to = split(n, t + 1, nt);
        if (pAllPeriodic) {
            badAtom[t] = NeighborSearchChecks.firstNonFinite(px, py, pz, from, to);
            fractional(px, py, pz, from, to, tlo, thi, 3 * t);
        }
        localBins(px, py, pz, from, to);
        int[] c = tcount[t], rb = rbin, la = this.la, lb = this.lb, lc = this.lc;
        Arrays.fill(c, 0, nreal, 0);
        for (int i = from; i < to; i++) {
            int b = la[i] + nb0 * (lb[i] + nb1 * lc[i]);
            rb[i] = b;
            c[b]++;
        }
    };
    private final java.util.function.IntConsumer phaseScatter = t -> {
        final int n = pn, nt = pnt;
        int[] c = tcount[t], rb = rbin, order = this.order;
        for (int i = split(n, t, nt), to = split(n, t + 1, nt); i < to; i++) order[c[rb[i]]++] = i;
    };
    /**
     * Thread {@code t}'s real bins {@code [binSplit[t], binSplit[t+1])} (whole rows along the first
     * axis): the insertion sort by {@code u_a} within each bin, then every image of their atoms.
     * The images of a real bin need only its own sorted atoms, so sort and fill need no hand-off
     * between them. (Fusing the scatter in too, each thread reading every atom's bin and placing
     * those of its bins, was tried: same work at 16k atoms, 0.3-1.3 ms more per thread at 128k: branch nb9p.)
     */
    private final java.util.function.IntConsumer phaseSortAndImage = t -> {
        final int from = binSplit[t], to = binSplit[t + 1];
        if (from >= to) {
            fmax[t] = 0;
            return;
        }
        sortBins(from, to);
        fmax[t] = fillRows(from / nb[0], to / nb[0], pSpecies, pt0, pt1, pt2);
    };

    /** {@code t}-th of {@code parts} boundaries splitting {@code [0, n)} into contiguous ranges. */
    private static int split(int n, int t, int parts) {
        return (int) ((long) n * t / parts);
    }

    /** For every extended coordinate along axis a: the local bin whose image lands there (-1 if none) and the shift. */
    private void extAxis(int a, int[] tab) {
        int e = ext[a], g = ghost[a], nba = nb[a];
        if (extL[a].length < e) {
            extL[a] = new int[e];
            extS[a] = new int[e];
        }
        int[] L = extL[a], S = extS[a];
        for (int c = 0; c < e; c++) {
            int l = Math.floorMod(c - g, nba), sh = Math.floorDiv(c - g, nba);
            // the serial fill's rule: the image is made iff the shift is within the local bin's range
            boolean made = sh >= tab[2 * l] && sh <= tab[2 * l + 1];
            L[c] = made ? l : -1;
            S[c] = sh;
        }
    }

    /**
     * Fills the extended bins of every extended row (row = c1 + e1·c2) whose images come from the
     * real rows {@code [realFrom, realTo)} (real row = l1 + nb1·l2): the images of the atoms of the
     * bin's real bin, in sorted order, with exactly the serial fill's arithmetic, and their float
     * copies; returns the largest |coordinate| of the images filled. An extended bin holds images of
     * exactly one real bin, so threads with disjoint real rows fill disjoint slots, each in memory
     * order along its extended rows.
     */
    private double fillRows(int realFrom, int realTo, int[] sp, int[] t0, int[] t1, int[] t2) {
        final double h0 = basis[0], h1 = basis[1], h2 = basis[2], h3 = basis[3], h4 = basis[4], h5 = basis[5],
                h6 = basis[6], h7 = basis[7], h8 = basis[8];
        final int e0 = ext[0], e1 = ext[1], nb0 = nb[0], nb1 = nb[1];
        final int[] L0 = extL[0], L1 = extL[1], L2 = extL[2], S0 = extS[0], S1 = extS[1], S2 = extS[2];
        final int[] order = this.order, start = realBinStart, binStart = this.binStart;
        final int[] selfq = this.selfq;
        final double[] wx = this.wx, wy = this.wy, wz = this.wz, ua = this.ua;
        final double[] ex = this.ex, ey = this.ey, ez = this.ez, eu = this.eu;
        final int[] eidx = this.eidx, espec = this.espec, hkey = this.hkey;
        // the float copies are made here too, while the coordinates are in registers (a second pass
        // over the images re-read 24 bytes per image)
        final float[] fx = this.fx, fy = this.fy, fz = this.fz;
        double m = 0;
        // u_a of the images: only the row windows read it (whole rows do not)
        final boolean needU = !wholeRows;
        final int rows = e1 * ext[2];
        for (int row = 0; row < rows; row++) {
            final int c1 = row % e1, c2 = row / e1;
            final int l1 = L1[c1], l2 = L2[c2];
            if (l1 < 0 || l2 < 0) continue;
            final int real = l1 + nb1 * l2;
            if (real < realFrom || real >= realTo) continue;
            final int s1 = S1[c1], s2 = S2[c2];
            final boolean zero12 = (t1[2 * l1] | t1[2 * l1 + 1] | t2[2 * l2] | t2[2 * l2 + 1]) == 0;
            for (int c0 = 0; c0 < e0; c0++) {
                final int l0 = L0[c0];
                if (l0 < 0) continue;
                final int s0 = S0[c0];
                final int r = l0 + nb0 * (l1 + nb1 * l2);
                final int k0 = start[r], k1 = start[r + 1];
                int q = binStart[c0 + e0 * row];
                // the serial fill's common case: no image of the atoms of this bin lies in the ghost layers
                final boolean common = zero12 && (t0[2 * l0] | t0[2 * l0 + 1]) == 0;
                final boolean self = (s0 | s1 | s2) == 0;
                final double dx = s0 * h0 + s1 * h3 + s2 * h6, dy = s0 * h1 + s1 * h4 + s2 * h7,
                        dz = s0 * h2 + s1 * h5 + s2 * h8;
                final int hplus = BruteForceNeighbors.positiveShift(s0, s1, s2) ? 1 : 0;
                for (int k = k0; k < k1; k++, q++) {
                    final int i = order[k];
                    final double x, y, z;
                    if (self) {
                        x = wx[i];
                        y = wy[i];
                        z = wz[i];
                        selfq[i] = q;
                    } else {
                        x = wx[i] + dx;
                        y = wy[i] + dy;
                        z = wz[i] + dz;
                    }
                    ex[q] = x;
                    ey[q] = y;
                    ez[q] = z;
                    fx[q] = (float) x;
                    fy[q] = (float) y;
                    fz[q] = (float) z;
                    m = Math.max(m, Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(z))));
                    eidx[q] = i;
                    espec[q] = sp[i];
                    if (needU) eu[q] = common ? ua[i] : ua[i] + s0;
                    hkey[q] = 2 * i + hplus;
                }
            }
        }
        return m;
    }

    /** The binning axes: the cell rows for a periodic structure, Cartesian axes for a cluster. */
    private void setBasis(Structure s) {
        Cell cell = s.cell();
        boolean anyPbc = s.isPeriodic();
        for (int a = 0; a < 3; a++) periodic[a] = s.pbc(a);
        if (anyPbc) {
            // copied element by element: Cell's toArray()/inverse() return fresh arrays
            for (int k = 0; k < 9; k++) basis[k] = cell.get(k / 3, k % 3);
            cell.inverseInto(binv);
        } else {
            // clusters: Cartesian axes, bounding box
            Arrays.fill(basis, 0);
            Arrays.fill(binv, 0);
            basis[0] = basis[4] = basis[8] = 1;
            binv[0] = binv[4] = binv[8] = 1;
        }
    }

    /**
     * Atoms {@code [from, to)}: fractional coordinates (wrapped along periodic axes) into wx/wy/wz,
     * the wrap counts into n0..n2, and their range into {@code lo[o..o+2]}, {@code hiu[o..o+2]}.
     */
    private void fractional(double[] x, double[] y, double[] z, int from, int to, double[] lo, double[] hiu, int o) {
        final double i0 = binv[0], i1 = binv[1], i2 = binv[2], i3 = binv[3], i4 = binv[4], i5 = binv[5],
                i6 = binv[6], i7 = binv[7], i8 = binv[8];
        final boolean p0 = periodic[0], p1 = periodic[1], p2 = periodic[2];
        // the u values are kept temporarily in wx/wy/wz, positions in Cartesian afterwards
        double lo0 = lo[o], lo1 = lo[o + 1], lo2 = lo[o + 2], hi0 = hiu[o], hi1 = hiu[o + 1], hi2 = hiu[o + 2];
        for (int i = from; i < to; i++) {
            double xi = x[i], yi = y[i], zi = z[i];
            double u0 = xi * i0 + yi * i3 + zi * i6;
            double u1 = xi * i1 + yi * i4 + zi * i7;
            double u2 = xi * i2 + yi * i5 + zi * i8;
            int k0 = 0, k1 = 0, k2 = 0;
            if (p0) { double f = Math.floor(u0); k0 = (int) f; u0 -= f; }
            if (p1) { double f = Math.floor(u1); k1 = (int) f; u1 -= f; }
            if (p2) { double f = Math.floor(u2); k2 = (int) f; u2 -= f; }
            n0[i] = k0;
            n1[i] = k1;
            n2[i] = k2;
            wx[i] = u0;
            wy[i] = u1;
            wz[i] = u2;
            if (u0 < lo0) lo0 = u0;
            if (u0 > hi0) hi0 = u0;
            if (u1 < lo1) lo1 = u1;
            if (u1 > hi1) hi1 = u1;
            if (u2 < lo2) lo2 = u2;
            if (u2 > hi2) hi2 = u2;
        }
        lo[o] = lo0;
        lo[o + 1] = lo1;
        lo[o + 2] = lo2;
        hiu[o] = hi0;
        hiu[o + 1] = hi1;
        hiu[o + 2] = hi2;
    }

    /** Bins per axis, bin widths, stencil and ghost layers from the atoms' range; returns the extended bin count. */
    private int binGeometry(int n, double[] lo, double[] hiu) {
        // bins per axis
        double target = binFactor * cutoff;
        for (int a = 0; a < 3; a++) {
            double ps = planeSpacing(basis, a), thick;
            if (periodic[a]) {
                umin[a] = 0;
                thick = ps;
            } else {
                double span = n == 0 ? 0 : hiu[a] - lo[a];
                umin[a] = n == 0 ? 0 : lo[a];
                thick = span * ps;
            }
            nb[a] = (int) Math.max(1, Math.min(1 << 20, Math.floor(thick / target)));
        }
        // at most about 2 bins per atom (vacuum-rich cells would otherwise get huge empty grids)
        long maxBins = Math.max(27L, 2L * n);
        while ((long) nb[0] * nb[1] * nb[2] > maxBins) {
            double f = Math.cbrt((double) nb[0] * nb[1] * nb[2] / maxBins);
            for (int a = 0; a < 3; a++) nb[a] = Math.max(1, (int) (nb[a] / Math.max(f, 1.01)));
        }
        for (int a = 0; a < 3; a++) {
            if (periodic[a]) {
                uw[a] = 1.0 / nb[a];
            } else {
                double span = n == 0 ? 0 : hiu[a] - lo[a];
                uw[a] = span > 0 ? span / nb[a] : 1.0;
            }
        }
        buildStencil();
        // a margin far above rounding keeps the window a superset; the filter decides exactly
        uaWindow = cutoff / planeSpacing(basis, 0) * (1 + 1e-9) + 1e-12;
        // centre pairs test whole stencil rows unless a row is much longer than a centre's window
        // along u_a (strongly skewed cells, where the window saves more tests than its walk costs)
        int span = 0;
        for (int r = 0; r < nrows; r++) span = Math.max(span, rowHi[r] - rowLo[r] + 1);
        wholeRows = filter.prefersWholeRows() && span * uw[0] <= 2 * uaWindow + 1.5 * uw[0];
        for (int a = 0; a < 3; a++) ext[a] = nb[a] + 2 * ghost[a];
        long nbinsL = (long) ext[0] * ext[1] * ext[2];
        if (nbinsL > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("cutoff too large for this cell: " + nbinsL + " bins");
        return (int) nbinsL;
    }

    /** Atoms {@code [from, to)}: local bin per axis, u_a, and wrapped Cartesian positions (replacing u in wx/wy/wz). */
    private void localBins(double[] x, double[] y, double[] z, int from, int to) {
        final double h0 = basis[0], h1 = basis[1], h2 = basis[2], h3 = basis[3], h4 = basis[4], h5 = basis[5],
                h6 = basis[6], h7 = basis[7], h8 = basis[8];
        // local bins and wrapped Cartesian positions
        for (int i = from; i < to; i++) {
            double u0 = wx[i], u1 = wy[i], u2 = wz[i];
            ua[i] = u0;
            la[i] = clamp((int) Math.floor((u0 - umin[0]) / uw[0]), nb[0]);
            lb[i] = clamp((int) Math.floor((u1 - umin[1]) / uw[1]), nb[1]);
            lc[i] = clamp((int) Math.floor((u2 - umin[2]) / uw[2]), nb[2]);
            int k0 = n0[i], k1 = n1[i], k2 = n2[i];
            if ((k0 | k1 | k2) == 0) {
                wx[i] = x[i];
                wy[i] = y[i];
                wz[i] = z[i];
            } else {
                wx[i] = x[i] - (k0 * h0 + k1 * h3 + k2 * h6);
                wy[i] = y[i] - (k0 * h1 + k1 * h4 + k2 * h7);
                wz[i] = z[i] - (k0 * h2 + k1 * h5 + k2 * h8);
            }
        }
    }

    /**
     * Atoms in bin order, and within a bin by ascending {@code u_a}: filling the images in this
     * order makes every bin, hence every stencil row (consecutive bins along the first axis, whose
     * {@code u_a} ranges follow each other), sorted by {@code u_a}. The bin index is a monotone
     * function of {@code u_a}, so the rows stay sorted across bin edges too.
     */
    private void sortAtomsByBinAndA(int n) {
        final int nb0 = nb[0], nb1 = nb[1], nreal = nb[0] * nb[1] * nb[2];
        if (realBinStart.length < nreal + 1) realBinStart = new int[nreal + 1];
        final int[] start = realBinStart, order = this.order, la = this.la, lb = this.lb, lc = this.lc;
        final double[] ua = this.ua;
        Arrays.fill(start, 0, nreal + 1, 0);
        for (int i = 0; i < n; i++) start[la[i] + nb0 * (lb[i] + nb1 * lc[i]) + 1]++;
        for (int b = 0; b < nreal; b++) start[b + 1] += start[b];
        for (int i = 0; i < n; i++) order[start[la[i] + nb0 * (lb[i] + nb1 * lc[i])]++] = i;
        // start[b] is now the end of bin b; insertion sort of each (short) bin by u_a, ties by index
        int from = 0;
        for (int b = 0; b < nreal; b++) {
            sortByU(order, ua, from, start[b]);
            from = start[b];
        }
    }

    /** Insertion sort by u_a (ties by index) of the real bins {@code [fromBin, toBin)}, bounds in {@code realBinStart}. */
    private void sortBins(int fromBin, int toBin) {
        final int[] start = realBinStart, order = this.order;
        final double[] ua = this.ua;
        for (int b = fromBin; b < toBin; b++) sortByU(order, ua, start[b], start[b + 1]);
    }

    /** Insertion sort of {@code order[from, to)} (one short bin) by {@code ua}; equal keys keep their order (by index). */
    private static void sortByU(int[] order, double[] ua, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            int v = order[k];
            double u = ua[v];
            int t = k - 1;
            while (t >= from && ua[order[t]] > u) {
                order[t + 1] = order[t];
                t--;
            }
            order[t + 1] = v;
        }
    }

    /** {@code [lo, hi]} image shifts along axis a for each local bin: images must land inside the extended grid. */
    private int[] shiftTable(int a, int reachImages) {
        int n = nb[a], g = ghost[a], e = ext[a];
        if (shiftTab[a].length < 2 * n) shiftTab[a] = new int[2 * n];
        int[] t = shiftTab[a];
        for (int l = 0; l < n; l++) {
            int c = l + g;
            t[2 * l] = -Math.min(reachImages, c / n);
            t[2 * l + 1] = Math.min(reachImages, (e - 1 - c) / n);
        }
        return t;
    }

    private static int clamp(int b, int n) {
        return b < 0 ? 0 : (b >= n ? n - 1 : b);
    }

    /** Perpendicular distance between the faces of the parallelepiped spanned by the rows of m, for axis a. */
    static double planeSpacing(double[] m, int a) {
        int b = (a + 1) % 3, c = (a + 2) % 3;
        double cx = m[3 * b + 1] * m[3 * c + 2] - m[3 * b + 2] * m[3 * c + 1];
        double cy = m[3 * b + 2] * m[3 * c] - m[3 * b] * m[3 * c + 2];
        double cz = m[3 * b] * m[3 * c + 1] - m[3 * b + 1] * m[3 * c];
        double vol = Math.abs(m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]));
        return vol / Math.sqrt(cx * cx + cy * cy + cz * cz);
    }

    /** Stencil rows from the bin edge vectors; cached while the geometry stays the same. */
    private void buildStencil() {
        final double[] m = stM;
        for (int a = 0; a < 3; a++) {
            for (int k = 0; k < 3; k++) m[3 * a + k] = uw[a] * basis[3 * a + k];
        }
        final int[] reach = stReach;
        for (int a = 0; a < 3; a++) {
            double ps = planeSpacing(m, a);
            long r = (long) Math.ceil(cutoff / ps) + 1;
            if (!periodic[a]) r = Math.min(r, nb[a] - 1);
            if (r > 1 << 20) throw new IllegalArgumentException("cutoff " + cutoff + " Å is too large for this cell");
            reach[a] = (int) r;
        }
        // cache key: bin vectors, cutoff, reach (periodicity is implied by reach for our purposes, add it)
        final double[] key = stNewKey;
        System.arraycopy(m, 0, key, 0, 9);
        key[9] = cutoff;
        key[10] = reach[0];
        key[11] = reach[1];
        key[12] = reach[2];
        key[13] = (periodic[0] ? 1 : 0) + (periodic[1] ? 2 : 0) + (periodic[2] ? 4 : 0);
        key[14] = nb[0] + 1e6 * nb[1];
        key[15] = nb[2];
        if (stencilValid && Arrays.equals(key, stencilKey)) return;
        final double[] gram = stGram;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                gram[3 * a + b] = m[3 * a] * m[3 * b] + m[3 * a + 1] * m[3 * b + 1] + m[3 * a + 2] * m[3 * b + 2];
            }
        }
        double lim = cutoff * cutoff * (1 + 1e-9) + 1e-18;
        int maxRows = (2 * reach[1] + 1) * (2 * reach[2] + 1);
        if (rowDb.length < maxRows) {
            rowDb = new int[maxRows];
            rowDc = new int[maxRows];
            rowLo = new int[maxRows];
            rowHi = new int[maxRows];
        }
        nrows = 0;
        ghost[0] = ghost[1] = ghost[2] = 0;
        final int[] d = stD;
        for (int dc = -reach[2]; dc <= reach[2]; dc++) {
            for (int db = -reach[1]; db <= reach[1]; db++) {
                int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
                for (int da = -reach[0]; da <= reach[0]; da++) {
                    d[0] = da;
                    d[1] = db;
                    d[2] = dc;
                    if (minDistance2(gram, d, stT, stFree, stA, stRhs, stIsFree) < lim) {
                        lo = Math.min(lo, da);
                        hi = Math.max(hi, da);
                    }
                }
                if (lo > hi) continue;
                rowDb[nrows] = db;
                rowDc[nrows] = dc;
                rowLo[nrows] = lo;
                rowHi[nrows] = hi;
                nrows++;
                ghost[0] = Math.max(ghost[0], Math.max(-lo, hi));
                ghost[1] = Math.max(ghost[1], Math.abs(db));
                ghost[2] = Math.max(ghost[2], Math.abs(dc));
            }
        }
        for (int a = 0; a < 3; a++) if (!periodic[a]) ghost[a] = 0;
        System.arraycopy(key, 0, stencilKey, 0, 16);
        stencilValid = true;
    }

    // scratch of the stencil computation (kept, so that a new geometry allocates nothing either)
    private final double[] stM = new double[9], stNewKey = new double[16], stGram = new double[9], stT = new double[3],
            stA = new double[9], stRhs = new double[3];
    private final int[] stReach = new int[3], stD = new int[3], stFree = new int[3];
    private final boolean[] stIsFree = new boolean[3];

    /**
     * Squared minimum of |t·M| over the box t_a in [d_a - 1, d_a + 1]: the squared distance
     * between the centre bin and the bin at offset d. Exact: enumerates which bounds are active.
     * {@code t, free, sa, rhs, isFree}: scratch of length 3, 3, 9, 3, 3.
     */
    static double minDistance2(double[] gram, int[] d, double[] t, int[] free, double[] sa, double[] rhs, boolean[] isFree) {
        if (Math.abs(d[0]) <= 1 && Math.abs(d[1]) <= 1 && Math.abs(d[2]) <= 1) return 0;
        double best = Double.MAX_VALUE;
        for (int p = 0; p < 27; p++) {
            int code = p, nf = 0;
            for (int a = 0; a < 3; a++) {
                int st = code % 3;
                code /= 3;
                if (st == 0) t[a] = d[a] - 1;
                else if (st == 1) t[a] = d[a] + 1;
                else free[nf++] = a;
            }
            if (nf > 0 && !solveFree(gram, t, free, nf, sa, rhs, isFree)) continue;
            boolean ok = true;
            for (int k = 0; k < nf; k++) {
                int a = free[k];
                if (t[a] < d[a] - 1 - 1e-12 || t[a] > d[a] + 1 + 1e-12) {
                    ok = false;
                    break;
                }
            }
            if (!ok) continue;
            double v = 0;
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) v += t[a] * gram[3 * a + b] * t[b];
            }
            best = Math.min(best, v);
        }
        return best;
    }

    /** Minimises t'Gt over the free components with the others fixed: G_FF t_F = -G_FX t_X. */
    private static boolean solveFree(double[] g, double[] t, int[] free, int nf, double[] a, double[] rhs, boolean[] isFree) {
        Arrays.fill(a, 0);
        Arrays.fill(rhs, 0);
        Arrays.fill(isFree, false);
        for (int k = 0; k < nf; k++) isFree[free[k]] = true;
        for (int r = 0; r < nf; r++) {
            int fr = free[r];
            double s = 0;
            for (int c = 0; c < 3; c++) if (!isFree[c]) s -= g[3 * fr + c] * t[c];
            rhs[r] = s;
            for (int c = 0; c < nf; c++) a[3 * r + c] = g[3 * fr + free[c]];
        }
        // Gaussian elimination with partial pivoting on the nf x nf system
        for (int col = 0; col < nf; col++) {
            int piv = col;
            for (int r = col + 1; r < nf; r++) if (Math.abs(a[3 * r + col]) > Math.abs(a[3 * piv + col])) piv = r;
            if (Math.abs(a[3 * piv + col]) < 1e-300) return false;
            if (piv != col) {
                for (int c = 0; c < nf; c++) {
                    double tmp = a[3 * col + c];
                    a[3 * col + c] = a[3 * piv + c];
                    a[3 * piv + c] = tmp;
                }
                double tmp = rhs[col];
                rhs[col] = rhs[piv];
                rhs[piv] = tmp;
            }
            for (int r = col + 1; r < nf; r++) {
                double f = a[3 * r + col] / a[3 * col + col];
                for (int c = col; c < nf; c++) a[3 * r + c] -= f * a[3 * col + c];
                rhs[r] -= f * rhs[col];
            }
        }
        for (int r = nf - 1; r >= 0; r--) {
            double s = rhs[r];
            for (int c = r + 1; c < nf; c++) s -= a[3 * r + c] * t[free[c]];
            t[free[r]] = s / a[3 * r + r];
        }
        return true;
    }

    private void growAtoms(int n) {
        if (la.length >= n) return;
        int cap = Math.max(n, la.length + (la.length >> 1));
        meta = new int[4 * cap];
        la = new int[cap];
        lb = new int[cap];
        lc = new int[cap];
        n0 = new int[cap];
        n1 = new int[cap];
        n2 = new int[cap];
        wx = new double[cap];
        wy = new double[cap];
        wz = new double[cap];
        selfq = new int[cap];
        ua = new double[cap];
        order = new int[cap];
    }

    private void growExtended(int m) {
        if (ex.length >= m + CandidateFilter.PADDING) return;
        int cap = Math.max(m, ex.length + (ex.length >> 1)) + CandidateFilter.PADDING;
        ex = new double[cap];
        ey = new double[cap];
        ez = new double[cap];
        fx = new float[cap];
        fy = new float[cap];
        fz = new float[cap];
        eidx = new int[cap];
        hkey = new int[cap];
        espec = new int[cap];
        eu = new double[cap];
    }

    /** Number of lengths {@link #capacities} reports. */
    static final int CAPACITIES = 23;

    /**
     * The lengths of every buffer that a build grows (this list's and its own scratch's) into
     * {@code c[0..CAPACITIES)}: with {@link #reserve}, threads that build different structures in
     * turn share one high-water mark ({@link ParallelNeighbors#forEach}).
     */
    void capacities(int[] c) {
        c[0] = la.length; // growAtoms sizes every per-atom buffer (meta is 4 per atom) from it
        c[1] = ex.length;
        c[2] = rbin.length;
        c[3] = realBinStart.length;
        c[4] = binStart.length;
        c[5] = fill.length;
        c[6] = rowDb.length;
        c[7] = tlo.length;
        c[8] = tcount.length;
        c[9] = tcount.length == 0 || tcount[0] == null ? 0 : tcount[0].length;
        c[10] = fmax.length;
        for (int a = 0; a < 3; a++) {
            c[11 + a] = extL[a].length;
            c[14 + a] = shiftTab[a].length;
        }
        c[17] = scratch.lo.length;
        c[18] = scratch.kept.length;
        c[19] = scratch.cand2.length;
        c[20] = scratch.specCount.length;
        c[21] = binSplit.length;
        c[22] = badAtom.length;
    }

    /**
     * Grows every buffer shorter than the length {@code c[k]} of {@link #capacities} to at least
     * that (between builds: nothing is allocated when none is shorter). Contents that outlive a
     * build (the cached stencil rows) are kept.
     */
    void reserve(int[] c) {
        growAtoms(c[0]);
        if (c[1] > 0) growExtended(c[1] - CandidateFilter.PADDING);
        if (rbin.length < c[2]) rbin = new int[c[2]];
        if (realBinStart.length < c[3]) realBinStart = new int[c[3]];
        if (binStart.length < c[4]) binStart = new int[c[4]];
        if (fill.length < c[5]) fill = new int[c[5]];
        if (rowDb.length < c[6]) {
            rowDb = Arrays.copyOf(rowDb, c[6]);
            rowDc = Arrays.copyOf(rowDc, c[6]);
            rowLo = Arrays.copyOf(rowLo, c[6]);
            rowHi = Arrays.copyOf(rowHi, c[6]);
        }
        if (tlo.length < c[7]) {
            tlo = new double[c[7]];
            thi = new double[c[7]];
        }
        if (tcount.length < c[8]) tcount = Arrays.copyOf(tcount, c[8]);
        for (int t = 0; t < tcount.length; t++) if (tcount[t] == null || tcount[t].length < c[9]) tcount[t] = new int[c[9]];
        if (fmax.length < c[10]) fmax = new double[c[10]];
        for (int a = 0; a < 3; a++) {
            if (extL[a].length < c[11 + a]) {
                extL[a] = new int[c[11 + a]];
                extS[a] = new int[c[11 + a]];
            }
            if (shiftTab[a].length < c[14 + a]) shiftTab[a] = new int[c[14 + a]];
        }
        scratch.ensure(0, c[17]);
        if (scratch.kept.length < c[18]) scratch.kept = new int[c[18]];
        if (scratch.cand2.length < c[19]) scratch.cand2 = new int[c[19]];
        if (scratch.specCount.length < c[20]) scratch.specCount = new int[c[20]];
        if (binSplit.length < c[21]) binSplit = new int[c[21]];
        if (badAtom.length < c[22]) badAtom = new int[c[22]];
    }

    // ------------------------------------------------------------------ search

    /** Number of periodic images (atoms plus ghosts) binned in the last {@link #prepare}. */
    int imageCount() {
        return next;
    }

    /** Number of bins inside the box (the centre bins) of the last {@link #prepare}. */
    int interiorBinCount() {
        return nb[0] * nb[1] * nb[2];
    }

    /**
     * Pass 1 of a build, for the centre bins {@code [from, to)} (ordinals over the bins inside the
     * box, first axis fastest). Every stencil row is a contiguous run of images sorted by
     * {@code u_a}. The centres of a bin are taken two at a time and test every image of every row
     * ({@link CandidateFilter#select2f}: float pre-decision, double test near the cutoff): the
     * rows are the same for all centres of the bin, so the kernel's loops have the same trip
     * counts pair after pair. The window {@code |u_a(j) - u_a(i)| · w_a < cutoff} of a row
     * ({@code w_a}: spacing of the lattice planes of constant {@code u_a}, any skew), found by two
     * forward pointers, is used instead only when rows are much longer than it (strongly skewed
     * cells; {@code wholeRows} false), and then by a last odd centre (double kernel). In the bcc box the
     * windows hold 27 % fewer candidates, but their pointer loops' mispredicted exits cost more than
     * the tests they save once the tests are 8 float lanes wide (branch {@code nb7}, 2026-11-24).
     * With whole rows and the float kernel, all rows of a pair go to one
     * {@link CandidateFilter#select2fRows} call (16k bcc W: search 3.6 -> 2.7 ms thread CPU, branch
     * {@code nb8s}). The {@link CandidateFilter} keeps the images closer than the cutoff (and above the half-list key);
     * their indices are appended to {@code sc.kept}, and the count, the start in that list and
     * {@code owner} are recorded per centre (in {@code meta}). Reads the prepared geometry only, so threads with their
     * own scratch may search disjoint bin ranges.
     */
    void searchBins(int from, int to, boolean half, Scratch sc, int owner) {
        sc.ensure(next, nrows);
        final double rc2 = cutoff * cutoff, wa = uaWindow;
        final double[] ex = this.ex, ey = this.ey, ez = this.ez, eu = this.eu;
        final float[] fx = this.fx, fy = this.fy, fz = this.fz;
        final float lowF = this.lowF, hiF = this.hiF;
        final boolean useFloat = this.useFloat, whole = wholeRows;
        final int[] hkey = this.hkey, binStart = this.binStart, eidx = this.eidx;
        final int[] rowDb = this.rowDb, rowDc = this.rowDc, rowLo = this.rowLo, rowHi = this.rowHi;
        final int[] meta = this.meta;
        final int[] lo = sc.lo, hi = sc.hi, end = sc.end;
        final int nrows = this.nrows, nb0 = nb[0], nb1 = nb[1];
        final int e0 = ext[0], e1 = ext[1], e2 = ext[2], g0 = ghost[0], g1 = ghost[1], g2 = ghost[2];
        int[] kept = sc.kept;
        int nk = sc.nkept;
        for (int k = from; k < to; k++) {
            final int c0 = k % nb0 + g0, rest = k / nb0;
            final int c1 = rest % nb1 + g1, c2 = rest / nb1 + g2;
            final int bin = c0 + e0 * (c1 + e1 * c2);
            final int qs = binStart[bin], qe = binStart[bin + 1];
            if (qs == qe) continue;
            // the stencil rows of this bin (clipped to the grid along non-periodic axes)
            int nr = 0, rowTotal = 0;
            for (int r = 0; r < nrows; r++) {
                int b1 = c1 + rowDb[r], b2 = c2 + rowDc[r];
                if (b1 < 0 || b1 >= e1 || b2 < 0 || b2 >= e2) continue;
                int l = Math.max(c0 + rowLo[r], 0), h = Math.min(c0 + rowHi[r], e0 - 1);
                if (l > h) continue;
                int base = e0 * (b1 + e1 * b2);
                int s = binStart[base + l], e = binStart[base + h + 1];
                if (s == e) continue;
                lo[nr] = s;
                hi[nr] = s;
                end[nr] = e;
                rowTotal += e - s;
                nr++;
            }
            if (half) {
                // Half lists: every centre of this bin drops the images whose key is not above its own,
                // so each row starts past its leading images with keys at most the bin's smallest
                // centre key. Once per bin (not per pair), so the kernel's trip counts stay the same
                // for all pairs of the bin and its loop exits stay predicted.
                int kmin = Integer.MAX_VALUE;
                for (int q = qs; q < qe; q++) kmin = Math.min(kmin, 2 * eidx[q]);
                int w = 0;
                for (int r = 0; r < nr; r++) {
                    final int e = end[r];
                    final int s = filter.firstKeyAbove(hkey, lo[r], e, kmin);
                    if (s == e) continue;
                    lo[w] = s;
                    hi[w] = s;
                    end[w] = e;
                    w++;
                }
                nr = w;
            }
            // room for every candidate of every row of this bin, plus the kernel's unmasked tail store
            final int room = rowTotal + CandidateFilter.PADDING;
            int q0 = qs;
            // centres two at a time (consecutive in u_a): one pass over the union of their row windows
            for (; q0 + 1 < qe; q0 += 2) {
                final int ia = eidx[q0], ib = eidx[q0 + 1];
                final int keyA = half ? 2 * ia : Integer.MIN_VALUE, keyB = half ? 2 * ib : Integer.MIN_VALUE;
                final double xa = ex[q0], ya = ey[q0], za = ez[q0], xb = ex[q0 + 1], yb = ey[q0 + 1], zb = ez[q0 + 1];
                final double ulo = whole ? 0 : eu[q0] - wa, uhi = whole ? 0 : eu[q0 + 1] + wa;
                if (nk + 2 * room > kept.length) kept = sc.growKept(nk + 2 * room);
                // A's kept images go to kept[nk..], B's to kept[nk + room..], then B's move down behind A's
                final int startA = nk, startB = nk + room;
                // a full list drops each centre's own image (r = 0)
                final int selfA = half ? -1 : q0, selfB = half ? -1 : q0 + 1;
                int ma = startA, mb = startB;
                if (whole && useFloat) {
                    // all rows in one kernel call
                    long m2 = filter.select2fRows(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, lo, end, nr, rc2,
                            xa, ya, za, keyA, selfA, kept, ma, xb, yb, zb, keyB, selfB, kept, mb);
                    ma = (int) (m2 >>> 32);
                    mb = (int) m2;
                } else for (int r = 0; r < nr; r++) {
                    int l = lo[r], h = end[r];
                    if (!whole) {
                        final int e = h;
                        h = hi[r];
                        while (l < e && eu[l] <= ulo) l++;
                        if (h < l) h = l;
                        while (h < e && eu[h] < uhi) h++;
                        lo[r] = l;
                        hi[r] = h;
                    }
                    long m2 = useFloat
                            ? filter.select2f(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, l, h, rc2, xa, ya, za, keyA,
                                    selfA, kept, ma, xb, yb, zb, keyB, selfB, kept, mb)
                            : filter.select2(ex, ey, ez, hkey, l, h, rc2, xa, ya, za, keyA, selfA, kept, ma,
                                    xb, yb, zb, keyB, selfB, kept, mb);
                    ma = (int) (m2 >>> 32);
                    mb = (int) m2;
                }
                final int cb = mb - startB;
                System.arraycopy(kept, startB, kept, ma, cb);
                meta[4 * ia] = ma - startA;
                meta[4 * ia + 1] = startA;
                meta[4 * ia + 2] = owner;
                meta[4 * ib] = cb;
                meta[4 * ib + 1] = ma;
                meta[4 * ib + 2] = owner;
                nk = ma + cb;
            }
            if (q0 < qe && whole && useFloat) {
                // a last odd centre: the pair kernel with the centre twice (B's copy written past A's
                // room and dropped); one call over the whole rows is cheaper than the double kernel's
                // nine windows
                final int i = eidx[q0];
                final int key = half ? 2 * i : Integer.MIN_VALUE, self = half ? -1 : q0;
                final double xi = ex[q0], yi = ey[q0], zi = ez[q0];
                if (nk + 2 * room > kept.length) kept = sc.growKept(nk + 2 * room);
                long m2 = filter.select2fRows(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, lo, end, nr, rc2,
                        xi, yi, zi, key, self, kept, nk, xi, yi, zi, key, self, kept, nk + room);
                final int ma = (int) (m2 >>> 32);
                meta[4 * i] = ma - nk;
                meta[4 * i + 1] = nk;
                meta[4 * i + 2] = owner;
                nk = ma;
            } else if (q0 < qe && whole) {
                // the same over whole rows with the double kernel (the float band was too wide)
                final int i = eidx[q0];
                final int key = half ? 2 * i : Integer.MIN_VALUE, self = half ? -1 : q0;
                if (nk + room > kept.length) kept = sc.growKept(nk + room);
                final int start = nk;
                for (int r = 0; r < nr; r++) {
                    nk = filter.select(ex, ey, ez, hkey, lo[r], end[r], ex[q0], ey[q0], ez[q0], rc2, key, self, kept, nk);
                }
                meta[4 * i] = nk - start;
                meta[4 * i + 1] = start;
                meta[4 * i + 2] = owner;
            } else if (q0 < qe) {
                final int i = eidx[q0];
                final int key = half ? 2 * i : Integer.MIN_VALUE;
                final double xi = ex[q0], yi = ey[q0], zi = ez[q0], u = eu[q0];
                final double ulo = u - wa, uhi = u + wa;
                if (nk + room > kept.length) kept = sc.growKept(nk + room);
                final int start = nk;
                // the filter appends the kept images straight to this thread's list; a full list drops the
                // centre's own image (r = 0) there
                final int self = half ? -1 : q0;
                for (int r = 0; r < nr; r++) {
                    int l = lo[r], h = hi[r];
                    final int e = end[r];
                    while (l < e && eu[l] <= ulo) l++;
                    if (h < l) h = l;
                    while (h < e && eu[h] < uhi) h++;
                    nk = filter.select(ex, ey, ez, hkey, l, h, xi, yi, zi, rc2, key, self, kept, nk);
                }
                meta[4 * i] = nk - start;
                meta[4 * i + 1] = start;
                meta[4 * i + 2] = owner;
            }
        }
        sc.nkept = nk;
    }

    /** Pass 2 (serial, cheap): row pointers of {@code out} from the per-centre counts; returns the total. */
    int prefixOffsets(NeighborList out) {
        int[] offsets = out.offsets, meta = this.meta;
        long total = 0;
        offsets[0] = 0;
        for (int i = 0; i < natoms; i++) {
            total += meta[4 * i];
            if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("too many neighbour pairs: " + total);
            offsets[i + 1] = (int) total;
        }
        out.ensureCapacity((int) total);
        out.size = (int) total;
        return (int) total;
    }

    /**
     * Pass 3, centres {@code [from, to)} in index order: writes index, {@code D} and
     * {@code |D|} of the kept images at the row pointers set by {@link #prefixOffsets}. The kept
     * lists are in {@code all[owner of i]}; {@code sc} is this thread's scratch (species sort).
     * Threads may write disjoint centre ranges concurrently.
     */
    void writeCentres(int from, int to, boolean sortBySpecies, int nspecies, Scratch[] all, Scratch sc,
                      NeighborList out) {
        final double[] ex = this.ex, ey = this.ey, ez = this.ez;
        final int[] eidx = this.eidx;
        final int[] meta = this.meta, offsets = out.offsets;
        final int[] oj = out.j;
        final double[] odx = out.dx, ody = out.dy, odz = out.dz, orr = out.r;
        final boolean sort = sortBySpecies && nspecies > 1;
        if (sort) sc.ensureSort(next, nspecies);
        for (int i = from; i < to; i++) {
            final int m = meta[4 * i];
            int[] src = all[meta[4 * i + 2]].kept;
            int p = meta[4 * i + 1];
            if (sort) {
                sortBySpecies(src, p, m, sc.cand2, sc.specCount, nspecies);
                src = sc.cand2;
                p = 0;
            }
            final int q0 = selfq[i];
            final double xi = ex[q0], yi = ey[q0], zi = ez[q0];
            final int base = offsets[i];
            for (int t = 0; t < m; t++) {
                int q = src[p + t], k = base + t;
                oj[k] = eidx[q];
                double a = ex[q] - xi, b = ey[q] - yi, c = ez[q] - zi;
                odx[k] = a;
                ody[k] = b;
                odz[k] = c;
                orr[k] = Math.sqrt(a * a + b * b + c * c);
            }
        }
    }

    /** Stable counting sort of {@code src[p, p+m)} by neighbour species into {@code dst[0, m)}. */
    private void sortBySpecies(int[] src, int p, int m, int[] dst, int[] cnt, int nspecies) {
        Arrays.fill(cnt, 0, nspecies + 1, 0);
        for (int t = 0; t < m; t++) cnt[espec[src[p + t]] + 1]++;
        for (int s = 0; s < nspecies; s++) cnt[s + 1] += cnt[s];
        for (int t = 0; t < m; t++) {
            int q = src[p + t];
            dst[cnt[espec[q]]++] = q;
        }
    }

    int rowCount() {
        return nrows;
    }

    /** Whether the last {@link #prepare} chose whole stencil rows for centre pairs (else their windows). */
    boolean wholeRows() {
        return wholeRows;
    }

    int natoms() {
        return natoms;
    }
}
