package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.simd.VectorSupport;
import org.atomdoe.structure.Structure;

/**
 * Per-atom SNAP bispectrum components B_{j1,j2,j}, identical in meaning, value and column order
 * to LAMMPS {@code compute sna/atom} (ML-SNAP, 29Sep2021; Thompson, Swiler, Trott, Foiles, Tucker,
 * J. Comput. Phys. 285, 316 (2015); Wood and Thompson, J. Chem. Phys. 148, 241721 (2018) for qSNAP).
 *
 * <p>For centre atom i of species I, every neighbour j with {@code r_ij < R_IJ = rcutfac·(R_I + R_J)}
 * (and r &gt; 1e-10 Å) is mapped onto the 3-sphere by {@code θ0 = rfac0·π (r - rmin0)/(R_IJ - rmin0)},
 * {@code z0 = r / tan θ0}, giving the Cayley–Klein parameters
 * {@code a = (z0 - i z)/r0, b = (y - i x)/r0}, {@code r0 = sqrt(r² + z0²)} of
 * {@code r_ij = x_i - x_j} (LAMMPS's sign). The density is
 * <pre>
 *   u^j_{ma,mb} = δ_{ma,mb} + Σ_j fc(r_ij) w_J U^j_{ma,mb}(a, b)
 * </pre>
 * with the hyperspherical harmonics U^j by LAMMPS's recursion in j (coefficients
 * {@code sqrt(p/q)}), and
 * <pre>
 *   B_{j1,j2,j} = Σ_{ma,mb} conj(u^j_{ma,mb}) Z^{j1,j2,j}_{ma,mb},
 *   Z^{j1,j2,j}_{ma,mb} = Σ H^{j m m'}_{j1 m1 m1', j2 m2 m2'} u^{j1}_{m1,m1'} u^{j2}_{m2,m2'}
 * </pre>
 * (products of Clebsch–Gordan coefficients H; cubic in u, not normalised unless
 * {@code bnormflag}, which divides by 2j+1). {@code bzeroflag} subtracts the value for an isolated
 * atom, {@code 2j+1} (1 with bnormflag). All angular labels here and in {@link #labels()} are the
 * doubled integers LAMMPS uses: {@code B[2j1,2j2,2j]}, e.g. {@code B[2,2,4]} is j1 = j2 = 1, j = 2.
 * The components are listed for j1 in 0..2J, j2 in 0..j1, j in j1-j2..min(2J, j1+j2) step 2 with
 * j &ge; j1. With {@code chemflag} there are nelem³ blocks (element of u^{j1}, of u^{j2}, of u^j;
 * last fastest), each the full list; with {@code quadraticflag} the products B_k B_l (k &le; l,
 * ½B_k² on the diagonal) follow in LAMMPS order.
 *
 * <p>Evaluation: atoms are processed in batches of {@link SnapKernel#lanes()} (one SIMD lane per
 * atom), the Cayley–Klein parameters and switching weights per pair in scalar code, then the
 * density recursion and the Z/B contraction in a {@link SnapKernel} ({@code PanamaSnapKernel} when
 * the Vector API is present, else {@link ScalarSnapKernel}); batches are spread over threads.
 *
 * <p>Derivatives ({@link DifferentiableDescriptor}, the quantity of LAMMPS {@code compute snad/atom}):
 * {@link #computeAtomsWithGradients} gives {@code dB_i/dD_k} for every neighbour entry in the same
 * pass as the values, by LAMMPS's {@code compute_dbidrj} scheme (full Z list once per centre, then per
 * neighbour du contracted with the Z blocks of every component, {@link SnapGradientIndex}), with du
 * from the SU(2) generators rather than LAMMPS's derivative recursion
 * ({@link SnapKernel#derivativeBasis}); vectorised over the centres of a batch like the values.
 */
public final class SnapBispectrum implements DifferentiableDescriptor {
    private static final String PANAMA = "org.atomdoe.descriptor.PanamaSnapKernel";

