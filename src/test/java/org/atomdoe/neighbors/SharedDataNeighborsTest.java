package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real DFT structures from {@code ../shared/data} against brute force (skipped when absent). */
class SharedDataNeighborsTest {
    private static final Path DATA = Path.of("..", "shared", "data");

    @ParameterizedTest
    @ValueSource(strings = {
        "zuo2020_mlearn/extxyz_efs/Si_train.xyz",
        "zuo2020_mlearn/extxyz_efs/Ni_test.xyz",
        "zuo2020_mlearn/extxyz_efs/Li_test.xyz",
        "ta06a_snap_thompson2015/extxyz_efs/Ta06A_all.xyz"})
    void realStructuresMatchBruteForce(String file) throws IOException {
        Path p = DATA.resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared data not present: " + p.toAbsolutePath());
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        int checked = 0;
        try (ExtXyzReader r = ExtXyzReader.open(p)) {
            int k = 0;
            for (Structure s; (s = r.next()) != null && checked < 12; k++) {
                // every 7th frame, small enough for the O(N^2 x images) reference
                if (k % 7 != 0 || s.natoms() > 130) continue;
                for (boolean half : new boolean[] {false, true}) {
                    cl.build(s, 5.0, half, out);
                    NeighborListAssert.assertSameList(BruteForceNeighbors.build(s, 5.0, half), out, 1e-12,
                            file + " frame " + k);
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "no frame checked in " + file);
    }
}
