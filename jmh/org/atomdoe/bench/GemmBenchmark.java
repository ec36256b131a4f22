package org.atomdoe.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atomdoe.linalg.DenseKernels;
import org.atomdoe.linalg.Gemm;
import org.atomdoe.linalg.ScalarDenseKernels;
import org.atomdoe.simd.VectorSupport;
import org.openjdk.jmh.annotations.*;

/**
 * The packed GEMM layer of {@code org.atomdoe.linalg}. Scores are ms per op; GFLOP/s = flops / time:
 * <ul>
 * <li>{@code tileL1}: 1000 calls of the micro-kernel on one A and one B micro-panel of depth 256
 * (mr x 256 and nr x 256 doubles, in L1): 1000 * 2 mr nr 256 flops.</li>
 * <li>{@code blockL2}: the macro-kernel's inner loops, a packed 120 x 256 A block (240 KB, L2)
 * against 32 packed B micro-panels (one at a time in L1): 2 * 120 * 32 nr * 256 flops (120 is a multiple of mr = 4, 5, 8).</li>
 * <li>{@code gemm}: {@code Gemm.nt} of n x n times (n x n)' including packing: 2 n^3 flops.</li>
 * </ul>
 * Reference: OpenBLAS DGEMM 54 / 108 GFLOP/s on 1 / 2 threads, FMA peak 58.5 per core
 * ({@code ../shared/anchors/RESULTS.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GemmBenchmark {
    @Param({"tileL1", "blockL2", "gemm"})
    public String kind;
    @Param({"panama"})
    public String impl;
    @Param({"1"})
    public int threads;
    @Param({"2000"})
    public int n;
    /** {@code small}: the process-wide kernels; {@code large}: {@code forLargeProducts()} (the 8 x 16 tile of 512-bit vectors on AVX-512). */
    @Param({"small"})
    public String products;

    private DenseKernels k;
    private double[] ap, bp, c, a, b;
    private int mr, nr;

    @Setup(Level.Trial)
    public void setup() {
        k = impl.equals("scalar") ? new ScalarDenseKernels()
                : VectorSupport.panamaOrNull(DenseKernels.class, "org.atomdoe.linalg.PanamaDenseKernels");
        if (k == null) throw new IllegalStateException("Vector API not available: start the JVM with --add-modules jdk.incubator.vector");
        if (products.equals("large")) k = k.forLargeProducts();
        mr = k.gemmMr();
        nr = k.gemmNr();
        Random r = new Random(1);
        ap = fill(r, 120 * 256);
        bp = fill(r, 32 * nr * 256);
        c = new double[Math.max(120 * 32 * nr, n * n)];
        a = fill(r, n * n);
        b = fill(r, n * n);
    }

    private static double[] fill(Random r, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) v[i] = r.nextDouble() - 0.5;
        return v;
    }

    @Benchmark
    public double run() {
        switch (kind) {
            case "tileL1" -> {
                for (int rep = 0; rep < 1000; rep++) k.gemmTile(256, ap, 0, bp, 0, false, false, c, 0, nr);
            }
            case "blockL2" -> {
                int ldc = 32 * nr;
                for (int jr = 0; jr < 32; jr++) {
                    for (int ir = 0; ir + mr <= 120; ir += mr) {
                        k.gemmTile(256, ap, ir * 256, bp, jr * nr * 256, true, true, c, ir * ldc + jr * nr, ldc);
                    }
                }
            }
            default -> Gemm.nt(k, n, n, n, 1.0, a, 0, n, b, 0, n, false, c, 0, n, 0, threads);
        }
        return c[7];
    }
}
