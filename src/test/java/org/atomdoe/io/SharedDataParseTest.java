package org.atomdoe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.atomdoe.report.PoolSummary;
import org.junit.jupiter.api.Test;

/**
 * Every .xyz file under ../shared/data parses, with the frame and atom counts the dataset READMEs
 * give. Skips (with a message) where ../shared is absent, e.g. on a user's clone.
 */
class SharedDataParseTest {
    static final Path DATA = Path.of("..", "shared", "data");

    /** file (relative to ../shared/data) -> {frames, atoms}, from the dataset READMEs. */
    static final Map<String, long[]> EXPECTED = Map.ofEntries(
            Map.entry("zuo2020_mlearn/extxyz_efs/Ni_train.xyz", new long[] {263, 27420}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Ni_test.xyz", new long[] {31, 3158}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Cu_train.xyz", new long[] {262, 27416}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Cu_test.xyz", new long[] {31, 3178}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Li_train.xyz", new long[] {241, 11576}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Li_test.xyz", new long[] {29, 1320}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Mo_train.xyz", new long[] {194, 10087}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Mo_test.xyz", new long[] {23, 1189}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Si_train.xyz", new long[] {214, 13233}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Si_test.xyz", new long[] {25, 1525}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Ge_train.xyz", new long[] {228, 14072}),
            Map.entry("zuo2020_mlearn/extxyz_efs/Ge_test.xyz", new long[] {25, 1568}),
            Map.entry("ta06a_snap_thompson2015/extxyz_efs/Ta06A_all.xyz", new long[] {363, 4224}),
            Map.entry("wbe_snap_wood2019/WBe_all.xyz", new long[] {25422, 531642}));

    @Test
    void everySharedXyzParsesWithDocumentedCounts() throws IOException {
        assumeTrue(Files.isDirectory(DATA), "../shared/data is absent: skipping the shared-data parse check");
        List<Path> files;
        try (Stream<Path> s = Files.walk(DATA)) {
            files = s.filter(p -> p.toString().endsWith(".xyz")).sorted().toList();
        }
        assertTrue(files.size() >= EXPECTED.size(), "found only " + files.size() + " .xyz files");
        int checked = 0;
        for (Path f : files) {
            PoolSummary sum = PoolSummary.of(f); // throws InputFormatException on any bad frame
            assertTrue(sum.frames() > 0, f.toString());
            long[] exp = EXPECTED.get(DATA.relativize(f).toString().replace('\\', '/'));
            if (exp != null) {
                assertEquals(exp[0], sum.frames(), f + " frames");
                assertEquals(exp[1], sum.atoms(), f + " atoms");
                checked++;
            }
        }
        assertEquals(EXPECTED.size(), checked, "every documented file was found and checked");
    }

    @Test
    void parallelSummaryEqualsSequential() throws IOException {
        Path wbe = DATA.resolve("wbe_snap_wood2019/WBe_all.xyz");
        assumeTrue(Files.exists(wbe), "../shared/data is absent: skipping the parallel parse check");
        PoolSummary one = PoolSummary.of(wbe, 1), two = PoolSummary.of(wbe, 3);
        assertEquals(one.frames(), two.frames());
        assertEquals(one.atoms(), two.atoms());
        assertEquals(one.species(), two.species());
        assertEquals(one.configTypes(), two.configTypes());
        assertEquals(one.infoKeys(), two.infoKeys());
        assertEquals(one.bytes(), two.bytes());
        assertEquals(one.minAtoms(), two.minAtoms());
    }
}
