package org.atomdoe.descriptor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.neighbors.ParallelNeighbors;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;

/**
 * Computes one descriptor over a whole pool on a fixed number of threads: neighbour search and
 * descriptor rows per structure, large structures split into blocks of atoms (for
 * {@link AtomwiseDescriptor}s and {@link SnapBispectrum}). Every row is computed by the same sequential code
 * whatever the thread count, so the output is bitwise deterministic.
 */
public final class DescriptorCalculator implements AutoCloseable {
    /** Builds a full neighbour list of a structure for a cutoff, into {@code reuse} when it can (returns the list). */
    @FunctionalInterface
    public interface NeighborSearch {
        NeighborList build(Structure s, double cutoff, NeighborList reuse);
    }

    /** Atoms per task when one structure is split over threads. */
    static final int BLOCK = 512;

    private final Descriptor descriptor;
    private final int threads;
    private final NeighborSearch search;
    private final ExecutorService pool;
    /**
     * With the default search and several threads: the list of a large structure built by all threads
     * ({@link ParallelNeighbors}, identical to the serial list), so the search is not the serial part of a split
     * structure (SOAP's list to 8.7 Å is ~20 % of the work); null otherwise.
     */
    private final ParallelNeighbors parallelSearch;

    /** With the default neighbour search ({@link #defaultSearch()}). */
    public DescriptorCalculator(Descriptor descriptor, int threads) {
        this(descriptor, threads, defaultSearch(), true);
    }

    public DescriptorCalculator(Descriptor descriptor, int threads, NeighborSearch search) {
        this(descriptor, threads, search, false);
    }

