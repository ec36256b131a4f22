package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void jsonSummaryOfBundledSiTraining() throws Exception {
        CliRunner.Run r = run("info", "--json", "data/Si_train.xyz");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(214, j.get("frames").asInt());
        assertEquals(13233, j.get("atoms").asLong());
        assertEquals(13233, j.get("species").get("Si").asLong());
        assertEquals(4, j.get("configTypes").size());
        assertEquals(214, j.get("withForces").asInt());
        assertEquals(214, j.get("arrays").get("forces:R:3").asInt());
    }

    @Test
    void textSummary() {
        CliRunner.Run r = run("info", "data/Si_test.xyz");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("frames        25"), r.out());
        assertTrue(r.out().contains("AIMD-NVT"), r.out());
    }

    @Test
    void badInputIsOneLineWithExitCode3(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.xyz");
        Files.writeString(f, "2\nLattice=\"1 0 0 0 1 0 0 0 1\"\nW 0 0 0\n");
        CliRunner.Run r = run("info", f.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("atomdoe: " + f + ":3: truncated frame"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void usageErrorsExit2AndVersionWorks() {
        assertEquals(2, run("info", "--no-such-option", "x.xyz").code());
        assertEquals(2, run("no-such-verb").code());
        CliRunner.Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("atomdoe "), v.out());
    }
}
