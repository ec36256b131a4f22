package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.atomdoe.io.Digests;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.io.Pool;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code select} and {@code assess} on the bundled Si training pool. */
class SelectAssessCommandTest {
    static final String POOL = "data/Si_train.xyz";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlySelectOffersTheSearchOptionsAssessWouldIgnore() {
        CliRunner.Run sel = CliRunner.run("select", "--help"), as = CliRunner.run("assess", "--help");
        assertEquals(0, sel.code(), sel.err());
        assertEquals(0, as.code(), as.err());
        for (String o : List.of("--criterion", "--start", "--max-leverage")) {
            assertTrue(sel.out().contains(o), "select offers " + o);
            assertTrue(!as.out().contains(o), "assess does not offer " + o + ", which it would ignore");
        }
        for (String o : List.of("--prior", "--i-over", "--labels", "--descriptor")) {
            assertTrue(as.out().contains(o), "assess offers " + o);
        }
        CliRunner.Run bad = CliRunner.run("assess", POOL, "--start", "fps", "-q");
        assertTrue(bad.code() != 0 && bad.err().contains("--start"), bad.err());
    }

    @Test
    void selectWritesFramesByteForByteReportAnnotationsAndPlots(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sel.xyz"), rep = dir.resolve("sel.json"), ann = dir.resolve("pool.xyz");
        CliRunner.Run r = CliRunner.run("select", POOL, "-n", "20", "-d", "snap:twojmax=4", "-o", out.toString(),
                "--report", rep.toString(), "--annotated", ann.toString(), "--plots", dir.resolve("p").toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(rep.toFile());
        for (String k : List.of("version", "settings", "inputs", "selected", "criteria", "certificate", "feasibility", "timings")) {
            assertTrue(j.has(k), "report has " + k);
        }
        assertEquals(Digests.sha256(Path.of(POOL)), j.get("inputs").get(0).get("sha256").asText());
        int[] sel = JSON.treeToValue(j.get("selected"), int[].class);
        assertEquals(20, sel.length);
        Set<Integer> distinct = new HashSet<>();
        for (int i : sel) distinct.add(i);
        assertEquals(20, distinct.size());
        assertEquals(15, j.get("feasibility").get("rank").asInt(), "2J=4: 14 bispectrum columns + 1 species column");
        assertTrue(j.get("criteria").get("logdet").isNumber());
        double ge = j.get("certificate").get("gEfficiency").asDouble();
        assertTrue(ge > 0 && ge <= 1, "G-efficiency " + ge);
        // byte-for-byte copy of the chosen frames, in selection order
        Pool pool = Pool.read(Path.of(POOL));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        pool.copyFrames(sel, expected);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
        // annotated pool: every frame, doe_selected on exactly the chosen ones
        List<Structure> annotated = ExtXyzReader.readAll(ann);
        assertEquals(214, annotated.size());
        int marked = 0;
        for (Structure s : annotated) {
            if (Boolean.TRUE.equals(s.info().get("doe_selected"))) marked++;
            assertTrue(s.info().get("doe_leverage") instanceof Double);
        }
        assertEquals(20, marked);
        for (String plot : List.of("p_leverage", "p_pca", "p_spectrum")) {
            BufferedImage img = ImageIO.read(dir.resolve(plot + ".png").toFile());
            assertEquals(900, img.getWidth(), plot);
            assertEquals(600, img.getHeight(), plot);
        }
    }

    /** A report without what may differ between equal runs: timings and the thread count. */
    static JsonNode withoutTimings(Path json) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(json.toFile());
        n.remove("timings");
        ((ObjectNode) n.get("settings")).remove("threads");
        return n;
    }

