package org.atomdoe.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atomdoe.linalg.Cholesky;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.linalg.ScalarDenseKernels;
import org.atomdoe.simd.VectorSupport;
import org.openjdk.jmh.annotations.*;

/**
 * Blocked Cholesky of an n x n SPD matrix (default 4000). GFLOP/s = n^3 / 3 / time. Reference:
 * scipy cho_factor (OpenBLAS) 41 / 70 GFLOP/s on 1 / 2 threads on this machine kind.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class CholeskyBenchmark {
    @Param({"4000"})
    public int n;
    @Param({"1", "2"})
    public int threads;
    /** {@code panama} (Vector API kernels) or {@code scalar} (the plain-Java twin). */
    @Param({"panama"})
    public String impl;

    private DenseKernels k;

    private double[] a;
    private double[] work;

    @Setup(Level.Trial)
    public void setup() {
        k = impl.equals("scalar") ? new ScalarDenseKernels()
                : VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels");
        if (k == null) throw new IllegalStateException("Vector API not available: start the JVM with --add-modules jdk.incubator.vector");
        Random rnd = new Random(42);
        // A = B B' / n + I with B n x n Gaussian, built by the library's own rank-k kernel would
        // be circular; a diagonally dominant symmetric matrix is SPD and as good for timing.
        a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = rnd.nextDouble() - 0.5;
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
            a[i * n + i] = n;
        }
        work = new double[n * n];
    }

    /**
     * A fresh copy of A before each call, outside the timed region: the OpenBLAS reference
     * ({@code jmh/scripts/openblas_potrf.py}) times {@code dpotrf} alone, and the 128 MB copy took
     * 15-25 ms of one thread (5-7 % of a 2-thread factorisation) when it was timed here (before
     * 2026-11-24 10:30 UTC). JMH's warning about {@code Level.Invocation} concerns calls far
     * shorter than this one (hundreds of ms).
     */
    @Setup(Level.Invocation)
    public void copy() {
        System.arraycopy(a, 0, work, 0, a.length);
    }

    @Benchmark
    public double factor() {
        Cholesky.factor(k, work, 0, n, n, threads);
        return work[n * n - 1];
    }
}
