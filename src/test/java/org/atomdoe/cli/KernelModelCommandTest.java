package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model kernel:...} on select, assess and curve, on the bundled Si data with a small SOAP. */
class KernelModelCommandTest {
    private static final String SOAP = "soap:rcut=4,nmax=3,lmax=2,sigma=1";
    private static final String MODEL = "kernel:soap,zeta=2,sparse=30";

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    @Test
    void selectDesignsForTheSparseGpAndReportsTheModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sel.xyz");
        CliRunner.Run r = CliRunner.run("select", "data/Si_test.xyz", "-n", "6", "-d", SOAP, "--model", MODEL, "-o", out.toString(),
                "-q", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("sel.xyz.json").toFile());
        JsonNode km = j.get("kernelModel");
        assertEquals(30, km.get("sparsePoints").asInt());
        assertEquals("greedy", km.get("sparseMethod").asText());
        assertEquals(4e-6, km.get("ridge").asDouble(), 1e-18);
        assertEquals(SOAP, km.get("descriptor").asText(), "--descriptor of the same family refines kernel:soap");
        int[] sel = ints(j.get("selected"));
        assertEquals(6, sel.length);
        assertEquals(6, java.util.Arrays.stream(sel).distinct().count());
        assertEquals(31, j.get("design").get("columns").size(), "1 energy per species + 30 sparse points");
        assertFalse(j.get("criteria").get("singular").asBoolean(), "the GP prior keeps M positive definite");

        // the direct kernel design and kernel farthest point choose by the configuration kernel
        Path out2 = dir.resolve("direct.xyz");
        r = CliRunner.run("select", "data/Si_test.xyz", "-n", "6", "-d", SOAP, "--model", MODEL + ",design=direct,noise=0.01",
                "-o", out2.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode d = new ObjectMapper().readTree(dir.resolve("direct.xyz.json").toFile()).get("kernelModel");
        assertTrue(d.get("logDetKccPlusNoise").asDouble() >= d.get("greedyLogDetKccPlusNoise").asDouble() - 1e-12);
        assertEquals(0.01, d.get("configurationNoise").asDouble());
        Path out3 = dir.resolve("fps.xyz");
        r = CliRunner.run("select", "data/Si_test.xyz", "-n", "5", "-d", SOAP, "--model", MODEL + ",design=fps", "-o", out3.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals(5, new ObjectMapper().readTree(dir.resolve("fps.xyz.json").toFile()).get("selected").size());
    }

    @Test
    void assessScoresThePoolAgainstATrainingSetInTheKernelMetric(@TempDir Path dir) throws Exception {
        Path sel = dir.resolve("s.xyz");
        assertEquals(0, CliRunner.run("select", "data/Si_test.xyz", "-n", "5", "-d", SOAP, "--model", MODEL, "-o", sel.toString(), "-q").code());
        Path rep = dir.resolve("a.json");
        CliRunner.Run r = CliRunner.run("assess", sel.toString(), "--pool", "data/Si_test.xyz", "-d", SOAP, "--model", MODEL,
                "--report", rep.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(rep.toFile());
        assertNotNull(j.get("kernelModel"));
        JsonNode lev = j.get("candidates").get("leverage");
        assertEquals(25, lev.size());
        // frames of the training set have the smallest prediction variance: they are in it
        JsonNode inTrain = j.get("candidates").get("inTrain");
        double maxIn = 0, maxOut = 0;
        for (int i = 0; i < 25; i++) {
            if (inTrain.get(i).asBoolean()) maxIn = Math.max(maxIn, lev.get(i).asDouble());
            else maxOut = Math.max(maxOut, lev.get(i).asDouble());
        }
        assertEquals(5, j.get("candidates").get("inTrainCount").asInt());
        assertTrue(maxOut > maxIn, "pool frames outside the training set should be more informative: " + maxOut + " vs " + maxIn);
    }

    @Test
    void curveFitsTheSparseGpWithKernelMethods(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("k");
        CliRunner.Run r = CliRunner.run("curve", "data/Si_test.xyz", "--test", "data/Si_test.xyz", "--sizes", "6,12", "-d", SOAP,
                "--model", MODEL, "--methods", "D,kdirect,kfps,cur,random", "--seeds", "2", "-o", base.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("k.json").toFile());
        assertEquals("loocv", j.get("settings").get("lambda").asText(), "auto lambda of a kernel model");
        JsonNode c = j.get("curve");
        assertEquals(5, c.get("methods").size());
        assertEquals(3 * 2 + 2 * 2 * 2, c.get("points").size(), "deterministic methods once per budget, cur and random per seed");
        Set<String> names = new HashSet<>();
        for (JsonNode p : c.get("points")) {
            names.add(p.get("method").asText());
            assertTrue(p.get("maeMeVPerAtom").asDouble() >= 0);
        }
        assertEquals(Set.of("D-optimal", "kdirect", "kfps", "cur", "random"), names);
    }

    @Test
    void clearUsageErrors(@TempDir Path dir) {
        String o = dir.resolve("x.xyz").toString();
        CliRunner.Run r = CliRunner.run("select", "data/Si_test.xyz", "-n", "3", "--model", "kernel:soap,zeta=0", "-o", o, "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("zeta"), r.err());
        r = CliRunner.run("select", "data/Si_test.xyz", "-n", "3", "--model", "kernel:soap,colour=red", "-o", o, "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown key"), r.err());
        r = CliRunner.run("select", "data/Si_test.xyz", "-n", "3", "--model", MODEL, "--ridge", "1", "-d", SOAP, "-o", o, "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("sigma"), r.err());
        r = CliRunner.run("curve", "data/Si_test.xyz", "--test", "data/Si_test.xyz", "--methods", "kfps", "--sizes", "3", "-d", SOAP,
                "-o", dir.resolve("c").toString(), "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("kernel --model"), r.err());
    }
}
