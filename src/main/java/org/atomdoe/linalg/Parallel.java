package org.atomdoe.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A minimal fork-join loop over independent tasks (blocks of candidates, column chunks): the
 * calling thread and up to {@code threads - 1} helpers from a shared daemon pool claim task
 * indices from an atomic counter (dynamic scheduling, so uneven triangular blocks balance).
 */
public final class Parallel {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "atomdoe-linalg");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** The default thread count: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code body.accept(t)} for every t in [0, tasks) on up to {@code threads} threads. */
    public static void forEach(int threads, int tasks, IntConsumer body) {
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable loop = () -> {
            for (int t; (t = next.getAndIncrement()) < tasks; ) body.accept(t);
        };
        List<Future<?>> fs = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) fs.add(POOL.submit(loop));
        RuntimeException failure = null;
        try {
            loop.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(tasks);
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) throw failure;
    }
}
