package org.atomdoe.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atomdoe.fit.RidgeRegression;
import org.atomdoe.fit.RidgeSettings;
import org.atomdoe.fit.RowBlock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One weighted ridge fit with lambda by GCV over the default 73-point grid
 * ({@link RidgeRegression}): streaming Givens QR (O(m p^2)) + SVD of the penalised block.
 * Shapes: energies of a Zuo-sized pool with a wide descriptor (250 x 500), and a force-sized
 * problem (20000 rows x 100 columns, what energy + force rows of ~7000 atoms would give).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RidgeFitBenchmark {
    @Param({"250x500", "20000x100"})
    public String shape;

    private RowBlock block;
    private boolean[] penalised;
    private final RidgeSettings gcv = RidgeSettings.gcv();

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        int m = Integer.parseInt(s[0]), p = Integer.parseInt(s[1]);
        SplittableRandom r = new SplittableRandom(42);
        double[] x = new double[m * p];
        double[] y = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            x[i * p] = 1 + r.nextInt(100); // species count column
            for (int j = 1; j < p; j++) x[i * p + j] = r.nextGaussian() * (1 + j % 7);
            y[i] = r.nextGaussian();
            w[i] = 1.0 / (x[i * p] * x[i * p]);
        }
        block = new RowBlock("bench", x, m, p, y, w);
        penalised = new boolean[p];
        java.util.Arrays.fill(penalised, 1, p, true);
    }

    @Benchmark
    public double fitWithGcv() {
        return RidgeRegression.fit(block, penalised, gcv).lambda();
    }
}
