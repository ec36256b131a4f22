package org.atomdoe.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.SnapBispectrum;
import org.atomdoe.descriptor.SnapSettings;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SNAP pass of the force path alone, on the cells of {@link BlockScoringBenchmark} ({@code configs} bcc W cells of
 * 64 atoms, 2J = {@code twojmax}, rcutfac 4.7, neighbour lists built in setup), 1 thread: {@code values} (values only),
 * {@code perCentre} (values and every entry's pair gradients handed to a sink that only reads one number, the path of
 * {@code DescriptorBenchmark gradients=true} and of {@code configurationRows}'s force rows). Process CPU per op in
 * {@code cpuMicros / calls}. (Branch {@code snap8} also timed a pair path here, one gradient per unordered pair; it was
 * slower and was reverted, see BENCHMARKS.md.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class SnapPoolBenchmark {
    @Param({"200"})
    public int configs;

    @Param({"8"})
    public int twojmax;

    private List<Structure> pool;
    private NeighborList[] lists;
    private SnapBispectrum snap;
    private double[] values;
    private double sum;

    @Setup(Level.Trial)
    public void setUp() {
        pool = BlockScoringBenchmark.pool(configs, 20261124L);
        snap = new SnapBispectrum(SnapSettings.of(List.of("W"), 4.7, 0.99363, twojmax, List.of(0.5), List.of(1.0)), 1);
        lists = new NeighborList[configs];
        for (int c = 0; c < configs; c++) lists[c] = CellList.of(pool.get(c), snap.cutoff(), false);
        values = new double[64 * snap.featureCount()];
    }

    @Benchmark
    public double values(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        for (int c = 0; c < configs; c++) snap.compute(pool.get(c), lists[c], values);
        cpu.add(t0);
        return values[values.length - 1];
    }

    @Benchmark
    public double perCentre(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        sum = 0;
        for (int c = 0; c < configs; c++) {
            Structure s = pool.get(c);
            snap.computeAtomsWithGradients(s, lists[c], 0, s.natoms(), values, (i, g, off) -> sum += g[off]);
        }
        cpu.add(t0);
        return sum;
    }
}
