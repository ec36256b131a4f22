package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's AOT training runner: several command lines in one JVM, stopping at the first failure. */
class TrainingTest {
    @Test
    void splitsOnNextAndDropsEmptyCommandLines() {
        assertEquals(List.of(List.of("info", "a.xyz"), List.of("describe", "b.xyz", "-q")),
                Training.split(List.of("--next", "info", "a.xyz", "--next", "--next", "describe", "b.xyz", "-q", "--next")));
        assertEquals(List.of(), Training.split(List.of("--next")));
    }

    /** Runs Training quietly (the verbs print to stdout) and returns its exit code. */
    private static int quiet(String... args) {
        PrintStream out = System.out, err = System.err;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Training.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void runsEveryCommandLineInOrder(@TempDir Path dir) {
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        int code = quiet("--repeat", "2", "describe", "data/Si_test.xyz", "-d", "radial:rcut=4,nmax=3", "-q", "-o", a.toString(),
                "--next", "describe", "data/Si_test.xyz", "-d", "acsf:rcut=4", "--per", "atom", "-q", "-o", b.toString());
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(a) && Files.isRegularFile(b));
    }

    @Test
    void stopsAtTheFirstFailureWithItsExitCode(@TempDir Path dir) {
        Path b = dir.resolve("b.npy");
        int code = quiet("describe", dir.resolve("missing.xyz").toString(), "-q", "-o", dir.resolve("a.npy").toString(),
                "--next", "describe", "data/Si_test.xyz", "-d", "radial:rcut=4,nmax=3", "-q", "-o", b.toString());
        assertEquals(Main.EXIT_INPUT, code);
        assertFalse(Files.exists(b), "the command after the failure must not run");
    }

    @Test
    void rejectsBadRepeatAndEmptyInput() {
        assertEquals(Main.EXIT_USAGE, quiet("--repeat", "0", "info", "data/Si_test.xyz"));
        assertEquals(Main.EXIT_USAGE, quiet("--repeat", "x", "info", "data/Si_test.xyz"));
        assertEquals(Main.EXIT_USAGE, quiet());
        assertEquals(Main.EXIT_USAGE, quiet("--next"));
    }
}
