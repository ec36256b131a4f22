package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a run from outside, in a forked JVM: Ctrl-C (SIGINT) during a long selection writes
 * the best design so far, marked as interrupted; SIGTERM and SIGKILL at any moment leave each
 * output file either as it was or complete, never half-written.
 */
class InterruptionTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Every JVM a test forked: killed after the test whatever happened, so that none outlives it. */
    private static final List<Process> CHILDREN = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The forked JVMs do not depend on this JVM's flags: the tests run once, in the vector run. */
    @org.junit.jupiter.api.BeforeEach
    void onceNotTwice() {
        assumeTrue(!Boolean.getBoolean("atomdoe.expectScalar"), "runs once, in the vector run");
    }

    @org.junit.jupiter.api.AfterEach
    void killChildren() throws InterruptedException {
        synchronized (CHILDREN) {
            for (Process p : CHILDREN) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            CHILDREN.clear();
        }
    }

    /**
     * {@code env --default-signal=INT} (GNU coreutils >= 9.1) when it works: a test JVM started as a
     * background job passes SIGINT on as ignored, and a JVM cannot undo that itself.
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) return List.of("env", "--default-signal=INT");
        } catch (IOException | InterruptedException e) {
            // no such env: run the JVM directly
        }
        return List.of();
    }
    static final String OLD = "old content\n";

    /** A JVM like this one (same java, same class path) running {@code main} with {@code args}. */
    static Process fork(Class<?> main, String... args) throws IOException {
        return fork(512, main, args);
    }

    /** As {@link #fork(Class, String...)} with a heap of {@code heapMb} MB. */
    static Process fork(int heapMb, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(DEFAULT_SIGINT);
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xmx" + heapMb + "m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CHILDREN.add(p);
        return p;
    }

    /** The lines of a child's stream, read in the background (so that the child never blocks on a full pipe). */
    static final class Lines {
        final StringBuilder all = new StringBuilder();
        final CompletableFuture<Void> eof;
        private final CompletableFuture<String> marker = new CompletableFuture<>();
        private final String wanted;

        Lines(InputStream in, String wanted) {
            this.wanted = wanted;
            eof = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.append(line).append('\n');
                        }
                        if (wanted != null && line.contains(wanted)) marker.complete(line);
                    }
                } catch (IOException e) {
                    // the child is gone
                } finally {
                    marker.complete(null);
                }
            });
        }

        /** Waits for the first line containing the wanted text; null if the stream ended without one. */
        String awaitMarker() throws Exception {
            return marker.get(60, TimeUnit.SECONDS);
        }

        /** Everything read, after the stream has ended. */
        String text() throws Exception {
            eof.get(60, TimeUnit.SECONDS);
            synchronized (all) {
                return all.toString();
            }
        }
    }

    /** A pool of {@code n} one-atom frames and random features for it: a selection that takes as long as it is allowed to. */
    static void longSelection(Path dir, int n, int p) throws IOException {
        Files.writeString(dir.resolve("pool.xyz"), "1\nProperties=species:S:1:pos:R:3\nH 0 0 0\n".repeat(n));
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        Npy.write(dir.resolve("f.npy"), x, n, p);
    }

    static String[] selectArgs(Path dir) {
        // many randomised starts: the search runs until something stops it
        return new String[] {"select", dir.resolve("pool.xyz").toString(), "-n", "60", "--features", dir.resolve("f.npy").toString(),
                "--starts", "100000", "--seed", "3", "--threads", "1", "-o", dir.resolve("out.xyz").toString(),
                "--report", dir.resolve("out.json").toString()};
    }

    /** The stderr reader of each child started by {@link #startLongSelection}. */
    private final java.util.Map<Process, Lines> stderrOf = new java.util.HashMap<>();

    /** Old outputs in place, then a forked {@code select} that runs until stopped; returns once it is searching. */
    private Process startLongSelection(Path dir) throws Exception {
        longSelection(dir, 3000, 12);
        Files.writeString(dir.resolve("out.xyz"), OLD);
        Files.writeString(dir.resolve("out.json"), OLD);
        Process p = fork(Main.class, selectArgs(dir));
        Lines err = new Lines(p.getErrorStream(), "searching for the design");
        new Lines(p.getInputStream(), null);
        assertTrue(err.awaitMarker() != null, () -> "the search never started: " + err.all);
        stderrOf.put(p, err);
        return p;
    }

    private static void assertNoTempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> tmp = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(tmp.isEmpty(), "temporary files left: " + tmp);
        }
    }

    @Test
    void ctrlCDuringTheSearchWritesTheBestDesignSoFarMarkedAsInterrupted(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")), "needs kill(1) to send SIGINT");
        Process p = startLongSelection(dir);
        Lines err = stderrOf.get(p);
        assumeTrue(!err.all.toString().contains("ignores Ctrl-C"), "SIGINT is ignored in this environment and env cannot reset it");
        Thread.sleep(1000); // let it finish at least the first start
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "the search did not stop after SIGINT: " + err.all);
        String stderr = err.text();
        assertEquals(Interrupts.EXIT_INTERRUPTED, p.exitValue(), stderr);

        JsonNode rep = JSON.readTree(dir.resolve("out.json").toFile());
        JsonNode design = rep.get("design");
        assertTrue(design.get("interrupted").asBoolean(), design.toString());
        assertEquals("interrupt", design.get("stoppedBy").asText());
        assertTrue(design.get("status").asText().contains("interrupt"), design.get("status").asText());
        // (converged may be true: the best design can come from a start that finished before the interrupt)
        int selected = rep.get("selected").size();
        assertEquals(selected == 60, design.get("complete").asBoolean());
        // the selection file is the complete new one: exactly the reported frames
        assertEquals(selected, ExtXyzReader.readAll(dir.resolve("out.xyz")).size());
        assertTrue(stderr.contains("interrupted: stopping the search"), stderr);
        assertNoTempFiles(dir);
    }

    @Test
    void sigtermDuringTheSearchLeavesTheOldOutputs(@TempDir Path dir) throws Exception {
        Process p = startLongSelection(dir);
        Lines err = stderrOf.get(p);
        Thread.sleep(300);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(OLD, Files.readString(dir.resolve("out.xyz")));
        assertEquals(OLD, Files.readString(dir.resolve("out.json")));
        assertNoTempFiles(dir);
    }

    @Test
    void killedHalfWayThroughAWriteLeavesTheOldFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("big.txt");
        for (boolean forcibly : new boolean[] {false, true}) {
            Files.writeString(target, OLD);
            Process p = fork(SlowAtomicWrite.class, target.toString());
            assertTrue(new Lines(p.getInputStream(), "writing").awaitMarker() != null, "the writer never started");
            Thread.sleep(300); // well inside the ~2 s write
            if (forcibly) p.destroyForcibly(); else p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(OLD, Files.readString(target), (forcibly ? "SIGKILL" : "SIGTERM") + " mid-write must keep the old file");
            if (!forcibly) assertNoTempFiles(dir); // the shutdown hook removed it; SIGKILL cannot
        }
        // not killed: the complete new file
        Process p = fork(SlowAtomicWrite.class, target.toString());
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        List<String> lines = Files.readAllLines(target);
        assertEquals(SlowAtomicWrite.CHUNKS + 1, lines.size());
        assertEquals("complete", lines.get(lines.size() - 1));
    }
}
