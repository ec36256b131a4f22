package org.atomdoe.cli;

import org.atomdoe.io.InputFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of the {@code atomdoe} command line. Exit codes: 0 success, 2 usage error,
 * 3 bad input (a file that does not parse), 1 anything else. Errors are one line
 * ({@code atomdoe: FILE:LINE: ...}); stack traces only with {@code --debug}.
 */
@Command(name = "atomdoe", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Optimal design of DFT training sets for machine-learning interatomic potentials.", ""},
        subcommands = {InfoCommand.class, DescribeCommand.class, SelectCommand.class, AssessCommand.class, FitCommand.class, CurveCommand.class, StudyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int EXIT_USAGE = 2;
    static final int EXIT_INPUT = 3;

    @Option(names = "--debug", description = "Print stack traces on errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        configureLogging(debug);
        CommandLine cl = new CommandLine(new Main());
        cl.setExpandAtFiles(false); // "-d @settings.json" names a descriptor settings file, not an argument file
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) e = u.getCause();
            if (debug) ex.printStackTrace();
            if (e instanceof InputFormatException) {
                System.err.println("atomdoe: " + e.getMessage());
                return EXIT_INPUT;
            }
            if (e instanceof java.nio.file.NoSuchFileException nf) {
                System.err.println("atomdoe: " + nf.getFile() + ": no such file");
                return EXIT_INPUT;
            }
            if (e instanceof UsageException) {
                System.err.println("atomdoe: " + e.getMessage());
                return EXIT_USAGE;
            }
            System.err.println("atomdoe: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("atomdoe: " + ex.getMessage());
            System.err.println("Try 'atomdoe " + (ex.getCommandLine() == cl ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    /** Library log records become one-line {@code atomdoe: warning: ...} messages on stderr (all levels with --debug). */
    static void configureLogging(boolean debug) {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) root.removeHandler(h);
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setFormatter(new java.util.logging.Formatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                return "atomdoe: " + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + formatMessage(r) + "\n";
            }
        });
        java.util.logging.Level level = debug ? java.util.logging.Level.FINE : java.util.logging.Level.WARNING;
        h.setLevel(level);
        root.setLevel(level);
        root.addHandler(h);
    }

    /** A usage error found after parsing (e.g. inconsistent options): exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
