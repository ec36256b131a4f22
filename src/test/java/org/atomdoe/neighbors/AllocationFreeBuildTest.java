package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.atomdoe.bench.BccTungstenBox;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reusable buffers: once warm, building lists allocates nothing, for the same structure again and
 * for structures of different sizes and cells in turn (buffers grown to the largest), full and
 * half lists, grouped by species or not, serially ({@link CellList}), on several threads
 * ({@link ParallelNeighbors#build}: the caller's thread and the workers') and over many structures
 * ({@link ParallelNeighbors#forEach}).
 *
 * <p>Bytes are counted by the JVM per thread ({@code com.sun.management.ThreadMXBean}), not timed.
 * Warm-up: the Vector API kernel allocates its vectors until C2 compiles it, so rounds are repeated
 * until {@value #WARM_ZERO_IN_A_ROW} in a row allocate nothing (at most {@value #MAX_WARM_ROUNDS}), then {@value #SETTLE} more. Of the
 * {@value #ROUNDS} measured rounds after that, at least {@value #ZERO_ROUNDS} must allocate nothing at
 * all and all of them together less than {@value #JIT_NOISE_BYTES} bytes: the JVM itself allocates a
 * few hundred bytes, once per class and at a time that depends on the compiler's queue, on the thread
 * that asks for the first C2 compilation of one of the class's methods (it resolves the class's string
 * constants, e.g. error messages: seen as 152-336 bytes in one round, after hundreds of builds for
 * classes whose methods run once per build). A build that allocates anything each time makes every
 * round non-zero; a buffer that grows again (kilobytes) exceeds the total.
 */
class AllocationFreeBuildTest {
    private static final int MAX_WARM_ROUNDS = 300;
    private static final int SETTLE = 5;
    /**
     * Warm means this many allocation-free rounds in a row (a margin: one zero round does not show that the
     * compilers are done with the build path).
     */
    private static final int WARM_ZERO_IN_A_ROW = 10;
    private static final int ROUNDS = 20;
    private static final int ZERO_ROUNDS = 15;
    private static final int JIT_NOISE_BYTES = 2048;
    private static final boolean[] TTT = {true, true, true};
    private static com.sun.management.ThreadMXBean mx;

    /** Different sizes, cells and periodicities, largest not first (buffers must have grown to it). */
    private static final Structure[] STRUCTURES = {
            BccTungstenBox.build(6, 0.1, 5),                                                     // 432 atoms
            RandomStructures.triclinic(new Random(7), 700, 14, 18, 0.8, 0.2, TTT, "Si", "O"),
            BccTungstenBox.build(8, 0.1, 6),                                                     // 1024 atoms
            RandomStructures.triclinic(new Random(8), 400, 12, 16, 0.5, 0.1, new boolean[] {true, true, false}, "Cu"),
            RandomStructures.cluster(new Random(9), 150, 12, "C", "H"),
    };

    @BeforeAll
    static void counters() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counters in this JVM");
        mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counters not supported");
        mx.setThreadAllocatedMemoryEnabled(true);
    }

    /** One round: every structure in every variant (rounds repeat: the same structures again). */
    private interface Round {
        /** @param measured false during the warm-up and settling rounds, true in the measured ones */
        void run(boolean measured);
    }

    @Test
    void serialBuildsAllocateNothingOnceWarm() {
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        assertAllocatesNothing("serial", new Thread[0], measured -> {
            for (Structure s : STRUCTURES) {
                for (int v = 0; v < 4; v++) {
                    cl.build(s, 4.5, (v & 1) != 0, (v & 2) != 0, out);
                }
            }
        });
        assertTrue(out.size() > 0);
    }

    /** Reading the image shifts (derived on demand from D and the cell) allocates nothing once warm either. */
    @Test
    void shiftsReadAfterEachBuildAllocateNothingOnceWarm() {
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        long[] sum = new long[1];
        assertAllocatesNothing("shifts", new Thread[0], measured -> {
            for (Structure s : STRUCTURES) {
                for (int v = 0; v < 2; v++) {
                    cl.build(s, 4.5, v != 0, false, out);
                    int[] sx = out.shiftX(), sy = out.shiftY(), sz = out.shiftZ();
                    for (int k = 0; k < out.size(); k++) sum[0] += (sx[k] | sy[k] | sz[k]) != 0 ? 1 : 0;
                }
            }
        });
        assertTrue(sum[0] > 0, "the periodic structures have neighbours through images");
    }

    /**
     * {@link CellList#capacities} names every buffer a build grows: a new list reserved to the lengths of
     * one that has built every structure grows nothing when it builds them ({@link ParallelNeighbors#forEach}
     * shares its threads' buffer sizes this way). Each try takes a fresh list, so a missing buffer allocates in
     * every try, while the JVM's one-off allocations (see the class comment) cannot recur in all of them.
     */
    @Test
    void listReservedToAnothersCapacitiesGrowsNothing() {
        CellList big = new CellList();
        NeighborList out = new NeighborList();
        for (int warm = 0; warm < 200; warm++) {
            for (Structure s : STRUCTURES) {
                for (int v = 0; v < 4; v++) big.build(s, 4.5, (v & 1) != 0, (v & 2) != 0, out);
            }
        }
        int[] caps = new int[CellList.CAPACITIES];
        big.capacities(caps);
        StringBuilder tries = new StringBuilder();
        boolean none = false;
        for (int attempt = 0; attempt < 4 && !none; attempt++) {
            CellList fresh = new CellList();
            fresh.reserve(caps);
            long b0 = mx.getCurrentThreadAllocatedBytes();
            for (Structure s : STRUCTURES) {
                for (int v = 0; v < 4; v++) fresh.build(s, 4.5, (v & 1) != 0, (v & 2) != 0, out);
            }
            long b = mx.getCurrentThreadAllocatedBytes() - b0;
            tries.append(' ').append(b);
            none = b == 0;
            int[] after = new int[CellList.CAPACITIES];
            fresh.capacities(after);
            for (int k = 0; k < caps.length; k++) assertTrue(after[k] >= caps[k], "capacity " + k + " below the reserved length");
        }
        assertTrue(none, "a list reserved to another's capacities allocated building the same structures, bytes per try:" + tries);
    }

    @Test
    void parallelBuildsAllocateNothingOnceWarmOnAnyThread() {
        for (int threads : new int[] {2, 3}) {
            // a low threshold: every structure here is split over the threads
            try (ParallelNeighbors pn = new ParallelNeighbors(threads, 64)) {
                NeighborList out = new NeighborList();
                assertAllocatesNothing(threads + " threads", pn.workerThreads(), measured -> {
                    for (Structure s : STRUCTURES) {
                        for (int v = 0; v < 4; v++) {
                            pn.build(s, 4.5, (v & 1) != 0, (v & 2) != 0, out);
                        }
                    }
                });
                // and the list is still the serial one
                NeighborList serial = new NeighborList();
                new CellList().build(STRUCTURES[2], 4.5, false, serial);
                pn.build(STRUCTURES[2], 4.5, false, out);
                NeighborListAssert.assertIdentical(serial, out, threads + " threads");
            }
        }
    }

    @Test
    void forEachAllocatesNothingPerStructureOnceWarm() {
        // the largest structure (1024 atoms) last: while a thread holds the first two, the other takes it
        List<Structure> many = List.of(STRUCTURES[4], STRUCTURES[0], STRUCTURES[3], STRUCTURES[1], STRUCTURES[0],
                STRUCTURES[4], STRUCTURES[3], STRUCTURES[1], STRUCTURES[4], STRUCTURES[2]);
        AtomicLong entries = new AtomicLong();
        Steering steer = new Steering(Thread.currentThread(), many.size(), entries);
        try (ParallelNeighbors pn = new ParallelNeighbors(2)) {
            // Warm-up: the caller builds every structure but one of the first two, so the worker never meets the
            // largest one. Measured rounds: the worker builds all but one, the largest for the first time, and
            // then structures go to whichever thread is free. forEach hands each structure to whichever thread is
            // free: a thread whose buffers grew only to the largest structure it had searched itself would grow
            // them here, in a measured round (a scalar CI run saw 91 kB and 115 kB that way, in round 37); the
            // threads share one high-water mark, so it must not.
            assertAllocatesNothing("forEach", pn.workerThreads(), measured -> {
                steer.steer(measured);
                pn.forEach(many, 4.5, false, steer);
                steer.steer(measured);
                pn.forEach(many, 4.5, true, steer);
                steer.active = false;
                if (measured) {
                    pn.forEach(many, 4.5, false, steer);
                    pn.forEach(many, 4.5, true, steer);
                }
            });
            assertTrue(steer.workerBuilt.get() > 0 && steer.callerBuilt.get() > 0, "both threads built structures");
        }
        assertTrue(entries.get() > 0);
    }

    /**
     * A {@link ParallelNeighbors.ListConsumer} that decides which of two threads builds what: while
     * {@code active}, the thread that is to build one structure only holds in the consumer until
     * the other has consumed all the rest. The first two claims are made before either thread can
     * hold, so the holding thread builds one of the first two structures, the other the rest.
     */
    private static final class Steering implements ParallelNeighbors.ListConsumer {
        private final Thread caller;
        private final int count;
        private final AtomicLong entries;
        private final java.util.concurrent.atomic.AtomicInteger consumed = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger callerBuilt = new java.util.concurrent.atomic.AtomicInteger(),
                workerBuilt = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean active, workerTakesMost;
        private volatile boolean firstReached;

        Steering(Thread caller, int count, AtomicLong entries) {
            this.caller = caller;
            this.count = count;
            this.entries = entries;
        }

        /** Before a call: steered, the worker or the caller building all but one structure. */
        void steer(boolean workerTakesMost) {
            consumed.set(0);
            firstReached = false;
            this.workerTakesMost = workerTakesMost;
            active = true;
        }

        @Override
        public void accept(int index, Structure s, NeighborList list) {
            entries.addAndGet(list.size());
            boolean onCaller = Thread.currentThread() == caller;
            (onCaller ? callerBuilt : workerBuilt).incrementAndGet();
            if (!active) return;
            boolean holder = onCaller == workerTakesMost;
            consumed.incrementAndGet();
            if (holder) {
                // wait until the other thread has consumed every other structure of this call
                firstReached = true;
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (consumed.get() < count) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("steering: the other thread never finished");
                    Thread.onSpinWait();
                }
            } else {
                // the first structure: wait until the holder has made its claim too (so it gets one of the first two)
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!firstReached) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("steering: the holder never claimed");
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Runs {@code round} until one allocates nothing on this thread and on {@code workers}, then asserts it stays so. */
    private static void assertAllocatesNothing(String what, Thread[] workers, Round round) {
        // what reading the counters itself costs (0 on current JDKs), subtracted from each reading
        long c0 = allocated(workers), overhead = allocated(workers) - c0;
        int warm = 0, zeroInARow = 0;
        long bytes = 0;
        do {
            long b0 = allocated(workers);
            round.run(false);
            bytes = allocated(workers) - b0 - overhead;
            zeroInARow = bytes == 0 ? zeroInARow + 1 : 0;
            warm++;
        } while (zeroInARow < WARM_ZERO_IN_A_ROW && warm < MAX_WARM_ROUNDS);
        assertEquals(WARM_ZERO_IN_A_ROW, zeroInARow, what + ": no " + WARM_ZERO_IN_A_ROW + " allocation-free rounds in a row in "
                + warm + " warm-up rounds (last: " + bytes + " bytes)");
        for (int r = 0; r < SETTLE; r++) round.run(false);
        long total = 0;
        int zero = 0;
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < ROUNDS; r++) {
            long b0 = allocated(workers);
            round.run(true);
            long b = allocated(workers) - b0 - overhead;
            total += b;
            if (b == 0) zero++;
            perRound.append(' ').append(b);
        }
        assertTrue(zero >= ZERO_ROUNDS && total < JIT_NOISE_BYTES, what + ": bytes allocated per round of builds after "
                + warm + " warm-up rounds:" + perRound);
    }

    /** Bytes allocated so far by this thread and the given ones. */
    private static long allocated(Thread[] workers) {
        long sum = mx.getCurrentThreadAllocatedBytes();
        for (Thread w : workers) sum += mx.getThreadAllocatedBytes(w.threadId());
        return sum;
    }
}
