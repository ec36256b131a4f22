package org.atomdoe.cli;

import org.atomdoe.util.Progress;
import picocli.CommandLine.Option;

/** Options every working verb takes. */
final class CommonOptions {
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    int threads() {
        if (threads < 1) throw new Main.UsageException("--threads must be at least 1, got " + threads);
        return threads;
    }

    Progress progress() {
        return ConsoleProgress.create(quiet);
    }

    /** Prints a status line on stderr unless quiet. */
    void note(String message) {
        if (!quiet) System.err.println("atomdoe: " + message);
    }
}
