package org.atomdoe.neighbors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.atomdoe.structure.Structure;

/**
 * Neighbour lists on several threads, with output identical to the serial {@link CellList}:
 * <ul>
 * <li>{@link #build(Structure, double, boolean, NeighborList)}: one (large) structure, in the three
 *     passes of {@link CellList}: the centre bins are split into chunks that threads take from a
 *     shared cursor (each thread keeps the image indices it found); the row pointers follow from
 *     the per-centre counts; then threads write disjoint centre ranges straight into the output.
 *     Chunks shrink towards the end of a pass (guided self-scheduling, about 1/(4·threads) of what
 *     is left), so the threads finish a pass close together.
 *     The CSR arrays are therefore exactly the serial ones. The binning (fractional coordinates,
 *     counting sort by bin, sort within bins, ghost images) is split over the threads too
 *     ({@link CellList#prepareParallel}), with the same result bit for bit.</li>
 * <li>{@link #buildAll} / {@link #forEach}: many structures, each searched whole by one thread
 *     with its own {@link CellList} (dynamic self-scheduling from a shared counter: threads that
 *     finish small structures take the next one); results in input order.</li>
 * </ul>
 * The caller's thread works too; {@code threads - 1} daemon workers are kept until
 * {@link #close()}. One instance serves one caller at a time.
 *
 * <p>A build of one structure hands work to the workers five times (three binning phases for a fully
 * periodic structure, four otherwise, then search and write). The workers wait for the next phase
 * by spinning {@value #SPIN} pause instructions (tens of µs), then parking: on an otherwise idle
 * machine a phase that follows within that time starts on every thread without a wake-up (an
 * executor's submit and future wake a parked thread per phase). Between builds the workers park,
 * so an idle instance uses no CPU; a build first unparks them, so they spin while the caller sets up
 * the bins. Once the buffers have grown, a build allocates nothing on any thread: the phases are
 * task objects made once, with their inputs in fields. (On a machine whose
 * cores are oversubscribed, spinning threads are preempted sooner than woken ones: there it
 * measured no faster than the executor; see BENCHMARKS.md, branch nb6.)
 */
public final class ParallelNeighbors implements AutoCloseable {
    /** Centres per chunk of the output pass for one structure (at most; chunks shrink towards the end). */
    private static final int CHUNK = 512;
    /** Smallest chunk of the output pass, in centres. */
    private static final int MIN_CHUNK = 32;
    /** Centre bins per chunk of the search pass (at most; smaller for small structures and towards the end). */
    private static final int BIN_CHUNK = 32;
    /** Below this many atoms one structure is searched on the caller's thread only. */
    private static final int MIN_PARALLEL_ATOMS = 2 * CHUNK;

    private final int threads;
    private final int minParallelAtoms;
    private final CellList.Team team;
    /** Pause instructions a waiting thread spins before it parks (~60-100 µs measured on this Zen 4 VM). */
    static final int SPIN = 1 << 11;
    /** Stops the workers of an instance that was dropped without {@link #close()}. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private final Crew crew;
    private final CellList shared = new CellList();
    private final CellList.Scratch[] scratch;
    private final CellList[] perThread;
    private final NeighborList[] perThreadOut;

    /** Receives one structure's list in {@link #forEach}; called on worker threads. */
    @FunctionalInterface
    public interface ListConsumer {
        /**
         * @param index position of the structure in the input list
         * @param list  its neighbour list: a per-thread buffer, valid only during this call
         */
        void accept(int index, Structure structure, NeighborList list);
    }

    /** @param threads number of threads including the caller's, at least 1 */
    public ParallelNeighbors(int threads) {
        this(threads, MIN_PARALLEL_ATOMS);
    }

