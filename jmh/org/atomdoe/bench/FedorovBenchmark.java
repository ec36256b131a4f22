package org.atomdoe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atomdoe.design.Criterion;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.OptimalDesign;
import org.atomdoe.util.Progress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The AlgDesign D-optimal cases: one op = greedy start + modified Fedorov exchange to convergence.
 * {@code N2000_p20_n100} and {@code N10000_p50_n200} use the exact AlgDesign candidate CSVs
 * ({@code ../shared/reference/algdesign}, model {@code ~.-1}); {@code N50000_p100_n400} is a
 * Gaussian 50000 x 100 matrix from {@code SplittableRandom(42)} plus a column of ones (R's
 * {@code set.seed(42)} stream cannot be reproduced in Java, so the log det is comparable in size,
 * not equal, to AlgDesign's 608.82 and numpy's 630.91). The log det of each case is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Ten warm-up shots: C2 keeps compiling (and recompiling after uncommon traps) the design code for the first several
// designs, so with one or two warm-up shots the first measured shots ran partly compiled code (quiet AVX-512 guest,
// 2026-11-25 03:29 UTC: 2 threads 305-309 +- 16-28 ms after 10 warm-up shots, 402-508 +- 87-311 ms after 2).
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(1)
public class FedorovBenchmark {
    @Param({"N2000_p20_n100", "N10000_p50_n200", "N50000_p100_n400"})
    public String problem;

    @Param({"1", "2"})
    public int threads;

    private DesignProblem prob;
    private int n;

    @Setup
    public void setup() throws IOException {
        switch (problem) {
            case "N2000_p20_n100" -> load("cand_N2000_p20.csv", 100);
            case "N10000_p50_n200" -> load("cand_N10000_p50.csv", 200);
            case "N50000_p100_n400" -> {
                int rows = 50000, p = 101;
                SplittableRandom r = new SplittableRandom(42);
                double[] x = new double[rows * p];
                for (int i = 0; i < rows; i++) {
                    x[i * p] = 1;
                    for (int k = 1; k < p; k++) x[i * p + k] = r.nextGaussian();
                }
                prob = DesignProblem.of(x, rows, p, 0);
                n = 400;
                // -jvmArgsAppend -Dfedorov.npy=X.npy writes this matrix for numpy's fedorov_numpy.py and `select --features`
                String out = System.getProperty("fedorov.npy");
                if (out != null) org.atomdoe.io.Npy.write(Path.of(out), x, rows, p);
            }
            default -> throw new IllegalArgumentException(problem);
        }
        OptimalDesign.Result res = run();
        System.out.printf("%n%s: log det X'X = %.4f (passes %d, swaps %d)%n", problem, res.objective(), res.passes(), res.swaps());
    }

    private void load(String name, int size) throws IOException {
        Path f = Path.of("../shared/reference/algdesign", name);
        if (!Files.exists(f)) f = Path.of("src/test/resources/algdesign", name);
        List<String> lines = Files.readAllLines(f);
        int rows = lines.size() - 1, p = lines.get(0).split(",").length;
        double[] x = new double[rows * p];
        for (int i = 0; i < rows; i++) {
            String[] v = lines.get(i + 1).split(",");
            for (int k = 0; k < p; k++) x[i * p + k] = Double.parseDouble(v[k]);
        }
        prob = DesignProblem.of(x, rows, p, 0);
        n = size;
    }

    private OptimalDesign.Result run() {
        return OptimalDesign.select(prob, OptimalDesign.Settings.of(Criterion.D, n).withThreads(threads), Progress.NONE);
    }

    @Benchmark
    public double greedyAndExchange() {
        return run().objective();
    }
}
