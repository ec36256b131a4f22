package org.atomdoe.design;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process-wide request to stop a running {@link OptimalDesign} search early, as from Ctrl-C:
 * the search checks it where it checks its time limit and returns the best design so far, marked
 * {@link OptimalDesign.Result#timedOut()}; the caller tells an interrupt from a time limit by
 * {@link #requested()}. Process-wide because a signal is: whoever installs a handler that calls
 * {@link #request()} clears it again when the search is over.
 */
public final class StopRequest {
    private static final AtomicBoolean REQUESTED = new AtomicBoolean();

    private StopRequest() {}

    /** Asks the running search to stop at its next check (safe from a signal handler thread). */
    public static void request() {
        REQUESTED.set(true);
    }

    /** Whether a stop was requested since the last {@link #clear()}. */
    public static boolean requested() {
        return REQUESTED.get();
    }

    /** Withdraws the request (before and after a search). */
    public static void clear() {
        REQUESTED.set(false);
    }

    /** Whether the search must stop now: past its deadline or asked to. */
    static boolean stop(long deadline) {
        return System.nanoTime() > deadline || REQUESTED.get();
    }
}