    private DescriptorCalculator(Descriptor descriptor, int threads, NeighborSearch search, boolean defaultSearch) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.descriptor = Objects.requireNonNull(descriptor);
        this.threads = threads;
        this.search = Objects.requireNonNull(search);
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "atomdoe-descriptor");
            t.setDaemon(true);
            return t;
        });
        this.parallelSearch = defaultSearch && threads > 1 ? new ParallelNeighbors(threads) : null;
    }

    /** The neighbour search used by default: the exact linked-cell search {@link CellList}. */
    public static NeighborSearch defaultSearch() {
        ThreadLocal<CellList> cells = ThreadLocal.withInitial(CellList::new);
        return (s, cutoff, reuse) -> {
            cells.get().build(s, cutoff, false, reuse);
            return reuse;
        };
    }

    /** Per-thread neighbour-list buffers: a 16k-atom SOAP list holds 2.7 M entries, not to be reallocated per structure. */
    private final ThreadLocal<NeighborList> lists = ThreadLocal.withInitial(NeighborList::new);

    private NeighborList neighbors(Structure s) {
        return search.build(s, descriptor.cutoff(), lists.get());
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    /** Per-atom rows of one structure ({@code natoms x featureCount()}, row-major). */
    public double[] perAtom(Structure s) {
        return perAtom(List.of(s)).get(0);
    }

    /** Per-atom rows of every structure, in pool order. */
    public List<double[]> perAtom(List<Structure> structures) {
        List<double[]> out = new ArrayList<>(structures.size());
        for (Structure s : structures) out.add(new double[s.natoms() * descriptor.featureCount()]);
        if (pool == null) {
            for (int k = 0; k < structures.size(); k++) {
                Structure s = prepare(structures.get(k));
                descriptor.compute(s, neighbors(s), out.get(k));
            }
            return out;
        }
        // small structures: one task each; large ones: neighbour list first, then blocks of atoms
        List<Future<?>> tasks = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        boolean split = descriptor.isAtomwise();
        for (int k = 0; k < structures.size(); k++) {
            Structure s = structures.get(k);
            if (split && s.natoms() >= 2 * BLOCK) {
                large.add(k);
                continue;
            }
            double[] rows = out.get(k);
            tasks.add(pool.submit(() -> {
                Structure p = prepare(s);
                descriptor.compute(p, neighbors(p), rows);
            }));
        }
        for (int k : large) { // one at a time: the caller's list buffer is shared by the blocks
            Structure p = prepare(structures.get(k));
            NeighborList nl = largeNeighbors(p);
            List<Future<?>> blocksOfThis = new ArrayList<>();
            double[] rows = out.get(k);
            int n = p.natoms();
            int blocks = blocks(n);
            for (int b = 0; b < blocks; b++) {
                int from = (int) ((long) n * b / blocks), to = (int) ((long) n * (b + 1) / blocks);
                blocksOfThis.add(pool.submit(() -> descriptor.computeAtoms(p, nl, from, to, rows)));
            }
            await(blocksOfThis);
        }
        await(tasks);
        return out;
    }

    /**
     * The list of a structure split into blocks of atoms, in the caller's buffer: built on all threads when there
     * are several, so the search is not the serial part of the split.
     */
    private NeighborList largeNeighbors(Structure p) {
        if (parallelSearch == null) return neighbors(p);
        NeighborList nl = lists.get();
        synchronized (parallelSearch) { // one caller at a time
            parallelSearch.build(p, descriptor.cutoff(), false, nl);
        }
        return nl;
    }

    /** Number of atom blocks a large structure is split into. */
    private int blocks(int natoms) {
        return Math.max(threads, (natoms + BLOCK - 1) / BLOCK);
    }

    /**
     * Aggregated rows, one per structure ({@code structures.size() x agg.width(...)}, row-major),
     * computed structure by structure so that the per-atom rows of a large pool are never all held.
     */
    public double[] aggregate(List<Structure> structures, Aggregation agg, SpeciesChannels species) {
        return aggregate(structures, agg, species, Progress.NONE);
    }

    /** The same, advancing {@code progress} by each batch of structures done. */
    private double[] aggregate(List<Structure> structures, Aggregation agg, SpeciesChannels species, Progress progress) {
        int nf = descriptor.featureCount();
        int w = agg.width(nf, species.size());
        double[] out = new double[structures.size() * w];
        int batch = Math.max(1, threads * 64);
        for (int start = 0; start < structures.size(); start += batch) {
            List<Structure> part = structures.subList(start, Math.min(structures.size(), start + batch));
            List<double[]> rows = perAtom(part);
            for (int k = 0; k < part.size(); k++) {
                Structure s = part.get(k);
                int[] ch = agg == Aggregation.SPECIES_SUM ? species.atomChannels(s) : null;
                agg.apply(rows.get(k), s.natoms(), nf, ch, species.size(), out, (start + k) * w);
            }
            progress.advance(part.size());
        }
        return out;
    }

    /**
     * Energy rows and, when asked, force and stress rows of every structure for a linear model on
     * {@code agg} rows ({@link ForceRows}); the descriptor must be a {@link DifferentiableDescriptor} when
     * forces or stress are asked. One pass gives both: the energy rows are the sums of the values computed with the
     * gradients, and each centre's pair gradients are summed into the force and stress rows as the descriptor hands
     * them over ({@link DifferentiableDescriptor.CentreGradients}), so no array of every pair's gradients is held.
     * Structures run in parallel, one task each; a structure of at least {@code 2 * BLOCK} atoms is split into blocks
     * of atoms computed in parallel and summed in block order. Every sum is taken centre by centre in increasing order,
     * whatever the thread count, so the rows are bitwise deterministic and equal to {@link ForceRows#forces} and
     * {@link ForceRows#stress} on the pair gradients.
     */
    public ConfigurationRows configurationRows(List<Structure> structures, Aggregation agg, SpeciesChannels species,
                                               boolean forces, boolean stress) {
        return configurationRows(structures, agg, species, forces, stress, Progress.NONE);
    }

    /** The same, advancing {@code progress} by one per structure done (the caller starts and finishes it). */
    public ConfigurationRows configurationRows(List<Structure> structures, Aggregation agg, SpeciesChannels species,
                                               boolean forces, boolean stress, Progress progress) {
        int nf = descriptor.featureCount(), ns = species.size(), w = agg.width(nf, ns), n = structures.size();
        if (!forces && !stress) return new ConfigurationRows(w, aggregate(structures, agg, species, progress), null, null);
        if (!(descriptor instanceof DifferentiableDescriptor dd) || !dd.hasGradients()) {
            throw new IllegalArgumentException("descriptor " + descriptor.name() + " with these settings gives no gradients: "
                    + "force and stress rows need one that does");
        }
        double[] energy = new double[n * w];
        double[][] f = forces ? new double[n][] : null;
        double[][] st = stress ? new double[n][] : null;
        List<Future<?>> tasks = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final int c = k;
            if (pool != null && structures.get(c).natoms() >= 2 * BLOCK) {
                large.add(c);
                continue;
            }
            Runnable task = () -> {
                Structure s = prepare(structures.get(c));
                NeighborList nl = neighbors(s);
                Assembly rows = new Assembly(s, nl, agg, species, nf, forces, stress);
                double[] values = new double[s.natoms() * nf];
                dd.computeAtomsWithGradients(s, nl, 0, s.natoms(), values, rows::add);
                rows.finish(values, energy, c * w, f, st, c);
                progress.advance(1);
            };
            if (pool == null) task.run();
            else tasks.add(pool.submit(task));
        }
        for (int c : large) { // in this thread, one at a time: the blocks share this thread's neighbour list
            Structure s = prepare(structures.get(c));
            NeighborList nl = largeNeighbors(s);
            Assembly rows = new Assembly(s, nl, agg, species, nf, forces, stress);
            double[] values = new double[s.natoms() * nf];
            int natoms = s.natoms(), blocks = blocks(natoms);
            if (!dd.handsOverPerCentre()) { // blocks fill one array of every entry's gradients
                double[] g = new double[nl.size() * 3 * nf];
                List<Future<?>> parts = new ArrayList<>();
                for (int b = 0; b < blocks; b++) {
                    int from = (int) ((long) natoms * b / blocks), to = (int) ((long) natoms * (b + 1) / blocks);
                    parts.add(pool.submit(() -> dd.computeAtomsWithGradients(s, nl, from, to, values, g)));
                }
                await(parts);
                for (int i = 0; i < natoms; i++) rows.add(i, g, nl.start(i) * 3 * nf);
                rows.finish(values, energy, c * w, f, st, c);
                progress.advance(1);
                continue;
            }
            // at most 2 blocks per thread in flight: their gradients are held until summed, in block order
            ArrayDeque<Future<double[]>> inFlight = new ArrayDeque<>();
            int submitted = 0;
            for (int b = 0; b < blocks; b++) {
                while (submitted < blocks && submitted < b + 2 * threads) {
                    int from = (int) ((long) natoms * submitted / blocks), to = (int) ((long) natoms * (submitted + 1) / blocks);
                    inFlight.add(pool.submit(() -> blockGradients(dd, s, nl, from, to, values)));
                    submitted++;
                }
                double[] g = await(inFlight.poll());
                int from = (int) ((long) natoms * b / blocks), to = (int) ((long) natoms * (b + 1) / blocks);
                int base = nl.start(from);
                for (int i = from; i < to; i++) rows.add(i, g, (nl.start(i) - base) * 3 * nf);
            }
            rows.finish(values, energy, c * w, f, st, c);
            progress.advance(1);
        }
        await(tasks);
        return new ConfigurationRows(w, energy, f, st);
    }

    /** Values of atoms [from, to) into {@code values}; their pair gradients returned, from the block's first entry on. */
    private static double[] blockGradients(DifferentiableDescriptor dd, Structure s, NeighborList nl, int from, int to, double[] values) {
        int stride = 3 * dd.featureCount(), base = nl.start(from);
        double[] g = new double[(nl.end(to - 1) - base) * stride];
        dd.computeAtomsWithGradients(s, nl, from, to, values,
                (i, src, off) -> System.arraycopy(src, off, g, (nl.start(i) - base) * stride, nl.count(i) * stride));
        return g;
    }

    /** The force and stress rows of one structure, summed centre by centre. */
    private static final class Assembly {
        final Structure s;
        final NeighborList nl;
        final Aggregation agg;
        final int[] channels;
        final int nf, ns;
        final double[] forces, stress;

        Assembly(Structure s, NeighborList nl, Aggregation agg, SpeciesChannels species, int nf, boolean forces, boolean stress) {
            this.s = s;
            this.nl = nl;
            this.agg = agg;
            this.channels = species.atomChannels(s);
            this.nf = nf;
            this.ns = species.size();
            int w = agg.width(nf, ns);
            this.forces = forces ? new double[3 * s.natoms() * w] : null;
            this.stress = stress && s.isPeriodic() && s.cell().volume() > 0 ? new double[6 * w] : null;
        }

        void add(int i, double[] g, int off) {
            if (forces != null) ForceRows.addForces(nl, i, g, off, nf, agg, channels, ns, forces, 0);
            if (stress != null) ForceRows.addStress(s, nl, i, g, off, nf, agg, channels, ns, stress, 0);
        }

        void finish(double[] values, double[] energy, int energyOff, double[][] f, double[][] st, int c) {
            agg.apply(values, s.natoms(), nf, channels, ns, energy, energyOff);
            if (f != null) f[c] = forces;
            if (st != null) st[c] = stress;
        }
    }

    /** Honours the descriptor's {@code periodic = false}: the structure is then treated as a cluster. */
    private Structure prepare(Structure s) {
        if (descriptor.periodic() || !s.isPeriodic()) return s;
        return new Structure(s.cell(), new boolean[3], s.speciesSymbols(), s.species(),
                s.x(), s.y(), s.z(), null, null);
    }

    private static void await(List<Future<?>> tasks) {
        for (Future<?> f : tasks) await(f);
    }

    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
        if (parallelSearch != null) parallelSearch.close();
    }
}
