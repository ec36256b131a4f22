package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --labels energy,forces[,stress]} end to end on the bundled Si data (radial descriptor with gradients). */
class ForceLabelsCommandTest {
    static final String RADIAL = "snap:twojmax=4,rcutfac=4.7";

    @Test
    void fitWithForcesReportsForceErrorsAndImprovesThemOverEnergiesAlone(@TempDir Path dir) throws Exception {
        Path e = dir.resolve("e.json"), ef = dir.resolve("ef.json");
        CliRunner.Run a = CliRunner.run("fit", "data/Si_train.xyz", "--test", "data/Si_test.xyz", "-d", RADIAL, "--report", e.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        CliRunner.Run b = CliRunner.run("fit", "data/Si_train.xyz", "--test", "data/Si_test.xyz", "-d", RADIAL,
                "--labels", "energy,forces,stress", "--report", ef.toString(), "-q");
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("MAE eV/Å"), b.out());
        JsonNode j = new ObjectMapper().readTree(ef.toFile());
        assertEquals("EFS", j.get("settings").get("labels").asText());
        double forceMae = j.get("testForces").get("mae").asDouble();
        long atoms = ExtXyzReader.readAll(Path.of("data/Si_test.xyz")).stream().mapToLong(Structure::natoms).sum();
        assertEquals(3 * atoms, j.get("testForces").get("components").asLong(), "every test force component");
        assertTrue(forceMae > 0.01 && forceMae < 1.0, "force MAE " + forceMae + " eV/Å");
    }

    @Test
    void selectOnForceBlocksAnnotatesAtomsAndReportsTheLabels(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.xyz"), ann = dir.resolve("pool.xyz");
        CliRunner.Run r = CliRunner.run("select", "data/Si_train.xyz", "-n", "6", "-d", RADIAL, "--labels", "energy,forces",
                "-o", out.toString(), "--annotated", ann.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("s.xyz.json").toFile());
        assertEquals("EF", j.get("settings").get("labels").asText());
        assertEquals(6, j.get("selected").size());
        assertTrue(j.get("feasibility").get("feasible").asBoolean(), "6 configurations of 63 atoms with forces identify a radial model");
        List<Structure> pool = ExtXyzReader.readAll(ann);
        assertEquals(214, pool.size());
        double[] g = pool.get(0).arrays().get("doe_force_gain").reals();
        assertEquals(pool.get(0).natoms(), g.length);
        long chosen = pool.stream().filter(s -> Boolean.TRUE.equals(s.info().get("doe_selected"))).count();
        assertEquals(6, chosen);
        for (Structure s : pool) {
            if (Boolean.TRUE.equals(s.info().get("doe_selected"))) assertEquals(0.0, ((Number) s.info().get("doe_gain")).doubleValue());
        }
    }

