package org.atomdoe.linalg;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A minimal fork-join loop over independent tasks (blocks of candidates, column chunks): the
 * calling thread and up to {@code threads - 1} helper threads claim task indices from an atomic
 * counter (dynamic scheduling, so uneven triangular blocks balance).
 *
 * <p>Hand-off. The helpers are daemon threads kept in an idle stack; a helper that finishes a loop
 * waits for the next one by spinning for {@link #SPIN_NANOS} before it parks, and the caller waits
 * for the helpers the same way. The design engine forks a few thousand short loops per design (a
 * window of exchange scans, a swap sweep over the tracked rows, each 20-500 us of work); a hand-off
 * through an executor (a queue, a future, a parked thread woken for every loop) cost about as much as
 * the work of the shorter ones (BENCHMARKS.md, design engine, branch {@code fed8}). Helpers are
 * created on demand (nested loops take further helpers) and are never destroyed.
 */
public final class Parallel {
    /** How long a helper, or a caller waiting for its helpers, spins before it parks. */
    static final long SPIN_NANOS = 100_000;
    /**
     * How long a helper woken by {@link #prepare} spins for the announced loop: the serial work between the hint and the
     * loop (a greedy sweep's scan of the keys, a rebuild's factorisation) takes a few hundred microseconds.
     */
    static final long PREPARED_SPIN_NANOS = 2_000_000;
    private static final ConcurrentLinkedDeque<Helper> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger CREATED = new AtomicInteger();
    /** Most helper threads ever created (loops beyond run on fewer threads). */
    private static final int MAX_HELPERS = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());

    private Parallel() {}

    /** The default thread count: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * One loop: the tasks, the claim counter and the number of tasks not yet finished. The caller waits for the tasks,
     * not for the helpers: a helper that comes late (descheduled on a busy machine) finds nothing left to claim, and the
     * caller does not wait for it.
     */
    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final Thread caller = Thread.currentThread();
        volatile boolean callerParked;
        volatile Throwable failure;

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
            this.remaining = new AtomicInteger(tasks);
        }

        /** The next unclaimed task, or -1 (the counter never passes {@code tasks}). */
        private int claim() {
            for (int t; (t = next.get()) < tasks; ) if (next.compareAndSet(t, t + 1)) return t;
            return -1;
        }

        /**
         * Claims and runs tasks until none is left; a failure withdraws the unclaimed tasks. A helper ({@code self}) whose
         * task was the last one claimed goes back to the idle stack <em>before</em> it reports the task finished, and
         * returns true: the caller's next loop, which may start right after that report, then finds this helper (still
         * spinning) on the stack instead of a parked one, or none at all (a new thread).
         */
        boolean work(Helper self) {
            for (int t; (t = claim()) >= 0; ) {
                boolean back = false;
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    synchronized (this) {
                        if (failure == null) failure = e;
                    }
                    for (int u; (u = next.get()) < tasks; ) {
                        if (next.compareAndSet(u, tasks)) {
                            finished(tasks - u);
                            break;
                        }
                    }
                } finally {
                    if (self != null && next.get() >= tasks) {
                        IDLE.push(self); // may be handed the next job at once: job is read only after this returns
                        back = true;
                    }
                    finished(1);
                }
                if (back) return true;
            }
            return false;
        }

        private void finished(int count) {
            if (remaining.addAndGet(-count) == 0 && callerParked) LockSupport.unpark(caller);
        }
    }

    /** A helper thread: waits for a job (spinning, then parked), runs it, goes back to the idle stack. */
    private static final class Helper extends Thread {
        volatile Job job;
        volatile boolean parked;
        /** Spin at least until then (set by {@link Parallel#prepare}). */
        volatile long spinAtLeastUntil = Long.MIN_VALUE; // System.nanoTime() may be negative

        Helper() {
            super("atomdoe-linalg-" + CREATED.incrementAndGet());
            setDaemon(true);
        }

        void assign(Job j) {
            job = j;
            if (parked) LockSupport.unpark(this);
        }

        /** Makes the helper spin (not park) until {@code until}, waking it if it is parked. */
        void prepare(long until) {
            spinAtLeastUntil = until;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job j = job;
                long spinUntil = 0;
                for (int k = 0; j == null; k++, j = job) {
                    if ((k & 63) == 0) {
                        long now = System.nanoTime();
                        if (spinUntil == 0) spinUntil = now + SPIN_NANOS;
                        else if (now > spinUntil && now > spinAtLeastUntil) {
                            // announce, re-check, park: assign() and prepare() write job or the spin time before they read parked
                            parked = true;
                            if (job == null && System.nanoTime() > spinAtLeastUntil) LockSupport.park(this);
                            parked = false;
                            spinUntil = 0;
                            continue;
                        }
                    }
                    Thread.onSpinWait();
                }
                job = null;
                if (!j.work(this)) IDLE.push(this);
            }
        }
    }

    /**
     * A hint that a loop on up to {@code threads} threads follows after some serial work of the caller: up to
     * {@code threads - 1} idle helpers are woken now (a parked thread takes tens to hundreds of microseconds to run again,
     * time in which the caller would otherwise run the loop's first tasks alone) and spin for up to
     * {@link #PREPARED_SPIN_NANOS}. Changes no result; costs an unpark per parked helper.
     */
    public static void prepare(int threads) {
        if (threads <= 1) return;
        long until = System.nanoTime() + PREPARED_SPIN_NANOS;
        int k = 0;
        for (Helper h : IDLE) {
            if (k++ >= threads - 1) break;
            h.prepare(until);
        }
    }

    /** Whether {@code t} is a helper waiting on the idle stack (for tests). */
    static boolean isIdleHelper(Thread t) {
        return t instanceof Helper h && IDLE.contains(h);
    }

    /** Runs {@code body.accept(t)} for every t in [0, tasks) on up to {@code threads} threads. */
    public static void forEach(int threads, int tasks, IntConsumer body) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        Job job = new Job(tasks, body);
        for (int h = 0; h < helpers; h++) {
            Helper w = IDLE.poll();
            if (w != null) {
                w.assign(job);
            } else if (CREATED.get() < MAX_HELPERS) {
                w = new Helper();
                w.job = job;
                w.start();
            } else {
                break; // all helpers busy (nested loops, late helpers): fewer threads, the same tasks
            }
        }
        job.work(null);
        long spinUntil = 0;
        for (int k = 0; job.remaining.get() != 0; k++) {
            if ((k & 63) == 0) {
                long now = System.nanoTime();
                if (spinUntil == 0) {
                    spinUntil = now + SPIN_NANOS;
                } else if (now > spinUntil) {
                    job.callerParked = true;
                    if (job.remaining.get() != 0) LockSupport.park(job);
                    continue;
                }
            }
            Thread.onSpinWait();
        }
        Throwable f = job.failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new IllegalStateException(f);
    }
}
