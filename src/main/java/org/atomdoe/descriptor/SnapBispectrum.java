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
 * Derivatives (LAMMPS {@code snad/atom}) would add the per-neighbour dU and the adjoint Y built
 * from {@link SnapIndex#cglist}; the per-pair parameters already live in per-slot arrays for that.
 */
public final class SnapBispectrum implements Descriptor {
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
        int[] speciesOf = mapSpecies(s);
        final int lanes = kernel.lanes();
        final int batches = (n + lanes - 1) / lanes;
        int nt = Math.max(1, Math.min(threads, (n + 63) / 64));
        if (nt == 1) {
            Workspace ws = new Workspace();
            for (int bt = 0; bt < batches; bt++) computeBatch(s, neighbors, speciesOf, bt * lanes, ws, out);
            return;
        }
        final int chunk = Math.max(1, Math.min(16, batches / (nt * 8)));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                Workspace ws = new Workspace();
                for (int c; (c = next.getAndAdd(chunk)) < batches && failure.get() == null; ) {
                    int end = Math.min(batches, c + chunk);
                    for (int bt = c; bt < end; bt++) computeBatch(s, neighbors, speciesOf, bt * lanes, ws, out);
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
        int cap;
        double[] ar = new double[0], ai = ar, br = ar, bi = ar, sw = ar;
        final double[] utr = new double[ndens * index.idxuMax * lanes];
        final double[] uti = new double[ndens * index.idxuMax * lanes];
        final double[] work = new double[kernel.workLength(index)];
        final double[] b = new double[linearCount * lanes];
        final int[] count = new int[lanes];
        final double[] row = new double[linearCount];

        void ensure(int slots) {
            if (slots <= cap) return;
            cap = Math.max(slots, cap + cap / 2 + 8);
            ar = new double[cap * lanes];
            ai = new double[cap * lanes];
            br = new double[cap * lanes];
            bi = new double[cap * lanes];
            sw = new double[ndens * cap * lanes];
        }
    }

    private void computeBatch(Structure s, NeighborList nl, int[] speciesOf, int first, Workspace ws, double[] out) {
        final int L = ws.lanes;
        final int n = s.natoms();
        final int[] off = nl.offsets();
        int maxCount = 0;
        for (int l = 0; l < L; l++) {
            int i = first + l;
            if (i < n) maxCount = Math.max(maxCount, off[i + 1] - off[i]);
        }
        ws.ensure(maxCount);
        final int swStride = ws.cap * L;
        final double[] ar = ws.ar, ai = ws.ai, br = ws.br, bi = ws.bi, sw = ws.sw;
        final double[] dxs = nl.dx(), dys = nl.dy(), dzs = nl.dz();
        final int[] nbr = nl.neighbors();
        final double rfac0 = settings.rfac0(), rmin0 = settings.rmin0();
        final int ns = settings.species().size();
        final boolean switching = settings.switchflag();
        final boolean chem = settings.chemflag();
        int nslots = 0;
        for (int l = 0; l < L; l++) {
            int i = first + l;
            int c = 0;
            if (i < n) {
                int si = speciesOf[i] * ns;
                for (int k = off[i], end = off[i + 1]; k < end; k++) {
                    // LAMMPS sna/atom uses r_ij = x_i - x_j
                    double x = -dxs[k], y = -dys[k], z = -dzs[k];
                    double rsq = x * x + y * y + z * z;
                    int sj = speciesOf[nbr[k]];
                    if (!(rsq < pairCutSq[si + sj] && rsq > 1e-20)) continue;
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
            }
        }
        initSelf(speciesOf, first, n, ws);
        kernel.accumulateDensity(index, ndens, nslots, ar, ai, br, bi, sw, swStride, ws.utr, ws.uti, ws.work);
        kernel.bispectrum(index, ndens, ws.utr, ws.uti, ws.b);
        writeRows(speciesOf, first, n, ws, out);
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
