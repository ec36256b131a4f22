package org.atomdoe.neighbors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.atomdoe.io.ExtXyzReader;
import org.atomdoe.structure.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against ASE 3.22.1 {@code neighbor_list('ijdDS')} (files copied from
 * {@code ../shared/reference/neighbors/}, see its README): same (i, j, S) set, D and d to 1e-12 Å.
 */
class AseReferenceTest {
    private static Structure read(String name) throws IOException {
        try (InputStream in = AseReferenceTest.class.getResourceAsStream("/neighbors/" + name + ".extxyz")) {
            assertNotNull(in, "test resource " + name);
            ExtXyzReader r = new ExtXyzReader(in, name);
            Structure s = r.next();
            assertNotNull(s);
            return s;
        }
    }

    /** The ASE pairs file as a full NeighborList (sorted by i, so CSR rows are contiguous). */
    private static NeighborList readPairs(String name, int natoms, double cutoff) throws IOException {
        NeighborList nl = new NeighborList();
        nl.reset(natoms, cutoff, false);
        String file = "/neighbors/" + name + "_rc" + cutoff + "_pairs.txt";
        try (InputStream in = AseReferenceTest.class.getResourceAsStream(file)) {
            assertNotNull(in, "test resource " + file);
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            int centre = 0;
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                int i = Integer.parseInt(f[0]);
                while (centre < i) nl.endCentre(centre++);
                nl.add(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[5]));
            }
            while (centre < natoms) nl.endCentre(centre++);
        }
        return nl;
    }

    @ParameterizedTest
    @CsvSource({
        "a_W_bcc_2atom, 2, 16, 52",
        "b_triclinic_skewed_5atom, 5, 68, 326",
        "c_Cu111_slab_pbcTTF, 12, 120, 360",
        "d_Cu13_cluster_nopbc, 13, 84, 148",
        "e_Si_mlearn_train57_surface, 24, 90, 584",
        "f_Ni_mlearn_test4_surface, 12, 130, 540"})
    void matchesAseNeighborList(String name, int natoms, int pairs3, int pairs5) throws IOException {
        Structure s = read(name);
        assertEquals(natoms, s.natoms());
        CellList cl = new CellList();
        NeighborList out = new NeighborList();
        for (double cutoff : new double[] {3.0, 5.0}) {
            NeighborList ase = readPairs(name, natoms, cutoff);
            assertEquals(cutoff == 3.0 ? pairs3 : pairs5, ase.size(), "reference pair count");
            cl.build(s, cutoff, false, out);
            NeighborListAssert.assertSameList(ase, out, 1e-12, name + " rc " + cutoff);
            // the half list holds each ASE pair once
            cl.build(s, cutoff, true, out);
            assertEquals(ase.size(), 2 * out.size(), name + " half size");
            NeighborListAssert.assertGeometry(s, out, 1e-12);
            assertTrue(out.isHalf());
        }
    }
}
