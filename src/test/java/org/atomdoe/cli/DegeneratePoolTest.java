package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atomdoe.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Degenerate pools give a clear feasibility message, valid JSON and never NaN. */
class DegeneratePoolTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static void assertNoNaN(Path json) throws Exception {
        String text = Files.readString(json);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), "NaN/Infinity in " + json);
        JSON.readTree(text); // valid JSON
    }

    /** No non-finite number anywhere in an extxyz file (values are written as Python would print them). */
    static void assertNoNaNInXyz(Path xyz) throws Exception {
        String text = Files.readString(xyz).toLowerCase(java.util.Locale.ROOT);
        for (String bad : new String[] {"nan", "inf"}) {
            int at = text.indexOf(bad);
            assertTrue(at < 0, xyz + ": '" + bad + "' at character " + at);
        }
    }

    /** Frame {@code k} of Si_test.xyz, as text (frames differ in atom count). */
    static String siFrame(int k) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("data/Si_test.xyz"));
        int at = 0;
        for (int f = 0; f < k; f++) at += Integer.parseInt(lines.get(at).strip()) + 2;
        int n = Integer.parseInt(lines.get(at).strip());
        return String.join("\n", lines.subList(at, at + n + 2)) + "\n";
    }

    @Test
    void identicalFramesAreSingularNotNaN(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("data/Si_test.xyz"));
        int n = Integer.parseInt(lines.get(0).strip());
        String frame = String.join("\n", lines.subList(0, n + 2)) + "\n";
        Path pool = dir.resolve("same.xyz");
        Files.writeString(pool, frame.repeat(8));
        Path rep = dir.resolve("s.json");
        CliRunner.Run r = CliRunner.run("select", pool.toString(), "-n", "3", "-d", "snap:twojmax=4", "-o",
                dir.resolve("s.xyz").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rank 1 of 15 (singular)"), r.out());
        assertNoNaN(rep);
        JsonNode f = JSON.readTree(rep.toFile()).get("feasibility");
        assertEquals(1, f.get("rank").asInt());
        assertEquals(-1, f.get("moreToFullRank").asInt(), "identical frames can never identify the model");
        assertTrue(f.get("conditionNumber").isNull());
        Path arep = dir.resolve("a.json");
        CliRunner.Run a = CliRunner.run("assess", dir.resolve("s.xyz").toString(), "--pool", pool.toString(),
                "-d", "snap:twojmax=4", "--report", arep.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("the pool cannot reach full rank"), a.out());
        assertNoNaN(arep);
    }

    @Test
    void constantAndCollinearFeatureColumns(@TempDir Path dir) throws Exception {
        int rows = 40, cols = 4;
        double[] x = new double[rows * cols];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < rows; i++) {
            x[i * cols] = 1.0;                    // constant
            x[i * cols + 1] = rnd.nextGaussian();
            x[i * cols + 2] = 2 * x[i * cols + 1]; // collinear
            x[i * cols + 3] = rnd.nextGaussian();
        }
        Path npy = dir.resolve("f.npy");
        Npy.write(npy, x, rows, cols);
        // a pool with 40 frames to match the 40 rows
        List<String> lines = Files.readAllLines(Path.of("data/Si_test.xyz"));
        int n = Integer.parseInt(lines.get(0).strip());
        Path pool = dir.resolve("p.xyz");
        Files.writeString(pool, (String.join("\n", lines.subList(0, n + 2)) + "\n").repeat(rows));
        Path rep = dir.resolve("r.json");
        CliRunner.Run r = CliRunner.run("select", pool.toString(), "-n", "10", "--features", npy.toString(),
                "-o", dir.resolve("o.xyz").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertNoNaN(rep);
        JsonNode f = JSON.readTree(rep.toFile()).get("feasibility");
        assertEquals(3, f.get("rank").asInt());
        String weak = f.get("weakestDirections").get(0).get("labels").toString();
        assertTrue(weak.contains("f1") && weak.contains("f2"), weak);
    }

    @Test
    void identicalFramesWithEveryCriterionAndAlgorithmGiveNoNaN(@TempDir Path dir) throws Exception {
        Path pool = dir.resolve("same.xyz");
        Files.writeString(pool, siFrame(0).repeat(8));
        String[][] variants = {{"-c", "A"}, {"-c", "I"}, {"--algorithm", "greedy", "--starts", "3"}, {"--cost-budget", "3"}};
        for (String[] v : variants) {
            String tag = String.join("", v).replace("-", "");
            Path rep = dir.resolve(tag + ".json"), ann = dir.resolve(tag + ".ann.xyz");
            String[] args = SelectAssessCommandTest.concat(new String[] {"select", pool.toString(), "-d", "snap:twojmax=4", "-o",
                    dir.resolve(tag + ".xyz").toString(), "--report", rep.toString(), "--annotated", ann.toString(), "-q"}, v);
            if (!java.util.Arrays.asList(v).contains("--cost-budget")) args = SelectAssessCommandTest.concat(args, "-n", "3");
            CliRunner.Run r = CliRunner.run(args);
            assertEquals(0, r.code(), java.util.Arrays.toString(v) + ": " + r.err());
            assertTrue(r.out().contains("(singular)"), java.util.Arrays.toString(v) + ": " + r.out());
            assertNoNaN(rep);
            assertNoNaNInXyz(ann);
            assertFalse(JSON.readTree(rep.toFile()).get("feasibility").get("feasible").asBoolean());
        }
        Path arep = dir.resolve("alone.json"), aann = dir.resolve("alone.xyz");
        CliRunner.Run a = CliRunner.run("assess", pool.toString(), "-d", "snap:twojmax=4", "--report", arep.toString(),
                "--annotated", aann.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("singular: the data cannot identify every weight"), a.out());
        assertNoNaN(arep);
        assertNoNaNInXyz(aann);
    }

    @Test
    void duplicateConfigurationsAreRecognisedAsTrainingFrames(@TempDir Path dir) throws Exception {
        // every Si_test frame twice: a pool of duplicates scored against Si_test itself
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 25; k++) sb.append(siFrame(k)).append(siFrame(k));
        Path pool = dir.resolve("dup.xyz");
        Files.writeString(pool, sb.toString());
        Path rep = dir.resolve("s.json");
        CliRunner.Run r = CliRunner.run("select", pool.toString(), "-n", "20", "-d", "snap:twojmax=4", "-o",
                dir.resolve("s.xyz").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertNoNaN(rep);
        JsonNode j = JSON.readTree(rep.toFile());
        JsonNode f = j.get("feasibility");
        assertEquals(f.get("poolRank").asInt(), f.get("rank").asInt(), "the selection reaches the rank of the distinct frames");
        Path arep = dir.resolve("a.json");
        CliRunner.Run a = CliRunner.run("assess", "data/Si_test.xyz", "--pool", pool.toString(), "-d", "snap:twojmax=4",
                "--no-atoms", "--report", arep.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        assertNoNaN(arep);
        JsonNode c = JSON.readTree(arep.toFile()).get("candidates");
        assertEquals(50, c.get("inTrainCount").asInt(), "both copies of every training frame are recognised");
        assertEquals(0, JSON.readTree(arep.toFile()).get("mostInformative").size(), "no candidate is left once training frames are excluded");
        for (JsonNode lev : c.get("leverage")) assertTrue(lev.asDouble() <= 1 + 1e-9, "a duplicate of a training frame has leverage <= 1: " + lev);
    }

    @Test
    void zeroAndAllZeroFeatureColumns(@TempDir Path dir) throws Exception {
        int rows = 20, cols = 3;
        double[] x = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            x[i * cols + 1] = i;        // column 0 stays zero: its unit scale must not divide by 0
            x[i * cols + 2] = i * i;
        }
        Path pool = dir.resolve("p.xyz");
        Files.writeString(pool, siFrame(0).repeat(rows));
        Npy.write(dir.resolve("z.npy"), x, rows, cols);
        Npy.write(dir.resolve("zz.npy"), new double[rows * cols], rows, cols);
        for (String c : new String[] {"D", "A", "I"}) {
            for (String f : new String[] {"z", "zz"}) {
                Path rep = dir.resolve(f + c + ".json"), ann = dir.resolve(f + c + ".ann.xyz");
                CliRunner.Run r = CliRunner.run("select", pool.toString(), "-n", "5", "-c", c, "--features", dir.resolve(f + ".npy").toString(), "--intercept", "none",
                        "-o", dir.resolve(f + c + ".xyz").toString(), "--report", rep.toString(), "--annotated", ann.toString(), "-q");
                assertEquals(0, r.code(), f + " " + c + ": " + r.err());
                assertNoNaN(rep);
                assertNoNaNInXyz(ann);
                JsonNode feas = JSON.readTree(rep.toFile()).get("feasibility");
                assertEquals(f.equals("z") ? 2 : 0, feas.get("rank").asInt(), f + " " + c);
                assertEquals(-1, feas.get("moreToFullRank").asInt(), "no pool frame can fill a zero column");
            }
        }
    }

    @Test
    void quotasThatAllowFewerThanRequestedSaySo(@TempDir Path dir) throws Exception {
        Path rep = dir.resolve("q.json");
        CliRunner.Run r = CliRunner.run("select", "data/Si_test.xyz", "-n", "10", "--per-config-type", "1", "-d", "snap:twojmax=4",
                "-o", dir.resolve("q.xyz").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(rep.toFile());
        int chosen = j.get("selected").size();
        assertTrue(chosen < 10, "one per config_type");
        assertFalse(j.get("design").get("complete").asBoolean());
        assertTrue(r.out().contains("only " + chosen + " of the 10 requested frames fit the --per-config-type quota"), r.out());
        assertNoNaN(rep);
    }

    @Test
    void emptyPoolsAndEmptyFramesAreClearErrors(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.xyz");
        Files.writeString(empty, "");
        CliRunner.Run a = CliRunner.run("assess", empty.toString(), "--report", dir.resolve("e.json").toString(), "-q");
        assertEquals(2, a.code());
        assertTrue(a.err().contains("the training set " + empty + " has no frames"), a.err());
        CliRunner.Run d = CliRunner.run("describe", empty.toString(), "-o", dir.resolve("e.npy").toString(), "-q");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("the pool " + empty + " has no frames"), d.err());
        assertFalse(Files.exists(dir.resolve("e.npy")) || Files.exists(dir.resolve("e.json")), "no output on error");
        // a frame without atoms cannot be a per-atom design row: an input error at its line
        Path zero = dir.resolve("zero.xyz");
        Files.writeString(zero, siFrame(0) + "0\n\n" + siFrame(1));
        CliRunner.Run s = CliRunner.run("select", zero.toString(), "-n", "1", "-d", "snap:twojmax=4", "-o", dir.resolve("z.xyz").toString(), "-q");
        assertEquals(3, s.code(), s.err());
        int line = siFrame(0).split("\n").length + 1;
        assertTrue(s.err().contains(zero + ":" + line + ": expected at least one atom in every frame of the pool"), s.err());
    }
}
