package org.atomdoe.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.linalg.ScalarDenseKernels;
import org.atomdoe.simd.VectorSupport;
import org.openjdk.jmh.annotations.*;

/**
 * Leverages d(x) = x' M^-1 x = ||L^-1 x||^2 of N candidate rows (default 200,000 x 100) by the
 * packed GEMM with L^-1 (Cholesky.solveRows). Reference: numpy X @ Minv rowwise dot,
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
    /** {@code panama} (Vector API kernels) or {@code scalar} (the plain-Java twin). */
    @Param({"panama"})
    public String impl;

    private DenseKernels k;

    private double[] x;
    private double[] l;
    private double[] d;

    @Setup(Level.Trial)
    public void setup() {
        k = impl.equals("scalar") ? new ScalarDenseKernels()
                : VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels");
        if (k == null) throw new IllegalStateException("Vector API not available: start the JVM with --add-modules jdk.incubator.vector");
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
        Cholesky.solveRows(k, l, 0, p, p, x, 0, p, rows, null, 0, 0, d, 0, threads);
        return d[rows - 1];
    }
}
