package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atomdoe.util.Progress;
import org.junit.jupiter.api.Test;

class AssessmentTest {
    @Test
    void orderStatisticIsTheSortedValue() {
        java.util.Random rnd = new java.util.Random(7);
        for (int n : new int[] {1, 2, 3, 5, 17, 100, 1000}) {
            for (int distinct : new int[] {1, 3, n}) { // with many ties and without
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = rnd.nextInt(distinct) + (distinct == n ? rnd.nextDouble() : 0);
                double[] sorted = a.clone();
                java.util.Arrays.sort(sorted);
                for (int k = 0; k < n; k += Math.max(1, n / 13)) {
                    assertEquals(sorted[k], Certificate.orderStatistic(a.clone(), k), "n=" + n + " distinct=" + distinct + " k=" + k);
                }
                assertEquals(sorted[n - 1], Certificate.orderStatistic(a.clone(), n - 1));
            }
        }
    }

    @Test
    void leverageGammaAndSwapsAgreeWithDefinitions() {
        int n = 300, p = 5;
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 31), n, p, 0);
        int[] sel = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 15), Progress.NONE).selected();
        Informativeness inf = Informativeness.of(prob, sel, 2);
        DesignCriteria base = DesignCriteria.of(prob, sel);
        for (int j = 0; j < n; j += 13) {
            boolean member = false;
            for (int i : sel) member |= i == j;
            if (member) continue;
            int[] plus = java.util.Arrays.copyOf(sel, sel.length + 1);
            plus[sel.length] = j;
            assertEquals(DesignCriteria.of(prob, plus).logDet() - base.logDet(), inf.gain()[j], 1e-10);
            int out = inf.bestSwapOut()[j];
            int[] sw = sel.clone();
            for (int k = 0; k < sw.length; k++) if (sw[k] == out) sw[k] = j;
            assertEquals(DesignCriteria.of(prob, sw).logDet() - base.logDet(), inf.bestSwapGain()[j], 1e-9);
        }
        assertEquals(p, inf.activeSet().length);
        for (int a : inf.activeSet()) assertEquals(1.0, inf.gamma()[a], 1e-9, "an active row is its own unit vector");
        // a D-optimal exchange design has no improving swap: every best swap gain <= ~0
        for (int j = 0; j < n; j++) assertTrue(inf.bestSwapGain()[j] <= 1e-9, "swap gain " + inf.bestSwapGain()[j]);
    }

    @Test
    void feasibilityFindsCollinearColumns() {
        int n = 100, p = 4;
        double[] x = DesignTestData.gaussian(n, p, 2);
        for (int i = 0; i < n; i++) x[i * p + 3] = 2 * x[i * p + 1] - x[i * p + 2]; // col3 = 2 col1 - col2
        DesignProblem prob = DesignProblem.of(x, n, p, 0);
        int[] sel = {0, 1, 2, 3, 4, 5, 6, 7};
        Feasibility f = Feasibility.of(prob, sel, List.of("a", "b", "c", "d"));
        assertEquals(3, f.rank());
        assertTrue(!f.feasible());
        assertNull(f.conditionNumber());
        assertEquals(-1, f.moreToFullRank(), "even the whole pool cannot identify the model");
        List<String> weak = f.weakest().get(0).labels();
        assertTrue(weak.containsAll(List.of("b", "c", "d")) && !weak.contains("a"), weak.toString());

        DesignProblem ok = DesignProblem.of(DesignTestData.gaussian(n, p, 3), n, p, 0);
        Feasibility g = Feasibility.of(ok, new int[] {0, 1}, null);
        assertEquals(2, g.rank());
        assertEquals(2, g.moreToFullRank());
        assertTrue(Feasibility.of(ok, new int[] {0, 1, 2, 3, 4}, null).feasible());
    }

    @Test
    void approximateOptimumSatisfiesTheEquivalenceTheorem() {
        int n = 200, p = 6;
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 42), n, p, 0);
        int[] sel = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 12), Progress.NONE).selected();
        Certificate c = Certificate.of(prob, sel, 20_000);
        assertTrue(c.approximateMaxLeverage() <= 1 + 1e-3, "max d / p = " + c.approximateMaxLeverage());
        assertTrue(c.dEfficiencyVsApproximate() > 0.8 && c.dEfficiencyVsApproximate() <= 1, "" + c.dEfficiencyVsApproximate());
        assertTrue(c.gEfficiency() > 0 && c.gEfficiency() <= 1 + 1e-12);
        assertEquals(null, Certificate.of(prob, new int[] {0, 1}, 0).gEfficiency(), "singular design: no certificate");
        assertEquals(Math.exp(1 - c.maxLeverage() / p), c.dEfficiencyBound(), 1e-12);
        // the bound from the equivalence theorem never exceeds the certified efficiency by construction of both as lower bounds
        assertTrue(c.dEfficiencyBound() <= 1);
    }

    @Test
    void certificateIsTheSameOnAnyThreadCountAndBoundsTheExactDesign() {
        int n = 3000, p = 30; // rows >= 4p: the leverages take the blocked (inverse-and-multiply) path
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(n, p, 11), n, p, 0);
        int[] sel = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, 60), Progress.NONE).selected();
        Certificate one = Certificate.of(prob, sel, 500, 1);
        assertEquals(one, Certificate.of(prob, sel, 500, 2));
        assertEquals(one, Certificate.of(prob, sel, 500, 3));
        assertTrue(one.approximateIterations() >= 1, "iterations " + one.approximateIterations());
        assertTrue(one.approximateMaxLeverage() <= 1 + 1e-4, "converged within the budget: " + one.approximateMaxLeverage());
        // log det of the normalised exact design M_S / n never exceeds the approximate optimum's upper bound
        double normalised = DesignCriteria.of(prob, sel).logDet() - p * Math.log(sel.length);
        assertTrue(normalised <= one.approximateLogDetUpper() + 1e-9, normalised + " vs " + one.approximateLogDetUpper());
        assertTrue(one.approximateMaxLeverage() >= 1 - 1e-12, "max d / p of any design is at least 1: " + one.approximateMaxLeverage());
        assertTrue(one.dEfficiencyVsApproximate() > 0.5 && one.dEfficiencyVsApproximate() <= 1);
    }

    /**
     * The vertex exchanges reach the optimum a long run of the multiplicative algorithm (Silvey, Titterington &amp;
     * Torsney 1978; written out here as the reference) approaches, and their upper bound is above it.
     */
    @Test
    void approximateOptimumAgreesWithALongMultiplicativeRun() {
        // a pool larger than the active set (4p candidates plus the support), and one the active set covers whole
        for (int[] np : new int[][] {{400, 7, 20}, {18, 5, 8}}) {
            int n = np[0], p = np[1];
            double[] x = DesignTestData.gaussian(n, p, 5);
            DesignProblem prob = DesignProblem.of(x, n, p, 0);
            int[] sel = OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, np[2]), Progress.NONE).selected();
            Certificate c = Certificate.of(prob, sel, 20_000);
            double reached = c.approximateLogDetUpper() - p * (c.approximateMaxLeverage() - 1); // log det M(w) of its weights
            double logDet = multiplicativeLogDet(x, n, p, 3_000);
            assertTrue(c.approximateMaxLeverage() <= 1 + 1e-4, "max d / p = " + c.approximateMaxLeverage());
            assertTrue(logDet <= c.approximateLogDetUpper() + 1e-12, logDet + " above the bound " + c.approximateLogDetUpper());
            assertEquals(logDet, reached, 2e-4, "log det of the two approximate optima, pool " + n);
        }
    }

    /**
     * log det M(w) after {@code iterations} steps {@code w <- w d / p} of the multiplicative algorithm (Silvey,
     * Titterington &amp; Torsney 1978) from uniform weights: the textbook reference, written out.
     */
    private static double multiplicativeLogDet(double[] x, int n, int p, int iterations) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        double logDet = 0;
        for (int it = 0; it < iterations; it++) {
            double[] m = new double[p * p];
            for (int r = 0; r < n; r++) for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) m[a * p + b] += w[r] * x[r * p + a] * x[r * p + b];
            assertTrue(DenseMath.cholesky(m, p));
            logDet = DenseMath.logDetFromCholesky(m, p);
            double[] mi = DenseMath.inverseFromCholesky(m, p);
            for (int r = 0; r < n; r++) {
                double d = 0;
                for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) d += x[r * p + a] * mi[a * p + b] * x[r * p + b];
                w[r] *= d / p;
            }
        }
        return logDet;
    }

    @Test
    void bayesianCertificateBoundsEveryDesignWhenParametersExceedTheBudget() {
        int pool = 10, p = 6, n = 3; // p > n: only the ridge prior makes M_S invertible (the kernel-model regime)
        double ridge = 0.5;
        DesignProblem prob = DesignProblem.of(DesignTestData.gaussian(pool, p, 7), pool, p, ridge);
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < pool; a++) for (int b = a + 1; b < pool; b++) for (int c = b + 1; c < pool; c++) {
            best = Math.max(best, DesignCriteria.of(prob, new int[] {a, b, c}).logDet());
        }
        for (int[] s : new int[][] {{0, 1, 2}, {3, 5, 9}, {2, 4, 8}}) {
            Certificate cert = Certificate.of(prob, s, 1000);
            double logDet = DesignCriteria.of(prob, s).logDet();
            double upper = logDet + cert.maxLeverage() - cert.effectiveParameters();
            assertTrue(best <= upper + 1e-9, "concavity bound " + upper + " below the exhaustive optimum " + best);
            assertTrue(cert.gEfficiency() > 0 && cert.gEfficiency() <= 1 + 1e-12, "G-efficiency " + cert.gEfficiency());
            assertTrue(cert.dEfficiencyBound() <= 1 + 1e-12, "D-efficiency bound " + cert.dEfficiencyBound());
            assertTrue(cert.effectiveParameters() < n + 1e-9, "p_eff = sum of n leverages below 1: " + cert.effectiveParameters());
            assertNull(cert.approximateLogDetUpper(), "no approximate optimum under a prior");
        }
    }
}
