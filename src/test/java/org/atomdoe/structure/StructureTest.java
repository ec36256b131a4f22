package org.atomdoe.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StructureTest {
    static final Cell SKEWED = new Cell(new double[] {4, 0, 0, 3.5, 3, 0, 1, 2.5, 3.2});

    @Test
    void volumeAndPlaneSpacing() {
        assertEquals(4 * 3 * 3.2, SKEWED.volume(), 1e-12);
        Cell c = Cell.orthorhombic(2, 3, 4);
        assertEquals(24, c.volume(), 1e-12);
        assertEquals(2, c.planeSpacing(0), 1e-12);
        assertEquals(4, c.planeSpacing(2), 1e-12);
        // spacing of planes spanned by a2, a3 along a1 for the skewed cell: V / |a2 x a3|
        double[] a2 = {3.5, 3, 0}, a3 = {1, 2.5, 3.2};
        double cx = a2[1] * a3[2] - a2[2] * a3[1], cy = a2[2] * a3[0] - a2[0] * a3[2], cz = a2[0] * a3[1] - a2[1] * a3[0];
        assertEquals(SKEWED.volume() / Math.sqrt(cx * cx + cy * cy + cz * cz), SKEWED.planeSpacing(0), 1e-12);
    }

    @Test
    void fractionalCartesianRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] f = new double[3], r = new double[3];
        for (int k = 0; k < 100; k++) {
            double x = rnd.nextDouble(-10, 10), y = rnd.nextDouble(-10, 10), z = rnd.nextDouble(-10, 10);
            SKEWED.toFractional(x, y, z, f);
            SKEWED.toCartesian(f[0], f[1], f[2], r);
            assertEquals(x, r[0], 1e-12);
            assertEquals(y, r[1], 1e-12);
            assertEquals(z, r[2], 1e-12);
        }
    }

    @Test
    void singularCellIsDetected() {
        Cell c = new Cell(new double[] {1, 0, 0, 2, 0, 0, 0, 0, 1});
        assertFalse(c.isRegular());
        assertThrows(IllegalArgumentException.class, () -> Structure.of(c, new boolean[] {true, true, true},
                new String[] {"W"}, new double[1], new double[1], new double[1]));
    }

    @Test
    void wrappingKeepsPeriodicImagesAndLeavesNonPeriodicAxes() {
        Structure s = Structure.of(SKEWED, new boolean[] {true, true, false}, new String[] {"Si", "O"},
                new double[] {-1.0, 9.0}, new double[] {0.5, 7.0}, new double[] {10.0, -2.0});
        Structure w = s.wrapped();
        double[] f = new double[3], f0 = new double[3];
        for (int i = 0; i < 2; i++) {
            SKEWED.toFractional(w.x()[i], w.y()[i], w.z()[i], f);
            SKEWED.toFractional(s.x()[i], s.y()[i], s.z()[i], f0);
            for (int a = 0; a < 2; a++) {
                assertTrue(f[a] >= 0 && f[a] < 1, "axis " + a + " wrapped: " + f[a]);
                double shift = f0[a] - f[a];
                assertEquals(Math.rint(shift), shift, 1e-9, "wrap moves by whole lattice vectors");
            }
            assertEquals(f0[2], f[2], 1e-12, "non-periodic axis untouched");
        }
    }

    @Test
    void validateFindsCloseAtomsThroughImagesAndRejectsNaN() {
        Structure s = Structure.of(Cell.orthorhombic(5, 5, 5), new boolean[] {true, true, true}, new String[] {"W", "W"},
                new double[] {0.1, 4.95}, new double[] {0, 0}, new double[] {0, 0});
        List<String> w = s.validate(0.5);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("0.1500"), w.get(0));
        Structure bad = Structure.of(Cell.NONE, new boolean[3], new String[] {"W"},
                new double[] {Double.NaN}, new double[1], new double[1]);
        assertThrows(IllegalArgumentException.class, () -> bad.validate(0.5));
    }

    @Test
    void speciesTableAndElements() {
        Structure s = Structure.of(Cell.NONE, new boolean[3], new String[] {"In", "P", "In"},
                new double[3], new double[3], new double[3]);
        assertEquals(2, s.speciesCount());
        assertEquals(49, s.atomicNumber(0));
        assertEquals(15, s.atomicNumber(1));
        assertEquals(2, s.speciesCounts()[0]);
        assertEquals(0, Elements.atomicNumber("Xx"));
        assertEquals("W", Elements.symbol(74));
    }
}
