package org.atomdoe.util;

/**
 * How long-running science code reports progress without printing: the caller (the command
 * line) decides whether that becomes a progress bar, log lines, or nothing. Implementations must
 * be thread-safe; {@link #advance} may be called from worker threads.
 */
public interface Progress {
    /** Reports nothing. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total) {}

        @Override
        public void advance(long steps) {}

        @Override
        public void finish() {}
    };

    /** A new task of {@code total} steps (0 or less when unknown) begins. */
    void start(String task, long total);

    /** {@code steps} more steps are done. */
    void advance(long steps);

    /** The current task is over. */
    void finish();
}
