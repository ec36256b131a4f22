package org.atomdoe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.atomdoe.fit.SubsetSelector;
import org.junit.jupiter.api.Test;

/** Method names of curve/study and the options they carry (strata quotas, Bayesian prior, block designs). */
class SelectionMethodsTest {
    @Test
    void proportionalQuotasSumToTheBudgetByLargestRemainders() {
        int[] groups = new int[100];
        for (int i = 0; i < 100; i++) groups[i] = i < 60 ? 0 : i < 90 ? 1 : i < 99 ? 2 : -1;
        assertArrayEquals(new int[] {6, 3, 1}, SelectionMethods.proportionalQuotas(groups, 10), "60/30/9 of 99 -> 6.06, 3.03, 0.91");
        assertArrayEquals(new int[] {1, 0, 0}, SelectionMethods.proportionalQuotas(groups, 1));
        assertEquals(33, Arrays.stream(SelectionMethods.proportionalQuotas(groups, 33)).sum());
    }

    @Test
    void strataDesignsFollowThePoolsComposition() {
        Random rnd = new Random(4);
        int n = 80, p = 5;
        double[] x = new double[n * p];
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = i % 4 == 0 ? 1 : 0; // a quarter of type 1
            double scale = groups[i] == 1 ? 5 : 1; // type 1 is more informative: a plain design would take it first
            for (int k = 0; k < p; k++) x[i * p + k] = scale * rnd.nextGaussian();
        }
        int[] plain = SelectionMethods.byName("D", null, p, groups, null).select(x, n, p, 12, 0);
        int[] strata = SelectionMethods.byName("D-strata", null, p, groups, null).select(x, n, p, 12, 0);
        assertTrue(Arrays.stream(plain).filter(i -> groups[i] == 1).count() > 3, "the plain design prefers the informative type");
        assertEquals(3, Arrays.stream(strata).filter(i -> groups[i] == 1).count(), "12 x 1/4 of type 1");
        SubsetSelector bayes = SelectionMethods.byName("I-bayes", null, p, groups, null);
        assertEquals("I-optimal-bayes", bayes.name());
        assertEquals(3, bayes.select(x, n, p, 3, 0).length, "a prior makes designs below p defined");
        assertThrows(Main.UsageException.class, () -> SelectionMethods.byName("D-fast", null, p, groups, null));
        assertThrows(Main.UsageException.class, () -> SelectionMethods.byName("D-strata", null, p, null, null));
    }

    @Test
    void blockDesignsAreNamedByTheirLabels() {
        double[][] blocks = new double[10][];
        Random rnd = new Random(1);
        for (int c = 0; c < 10; c++) {
            blocks[c] = new double[4 * 3];
            for (int k = 0; k < blocks[c].length; k++) blocks[c][k] = rnd.nextGaussian();
        }
        double[] energyRows = new double[10 * 3];
        for (int c = 0; c < 10; c++) System.arraycopy(blocks[c], 0, energyRows, 3 * c, 3);
        SubsetSelector d = SelectionMethods.byName("D", blocks, 3, null, null);
        assertEquals("D-optimal[forces]", d.name());
        assertEquals(4, d.select(energyRows, 10, 3, 4, 0).length);
        assertEquals("D-optimal", SelectionMethods.byName("D-energy", blocks, 3, null, null).name());
    }

    @Test
    void robustVariantsParseAndSelect() {
        SelectionMethods.Parsed d = SelectionMethods.parse("I-strata-bayes-sfps-cap2.5");
        assertEquals(org.atomdoe.design.Criterion.I, d.criterion());
        assertTrue(d.strata() && d.bayes());
        assertEquals(SelectionMethods.Start.STRATA, d.start());
        assertEquals(2.5, d.cap());
        assertEquals("I-optimal-strata-bayes-sfps-cap2.5", d.label());
        assertThrows(Main.UsageException.class, () -> SelectionMethods.parse("I-capx"));
        Random rnd = new Random(2);
        int n = 60, p = 4;
        double[] x = new double[n * p];
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = i % 3;
            for (int k = 0; k < p; k++) x[i * p + k] = (i % 7 == 0 ? 6 : 1) * rnd.nextGaussian();
        }
        for (String m : new String[] {"I-fps", "D-sfps-cap2", "I-strata-fps", "A-strata-bayes-sfps-cap1.5"}) {
            int[] sel = SelectionMethods.byName(m, null, p, groups, null).select(x, n, p, 9, 0);
            assertEquals(9, Arrays.stream(sel).distinct().count(), m);
            if (m.contains("strata")) for (int g = 0; g < 3; g++) {
                int gg = g;
                assertEquals(3, Arrays.stream(sel).filter(i -> groups[i] == gg).count(), m + " keeps the quotas");
            }
        }
        // the stratified start itself: 3 per group, each the group's farthest-point sequence
        int[] start = SelectionMethods.stratifiedStart(x, n, p, groups, 9);
        for (int g = 0; g < 3; g++) {
            int gg = g;
            assertEquals(3, Arrays.stream(start).filter(i -> groups[i] == gg).count());
        }
    }
}