    @Test
    void sameSeedSameBytesWithOneOrTwoThreadsAndAcrossRuns(@TempDir Path dir) throws Exception {
        String[] common = {"select", POOL, "-n", "25", "-d", "snap:twojmax=4", "--starts", "3", "--seed", "5", "-q"};
        int[] threads = {1, 2, 2}; // 1 vs 2 threads, and a second run with 2
        byte[][] xyz = new byte[3][], ann = new byte[3][];
        JsonNode[] rep = new JsonNode[3];
        for (int t = 0; t < 3; t++) {
            Path out = dir.resolve("s" + t + ".xyz"), json = dir.resolve("s" + t + ".json"), annotated = dir.resolve("a" + t + ".xyz");
            String[] args = concat(common, "--threads", Integer.toString(threads[t]), "-o", out.toString(), "--report", json.toString(),
                    "--annotated", annotated.toString());
            assertEquals(0, CliRunner.run(args).code());
            xyz[t] = Files.readAllBytes(out);
            ann[t] = Files.readAllBytes(annotated);
            rep[t] = withoutTimings(json);
        }
        for (int t = 1; t < 3; t++) {
            String what = "run " + t + " (" + threads[t] + " threads) vs run 0 (1 thread)";
            assertArrayEquals(xyz[0], xyz[t], what + ": selection");
            assertArrayEquals(ann[0], ann[t], what + ": annotated pool");
            assertEquals(rep[0], rep[t], what + ": report");
        }
    }

    @Test
    void assessReportsAndAnnotationsAreTheSameWithOneOrTwoThreads(@TempDir Path dir) throws Exception {
        byte[][] ann = new byte[2][];
        JsonNode[] rep = new JsonNode[2];
        for (int t = 0; t < 2; t++) {
            Path json = dir.resolve("a" + t + ".json"), annotated = dir.resolve("a" + t + ".xyz");
            CliRunner.Run r = CliRunner.run("assess", "data/Si_test.xyz", "--pool", POOL, "-d", "snap:twojmax=4", "--threads",
                    Integer.toString(t + 1), "--report", json.toString(), "--annotated", annotated.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            ann[t] = Files.readAllBytes(annotated);
            rep[t] = withoutTimings(json);
        }
        assertArrayEquals(ann[0], ann[1], "annotated pool with per-atom gammas");
        assertEquals(rep[0], rep[1], "assessment report");
    }

    @Test
    void assessScoresThePoolPerFrameAndPerAtom(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("t.xyz");
        assertEquals(0, CliRunner.run("select", POOL, "-n", "20", "-d", "snap:twojmax=4", "-o", train.toString(), "-q").code());
        Path rep = dir.resolve("a.json"), ann = dir.resolve("ann.xyz");
        CliRunner.Run r = CliRunner.run("assess", train.toString(), "--pool", POOL, "-d", "snap:twojmax=4",
                "--report", rep.toString(), "--annotated", ann.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rank 15 of 15"), r.out());
        JsonNode j = JSON.readTree(rep.toFile());
        assertEquals(214, j.get("candidates").get("leverage").size());
        assertTrue(j.get("feasibility").get("feasible").asBoolean());
        List<Structure> frames = ExtXyzReader.readAll(ann);
        assertEquals(214, frames.size());
        for (Structure s : frames) {
            double[] g = s.arrays().get("doe_gamma").reals();
            assertEquals(s.natoms(), g.length);
            for (double v : g) assertTrue(v >= 0 && Double.isFinite(v));
        }
        // a frame of the training set sits inside its own span: leverage below 1
        int first = JSON.readTree(Files.readString(train.resolveSibling("t.xyz.json"))).get("selected").get(0).asInt();
        assertTrue(j.get("candidates").get("leverage").get(first).asDouble() <= 1 + 1e-9);
    }

    @Test
    void budgetLargerThanPoolIsAUsageErrorAndTimeLimitIsReported(@TempDir Path dir) throws Exception {
        CliRunner.Run r = CliRunner.run("select", "data/Si_test.xyz", "-n", "26", "-o", dir.resolve("x.xyz").toString(), "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("exceeds the pool of 25 frames"), r.err());
        assertTrue(!Files.exists(dir.resolve("x.xyz")), "no output on error");
        Path rep = dir.resolve("t.json");
        CliRunner.Run t = CliRunner.run("select", POOL, "-n", "30", "-d", "snap:twojmax=4", "--time-limit", "0.000001",
                "-o", dir.resolve("t.xyz").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, t.code(), t.err());
        assertTrue(JSON.readTree(rep.toFile()).get("design").get("timedOut").asBoolean());
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
