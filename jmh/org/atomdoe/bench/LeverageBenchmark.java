package org.atomdoe.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atomdoe.linalg.Cholesky;
import org.openjdk.jmh.annotations.*;

/**
 * Leverages d(x) = x' M^-1 x = ||L^-1 x||^2 of N candidate rows (default 200,000 x 100) by the
 * blocked many-right-hand-side forward substitution. Reference: numpy X @ Minv rowwise dot,
 * 1.38 / 2.11 M rows/s on 1 / 2 threads on this machine kind. Score: ms per full pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LeverageBenchmark {
    @Param({"200000"})
    public int rows;
    @Param({"100"})
    public int p;
    @Param({"1", "2"})
    public int threads;

    private double[] x;
    private double[] l;
    private double[] d;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        x = new double[rows * p];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        double[] m = new double[p * p];
        // M = X_S' X_S for the first 4p rows
        for (int r = 0; r < 4 * p; r++) {
            for (int i = 0; i < p; i++) {
                double xi = x[r * p + i];
                for (int j = 0; j < p; j++) m[i * p + j] += xi * x[r * p + j];
            }
        }
        Cholesky.factor(m, p);
        l = m;
        d = new double[rows];
    }

    @Benchmark
    public double leverages() {
        Cholesky.solveRows(l, 0, p, p, x, 0, p, rows, null, 0, 0, d, 0, threads);
        return d[rows - 1];
    }
}
