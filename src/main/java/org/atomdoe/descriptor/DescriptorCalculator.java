package org.atomdoe.descriptor;

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

/**
 * Computes one descriptor over a whole pool on a fixed number of threads: neighbour search and
 * descriptor rows per structure, large structures split into blocks of atoms (for
 * {@link AtomwiseDescriptor}s). Every row is computed by the same sequential code whatever the
 * thread count, so the output is bitwise deterministic.
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
        for (int k = 0; k < structures.size(); k++) {
            Structure s = structures.get(k);
            if (descriptor instanceof AtomwiseDescriptor a && a.isAtomwise() && s.natoms() >= 2 * BLOCK) {
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
            NeighborList nl;
            if (parallelSearch != null) {
                nl = lists.get();
                synchronized (parallelSearch) { // one caller at a time
                    parallelSearch.build(p, descriptor.cutoff(), false, nl);
                }
            } else {
                nl = neighbors(p);
            }
            List<Future<?>> blocksOfThis = new ArrayList<>();
            AtomwiseDescriptor a = (AtomwiseDescriptor) descriptor;
            double[] rows = out.get(k);
            int n = p.natoms();
            int blocks = Math.max(threads, (n + BLOCK - 1) / BLOCK);
            for (int b = 0; b < blocks; b++) {
                int from = (int) ((long) n * b / blocks), to = (int) ((long) n * (b + 1) / blocks);
                blocksOfThis.add(pool.submit(() -> a.computeAtoms(p, nl, from, to, rows)));
            }
            await(blocksOfThis);
        }
        await(tasks);
        return out;
    }

    /**
     * Aggregated rows, one per structure ({@code structures.size() x agg.width(...)}, row-major),
     * computed structure by structure so that the per-atom rows of a large pool are never all held.
     */
    public double[] aggregate(List<Structure> structures, Aggregation agg, SpeciesChannels species) {
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
        }
        return out;
    }

    /**
     * Energy rows and, when asked, force and stress rows of every structure for a linear model on
     * {@code agg} rows ({@link ForceRows}); the descriptor must be a {@link DifferentiableDescriptor} when
     * forces or stress are asked. Structures run in parallel, one task each; per-atom gradients are
     * dropped as soon as a structure's rows are assembled.
     */
    public ConfigurationRows configurationRows(List<Structure> structures, Aggregation agg, SpeciesChannels species,
                                               boolean forces, boolean stress) {
        if (!forces && !stress) return new ConfigurationRows(agg.width(descriptor.featureCount(), species.size()),
                aggregate(structures, agg, species), null, null);
        if (!(descriptor instanceof DifferentiableDescriptor dd) || !dd.hasGradients()) {
            throw new IllegalArgumentException("descriptor " + descriptor.name() + " with these settings gives no gradients: "
                    + "force and stress rows need one that does");
        }
        int nf = descriptor.featureCount(), ns = species.size(), w = agg.width(nf, ns), n = structures.size();
        double[] energy = new double[n * w];
        double[][] f = forces ? new double[n][] : null;
        double[][] st = stress ? new double[n][] : null;
        List<Future<?>> tasks = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final int c = k;
            Runnable task = () -> {
                Structure s = prepare(structures.get(c));
                NeighborList nl = neighbors(s);
                double[] values = new double[s.natoms() * nf];
                double[] grads = new double[nl.size() * 3 * nf];
                dd.computeWithGradients(s, nl, values, grads);
                int[] ch = species.atomChannels(s);
                agg.apply(values, s.natoms(), nf, ch, ns, energy, c * w);
                if (forces) {
                    f[c] = new double[3 * s.natoms() * w];
                    ForceRows.forces(nl, grads, nf, agg, ch, ns, f[c], 0);
                }
                if (stress && s.isPeriodic() && s.cell().volume() > 0) {
                    st[c] = new double[6 * w];
                    ForceRows.stress(s, nl, grads, nf, agg, ch, ns, st[c], 0);
                }
            };
            if (pool == null) task.run();
            else tasks.add(pool.submit(task));
        }
        await(tasks);
        return new ConfigurationRows(w, energy, f, st);
    }

    /** Honours the descriptor's {@code periodic = false}: the structure is then treated as a cluster. */
    private Structure prepare(Structure s) {
        if (periodic(descriptor.settings()) || !s.isPeriodic()) return s;
        return new Structure(s.cell(), new boolean[3], s.speciesSymbols(), s.species(),
                s.x(), s.y(), s.z(), null, null);
    }

    private static boolean periodic(Object settings) {
        if (settings instanceof SoapSettings x) return x.periodic();
        if (settings instanceof AcsfSettings x) return x.periodic();
        if (settings instanceof RadialSettings x) return x.periodic();
        return true;
    }

    private static void await(List<Future<?>> tasks) {
        try {
            for (Future<?> f : tasks) f.get();
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
