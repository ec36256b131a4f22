package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.atomdoe.io.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of {@code fit} and {@code curve} on the bundled Si data. */
class FitCurveCommandTest {
    @Test
    void fitWritesReportWithErrorsAndInputs(@TempDir Path dir) throws Exception {
        Path rep = dir.resolve("fit.json");
        CliRunner.Run r = CliRunner.run("fit", "data/Si_train.xyz", "--test", "data/Si_test.xyz",
                "-d", "snap:twojmax=4,rcutfac=4.7", "--report", rep.toString(), "-q", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test AIMD-NVT"), r.out());
        JsonNode j = new ObjectMapper().readTree(rep.toFile());
        assertEquals("fit", j.get("command").asText());
        double mae = j.get("test").get("maeMeVPerAtom").asDouble();
        assertTrue(mae > 0 && mae < 100, "test MAE " + mae);
        assertEquals(25, j.get("test").get("structures").asInt());
        assertEquals(Digests.sha256(Path.of("data/Si_train.xyz")), j.get("inputs").get(0).get("sha256").asText());
        assertEquals(214, j.get("inputs").get(0).get("frames").asInt());
        assertEquals(4, j.get("test").get("perConfigType").size());
        assertTrue(j.get("timings").has("descriptors"));
    }

    @Test
    void curveWritesJsonAndPlot(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("c");
        CliRunner.Run r = CliRunner.run("curve", "data/Si_train.xyz", "--test", "data/Si_test.xyz", "--sizes", "10,40",
                "--methods", "random,fps", "--seeds", "3", "-d", "radial:rcut=4.5,nmax=4", "-o", base.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("c.json").toFile());
        JsonNode c = j.get("curve");
        assertEquals(2, c.get("methods").size());
        assertEquals(3 * 2 + 2, c.get("points").size(), "3 random repeats x 2 budgets + fps once per budget");
        BufferedImage img = ImageIO.read(dir.resolve("c.png").toFile());
        assertEquals(900, img.getWidth());
        assertTrue(Files.readString(dir.resolve("c.svg")).contains("<svg"));
    }

    @Test
    void describeWritesNpyWithSidecar(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("f.npy");
        CliRunner.Run r = CliRunner.run("describe", "data/Si_test.xyz", "-d", "snap:twojmax=6", "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        org.atomdoe.io.Npy.Matrix m = org.atomdoe.io.Npy.read(out);
        assertEquals(25, m.rows());
        assertEquals(30, m.cols(), "2J=6 has 30 bispectrum components");
        JsonNode side = new ObjectMapper().readTree(dir.resolve("f.npy.json").toFile());
        assertEquals(30, side.get("labels").size());
        assertEquals("B[0,0,0]", side.get("labels").get(0).asText());
        // per-structure sums equal the sum of the per-atom rows
        Path atoms = dir.resolve("a.npy");
        assertEquals(0, CliRunner.run("describe", "data/Si_test.xyz", "-d", "snap:twojmax=6", "--per", "atom",
                "-o", atoms.toString(), "-q").code());
        org.atomdoe.io.Npy.Matrix a = org.atomdoe.io.Npy.read(atoms);
        assertEquals(1525, a.rows());
        JsonNode first = new ObjectMapper().readTree(dir.resolve("a.npy.json").toFile()).get("matrix").get("firstRowOfStructure");
        int from = first.get(3).asInt(), to = first.get(4).asInt();
        for (int c = 0; c < 30; c++) {
            double sum = 0;
            for (int i = from; i < to; i++) sum += a.values()[i * 30 + c];
            assertEquals(m.values()[3 * 30 + c], sum, 1e-9 * Math.max(1, Math.abs(sum)));
        }
    }

    @Test
    void descriptorSettingsFromJsonFile(@TempDir Path dir) throws Exception {
        Path js = dir.resolve("snap.json");
        Files.writeString(js, "{\"name\": \"snap\", \"twojmax\": 4, \"radelem\": [0.5], \"rcutfac\": 4.7}");
        Path a = dir.resolve("a.npy"), b = dir.resolve("b.npy");
        assertEquals(0, CliRunner.run("describe", "data/Si_test.xyz", "-d", "@" + js, "-o", a.toString(), "-q").code());
        assertEquals(0, CliRunner.run("describe", "data/Si_test.xyz", "-d", "snap:twojmax=4,radelem=0.5,rcutfac=4.7", "-o", b.toString(), "-q").code());
        assertEquals(java.util.Arrays.toString(org.atomdoe.io.Npy.read(b).values()), java.util.Arrays.toString(org.atomdoe.io.Npy.read(a).values()));
        Files.writeString(js, "[1, 2]");
        assertEquals(3, CliRunner.run("describe", "data/Si_test.xyz", "-d", "@" + js, "-o", a.toString(), "-q").code());
    }

    @Test
    void badDescriptorIsAUsageError() {
        CliRunner.Run r = CliRunner.run("fit", "data/Si_test.xyz", "-d", "nosuch:x=1", "-q");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown descriptor 'nosuch'"), r.err());
    }
}
