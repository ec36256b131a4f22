package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atomdoe.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code select --features X.npy} without a pool of structures, and the intercept column of {@code --features}. */
class SelectFeaturesCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static double[] gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-1, 1) + r.nextDouble(-1, 1) + r.nextDouble(-1, 1);
        return x;
    }

    static int[] rowsOf(Path out) throws Exception {
        return Files.readAllLines(out).stream().mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void withoutAPoolTheChosenRowNumbersAreWrittenAndMatchThePoolRun(@TempDir Path dir) throws Exception {
        int rows = 30, cols = 4;
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, gaussian(rows, cols, 5), rows, cols);
        Path out = dir.resolve("rows.txt"), rep = dir.resolve("rows.json");
        CliRunner.Run r = CliRunner.run("select", "--features", npy.toString(), "-n", "8", "-o", out.toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        int[] sel = rowsOf(out);
        assertEquals(8, sel.length);
        assertEquals(8, Arrays.stream(sel).distinct().filter(i -> i >= 0 && i < rows).count(), Arrays.toString(sel));
        JsonNode j = JSON.readTree(rep.toFile());
        assertEquals(Arrays.toString(sel), j.get("selected").toString().replace(",", ", "));
        assertEquals(List.of("f0", "f1", "f2", "f3", "intercept").toString(), j.get("design").get("columns").toString().replace("\"", "").replace(",", ", "));
        assertFalse(j.has("coverage"), "no structures, no species coverage");

        // the same rows with a pool of as many frames choose the same design
        List<String> lines = Files.readAllLines(Path.of("data/Si_test.xyz"));
        int nat = Integer.parseInt(lines.get(0).strip());
        Path pool = dir.resolve("p.xyz");
        Files.writeString(pool, (String.join("\n", lines.subList(0, nat + 2)) + "\n").repeat(rows));
        Path rep2 = dir.resolve("pool.json");
        CliRunner.Run r2 = CliRunner.run("select", pool.toString(), "--features", npy.toString(), "-n", "8", "-o", dir.resolve("p8.xyz").toString(),
                "--report", rep2.toString(), "--no-strata", "-q");
        assertEquals(0, r2.code(), r2.err());
        JsonNode j2 = JSON.readTree(rep2.toFile());
        assertEquals(j2.get("selected"), j.get("selected"));
        assertEquals(j2.get("criteria").get("logdet").asDouble(), j.get("criteria").get("logdet").asDouble(), 1e-12);
    }

    @Test
    void reachesAlgDesignsLogDetOnItsCandidatesWithoutIntercept(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/algdesign/cand_N200_p6.csv"));
        int n = lines.size() - 1, p = 6;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int k = 0; k < p; k++) x[i * p + k] = Double.parseDouble(f[k]);
        }
        Path npy = dir.resolve("c.npy"), rep = dir.resolve("c.json");
        Npy.write(npy, x, n, p);
        // AlgDesign optFederov(~.-1, nTrials = 12, criterion = "D", nRepeats = 10): log det X'X = 19.730814271368395 (best known)
        CliRunner.Run r = CliRunner.run("select", "--features", npy.toString(), "--intercept", "none", "--scale", "none", "-c", "D", "--starts", "10", "--seed", "7",
                "-n", "12", "-o", dir.resolve("c.txt").toString(), "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(rep.toFile());
        assertEquals(6, j.get("design").get("columns").size());
        assertTrue(j.get("criteria").get("logdet").asDouble() >= 19.730814271368395 - 1e-9, j.get("criteria").toString());
    }

    @Test
    void aConstantColumnIsTheInterceptAndNoneKeepsTheRowsAsGiven(@TempDir Path dir) throws Exception {
        int rows = 25, cols = 3;
        double[] x = gaussian(rows, cols, 9);
        for (int i = 0; i < rows; i++) x[i * cols + 1] = 2.5;
        Path npy = dir.resolve("k.npy");
        Npy.write(npy, x, rows, cols);
        for (String intercept : new String[] {"auto", "none"}) {
            Path rep = dir.resolve(intercept + ".json");
            CliRunner.Run r = CliRunner.run("select", "--features", npy.toString(), "--intercept", intercept, "-n", "5",
                    "-o", dir.resolve(intercept + ".txt").toString(), "--report", rep.toString(), "-q");
            assertEquals(0, r.code(), r.err());
            assertEquals(3, JSON.readTree(rep.toFile()).get("design").get("columns").size(), intercept);
        }
        CliRunner.Run bad = CliRunner.run("select", "--features", npy.toString(), "--intercept", "yes", "-n", "5", "-o", dir.resolve("b.txt").toString(), "-q");
        assertTrue(bad.code() != 0 && bad.err().contains("--intercept"), bad.err());
    }

    @Test
    void optionsThatNeedStructuresSayWhatIsMissing(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("x.npy");
        Npy.write(npy, gaussian(20, 3, 1), 20, 3);
        String o = dir.resolve("o.txt").toString();
        CliRunner.Run none = CliRunner.run("select", "-n", "5", "-o", o, "-q");
        assertTrue(none.code() != 0 && none.err().contains("POOL.xyz") && none.err().contains("--features"), none.err());
        for (String[] extra : new String[][] {{"--strata"}, {"--per-config-type", "2"}, {"--cost-budget", "3"}, {"--annotated", dir.resolve("a.xyz").toString()},
                {"--start", "strata"}}) {
            CliRunner.Run r = CliRunner.run(SelectAssessCommandTest.concat(new String[] {"select", "--features", npy.toString(), "-n", "5", "-o", o, "-q"}, extra));
            assertTrue(r.code() != 0 && r.err().contains(extra[0]) && r.err().contains("POOL.xyz"), Arrays.toString(extra) + ": " + r.err());
        }
        CliRunner.Run big = CliRunner.run("select", "--features", npy.toString(), "-n", "21", "-o", o, "-q");
        assertTrue(big.code() != 0 && big.err().contains("20 rows"), big.err());
        assertFalse(Files.exists(Path.of(o)), "no output after a usage error");
    }
}