    private final SnapSettings settings;
    private final SnapIndex index;
    private final SnapKernel kernel;
    private final int threads;
    private final int ndens;
    private final int nb;
    private final int linearCount;
    private final int featureCount;
    private final List<String> labels;
    private final double[] bnormFactor;
    private final double[] bzero;
    private final double cutoff;
    /** Per species pair (I*nspecies + J): cutoff rcutfac·(R_I + R_J) and its square; per species wj. */
    private final double[] pairCut, pairCutSq, wjOf;
    /** Derivative tables and tasks, built on the first gradient call (values-only users never pay for them). */
    private volatile Gradients gradients;

    private record Gradients(SnapGradientIndex gx, SnapGradientIndex.Tasks tasks) {}

    private Gradients gradients() {
        Gradients g = gradients;
        if (g == null) {
            SnapGradientIndex gx = SnapGradientIndex.of(settings.twojmax());
            gradients = g = new Gradients(gx, gx.tasks(ndens));
        }
        return g;
    }

    /** Single-threaded, SIMD kernel when available. */
    public SnapBispectrum(SnapSettings settings) {
        this(settings, 1);
    }

    /**
     * @param threads worker threads per {@link #compute} call; 0 means all available processors
     */
    public SnapBispectrum(SnapSettings settings, int threads) {
        this(settings, threads, defaultKernel());
    }

    /** With an explicit kernel (tests compare the SIMD kernel with its scalar twin). */
    public SnapBispectrum(SnapSettings settings, int threads, SnapKernel kernel) {
        if (settings == null) throw new IllegalArgumentException("SNAP settings are required");
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got " + threads);
        if (kernel == null) throw new IllegalArgumentException("a SNAP kernel is required");
        this.settings = settings;
        this.index = SnapIndex.of(settings.twojmax());
        this.kernel = kernel;
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.ndens = settings.densities();
        this.nb = index.nb;
        this.linearCount = nb * ndens * ndens * ndens;
        this.featureCount = linearCount + (settings.quadraticflag() ? linearCount * (linearCount + 1) / 2 : 0);
        this.bnormFactor = new double[nb];
        this.bzero = new double[nb];
        for (int k = 0; k < nb; k++) {
            int j = index.bJ[k];
            bnormFactor[k] = settings.bnormflag() ? 1.0 / (j + 1) : 1.0;
            // LAMMPS bzero[j] = wself^3 (j+1), or wself^3 with bnormflag; wself = 1
            bzero[k] = settings.bzeroflag() ? (settings.bnormflag() ? 1.0 : j + 1) : 0.0;
        }
        this.cutoff = settings.maxCutoff();
        int ns = settings.species().size();
        this.pairCut = new double[ns * ns];
        this.pairCutSq = new double[ns * ns];
        this.wjOf = new double[ns];
        for (int a = 0; a < ns; a++) {
            wjOf[a] = settings.wj().get(a);
            for (int b = 0; b < ns; b++) {
                double c = settings.pairCutoff(a, b); // (radi + radj) * rcutfac, as LAMMPS
                pairCut[a * ns + b] = c;
                pairCutSq[a * ns + b] = c * c;
            }
        }
        this.labels = Collections.unmodifiableList(buildLabels());
    }

    /** The SIMD kernel when the Vector API is usable, else the scalar twin. */
    public static SnapKernel defaultKernel() {
        return VectorSupport.choose(SnapKernel.class, PANAMA, new ScalarSnapKernel());
    }

    private List<String> buildLabels() {
        List<String> lin = new ArrayList<>(linearCount);
        List<String> sp = settings.species();
        for (int t = 0; t < ndens * ndens * ndens; t++) {
            String prefix = "";
            if (settings.chemflag()) {
                int e1 = t / (ndens * ndens), e2 = (t / ndens) % ndens, e3 = t % ndens;
                prefix = sp.get(e1) + "," + sp.get(e2) + "," + sp.get(e3) + ";";
            }
            for (int k = 0; k < nb; k++) {
                lin.add("B[" + prefix + index.bJ1[k] + "," + index.bJ2[k] + "," + index.bJ[k] + "]");
            }
        }
        List<String> all = new ArrayList<>(featureCount);
        all.addAll(lin);
        if (settings.quadraticflag()) {
            for (int a = 0; a < linearCount; a++) {
                for (int b = a; b < linearCount; b++) all.add(lin.get(a) + "*" + lin.get(b));
            }
        }
        return all;
    }

