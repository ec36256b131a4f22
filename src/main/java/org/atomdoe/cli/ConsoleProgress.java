package org.atomdoe.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.atomdoe.util.Progress;

/**
 * Progress on stderr: a progress bar with rate and ETA when stderr is a terminal, plain log
 * lines every few seconds otherwise (CI logs, pipes), nothing with {@code --quiet}.
 */
final class ConsoleProgress implements Progress {
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final boolean terminal;
    private final PrintStream err;
    private ProgressBar bar;
    private String task;
    private long total, startNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastLog;

    private ConsoleProgress(boolean terminal, PrintStream err) {
        this.terminal = terminal;
        this.err = err;
    }

    /** The progress reporter for this run. */
    static Progress create(boolean quiet) {
        if (quiet) return Progress.NONE;
        return new ConsoleProgress(stderrIsTerminal(), System.err);
    }

    /** JDK 22+ returns a Console even for pipes; Console.isTerminal (22+) tells them apart. */
    static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }

    @Override
    public synchronized void start(String task, long total) {
        finish();
        this.task = task;
        this.total = total;
        this.done.set(0);
        this.startNanos = System.nanoTime();
        this.lastLog = startNanos;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250).build();
        }
    }

    @Override
    public void advance(long steps) {
        long d = done.addAndGet(steps);
        if (bar != null) {
            bar.stepBy(steps);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLog >= LOG_EVERY_NANOS) {
            synchronized (this) {
                if (now - lastLog < LOG_EVERY_NANOS) return;
                lastLog = now;
                double secs = (now - startNanos) * 1e-9;
                double rate = d / Math.max(secs, 1e-9);
                String eta = total > 0 && rate > 0 ? String.format(", ETA %.0f s", (total - d) / rate) : "";
                err.printf("atomdoe: %s: %d%s (%.1f/s%s)%n", task, d, total > 0 ? "/" + total : "", rate, eta);
            }
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
