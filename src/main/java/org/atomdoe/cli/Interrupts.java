package org.atomdoe.cli;

import org.atomdoe.design.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a long search: the first SIGINT asks the search to stop ({@link StopRequest}) so
 * that the best design so far is written, marked as interrupted; a second one exits at once
 * (status 130), leaving every output file as it was (they are written atomically). Outside a
 * {@link Scope} SIGINT keeps the JVM's default meaning.
 */
final class Interrupts {
    /** Exit status of a run stopped by SIGINT (128 + 2, as shells report it). */
    static final int EXIT_INTERRUPTED = 130;

    private Interrupts() {}

    /** While open, SIGINT stops the search instead of the JVM. */
    static final class Scope implements AutoCloseable {
        private final SignalHandler previous;
        private final boolean active;
        private volatile boolean interrupted;

        private Scope() {
            StopRequest.clear();
            SignalHandler prev = null;
            try {
                prev = Signal.handle(new Signal("INT"), sig -> {
                    if (interrupted) {
                        System.err.println("atomdoe: interrupted again: exiting without writing");
                        Runtime.getRuntime().halt(EXIT_INTERRUPTED); // not exit(): the first handler may still hold a lock
                    }
                    interrupted = true;
                    StopRequest.request();
                    System.err.println("atomdoe: interrupted: stopping the search and writing the best design so far (Ctrl-C again to abort)");
                });
            } catch (IllegalArgumentException e) {
                // no SIGINT on this platform or the JVM reserves it (-Xrs): Ctrl-C keeps its default meaning
            }
            previous = prev;
            // a process started with SIGINT ignored (a background job, nohup) keeps ignoring it: the JVM
            // then installs nothing and hands back SIG_IGN
            active = prev != null && prev != SignalHandler.SIG_IGN;
        }

        /** Whether Ctrl-C reaches the search (false when this process ignores SIGINT). */
        boolean active() {
            return active;
        }

        /** Whether SIGINT arrived while the scope was open. */
        boolean interrupted() {
            return interrupted;
        }

        @Override
        public void close() {
            if (active) Signal.handle(new Signal("INT"), previous);
            StopRequest.clear();
        }
    }

    /** Opens a scope in which SIGINT stops the design search. */
    static Scope stopSearchOnCtrlC() {
        return new Scope();
    }
}