    @Override
    public String name() {
        return "snap";
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    /** Number of linear components (before the quadratic products). */
    public int linearCount() {
        return linearCount;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public SnapSettings settings() {
        return settings;
    }

    /** The index tables in use. */
    public SnapIndex index() {
        return index;
    }

    /** The kernel in use (for reports: SIMD or scalar). */
    public SnapKernel kernel() {
        return kernel;
    }

    public int threads() {
        return threads;
    }

    @Override
    public void compute(Structure s, NeighborList neighbors, double[] out) {
        run(s, neighbors, 0, s.natoms(), out, null, null);
    }

    /**
     * Rows of atoms {@code [from, to)} only (other rows untouched): disjoint ranges may run on different threads, so
     * that {@link DescriptorCalculator} can split one large structure.
     */
    @Override
    public void computeAtoms(Structure s, NeighborList neighbors, int from, int to, double[] out) {
        run(s, neighbors, from, to, out, null, null);
    }

    @Override
    public boolean isAtomwise() {
        return true;
    }

    /** Each batch of centres is handed over from a small buffer. */
    @Override
    public boolean handsOverPerCentre() {
        return true;
    }

    /**
     * Values and pair gradients {@code pairGradients[(k*3 + a)*F + f] = dB_{i,f}/dD_{k,a}} in one pass (the
     * layout of {@link DifferentiableDescriptor}; entries beyond the pair cutoff get zeros). Per batch of
     * centres: densities u, the full Z list, B from it, then per neighbour slot du ({@link SnapKernel#derivativeBasis})
     * contracted with Z (LAMMPS {@code compute_dbidrj}, {@link SnapKernel#contract}), see {@link SnapGradientIndex};
     * with {@code quadraticflag} {@code d(B_k B_l) = dB_k B_l + B_k dB_l}. Values equal {@link #compute}'s up to
     * rounding (the Z sums are grouped differently).
     */
    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients) {
        if (pairGradients == null) throw new IllegalArgumentException("pairGradients is required (use compute for values only)");
        if (pairGradients.length < (long) nl.size() * 3 * featureCount) {
            throw new IllegalArgumentException("pair gradients need " + (long) nl.size() * 3 * featureCount + " doubles ("
                    + nl.size() + " neighbour entries x 3 x " + featureCount + " features), got " + pairGradients.length);
        }
        run(s, nl, from, to, values, pairGradients, null);
    }

    /**
     * Values and, centre by centre in increasing order, the pair gradients handed to {@code sink} from a per-batch
     * buffer (no array of every entry's gradients); always on the calling thread, whatever {@link #threads()} says, so
     * the sink sees the centres in order. The numbers are those of the array version, bit for bit.
     */
    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, CentreGradients sink) {
        if (sink == null) throw new IllegalArgumentException("a gradient sink is required (use compute for values only)");
        run(s, nl, from, to, values, null, sink);
    }

