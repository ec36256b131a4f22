package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.io.Npy;
import org.atomdoe.io.Pool;
import org.atomdoe.report.PoolSummary;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code describe} and {@code assess} stream a pool file (batches of frames, never the whole pool)
 * and give exactly what the in-memory path gives; a forked JVM with a heap smaller than the pool
 * runs info, describe and assess on it.
 */
class StreamingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamedDescribeEqualsTheInMemoryMatrices(@TempDir Path dir) throws Exception {
        Path pool = Path.of("data/Si_train.xyz");
        Pool p = Pool.read(pool);
        List<String> species = FeatureMatrix.speciesOf(List.of(p.frames()));
        Descriptor d = FitCommand.parseDescriptor("snap:twojmax=4", species);
        FeatureMatrix s = FeatureMatrix.perStructure(p.frames(), "snap:twojmax=4", d, Aggregation.parse("species-sum"),
                SpeciesChannels.of(species), 1, Progress.NONE);
        FeatureMatrix a = FeatureMatrix.perAtom(p.frames(), "snap:twojmax=4", d, 1, Progress.NONE);
        Path fs = dir.resolve("s.npy"), fa = dir.resolve("a.npy");
        assertEquals(0, CliRunner.run("describe", pool.toString(), "-d", "snap:twojmax=4", "--aggregate", "species-sum", "-o", fs.toString(), "-q").code());
        assertEquals(0, CliRunner.run("describe", pool.toString(), "-d", "snap:twojmax=4", "--per", "atom", "-o", fa.toString(), "-q", "--threads", "2").code());
        Npy.Matrix ms = Npy.read(fs), ma = Npy.read(fa);
        assertEquals(s.rows(), ms.rows());
        assertEquals(s.cols(), ms.cols());
        assertArrayEquals(s.values(), ms.values(), "per-structure rows, streamed vs in memory");
        assertEquals(a.rows(), ma.rows());
        assertArrayEquals(a.values(), ma.values(), "per-atom rows, streamed vs in memory");
        JsonNode side = JSON.readTree(dir.resolve("s.npy.json").toFile());
        assertEquals(s.labels().size(), side.get("labels").size());
        assertEquals(s.labels().get(s.cols() - 1), side.get("labels").get(s.cols() - 1).asText());
        JsonNode first = JSON.readTree(dir.resolve("a.npy.json").toFile()).get("matrix").get("firstRowOfStructure");
        assertEquals(p.size(), first.size());
        assertEquals(p.get(0).natoms() + p.get(1).natoms(), first.get(2).asLong());
    }

    /** The report without what legitimately differs between a file and standard input: timings and the pool's path. */
    static JsonNode comparable(Path json) throws Exception {
        ObjectNode n = (ObjectNode) JSON.readTree(json.toFile());
        n.remove("timings");
        n.remove("inputs");
        return n;
    }

    /** The path of the first difference between two JSON trees, with both values; null if equal. */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) return path + ": " + a + " vs " + b;
        if (a.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String d = firstDifference(a.get(n), b.get(n), path + "." + n);
                if (d != null) return d;
            }
            return null;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) return path + ": " + a.size() + " vs " + b.size() + " elements";
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        return a.equals(b) ? null : path + ": " + a + " vs " + b;
    }

    @Test
    void streamedAssessEqualsTheInMemoryAssessment(@TempDir Path dir) throws Exception {
        String pool = "data/Si_train.xyz";
        Path repFile = dir.resolve("file.json"), annFile = dir.resolve("file.xyz");
        CliRunner.Run r = CliRunner.run("assess", "data/Si_test.xyz", "--pool", pool, "-d", "snap:twojmax=4", "--report", repFile.toString(),
                "--annotated", annFile.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        // the same pool on standard input is read into memory (it cannot be read twice)
        InputStream old = System.in;
        Path repIn = dir.resolve("stdin.json"), annIn = dir.resolve("stdin.xyz");
        CliRunner.Run s;
        try (InputStream in = Files.newInputStream(Path.of(pool))) {
            System.setIn(in);
            s = CliRunner.run("assess", "data/Si_test.xyz", "--pool", "-", "-d", "snap:twojmax=4", "--report", repIn.toString(),
                    "--annotated", annIn.toString(), "-q");
        } finally {
            System.setIn(old);
        }
        assertEquals(0, s.code(), s.err());
        JsonNode a = comparable(repIn), b = comparable(repFile);
        assertEquals(null, firstDifference(a, b, ""), "report, streamed pool vs pool in memory");
        assertArrayEquals(Files.readAllBytes(annIn), Files.readAllBytes(annFile), "annotated pool, streamed vs in memory");
        assertEquals(r.out().replace("file.json", "stdin.json"), s.out(), "printed summary");
        assertEquals(214, JSON.readTree(repFile.toFile()).get("candidates").get("maxAtomGamma").size());
    }

    @Test
    void aHeapSmallerThanThePoolIsEnough(@TempDir Path dir) throws Exception {
        // the forked JVMs do not depend on this JVM's flags: once (in the vector run) is enough
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("atomdoe.expectScalar"), "runs once, in the vector run");
        // ~36 MB of frames (Si_train 24 times over) read with a 32 MB heap: they could not all be held as structures
        byte[] frames = Files.readAllBytes(Path.of("data/Si_train.xyz"));
        Path big = dir.resolve("big.xyz");
        try (var out = Files.newOutputStream(big)) {
            for (int k = 0; k < 24; k++) out.write(frames);
        }
        assertTrue(Files.size(big) > 32L << 20);
        PoolSummary expected = PoolSummary.of(big);
        String[][] runs = {
            {"info", "--json", big.toString()},
            {"describe", big.toString(), "-d", "radial:rcut=4,nmax=4", "-o", dir.resolve("d.npy").toString(), "-q", "--threads", "2"},
            {"assess", "data/Si_test.xyz", "--pool", big.toString(), "-d", "radial:rcut=4,nmax=4", "--no-atoms",
                "--report", dir.resolve("a.json").toString(), "-q", "--threads", "2"}};
        for (String[] args : runs) {
            Process p = InterruptionTest.fork(32, Main.class, args);
            InterruptionTest.Lines out = new InterruptionTest.Lines(p.getInputStream(), null);
            InterruptionTest.Lines err = new InterruptionTest.Lines(p.getErrorStream(), null);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                org.junit.jupiter.api.Assertions.fail(args[0] + " did not finish in 300 s");
            }
            assertEquals(0, p.exitValue(), args[0] + " with -Xmx32m: " + err.text());
            if (args[0].equals("info")) assertEquals(expected.atoms(), JSON.readTree(out.text()).get("atoms").asLong());
        }
        assertEquals(expected.frames(), Npy.read(dir.resolve("d.npy")).rows());
        assertEquals(expected.frames(), JSON.readTree(dir.resolve("a.json").toFile()).get("candidates").get("leverage").size());
    }
}