    /** With the size below which one structure is built on the caller's thread only (tests lower it). */
    ParallelNeighbors(int threads, int minParallelAtoms) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        this.minParallelAtoms = Math.max(1, minParallelAtoms);
        this.team = new CellList.Team() {
            @Override
            public int size() {
                return ParallelNeighbors.this.threads;
            }

            @Override
            public void run(IntConsumer task) {
                ParallelNeighbors.this.run(task);
            }
        };
        crew = new Crew(threads);
        CLEANER.register(this, crew::close);
        scratch = new CellList.Scratch[threads];
        perThread = new CellList[threads];
        perThreadOut = new NeighborList[threads];
        lengths = new int[threads][MARKS];
        caughtUp = new int[threads];
        for (int t = 0; t < threads; t++) {
            scratch[t] = new CellList.Scratch();
            perThread[t] = new CellList();
            perThreadOut[t] = new NeighborList();
        }
    }

    /** One per available processor. */
    public ParallelNeighbors() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** The list of one structure, computed by all threads; equal, array for array, to {@link CellList}'s. */
    public void build(Structure s, double cutoff, boolean half, NeighborList out) {
        build(s, cutoff, half, false, out);
    }

    /** As {@link #build(Structure, double, boolean, NeighborList)}, optionally grouped by neighbour species. */
    public void build(Structure s, double cutoff, boolean half, boolean sortBySpecies, NeighborList out) {
        if (threads == 1 || s.natoms() < minParallelAtoms) {
            shared.build(s, cutoff, half, sortBySpecies, out);
            return;
        }
        // parked workers start spinning now, while this thread checks the input and sets up the bins
        crew.wake();
        try {
            buildParallel(s, cutoff, half, sortBySpecies, out);
        } finally {
            bOut = null;
        }
    }

    private void buildParallel(Structure s, double cutoff, boolean half, boolean sortBySpecies, NeighborList out) {
        final int n = s.natoms();
        shared.prepareParallel(s, cutoff, half, team);
        out.begin(s, cutoff, half, sortBySpecies);
        // the two passes are task objects made once; their inputs are fields (nothing allocated per build)
        bN = n;
        bNspecies = s.speciesCount();
        bHalf = half;
        bSorted = sortBySpecies;
        bOut = out;
        // pass 1: centre bins in chunks taken from a shared cursor, kept images per part. Every
        // part's scratch is sized here, not by the thread that happens to need it: which thread
        // takes which chunk changes from build to build, and a buffer must not grow in a later one.
        final int images = shared.imageCount(), rows = shared.rowCount();
        for (CellList.Scratch sc : scratch) {
            sc.nkept = 0;
            sc.ensure(images, rows);
            if (sortBySpecies) sc.ensureSort(images, bNspecies);
        }
        bNbins = shared.interiorBinCount();
        bBinChunk = Math.max(1, Math.min(BIN_CHUNK, bNbins / (8 * threads)));
        cursor.set(0);
        team.run(searchTask);
        // pass 2: row pointers; pass 3: the parts write their centres straight into out
        int total = shared.prefixOffsets(out);
        cursor.set(0);
        team.run(writeTask);
        reserveKept(total);
    }

    // inputs of searchTask / writeTask for the current build
    private int bN, bNspecies, bNbins, bBinChunk;
    private boolean bHalf, bSorted;
    private NeighborList bOut;
    /** Next unclaimed bin (search) or centre (write). */
    private final AtomicInteger cursor = new AtomicInteger();

    private final IntConsumer searchTask = this::searchPass;
    private final IntConsumer writeTask = this::writePass;

    /** Thread {@code t}'s part of pass 1: chunks of centre bins, kept images into its own scratch. */
    private void searchPass(int t) {
        final int nbins = bNbins, max = bBinChunk;
        final boolean half = bHalf;
        final CellList.Scratch sc = scratch[t];
        for (int from; (from = claim(nbins, 1, max)) < nbins; ) {
            shared.searchBins(from, Math.min(nbins, from + chunk(nbins, from, 1, max)), half, sc, t);
        }
    }

    /** Thread {@code t}'s part of pass 3: chunks of centres written at their row pointers. */
    private void writePass(int t) {
        final int n = bN, nspecies = bNspecies;
        final boolean sorted = bSorted;
        final NeighborList out = bOut;
        for (int from; (from = claim(n, MIN_CHUNK, CHUNK)) < n; ) {
            shared.writeCentres(from, Math.min(n, from + chunk(n, from, MIN_CHUNK, CHUNK)), sorted, nspecies, scratch,
                    scratch[t], out);
        }
    }

    /**
     * Guided self-scheduling: the chunk that starts at {@code from} of {@code [0, total)} has about
     * 1/(4·threads) of what is left, within {@code [min, max]}, so the last chunks are small and the
     * threads finish a pass within a small chunk of each other (a thread that waits longer than its
     * spin parks, and waking it costs tens of µs). A function of {@code from} only, so the claimant
     * knows its chunk's end.
     */
    private int chunk(int total, int from, int min, int max) {
        return Math.max(min, Math.min(max, (total - from) / (4 * threads)));
    }

    /** Claims the next chunk of {@code [0, total)}; returns its start, or {@code total} when none is left. */
    private int claim(int total, int min, int max) {
        for (;;) {
            int from = cursor.get();
            if (from >= total) return total;
            if (cursor.compareAndSet(from, Math.min(total, from + chunk(total, from, min, max)))) return from;
        }
    }

    /**
     * Grows every thread's kept-image buffer, if needed, to hold the whole search of a structure like
     * this one ({@code total} kept images, plus the room the search reserves per pair of centres, at
     * most twice the images of one bin's stencil rows): which thread searches which bins changes from
     * build to build, so without this a thread could grow its buffer in any later build of the same
     * structure. Costs memory (4 bytes per list entry per thread, against the list's 36) for builds
     * that allocate nothing once warm.
     */
    private void reserveKept(int total) {
        long need = (long) total + 2L * (shared.imageCount() + CandidateFilter.PADDING);
        if (need > Integer.MAX_VALUE - 16) return;
        for (CellList.Scratch sc : scratch) {
            if (sc.kept.length < need) sc.kept = new int[(int) need];
        }
    }

    /** Lists of many structures (independent copies, in input order), structures spread over the threads. */
    public List<NeighborList> buildAll(List<Structure> structures, double cutoff, boolean half) {
        NeighborList[] result = new NeighborList[structures.size()];
        forEach(structures, cutoff, half, (i, s, list) -> result[i] = list.copy());
        return new ArrayList<>(Arrays.asList(result));
    }

    /**
     * Calls {@code consumer} with the list of every structure; each thread reuses its own
     * {@link CellList} and output buffer, so nothing is allocated per structure once warm. The
     * threads share one high-water mark of their buffer lengths: after each structure a thread
     * raises it to its own lengths, before each structure it grows any shorter buffer to it. So
     * once every structure has been built by some thread (after the first call over a batch),
     * no thread grows a buffer again, whichever structures it draws later. The consumer runs
     * concurrently on several threads, in no fixed order (use the index).
     */
    public void forEach(List<Structure> structures, double cutoff, boolean half, ListConsumer consumer) {
        fStructures = structures;
        fCutoff = cutoff;
        fHalf = half;
        fConsumer = consumer;
        cursor.set(0);
        try {
            run(forEachTask);
        } finally {
            fStructures = null;
            fConsumer = null;
        }
    }

    // inputs of forEachTask for the current call (a task made once: nothing allocated per call)
    private List<Structure> fStructures;
    private double fCutoff;
    private boolean fHalf;
    private ListConsumer fConsumer;
    private final IntConsumer forEachTask = this::forEachPass;

    /** Thread {@code t}'s part of {@link #forEach}: whole structures taken one at a time from the cursor. */
    private void forEachPass(int t) {
        final List<Structure> structures = fStructures;
        final ListConsumer consumer = fConsumer;
        final double cutoff = fCutoff;
        final boolean half = fHalf;
        final int count = structures.size();
        CellList cl = perThread[t];
        NeighborList out = perThreadOut[t];
        for (int i; (i = cursor.getAndIncrement()) < count; ) {
            Structure s = structures.get(i);
            // buffers as large as any thread's so far: a structure another thread has met grows none here
            catchUp(t);
            try {
                cl.build(s, cutoff, half, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("structure " + i + ": " + e.getMessage(), e);
            }
            consumer.accept(i, s, out);
            // after the consumer: it may have grown the output list's shift arrays (by asking for shifts)
            publish(t);
        }
    }

    // The shared high-water mark of forEach's per-thread buffers: lengths of CellList's buffers
    // (CellList.capacities), then of the output list's (offsets, entries, shifts).
    private static final int MARKS = CellList.CAPACITIES + NeighborList.CAPACITIES;
    private final AtomicIntegerArray marks = new AtomicIntegerArray(MARKS);
    /** Bumped whenever a mark rises, so a thread compares lengths only after a change. */
    private final AtomicInteger marksVersion = new AtomicInteger();
    /** Per thread: its buffer lengths (scratch for publish / catchUp) and the marks version it last caught up with. */
    private final int[][] lengths;
    private final int[] caughtUp;

    /**
     * Thread {@code t}'s buffers grow to the shared mark (all threads' largest), if it rose since this
     * thread last looked. Which thread builds which structure depends on timing, so without this a
     * thread grows its buffers the first time it happens to draw the largest structure, which can be
     * any number of calls later; with it, the buffers of every thread have grown by the start of the
     * first structure after the one that first needed them (in practice: within the first call).
     */
    private void catchUp(int t) {
        int v = marksVersion.get();
        if (v == caughtUp[t]) return;
        final int[] c = lengths[t];
        for (int k = 0; k < MARKS; k++) c[k] = marks.get(k);
        perThread[t].reserve(c);
        perThreadOut[t].reserve(c, CellList.CAPACITIES);
        caughtUp[t] = v;
    }

    /** Raises the shared mark to thread {@code t}'s buffer lengths after a build (nothing is written if none grew). */
    private void publish(int t) {
        final int[] c = lengths[t];
        perThread[t].capacities(c);
        perThreadOut[t].capacities(c, CellList.CAPACITIES);
        boolean rose = false;
        for (int k = 0; k < MARKS; k++) {
            for (int m; c[k] > (m = marks.get(k)); ) {
                if (marks.compareAndSet(k, m, c[k])) {
                    rose = true;
                    break;
                }
            }
        }
        // (this thread catches up too at its next structure: another may have raised other marks meanwhile;
        // reserve then finds nothing shorter and allocates nothing)
        if (rose) marksVersion.incrementAndGet();
    }

    /** The worker threads (tests read their allocation counters). */
    Thread[] workerThreads() {
        return crew.workers.clone();
    }

    /**
     * Runs {@code w.accept(p)} once for every part {@code p < threads} and waits for all of them;
     * rethrows the first failure (package-private for tests). Part 0 runs on the caller's thread and
     * part {@code t} on worker {@code t}, unless that worker has not started it by the time the caller
     * has finished its own: then the caller runs it (see {@link Crew}).
     */
    void run(IntConsumer w) {
        crew.run(w);
    }

    /**
     * The worker threads and the hand-off state, apart from the instance so that the threads do not
     * keep it (and its buffers) reachable: the task is cleared after each phase.
     *
     * <p>Parts are claimed, own part first: each thread claims part {@code t} (its index) as soon as it
     * sees the phase, then, when that is done, any part no one has claimed yet. So on time the parts
     * run where they always did (thread t, phase after phase, on the data its part touched in the
     * phase before), and a worker that is off its vCPU (preempted on a busy machine, or still waking
     * from a park) no longer holds up a phase of fixed parts: the caller, done with its own part,
     * takes the worker's, and the phase ends when every part is done, not when every worker has come.
     * A part's claim is a stamp with the phase's generation (monotonic), so a worker that comes late,
     * even phases late, cannot claim a part of an earlier phase. (Branch nb8p's claimed parts handed
     * out parts in order to whoever came first, so parts moved between threads from phase to phase.)
     */
    private static final class Crew {
        private final int threads;
        private final Thread[] workers;
        // the current phase: task is set, then generation bumped (volatile); done counts finished parts
        private volatile IntConsumer task;
        private volatile long generation;
        /** Per part: the generation of the last phase in which it was claimed. */
        private final AtomicLongArray claimed;
        private final AtomicInteger done = new AtomicInteger();
        private volatile boolean closed;
        private volatile Thread caller;
        private volatile boolean callerParked;
        private volatile RuntimeException failure;
        /** Per thread: 1 while it is parked waiting for a phase (so the one who hands work knows to unpark it). */
        private final AtomicInteger[] parked;

        Crew(int threads) {
            this.threads = threads;
            claimed = new AtomicLongArray(threads);
            parked = new AtomicInteger[threads];
            for (int t = 0; t < threads; t++) parked[t] = new AtomicInteger();
            workers = new Thread[threads - 1];
            for (int t = 1; t < threads; t++) {
                final int id = t;
                Thread w = new Thread(() -> workerLoop(id), "atomdoe-neighbors");
                w.setDaemon(true);
                workers[t - 1] = w;
                w.start();
            }
        }

        /** Worker {@code id}: waits for each new generation, runs its part and any unclaimed one. */
        private void workerLoop(int id) {
            long seen = 0;
            AtomicInteger myPark = parked[id];
            while (true) {
                long g;
                for (int k = 0; (g = generation) == seen; k++) {
                    if (closed) return;
                    if (k < SPIN) {
                        Thread.onSpinWait();
                    } else {
                        // announce, re-check, park: the caller bumps generation before it reads the flag
                        myPark.set(1);
                        if (generation == seen && !closed) LockSupport.park(this);
                        myPark.set(0);
                        k = -1; // woken (a new phase, wake(), or spuriously): spin again
                    }
                }
                seen = g;
                // read after generation: this phase's task, or a later one's (then every part of
                // phase g is claimed already and nothing below runs), or null (phase over)
                IntConsumer w = task;
                if (w != null) runParts(w, g, id);
            }
        }

        /**
         * Claims part {@code p} for phase {@code g}: only if no thread has claimed it in this phase,
         * and only while phase {@code g} is open (a later phase has stamped every part with g or more).
         */
        private boolean claim(int p, long g) {
            for (long v; (v = claimed.get(p)) < g; ) if (claimed.compareAndSet(p, v, g)) return true;
            return false;
        }

        /**
         * Runs part {@code own}, then every part still unclaimed, of phase {@code g}; returns the first failure of the
         * caller's parts as thrown (an Error stays an Error, as when the caller ran its part directly).
         */
        private Throwable runParts(IntConsumer w, long g, int own) {
            Throwable first = null;
            for (int k = 0; k < threads; k++) {
                int p = own + k < threads ? own + k : own + k - threads;
                if (!claim(p, g)) continue;
                try {
                    w.accept(p);
                } catch (RuntimeException | Error e) {
                    if (own == 0) {
                        if (first == null) first = e;
                    } else {
                        RuntimeException re = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                        synchronized (this) {
                            if (failure == null) failure = re;
                        }
                    }
                } finally {
                    if (done.incrementAndGet() == threads && own != 0 && callerParked) LockSupport.unpark(caller);
                }
            }
            return first;
        }

        void run(IntConsumer w) {
            if (threads == 1) {
                w.accept(0);
                return;
            }
            if (closed) throw new IllegalStateException("ParallelNeighbors is closed");
            failure = null;
            task = w;
            caller = Thread.currentThread();
            done.set(0);
            final long g = generation + 1;
            generation = g; // publishes task (volatile write after the writes above)
            for (int t = 1; t < threads; t++) if (parked[t].get() != 0) LockSupport.unpark(workers[t - 1]);
            Throwable first = runParts(w, g, 0);
            for (int k = 0; done.get() != threads; k++) {
                if (k < SPIN) {
                    Thread.onSpinWait();
                } else {
                    callerParked = true;
                    if (done.get() != threads) LockSupport.park(this);
                    callerParked = false;
                }
            }
            task = null;
            caller = null;
            RuntimeException f = failure;
            failure = null;
            if (first == null) first = f;
            if (first instanceof Error e) throw e;
            if (first != null) throw (RuntimeException) first;
        }

        /** Unparks the parked workers, which then spin for the next phase (a hint: no phase is handed out). */
        void wake() {
            for (int t = 1; t < threads; t++) if (parked[t].get() != 0) LockSupport.unpark(workers[t - 1]);
        }

        void close() {
            closed = true;
            for (Thread w : workers) LockSupport.unpark(w);
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        crew.close();
    }
}
