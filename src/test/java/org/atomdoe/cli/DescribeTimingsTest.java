package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** describe's report splits the streamed pass into parsing, rows and .npy writing (parts of "descriptors"). */
class DescribeTimingsTest {
    @Test
    void streamedPassIsSplitIntoItsParts(@TempDir Path dir) throws Exception {
        for (String per : new String[] {"atom", "structure"}) {
            Path out = dir.resolve(per + ".npy");
            assertEquals(0, CliRunner.run("describe", "data/Si_test.xyz", "-d", "radial:rcut=4,nmax=3", "--per", per,
                    "-q", "-o", out.toString()).code());
            JsonNode t = new ObjectMapper().readTree(dir.resolve(per + ".npy.json").toFile()).get("timings");
            double parse = t.get("descriptors.parse").asDouble(), rows = t.get("descriptors.rows").asDouble(),
                    npy = t.get("descriptors.npy").asDouble(), all = t.get("descriptors").asDouble();
            assertTrue(parse > 0 && rows > 0 && npy >= 0, t.toString());
            assertTrue(parse + rows + npy <= all + 1e-6, "the parts are inside the streamed pass: " + t);
        }
    }

    @Test
    void standardInputHasNoSplit(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.npy");
        java.io.InputStream old = System.in;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("data/Si_test.xyz"))) {
            System.setIn(in);
            assertEquals(0, CliRunner.run("describe", "-", "-d", "radial:rcut=4,nmax=3", "-q", "-o", out.toString()).code());
        } finally {
            System.setIn(old);
        }
        JsonNode t = new ObjectMapper().readTree(dir.resolve("s.npy.json").toFile()).get("timings");
        assertTrue(t.has("descriptors"));
        assertFalse(t.has("descriptors.parse"), "a pool read whole has no streamed pass to split: " + t);
    }
}
