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
     * Warm means this many allocation-free rounds in a row: {@link ParallelNeighbors#forEach} hands structures to
     * whichever thread is free, and each thread's buffers grow to the largest structure it has searched, so a thread
     * that meets its largest structure for the first time after the first allocation-free round grows once (seen:
     * 91 kB in one round of a scalar CI run).
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
        void run();
    }

    @Test
    void serialBuildsAllocateNothingOnceWarm() {
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        assertAllocatesNothing("serial", new Thread[0], false, () -> {
            for (Structure s : STRUCTURES) {
                for (int v = 0; v < 4; v++) {
                    cl.build(s, 4.5, (v & 1) != 0, (v & 2) != 0, out);
                }
            }
        });
        assertTrue(out.size() > 0);
    }

    @Test
    void parallelBuildsAllocateNothingOnceWarmOnAnyThread() {
        for (int threads : new int[] {2, 3}) {
            // a low threshold: every structure here is split over the threads
            try (ParallelNeighbors pn = new ParallelNeighbors(threads, 64)) {
                NeighborList out = new NeighborList();
                assertAllocatesNothing(threads + " threads", pn.workerThreads(), false, () -> {
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
        List<Structure> many = List.of(STRUCTURES[0], STRUCTURES[1], STRUCTURES[3], STRUCTURES[4], STRUCTURES[2],
                STRUCTURES[4], STRUCTURES[3], STRUCTURES[1], STRUCTURES[0], STRUCTURES[4]);
        AtomicLong entries = new AtomicLong();
        ParallelNeighbors.ListConsumer sum = (i, s, list) -> entries.addAndGet(list.size());
        try (ParallelNeighbors pn = new ParallelNeighbors(2)) {
            // forEach hands each structure to whichever thread is free, and a thread's buffers grow to the largest structure
            // it has searched: a thread may meet its largest one for the first time many rounds in (seen: 115 kB in round
            // 37 of a scalar CI run). That one growth is allowed; an allocation per structure still fails every round.
            assertAllocatesNothing("forEach", pn.workerThreads(), true, () -> {
                pn.forEach(many, 4.5, false, sum);
                pn.forEach(many, 4.5, true, sum);
            });
        }
        assertTrue(entries.get() > 0);
    }

    /** Runs {@code round} until one allocates nothing on this thread and on {@code workers}, then asserts it stays so. */
    private static void assertAllocatesNothing(String what, Thread[] workers, boolean lateGrowthAllowed, Round round) {
        // what reading the counters itself costs (0 on current JDKs), subtracted from each reading
        long c0 = allocated(workers), overhead = allocated(workers) - c0;
        int warm = 0, zeroInARow = 0;
        long bytes = 0;
        do {
            long b0 = allocated(workers);
            round.run();
            bytes = allocated(workers) - b0 - overhead;
            zeroInARow = bytes == 0 ? zeroInARow + 1 : 0;
            warm++;
        } while (zeroInARow < WARM_ZERO_IN_A_ROW && warm < MAX_WARM_ROUNDS);
        assertEquals(WARM_ZERO_IN_A_ROW, zeroInARow, what + ": no " + WARM_ZERO_IN_A_ROW + " allocation-free rounds in a row in "
                + warm + " warm-up rounds (last: " + bytes + " bytes)");
        for (int r = 0; r < SETTLE; r++) round.run();
        long total = 0;
        int zero = 0;
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < ROUNDS; r++) {
            long b0 = allocated(workers);
            round.run();
            long b = allocated(workers) - b0 - overhead;
            total += b;
            if (b == 0) zero++;
            perRound.append(' ').append(b);
        }
        assertTrue(zero >= ZERO_ROUNDS && (lateGrowthAllowed || total < JIT_NOISE_BYTES), what + ": bytes allocated per round of builds after "
                + warm + " warm-up rounds:" + perRound);
    }

    /** Bytes allocated so far by this thread and the given ones. */
    private static long allocated(Thread[] workers) {
        long sum = mx.getCurrentThreadAllocatedBytes();
        for (Thread w : workers) sum += mx.getThreadAllocatedBytes(w.threadId());
        return sum;
    }
}