    @Test
    void curveComparesForceAwareAndEnergyOnlyDesigns(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("c");
        CliRunner.Run r = CliRunner.run("curve", "data/Si_train.xyz", "--test", "data/Si_test.xyz", "--sizes", "4,16",
                "--methods", "D,D-energy,random", "--seeds", "2", "-d", RADIAL, "--labels", "energy,forces", "-o", base.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode c = new ObjectMapper().readTree(dir.resolve("c.json").toFile()).get("curve");
        assertEquals("EF", c.get("labels").asText());
        assertEquals("D-optimal[forces]", c.get("methods").get(0).asText());
        assertEquals("D-optimal", c.get("methods").get(1).asText());
        for (JsonNode s : c.get("summaries")) assertTrue(s.get("forceMaeMedian").asDouble() > 0, s.toString());
        assertTrue(c.get("fullPoolForces").get("mae").asDouble() > 0);
    }

    @Test
    void selectWithStrataAndPoolPriorReportsWhatWasUsed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.xyz");
        CliRunner.Run r = CliRunner.run("select", "data/Si_train.xyz", "-n", "10", "-d", RADIAL, "--labels", "energy,forces",
                "-c", "I", "--strata", "--prior", "pool", "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("s.xyz.json").toFile());
        assertEquals("I", j.get("settings").get("criterion").asText());
        assertTrue(j.get("settings").get("strata").asBoolean());
        assertEquals("pool", j.get("settings").get("prior").asText());
        assertTrue(j.get("settings").get("effectiveRidgeOfPrior").asDouble() > 0);
        // Si_train: 90 AIMD-NVT, 57 Vacancy, 55 Elastic, 12 Surface of 214 -> 4, 3, 3, 0 of 10 (largest remainders)
        JsonNode types = j.get("coverage").get("configTypes");
        assertEquals(4, types.get("AIMD-NVT").asInt());
        assertEquals(3, types.get("Vacancy").asInt());
        assertEquals(3, types.get("Elastic").asInt());
        assertTrue(types.get("Surface") == null);
    }

    @Test
    void selectWithForcesUsesTheRecommendedDesignAndSaysSo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.xyz");
        CliRunner.Run r = CliRunner.run("select", "data/Si_train.xyz", "-n", "12", "-d", RADIAL, "--labels", "energy,forces",
                "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        SelectionMethods.Parsed rec = SelectionMethods.parse(SelectionMethods.RECOMMENDED_FORCES);
        JsonNode set = new ObjectMapper().readTree(dir.resolve("s.xyz.json").toFile()).get("settings");
        assertEquals(rec.criterion().name(), set.get("criterion").asText());
        assertEquals(rec.bayes() ? "pool" : "none", set.get("prior").asText());
        assertEquals(rec.strata(), set.get("strata").asBoolean());
        assertEquals(rec.start().name().toLowerCase(java.util.Locale.ROOT), set.get("start").asText());
        assertEquals(rec.cap(), set.get("maxLeverage").asDouble());
        assertEquals("energy+forces", set.get("blocks").asText());
        assertEquals(SelectionMethods.RECOMMENDED_FORCES, set.get("recommendedDefault").asText());
        assertTrue(r.out().contains("design: criterion " + rec.criterion()), r.out());
        JsonNode design = new ObjectMapper().readTree(dir.resolve("s.xyz.json").toFile()).get("design");
        assertTrue(design.get("maxLeverageOverMean").asDouble() > 0);
        if (rec.cap() > 0) assertTrue(design.get("leverageCapHolds").asBoolean(), design.toString());
    }

    @Test
    void selectTakesExplicitStartCapAndPlainDesigns(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("s.xyz");
        CliRunner.Run r = CliRunner.run("select", "data/Si_train.xyz", "-n", "12", "-d", RADIAL, "--labels", "energy,forces",
                "-c", "D", "--prior", "none", "--no-strata", "--start", "fps", "--max-leverage", "1.5", "--i-over", "all", "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("s.xyz.json").toFile());
        assertEquals("D", j.get("settings").get("criterion").asText());
        assertEquals("none", j.get("settings").get("prior").asText());
        assertEquals("fps", j.get("settings").get("start").asText());
        assertTrue(!j.get("settings").get("strata").asBoolean());
        assertEquals(1.5, j.get("settings").get("maxLeverage").asDouble());
        assertEquals("all", j.get("settings").get("iOver").asText());
        assertTrue(j.get("design").get("maxLeverageOverMean").asDouble() <= 1.5 * (1 + 1e-9), j.get("design").toString());
        // energies only: the default is the plain D-optimal design on energy rows, as before
        CliRunner.Run e = CliRunner.run("select", "data/Si_train.xyz", "-n", "12", "-d", RADIAL, "-o", dir.resolve("e.xyz").toString(), "-q");
        assertEquals(0, e.code(), e.err());
        JsonNode je = new ObjectMapper().readTree(dir.resolve("e.xyz.json").toFile()).get("settings");
        assertEquals("D", je.get("criterion").asText());
        assertEquals("none", je.get("prior").asText());
        assertEquals("greedy", je.get("start").asText());
        assertEquals("energy rows", je.get("blocks").asText());
        CliRunner.Run bad = CliRunner.run("select", "data/Si_train.xyz", "-n", "12", "-d", RADIAL, "--max-leverage", "x", "-o", dir.resolve("b.xyz").toString(), "-q");
        assertTrue(bad.code() != 0 && bad.err().contains("--max-leverage"), bad.err());
    }
}
