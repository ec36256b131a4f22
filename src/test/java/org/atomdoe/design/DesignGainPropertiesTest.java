package org.atomdoe.design;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Properties of the gain formulas the design algorithms rely on, checked against the information
 * matrix rebuilt and factorised from scratch with commons-math (an independent LU decomposition):
 * <ul>
 *   <li>adding x_j changes log det M by {@code log(1 + d_j)}, d_j = x_j' M^-1 x_j;</li>
 *   <li>swapping x_i out for x_j changes it by {@code log((1 + d_j)(1 - d_i) + d_ij^2)};</li>
 *   <li>the A-gain of adding x_j is {@code trace M^-1 - trace (M + x_j x_j')^-1};</li>
 *   <li>after Sherman-Morrison adds and removes, the maintained log det and leverages equal the
 *       recomputed ones.</li>
 * </ul>
 * Problems are generated small (n up to 14, p up to 5) with a ridge so that M is always positive
 * definite; jqwik shrinks a counterexample towards fewer rows, fewer columns, simpler entries.
 */
class DesignGainPropertiesTest {
    /** A generated problem with a start selection (indices into the candidates, distinct). */
    record Case(DesignProblem prob, int[] selected, double ridge) {
        @Override
        public String toString() {
            return "n=" + prob.n() + " p=" + prob.p() + " ridge=" + ridge + " selected=" + java.util.Arrays.toString(selected)
                    + " x=" + java.util.Arrays.toString(prob.x());
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> ps = Arbitraries.integers().between(1, 5);
        return ps.flatMap(p -> Arbitraries.integers().between(2, 14).flatMap(n -> {
            Arbitrary<double[]> x = Arbitraries.doubles().between(-3, 3).ofScale(3).array(double[].class).ofSize(n * p);
            Arbitrary<Double> ridge = Arbitraries.doubles().between(0.01, 2).ofScale(3);
            Arbitrary<List<Boolean>> in = Arbitraries.of(true, false).list().ofSize(n);
            return Combinators.combine(x, ridge, in).as((xs, r, mask) -> {
                List<Integer> sel = new ArrayList<>();
                for (int i = 0; i < n; i++) if (mask.get(i)) sel.add(i);
                if (sel.size() == n) sel.remove(n - 1); // keep one candidate outside
                return new Case(DesignProblem.of(xs, n, p, 0), sel.stream().mapToInt(Integer::intValue).toArray(), r);
            });
        }));
    }

    /** M = lambda I + sum over {@code sel} of x x', as a commons-math matrix. */
    private static RealMatrix information(DesignProblem prob, int[] sel, double ridge) {
        int p = prob.p();
        double[][] m = new double[p][p];
        for (int k = 0; k < p; k++) m[k][k] = ridge;
        for (int i : sel) {
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) m[a][b] += prob.x()[i * p + a] * prob.x()[i * p + b];
        }
        return new Array2DRowRealMatrix(m, false);
    }

    private static double logDet(DesignProblem prob, int[] sel, double ridge) {
        return Math.log(new LUDecomposition(information(prob, sel, ridge)).getDeterminant());
    }

    private static double traceInverse(DesignProblem prob, int[] sel, double ridge) {
        RealMatrix inv = new LUDecomposition(information(prob, sel, ridge)).getSolver().getInverse();
        return inv.getTrace();
    }

    private static DesignState state(Case c) {
        DesignState st = new DesignState(c.prob(), c.ridge(), false, null);
        for (int i : c.selected()) st.in[i] = true;
        st.size = c.selected().length;
        if (!st.rebuild()) throw new AssertionError("M with a ridge must be positive definite: " + c);
        return st;
    }

    private static int[] plus(int[] sel, int j) {
        int[] s = java.util.Arrays.copyOf(sel, sel.length + 1);
        s[sel.length] = j;
        return s;
    }

    private static int[] replace(int[] sel, int i, int j) {
        int[] s = sel.clone();
        for (int k = 0; k < s.length; k++) if (s[k] == i) s[k] = j;
        return s;
    }

    private static double tol(double v) {
        return 1e-8 * Math.max(1, Math.abs(v));
    }

    @Property(tries = 150, seed = "20261124")
    void addGainIsLogOnePlusLeverage(@ForAll("cases") Case c) {
        DesignState st = state(c);
        double base = logDet(c.prob(), c.selected(), c.ridge());
        assertEquals(base, st.logDet, tol(base), "maintained log det M");
        for (int j = 0; j < c.prob().n(); j++) {
            if (st.in[j]) continue;
            double expected = logDet(c.prob(), plus(c.selected(), j), c.ridge()) - base;
            assertEquals(expected, st.addGain(Criterion.D, j), tol(expected), "D add gain of candidate " + j);
            assertEquals(Math.log1p(st.d[j]), st.addGain(Criterion.D, j), 1e-15, "gain = log(1 + d)");
        }
    }

    @Property(tries = 150, seed = "20261124")
    void swapGainFormulaEqualsRecomputedLogDet(@ForAll("cases") Case c) {
        DesignState st = state(c);
        int p = c.prob().p();
        double base = logDet(c.prob(), c.selected(), c.ridge());
        for (int i : c.selected()) {
            for (int j = 0; j < c.prob().n(); j++) {
                if (st.in[j]) continue;
                double dij = DenseMath.dot(st.x, i * p, st.g, j * p, p);
                double formula = Math.log((1 + st.d[j]) * (1 - st.d[i]) + dij * dij);
                double expected = logDet(c.prob(), replace(c.selected(), i, j), c.ridge()) - base;
                assertEquals(expected, formula, tol(expected), "swap " + i + " out, " + j + " in");
            }
        }
    }

    @Property(tries = 100, seed = "20261124")
    void aGainIsTheDropInTraceInverse(@ForAll("cases") Case c) {
        DesignState st = state(c);
        double base = traceInverse(c.prob(), c.selected(), c.ridge());
        assertEquals(base, st.traceInverse(), tol(base), "maintained trace M^-1");
        for (int j = 0; j < c.prob().n(); j++) {
            if (st.in[j]) continue;
            double expected = base - traceInverse(c.prob(), plus(c.selected(), j), c.ridge());
            assertEquals(expected, st.addGain(Criterion.A, j), tol(base), "A add gain of candidate " + j);
        }
    }

    @Property(tries = 100, seed = "20261124")
    void rankOneUpdatesTrackTheRecomputedState(@ForAll("cases") Case c) {
        DesignState st = state(c);
        int n = c.prob().n();
        List<Integer> sel = new ArrayList<>();
        for (int i : c.selected()) sel.add(i);
        // add every outside candidate, then remove the original selection: 2 to n updates
        for (int j = 0; j < n; j++) {
            if (!st.in[j]) {
                st.add(j);
                sel.add(j);
            }
        }
        for (int i : c.selected()) {
            st.remove(i);
            sel.remove(Integer.valueOf(i));
        }
        int[] now = sel.stream().mapToInt(Integer::intValue).toArray();
        double expected = logDet(c.prob(), now, c.ridge());
        assertEquals(expected, st.logDet, tol(expected), "log det after the updates");
        DesignState fresh = new DesignState(c.prob(), c.ridge(), false, null);
        for (int i : now) fresh.in[i] = true;
        fresh.size = now.length;
        fresh.rebuild();
        for (int j = 0; j < n; j++) assertEquals(fresh.d[j], st.d[j], tol(fresh.d[j]), "leverage of candidate " + j);
    }
}