    /**
     * Rows of atoms [from, to), and their pair gradients into {@code grads} or {@code sink} when one is not null; batches
     * spread over threads (not with a sink, which must see the centres in order).
     */
    private void run(Structure s, NeighborList neighbors, int from, int to, double[] out, double[] grads, CentreGradients sink) {
        int n = s.natoms();
        if (neighbors.natoms() != n) {
            throw new IllegalArgumentException("neighbour list is for " + neighbors.natoms() + " atoms, structure has " + n);
        }
        if (neighbors.isHalf()) throw new IllegalArgumentException("SNAP needs a full neighbour list, got a half list");
        if (neighbors.cutoff() < cutoff) {
            throw new IllegalArgumentException("neighbour list cutoff " + neighbors.cutoff() + " Å is below the SNAP cutoff " + cutoff + " Å");
        }
        if (out.length < (long) n * featureCount) {
            throw new IllegalArgumentException("output needs " + (long) n * featureCount + " values, got " + out.length);
        }
        if (from < 0 || to > n || from > to) throw new IllegalArgumentException("atom range [" + from + ", " + to + ") outside 0.." + n);
        final int[] speciesOf = mapSpecies(s);
        final Gradients gr = grads == null && sink == null ? null : gradients();
        final int lanes = kernel.lanes();
        final int batches = (to - from + lanes - 1) / lanes;
        int nt = sink != null ? 1 : Math.max(1, Math.min(threads, (to - from + 63) / 64));
        if (nt == 1) {
            Workspace ws = new Workspace(gr);
            for (int bt = 0; bt < batches; bt++) computeBatch(s, neighbors, speciesOf, from + bt * lanes, to, ws, out, grads, sink);
            return;
        }
        final int chunk = Math.max(1, Math.min(16, batches / (nt * 8)));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                Workspace ws = new Workspace(gr);
                for (int c; (c = next.getAndAdd(chunk)) < batches && failure.get() == null; ) {
                    int end = Math.min(batches, c + chunk);
                    for (int bt = c; bt < end; bt++) computeBatch(s, neighbors, speciesOf, from + bt * lanes, to, ws, out, grads, null);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread[] helpers = new Thread[nt - 1];
        for (int t = 0; t < helpers.length; t++) {
            helpers[t] = new Thread(worker, "snap-" + t);
            helpers[t].setDaemon(true);
            helpers[t].start();
        }
        worker.run();
        for (Thread h : helpers) {
            try {
                h.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing SNAP", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error er) throw er;
        if (f != null) throw new IllegalStateException(f);
    }

    /** Structure species index to settings species index; unknown species are an error. */
    private int[] mapSpecies(Structure s) {
        String[] table = s.speciesSymbols();
        int[] map = new int[table.length];
        for (int k = 0; k < table.length; k++) {
            map[k] = settings.species().indexOf(table[k]);
            if (map[k] < 0) {
                throw new IllegalArgumentException("species " + table[k] + " is not among the SNAP species " + settings.species());
            }
        }
        int[] sp = s.species();
        int[] out = new int[sp.length];
        for (int i = 0; i < sp.length; i++) out[i] = map[sp[i]];
        return out;
    }

    /** Per-thread buffers, grown on demand. */
    private final class Workspace {
        final int lanes = kernel.lanes();
        final Gradients gr;
        int cap;
        double[] ar = new double[0], ai = ar, br = ar, bi = ar, sw = ar;
        final double[] utr = new double[ndens * index.idxuMax * lanes];
        final double[] uti = new double[ndens * index.idxuMax * lanes];
        final double[] work = new double[kernel.workLength(index)];
        final double[] b = new double[linearCount * lanes];
        final int[] count = new int[lanes];
        final double[] row = new double[linearCount];
        // gradients only: per slot the 3 x 3 m = sw G (weight times the su(2) coordinates of g⁻¹ dg/dD_c), the
        // three w_q of the weighted basis (SnapKernel#derivativeBasis), density masks, list entry
        double[] gen = ar, dsw = ar, mask = ar;
        int[] entry = new int[0];
        final double[] z, basisWork, dW, dB, rows;
        /** Sink mode: per lane the pair gradients of its centre's entries, {@code centreStride} apart. */
        double[] centre = ar;
        int centreStride;

        Workspace(Gradients gr) {
            this.gr = gr;
            if (gr == null) {
                z = basisWork = dW = dB = rows = null;
                return;
            }
            SnapGradientIndex gx = gr.gx();
            z = new double[2 * ndens * ndens * gx.zMax * lanes];
            basisWork = new double[kernel.basisWorkLength(gx)];
            dW = new double[gx.halfMax * 6 * lanes];
            dB = new double[3 * linearCount * lanes];
            rows = new double[linearCount * lanes];
        }

        void ensure(int slots) {
            if (slots <= cap) return;
            cap = Math.max(slots, cap + cap / 2 + 8);
            ar = new double[cap * lanes];
            ai = new double[cap * lanes];
            br = new double[cap * lanes];
            bi = new double[cap * lanes];
            sw = new double[ndens * cap * lanes];
            if (gr != null) {
                gen = new double[9 * cap * lanes];
                dsw = new double[3 * cap * lanes];
                mask = new double[ndens * cap * lanes];
                entry = new int[cap * lanes];
            }
        }

        /** Zeroed room for the gradients of {@code entries} list entries per lane (entries beyond the cutoff stay zero). */
        void clearCentre(int entries) {
            int stride = entries * 3 * featureCount;
            if (centre.length < stride * lanes) centre = new double[Math.max(stride, centreStride + centreStride / 2) * lanes];
            centreStride = stride;
            Arrays.fill(centre, 0, stride * lanes, 0.0);
        }
    }

    /**
     * Atoms {@code [first, min(first + lanes, limit))}: values into {@code out}, and pair gradients into
     * {@code grads} when it is not null.
     */
    private void computeBatch(Structure s, NeighborList nl, int[] speciesOf, int first, int limit, Workspace ws,
                              double[] out, double[] grads, CentreGradients sink) {
        final int L = ws.lanes;
        final int[] off = nl.offsets();
        int maxCount = 0;
        for (int l = 0; l < L; l++) {
            int i = first + l;
            if (i < limit) maxCount = Math.max(maxCount, off[i + 1] - off[i]);
        }
        ws.ensure(maxCount);
        if (sink != null) ws.clearCentre(maxCount);
        final int swStride = ws.cap * L;
        final double[] ar = ws.ar, ai = ws.ai, br = ws.br, bi = ws.bi, sw = ws.sw;
        final double[] dxs = nl.dx(), dys = nl.dy(), dzs = nl.dz();
        final int[] nbr = nl.neighbors();
        final double rfac0 = settings.rfac0(), rmin0 = settings.rmin0();
        final int ns = settings.species().size();
        final boolean switching = settings.switchflag();
        final boolean chem = settings.chemflag();
        final boolean grad = grads != null || sink != null;
        final int gStride = 3 * featureCount;
        int nslots = 0;
        for (int l = 0; l < L; l++) {
            int i = first + l;
            int c = 0;
            if (i < limit) {
                int si = speciesOf[i] * ns;
                for (int k = off[i], end = off[i + 1]; k < end; k++) {
                    // LAMMPS sna/atom uses r_ij = x_i - x_j
                    double x = -dxs[k], y = -dys[k], z = -dzs[k];
                    double rsq = x * x + y * y + z * z;
                    int sj = speciesOf[nbr[k]];
                    if (!(rsq < pairCutSq[si + sj] && rsq > 1e-20)) {
                        // outside this pair's cutoff: B does not depend on this entry
                        if (grads != null) Arrays.fill(grads, k * gStride, (k + 1) * gStride, 0.0);
                        continue;
                    }
                    double rcut = pairCut[si + sj];
                    double r = Math.sqrt(rsq);
                    double theta0 = (r - rmin0) * rfac0 * Math.PI / (rcut - rmin0);
                    double z0 = r / Math.tan(theta0);
                    double r0inv = 1.0 / Math.sqrt(r * r + z0 * z0);
                    int p = c * L + l;
                    ar[p] = r0inv * z0;
                    ai[p] = -r0inv * z;
                    br[p] = r0inv * y;
                    bi[p] = -r0inv * x;
                    double sfac;
                    if (!switching) sfac = 1.0;
                    else if (r <= rmin0) sfac = 1.0;
                    else if (r > rcut) sfac = 0.0;
                    else sfac = 0.5 * (Math.cos((r - rmin0) * (Math.PI / (rcut - rmin0))) + 1.0);
                    double wsf = sfac * wjOf[sj];
                    if (chem) {
                        for (int e = 0; e < ndens; e++) sw[e * swStride + p] = e == sj ? wsf : 0.0;
                    } else {
                        sw[p] = wsf;
                    }
                    if (grad) {
                        pairDerivatives(ws, p, L, x, y, z, r, z0, r0inv, rcut, wsf, sj);
                        ws.entry[p] = k;
                    }
                    c++;
                }
            }
            ws.count[l] = c;
            nslots = Math.max(nslots, c);
        }
        // pad the shorter lanes with zero-weight slots
        for (int l = 0; l < L; l++) {
            for (int c = ws.count[l]; c < nslots; c++) {
                int p = c * L + l;
                ar[p] = 0.0;
                ai[p] = 0.0;
                br[p] = 0.0;
                bi[p] = 0.0;
                for (int e = 0; e < ndens; e++) sw[e * swStride + p] = 0.0;
                if (grad) {
                    for (int q = 0; q < 9; q++) ws.gen[(c * 9 + q) * L + l] = 0.0;
                    for (int a = 0; a < 3; a++) ws.dsw[(c * 3 + a) * L + l] = 0.0;
                    for (int e = 0; e < ndens; e++) ws.mask[e * swStride + p] = 0.0;
                }
            }
        }
        initSelf(speciesOf, first, limit, ws);
        kernel.accumulateDensity(index, ndens, nslots, ar, ai, br, bi, sw, swStride, ws.utr, ws.uti, ws.work);
        if (!grad) {
            kernel.bispectrum(index, ndens, ws.utr, ws.uti, ws.b);
            writeRows(speciesOf, first, limit, ws, out);
            return;
        }
        final SnapGradientIndex gx = ws.gr.gx();
        kernel.zList(gx, ndens, ws.utr, ws.uti, ws.z);
        kernel.bispectrumFromZ(gx, ndens, ws.utr, ws.uti, ws.z, ws.b);
        writeRows(speciesOf, first, limit, ws, out);
        for (int c = 0; c < nslots; c++) {
            kernel.derivativeBasis(gx, c, ar, ai, br, bi, ws.dsw, ws.basisWork, ws.dW);
            kernel.contract(ws.gr.tasks(), linearCount, ndens, ws.mask, swStride, c, ws.gen, ws.z, ws.dW, ws.dB);
            for (int l = 0; l < L; l++) {
                if (c >= ws.count[l]) continue;
                int k = ws.entry[c * L + l];
                if (sink == null) scatter(ws, l, grads, k * gStride);
                else scatter(ws, l, ws.centre, l * ws.centreStride + (k - off[first + l]) * gStride);
            }
        }
        if (sink != null) {
            for (int l = 0; l < L && first + l < limit; l++) sink.accept(first + l, ws.centre, l * ws.centreStride);
        }
    }

    /**
     * Derivatives with respect to the pair vector (x, y, z) of a, b and the weight (LAMMPS
     * {@code compute_duidrj}/{@code compute_duarray}, {@code compute_dsfac}): with
     * {@code θ0 = (r - rmin0)·s0}, {@code s0 = rfac0·π/(R - rmin0)}, {@code z0 = r cot θ0},
     * {@code dz0/dr = z0/r - r s0 (r² + z0²)/r²}, {@code d(1/r0)/dr = -(r + z0 dz0/dr)/r0³}. The pair
     * (a, b) is a unit quaternion, the SU(2) element {@code g = [[a, b], [-b̄, ā]]}, and LAMMPS's u^j is a
     * representation ({@code u(g h) = u(g) u(h)}); so {@code du/dx_c = u(g)·ρ(g⁻¹ dg/dx_c)} with
     * {@code g⁻¹ dg = [[α, β], [-β̄, ᾱ]]}, {@code α = ā da + b conj(db)} (imaginary), {@code β = ā db - b conj(da)}:
     * per direction (Im α, Re β, Im β), the row G_c of a 3 x 3 G. All taken along D = -x (the list's pair vector).
     * Stored for the kernel: {@code m = sw·G} and {@code w = (dsw/sw) X/|X|²}, X the radial row, see
     * {@link SnapKernel#derivativeBasis} and {@link SnapKernel#contract}.
     */
    private void pairDerivatives(Workspace ws, int p, int L, double x, double y, double z, double r, double z0,
                                 double r0inv, double rcut, double wsf, int sj) {
        final double rmin0 = settings.rmin0();
        final double rscale0 = settings.rfac0() * Math.PI / (rcut - rmin0);
        final double rsq = r * r;
        final double dz0dr = z0 / r - (r * rscale0) * (rsq + z0 * z0) / rsq;
        final double dr0invdr = -r0inv * r0inv * r0inv * (r + z0 * dz0dr);
        // Derivatives along D = -x (the list's pair vector), so that the contraction yields dB/dD with no sign
        // flip per component afterwards: every d/dx below is negated (hence the leading minus signs).
        final double rinv = 1.0 / r, ux = x * rinv, uy = y * rinv, uz = z * rinv;
        final int c = p / L, l = p - c * L, g = c * 9 * L + l;
        final double ar = r0inv * z0, ai = -r0inv * z, br = r0inv * y, bi = -r0inv * x;
        final double[] gen = ws.gen;
        // d/dx_a of (a, b): with t = dr0inv/dr, d(r0inv)/dx_a = t u_a; the constant parts only on the diagonal
        final double tx = dr0invdr * ux, ty = dr0invdr * uy, tz = dr0invdr * uz;
        final double zr = dz0dr * r0inv;
        direction(gen, g, L, ar, ai, br, bi, zr * ux + z0 * tx, -z * tx, y * tx, -x * tx - r0inv);
        direction(gen, g + 3 * L, L, ar, ai, br, bi, zr * uy + z0 * ty, -z * ty, y * ty + r0inv, -x * ty);
        direction(gen, g + 6 * L, L, ar, ai, br, bi, zr * uz + z0 * tz, -z * tz - r0inv, y * tz, -x * tz);
        double dsfac = 0.0;
        if (settings.switchflag() && r > rmin0 && r <= rcut) {
            double f = Math.PI / (rcut - rmin0);
            dsfac = -0.5 * Math.sin((r - rmin0) * f) * f;
        }
        // dW_c = dsw_c u + sw Σ_q G_{c,q} u ρ_q with dsw_c = ds u_c. The radial direction's generator X = Σ_c u_c G_c is
        // orthogonal to every tangential one (a radial step only turns the angle θ0 about the fixed axis, a tangential
        // step only moves the axis, g = exp(θ0 N) as a unit quaternion), so G X = |X|² û and, with w = (ds/sw) X/|X|²,
        // dW_c = sw Σ_q G_{c,q} (u ρ_q + w_q u): the kernel builds the three P_q = u ρ_q + w_q u and turns the
        // contracted P_q into directions with m = sw G.
        final double ds = -dsfac * wjOf[sj];
        final double xa = ux * gen[g] + uy * gen[g + 3 * L] + uz * gen[g + 6 * L];
        final double xb = ux * gen[g + L] + uy * gen[g + 4 * L] + uz * gen[g + 7 * L];
        final double xc = ux * gen[g + 2 * L] + uy * gen[g + 5 * L] + uz * gen[g + 8 * L];
        double swg = wsf;
        if (swg == 0.0 && ds != 0.0) {
            // a neighbour within rounding of the cutoff: LAMMPS's sfac = (cos φ + 1)/2 rounds to 0 while dsfac does
            // not; the same weight as cos²(φ/2) keeps m = sw G invertible for the dsw term (its sw G ρ part is ~sfac)
            double h = Math.cos(0.5 * (r - rmin0) * (Math.PI / (rcut - rmin0)));
            swg = wjOf[sj] * h * h;
        }
        final double wscale = swg == 0.0 ? 0.0 : ds / (swg * (xa * xa + xb * xb + xc * xc));
        final int d = c * 3 * L + l;
        ws.dsw[d] = wscale * xa;
        ws.dsw[d + L] = wscale * xb;
        ws.dsw[d + 2 * L] = wscale * xc;
        for (int q = 0; q < 9; q++) gen[g + q * L] *= swg;
        // chemflag: the neighbour's derivative enters only the density of its own element
        if (ndens == 1) ws.mask[p] = 1.0;
        else for (int e = 0; e < ndens; e++) ws.mask[e * ws.cap * L + p] = !settings.chemflag() || e == sj ? 1.0 : 0.0;
    }

    /**
     * The su(2) coordinates (Im α, Re β, Im β) of {@code -g⁻¹ dg} for one direction, from (a, b) and their derivatives
     * along x (negated: the derivative along D = -x), at {@code gen[at]}, {@code gen[at + L]}, {@code gen[at + 2L]}.
     */
    private static void direction(double[] gen, int at, int L, double ar, double ai, double br, double bi,
                                  double dar, double dai, double dbr, double dbi) {
        gen[at] = -(ar * dai - ai * dar + bi * dbr - br * dbi);          // Im α
        gen[at + L] = -(ar * dbr + ai * dbi - br * dar - bi * dai);      // Re β
        gen[at + 2 * L] = -(ar * dbi - ai * dbr - bi * dar + br * dai);  // Im β
    }

    /**
     * Lane l's slot derivatives into the pair-gradient rows {@code grads[base + a * F ...]} of one list entry (the
     * contraction already gives {@code dB/dD}: the pair parameters' derivatives are along D, {@link #pairDerivatives}),
     * bnorm applied, then the quadratic products.
     */
    private void scatter(Workspace ws, int l, double[] grads, int base) {
        final int L = ws.lanes, nf = linearCount, F = featureCount;
        final double[] dB = ws.dB;
        final boolean bnorm = settings.bnormflag();
        for (int a = 0; a < 3; a++) {
            final int g = base + a * F;
            final int d0 = a * nf * L + l;
            if (bnorm) {
                for (int f = 0, jb = 0; f < nf; f++, jb = jb + 1 == nb ? 0 : jb + 1) grads[g + f] = bnormFactor[jb] * dB[d0 + f * L];
            } else {
                for (int f = 0, d = d0; f < nf; f++, d += L) grads[g + f] = dB[d];
            }
            if (settings.quadraticflag()) {
                final double[] row = ws.rows;
                final int rb = l * nf;
                int q = g + nf;
                for (int p = 0; p < nf; p++) {
                    double bp = row[rb + p], dp = grads[g + p];
                    grads[q++] = bp * dp;
                    for (int o = p + 1; o < nf; o++) grads[q++] = dp * row[rb + o] + bp * grads[g + o];
                }
            }
        }
    }

    /** Zero densities plus the self term wself = 1 on the diagonal (LAMMPS zero_uarraytot). */
    private void initSelf(int[] speciesOf, int first, int n, Workspace ws) {
        final int L = ws.lanes;
        Arrays.fill(ws.utr, 0.0);
        Arrays.fill(ws.uti, 0.0);
        for (int l = 0; l < L; l++) {
            int i = first + l;
            int ielem = i < n && settings.chemflag() ? speciesOf[i] : 0;
            for (int e = 0; e < ndens; e++) {
                if (!(e == ielem || settings.wselfallflag())) continue;
                for (int j = 0; j <= index.twojmax; j++) {
                    for (int mb = 0; 2 * mb <= j; mb++) {
                        int jju = index.idxuBlock[j] + (j + 1) * mb + mb;
                        ws.utr[(e * index.idxuMax + jju) * L + l] = 1.0;
                    }
                }
            }
        }
    }

    private void writeRows(int[] speciesOf, int first, int n, Workspace ws, double[] out) {
        final int L = ws.lanes;
        final double[] row = ws.row;
        final int ntrip = ndens * ndens * ndens;
        for (int l = 0; l < L; l++) {
            int i = first + l;
            if (i >= n) break;
            int ielem = settings.chemflag() ? speciesOf[i] : 0;
            int selfTriple = (ielem * ndens + ielem) * ndens + ielem;
            for (int t = 0; t < ntrip; t++) {
                boolean shift = settings.bzeroflag() && (settings.wselfallflag() || t == selfTriple);
                for (int k = 0; k < nb; k++) {
                    double v = ws.b[(t * nb + k) * L + l] * bnormFactor[k];
                    if (shift) v -= bzero[k];
                    row[t * nb + k] = v;
                }
            }
            if (ws.rows != null) System.arraycopy(row, 0, ws.rows, l * linearCount, linearCount);
            long base = (long) i * featureCount;
            System.arraycopy(row, 0, out, (int) base, linearCount);
            if (settings.quadraticflag()) {
                int q = (int) base + linearCount;
                for (int a = 0; a < linearCount; a++) {
                    double ba = row[a];
                    out[q++] = 0.5 * ba * ba;
                    for (int c = a + 1; c < linearCount; c++) out[q++] = ba * row[c];
                }
            }
        }
    }
}
