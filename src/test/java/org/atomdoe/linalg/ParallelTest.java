package org.atomdoe.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyTaskRunsExactlyOnceForManyShortLoops() {
        // thousands of back-to-back loops: helpers are handed the next loop while they may still be leaving the last one
        for (int threads = 1; threads <= 4; threads++) {
            for (int round = 0; round < 2000; round++) {
                int tasks = 1 + round % 13;
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                Parallel.forEach(threads, tasks, runs::incrementAndGet);
                for (int t = 0; t < tasks; t++) assertEquals(1, runs.get(t), "threads " + threads + " round " + round + " task " + t);
            }
        }
    }

    @Test
    void theCallerSeesTheHelpersWrites() {
        int tasks = 64;
        long[] out = new long[tasks]; // plain array: the loop's return must publish the helpers' writes
        for (int round = 0; round < 500; round++) {
            int r = round;
            Parallel.forEach(2, tasks, t -> out[t] = (long) r * tasks + t);
            for (int t = 0; t < tasks; t++) assertEquals((long) round * tasks + t, out[t]);
        }
    }

    @Test
    void nestedLoopsComplete() {
        AtomicInteger sum = new AtomicInteger();
        Parallel.forEach(3, 6, a -> Parallel.forEach(3, 5, b -> sum.addAndGet(a * 10 + b)));
        int want = 0;
        for (int a = 0; a < 6; a++) for (int b = 0; b < 5; b++) want += a * 10 + b;
        assertEquals(want, sum.get());
    }

    @Test
    void aFailingTaskIsRethrownAndTheNextLoopStillRuns() {
        for (int round = 0; round < 50; round++) {
            int bad = round % 7;
            IllegalArgumentException boom = new IllegalArgumentException("task " + bad);
            IllegalArgumentException got = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(2, 7, t -> {
                if (t == bad) throw boom;
            }));
            assertSame(boom, got);
            AtomicInteger count = new AtomicInteger();
            Parallel.forEach(2, 100, t -> count.incrementAndGet());
            assertEquals(100, count.get());
        }
        AssertionError err = new AssertionError("an error, not an exception");
        assertSame(err, assertThrows(AssertionError.class, () -> Parallel.forEach(2, 3, t -> {
            throw err;
        })));
    }

    @Test
    void aHelperIsBackOnTheIdleStackWhenItsLoopReturns() {
        // the next loop, often started a few microseconds later, must find the helper that just worked (still spinning), not
        // a parked one or none: so a helper whose task was the last one claimed is back before it reports the task finished
        Thread caller = Thread.currentThread();
        int checked = 0;
        for (int round = 0; round < 300; round++) {
            AtomicInteger entered = new AtomicInteger();
            Thread[] helper = new Thread[1];
            Parallel.forEach(2, 2, t -> {
                if (Thread.currentThread() != caller) helper[0] = Thread.currentThread();
                entered.incrementAndGet();
                long until = System.nanoTime() + 5_000_000_000L;
                while (entered.get() < 2 && System.nanoTime() < until) Thread.onSpinWait();
            });
            if (helper[0] == null) continue; // the caller ran both (a helper too late under heavy load)
            checked++;
            assertTrue(Parallel.isIdleHelper(helper[0]), "round " + round + ": the helper is back on the idle stack");
        }
        assertTrue(checked > 0, "a helper took part in some loop");
    }

    @Test
    void preparedHelpersStillRunEveryTaskOnce() {
        Parallel.prepare(1);
        for (int round = 0; round < 1000; round++) {
            int threads = 2 + round % 3, tasks = 1 + round % 9;
            if (round % 2 == 0) Parallel.prepare(threads);
            if (round % 50 == 0) LockSupport.parkNanos(300_000); // let the helpers park now and then
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            Parallel.forEach(threads, tasks, runs::incrementAndGet);
            for (int t = 0; t < tasks; t++) assertEquals(1, runs.get(t), "round " + round + " task " + t);
        }
    }

    @Test
    void helpersRunTasksBesideTheCaller() {
        // A task that waits until another thread has entered a task can only finish early when a helper takes part.
        // Under heavy load a helper of an earlier loop may still be on its way back to the idle stack (the caller never
        // waits for late helpers, and at most MAX_HELPERS exist), so one loop may legitimately run on the caller alone:
        // the property asked for is that helpers take part at all, in one of a few loops.
        Thread caller = Thread.currentThread();
        AtomicInteger otherThreads = new AtomicInteger();
        for (int attempt = 0; attempt < 5 && otherThreads.get() == 0; attempt++) {
            AtomicInteger entered = new AtomicInteger();
            Parallel.forEach(2, 2, t -> {
                if (Thread.currentThread() != caller) otherThreads.incrementAndGet();
                entered.incrementAndGet();
                long until = System.nanoTime() + 5_000_000_000L;
                while (entered.get() < 2 && System.nanoTime() < until) Thread.onSpinWait();
            });
        }
        assertTrue(otherThreads.get() >= 1, "a helper ran a task in one of 5 loops");
    }
}
