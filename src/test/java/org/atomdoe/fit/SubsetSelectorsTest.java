package org.atomdoe.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubsetSelectorsTest {
    static final List<SubsetSelector> ALL = List.of(new RandomSelector(), new FarthestPointSelector(),
            new ClusterStratifiedSelector(), new ClusterStratifiedSelector(2, 50));

    static double[] gaussian(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * (1 + i % cols);
        return x;
    }

    static void assertDistinctInRange(int[] sel, int n, int rows) {
        assertEquals(n, sel.length);
        Set<Integer> s = new HashSet<>();
        for (int i : sel) {
            assertTrue(i >= 0 && i < rows, "index " + i);
            assertTrue(s.add(i), "repeated index " + i);
        }
    }

    @Test
    void everySelectorReturnsDistinctIndicesAndIsDeterministic() {
        for (int[] shape : new int[][] {{50, 4}, {12, 30}, {7, 1}}) {
            int rows = shape[0], cols = shape[1];
            double[] x = gaussian(rows * 31L + cols, rows, cols);
            double[] copy = x.clone();
            for (SubsetSelector s : ALL) {
                for (int n : new int[] {0, 1, 2, rows / 2, rows - 1, rows}) {
                    for (long seed : new long[] {0, 1, 99}) {
                        int[] a = s.select(x, rows, cols, n, seed);
                        assertDistinctInRange(a, n, rows);
                        assertArrayEquals(a, s.select(x, rows, cols, n, seed), s.name() + " not deterministic");
                    }
                }
            }
            assertArrayEquals(copy, x, "selectors must not modify the matrix");
        }
    }

    @Test
    void seededMethodsDependOnTheSeedAndFpsDoesNot() {
        double[] x = gaussian(5, 200, 3);
        RandomSelector r = new RandomSelector();
        assertFalse(Arrays.equals(r.select(x, 200, 3, 20, 1), r.select(x, 200, 3, 20, 2)));
        ClusterStratifiedSelector c = new ClusterStratifiedSelector();
        assertFalse(Arrays.equals(c.select(x, 200, 3, 20, 1), c.select(x, 200, 3, 20, 2)));
        FarthestPointSelector f = new FarthestPointSelector();
        assertArrayEquals(f.select(x, 200, 3, 20, 1), f.select(x, 200, 3, 20, 2));
        assertTrue(r.seeded() && c.seeded() && !f.seeded());
    }

    @Test
    void randomSubsetsAreNestedForOneSeedAndRoughlyUniform() {
        RandomSelector r = new RandomSelector();
        double[] x = new double[100];
        int[] big = r.select(x, 100, 1, 40, 7);
        int[] small = r.select(x, 100, 1, 10, 7);
        assertArrayEquals(small, Arrays.copyOf(big, 10));
        int[] hits = new int[10];
        for (long seed = 0; seed < 2000; seed++) for (int i : r.select(x, 10, 1, 3, seed)) hits[i]++;
        for (int h : hits) assertTrue(Math.abs(h - 600) < 100, "count " + h + " of expected 600");
    }

    @Test
    void farthestPointOrderOnALine() {
        double[] x = {0, 1, 2, 3, 10};
        // farthest from the mean 3.2 is 10; then 0; then 3 (distance 3); then 1 and 2 tie at 1: lower index
        assertArrayEquals(new int[] {4, 0, 3, 1, 2}, new FarthestPointSelector().select(x, 5, 1, 5, 0));
    }

    @Test
    void farthestPointTakesTheCornersFirst() {
        SplittableRandom r = new SplittableRandom(3);
        int inner = 30, rows = inner + 4;
        double[] x = new double[rows * 2];
        for (int i = 0; i < inner; i++) {
            x[2 * i] = r.nextDouble(-1, 1);
            x[2 * i + 1] = r.nextDouble(-1, 1);
        }
        double[][] corners = {{10, 10}, {-10, 10}, {-10, -10}, {10, -10}};
        for (int c = 0; c < 4; c++) {
            x[2 * (inner + c)] = corners[c][0];
            x[2 * (inner + c) + 1] = corners[c][1];
        }
        int[] sel = new FarthestPointSelector().select(x, rows, 2, 6, 0);
        Set<Integer> first4 = new HashSet<>();
        for (int k = 0; k < 4; k++) first4.add(sel[k]);
        assertEquals(Set.of(inner, inner + 1, inner + 2, inner + 3), first4);
        // second pick is the corner opposite the first
        assertEquals((sel[0] - inner + 2) % 4, sel[1] - inner);
    }

    /** Five tight, far-apart blobs in 3-D, 12 points each, rows shuffled. */
    static double[] blobs(long seed, int[] blobOf) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] centres = {{0, 0, 0}, {20, 0, 0}, {0, 20, 5}, {-10, -15, 10}, {8, 8, -20}};
        int rows = blobOf.length;
        double[] x = new double[rows * 3];
        int[] perm = new RandomSelector().select(new double[rows], rows, 1, rows, seed);
        for (int i = 0; i < rows; i++) {
            int b = perm[i] % 5;
            blobOf[i] = b;
            for (int j = 0; j < 3; j++) x[3 * i + j] = centres[b][j] + 0.3 * r.nextGaussian();
        }
        return x;
    }

    @Test
    void clusterSelectorPicksOnePerBlobAndTheMemberNearestItsCentre() {
        int rows = 60;
        int[] blobOf = new int[rows];
        double[] x = blobs(8, blobOf);
        for (SubsetSelector s : List.of(new ClusterStratifiedSelector(), new ClusterStratifiedSelector(3, 100))) {
            for (long seed = 0; seed < 10; seed++) {
                int[] sel = s.select(x, rows, 3, 5, seed);
                Set<Integer> b = new HashSet<>();
                for (int i : sel) b.add(blobOf[i]);
                assertEquals(5, b.size(), s.name() + " seed " + seed + " picked " + Arrays.toString(sel));
            }
        }
        // with all components kept, PCA is a rotation: the pick is the member nearest the blob mean
        double[] z = ColumnStandardizer.standardize(x, rows, 3);
        int[] sel = new ClusterStratifiedSelector(3, 100).select(x, rows, 3, 5, 4);
        for (int i : sel) {
            double[] mean = new double[3];
            int cnt = 0;
            for (int k = 0; k < rows; k++) {
                if (blobOf[k] != blobOf[i]) continue;
                cnt++;
                for (int j = 0; j < 3; j++) mean[j] += z[3 * k + j];
            }
            for (int j = 0; j < 3; j++) mean[j] /= cnt;
            int nearest = -1;
            double best = Double.MAX_VALUE;
            for (int k = 0; k < rows; k++) {
                if (blobOf[k] != blobOf[i]) continue;
                double d = ColumnStandardizer.squaredDistance(z, 3 * k, mean, 0, 3);
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            assertEquals(nearest, i);
        }
    }

    @Test
    void clusterSelectorCopesWithDuplicatesAndWideMatrices() {
        double[] same = new double[10 * 3];
        Arrays.fill(same, 1.0);
        assertDistinctInRange(new ClusterStratifiedSelector().select(same, 10, 3, 4, 1), 4, 10);
        double[] dup = new double[20 * 2];
        for (int i = 0; i < 20; i++) {
            dup[2 * i] = i % 3;
            dup[2 * i + 1] = -(i % 3);
        }
        assertDistinctInRange(new ClusterStratifiedSelector().select(dup, 20, 2, 7, 5), 7, 20);
        assertDistinctInRange(new FarthestPointSelector().select(dup, 20, 2, 7, 5), 7, 20);
        double[] wide = gaussian(9, 8, 40);
        ClusterStratifiedSelector c = new ClusterStratifiedSelector();
        assertDistinctInRange(c.select(wide, 8, 40, 5, 3), 5, 8);
        int k = c.componentsFor(wide, 8, 40);
        assertTrue(k >= 1 && k <= 7, "components " + k);
    }

    @Test
    void rejectsBadArguments() {
        for (SubsetSelector s : ALL) {
            assertThrows(IllegalArgumentException.class, () -> s.select(new double[6], 3, 2, 4, 0));
            assertThrows(IllegalArgumentException.class, () -> s.select(new double[5], 3, 2, 1, 0));
            assertThrows(IllegalArgumentException.class, () -> s.select(new double[6], 3, 2, -1, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new ClusterStratifiedSelector(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> SubsetSelector.named(" ", true, new RandomSelector()));
        SubsetSelector named = SubsetSelector.named("D-optimal", false, new FarthestPointSelector());
        assertEquals("D-optimal", named.name());
        assertFalse(named.seeded());
    }
}
