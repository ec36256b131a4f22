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
}
