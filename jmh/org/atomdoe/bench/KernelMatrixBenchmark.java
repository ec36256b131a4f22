package org.atomdoe.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atomdoe.kernel.GramKernels;
import org.atomdoe.kernel.Kernel;
import org.atomdoe.kernel.KernelMatrix;
import org.atomdoe.kernel.KernelRows;
import org.atomdoe.kernel.ScalarGramKernels;
import org.atomdoe.simd.VectorSupport;
import org.openjdk.jmh.annotations.*;

/**
 * Kernel matrix of {@code n} environments against {@code m} sparse points with {@code d}
 * descriptor components (default 4096 x 2000 x 252: SOAP n_max 8, l_max 6, one species), dot-product
 * kernel zeta = 4 or squared exponential. Flops counted: {@code 2 n m d} (the products; the
 * elementwise map is extra work not counted). GFLOP/s = 2 n m d / time; compare with the
 * machine's DGEMM rate (54 / 108 GFLOP/s on 1 / 2 threads, {@code ../shared/anchors/RESULTS.md})
 * or its FMA peak. {@code impl}: {@code panama} (Vector API) or {@code scalar} (plain-Java twin).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class KernelMatrixBenchmark {
    @Param({"4096"})
    public int n;
    @Param({"2000"})
    public int m;
    @Param({"252"})
    public int d;
    @Param({"dot:4"})
    public String kernel;
    @Param({"panama", "scalar"})
    public String impl;
    @Param({"1", "2"})
    public int threads;

    private KernelRows a, b;
    private Kernel k;
    private GramKernels g;
    private double[] out;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(42);
        k = Kernel.parse(kernel);
        a = k.prepare(random(rnd, n * d), n, d, null);
        b = k.prepare(random(rnd, m * d), m, d, null);
        out = new double[n * m];
        g = impl.equals("scalar") ? new ScalarGramKernels()
                : VectorSupport.panamaOrNull(GramKernels.class, "org.atomdoe.kernel.PanamaGramKernels");
        if (g == null) throw new IllegalStateException("Vector API not available: start the JVM with --add-modules jdk.incubator.vector");
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextDouble();
        return x;
    }

    @Benchmark
    public double kernelMatrix() {
        KernelMatrix.compute(g, k, a, 0, n, b, 0, m, out, 0, m, threads);
        return out[out.length - 1];
    }
}
