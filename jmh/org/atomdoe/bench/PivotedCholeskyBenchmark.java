package org.atomdoe.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.DescriptorSpecs;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.io.Pool;
import org.atomdoe.kernel.Kernel;
import org.atomdoe.kernel.KernelRows;
import org.atomdoe.kernel.PivotedCholesky;
import org.atomdoe.kernel.SymmetricSource;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;
import org.openjdk.jmh.annotations.*;

/**
 * Greedy sparse-point selection by lazy pivoted Cholesky: {@code m} (default 2,000) of the first
 * {@code n} (default 100,000) atomic environments of the W-Be pool (Wood et al. 2019; frames in
 * file order), SOAP r_cut 5, n_max 6, l_max 4, sigma 1 (two species: 390 components), dot-product
 * kernel zeta = 4 with jitter 1e-8, species-separated as in GAP. One op = the whole selection
 * (single shot). The descriptors are computed once in the setup, not timed. The work done (rows
 * refreshed, against {@code n m} for the eager algorithm) is printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx10g"})
public class PivotedCholeskyBenchmark {
    @Param({"../shared/data/wbe_snap_wood2019/WBe_all.xyz"})
    public String file;
    @Param({"100000"})
    public int n;
    @Param({"2000"})
    public int m;
    @Param({"1", "2"})
    public int threads;

    private KernelRows rows;
    private Kernel kernel;
    private PivotedCholesky.Result last;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path path = Path.of(file);
        if (!Files.exists(path)) throw new IllegalStateException(file + " not found: run from the project folder next to ../shared/data");
        List<Structure> frames = new ArrayList<>();
        int atoms = 0;
        for (Structure s : Pool.read(path).frames()) {
            if (atoms >= n) break;
            frames.add(s);
            atoms += s.natoms();
        }
        List<String> species = FeatureMatrix.speciesOf(List.of(frames));
        String spec = "soap:rcut=5,nmax=6,lmax=4,sigma=1";
        Descriptor d = DescriptorSpecs.parse(spec, species);
        FeatureMatrix f = FeatureMatrix.perAtom(frames, spec, d, 2, Progress.NONE);
        int[] sp = new int[f.rows()];
        int k = 0;
        for (Structure s : frames) for (int a = 0; a < s.natoms(); a++) sp[k++] = s.atomicNumber(a);
        kernel = new Kernel.DotProduct(4);
        KernelRows all = kernel.prepare(f.values(), f.rows(), f.cols(), sp);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) first[i] = i;
        rows = all.gather(first, n);
    }

    @Benchmark
    public double select() {
        last = PivotedCholesky.select(SymmetricSource.kernel(kernel, rows, 1e-8), m, threads);
        return last.logDet();
    }

    @TearDown(Level.Trial)
    public void report() {
        if (last != null) {
            System.out.printf("%n  %d of %d environments (d = %d): rows refreshed %d = %.1f%% of the eager n m, log det %.1f%n",
                    last.size(), n, rows.d(), last.refreshed(), 100.0 * last.refreshed() / ((double) n * m), last.logDet());
        }
    }
}
