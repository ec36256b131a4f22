package org.atomdoe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.DescriptorCalculator;
import org.atomdoe.descriptor.DescriptorSpecs;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.design.BlockDesignProblem;
import org.atomdoe.design.BlockInformativeness;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.Informativeness;
import org.atomdoe.fit.EnergyDataset;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.fit.ForceData;
import org.atomdoe.fit.LabelSigmas;
import org.atomdoe.structure.Cell;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring a pool before any DFT, end to end from structures: energy-only (descriptor sums, leverages and gains of every
 * configuration against a training set) versus energy + forces (descriptor values and gradients, the 3N force rows of
 * every configuration, compression of each block to at most p rows, block gains and leverages). Pool: {@code configs}
 * bcc W cells of 64 atoms (4 x 4 x 2 conventional cells, ±2% random strain, ±0.15 Å displacements), SNAP 2J = 8
 * (56 parameters), scored against its first 100 configurations. Issue goal: forces within 3x of energy-only. Each op
 * also records the process CPU time it used ({@link SnapBenchmark.Cpu}: {@code cpuMicros / calls}), the robust figure on
 * a loaded machine.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Five warm-up shots: after one, energyOnly's first measured shots still ran partly compiled code (quiet AVX-512 guest,
// 2026-11-25: 2201 +- 271 ms with -wi 1 -i 3, 1514 +- 17 ms with -wi 5 -i 5), which made the ratio look ~4.1x, not ~4.9x.
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class BlockScoringBenchmark {
    @Param({"2000"})
    public int configs;

    @Param({"snap:twojmax=8,rcutfac=4.7"})
    public String descriptor;

    @Param({"1"})
    public int threads;

    private List<Structure> pool;
    private DescriptorCalculator calc;
    private SpeciesChannels species;
    private int[] train;

    @Setup(Level.Trial)
    public void setUp() {
        pool = pool(configs, 20261124L);
        species = SpeciesChannels.of(List.of("W"));
        calc = new DescriptorCalculator(DescriptorSpecs.parse(descriptor, List.of("W")), threads);
        train = new int[100];
        for (int i = 0; i < train.length; i++) train[i] = i;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        calc.close();
    }

    static List<Structure> pool(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Structure> out = new ArrayList<>(count);
        double a = BccTungstenBox.A_W;
        for (int c = 0; c < count; c++) {
            double[] h = {4 * a, 0, 0, 0, 4 * a, 0, 0, 0, 2 * a};
            double[] eps = new double[9];
            for (int k = 0; k < 9; k++) eps[k] = 0.02 * (2 * rnd.nextDouble() - 1);
            double[] x = new double[64], y = new double[64], z = new double[64];
            String[] sym = new String[64];
            int k = 0;
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) for (int m = 0; m < 2; m++) for (int b = 0; b < 2; b++) {
                double px = (i + 0.5 * b) * a + 0.15 * (2 * rnd.nextDouble() - 1);
                double py = (j + 0.5 * b) * a + 0.15 * (2 * rnd.nextDouble() - 1);
                double pz = (m + 0.5 * b) * a + 0.15 * (2 * rnd.nextDouble() - 1);
                x[k] = px + eps[0] * px + eps[1] * py + eps[2] * pz;
                y[k] = py + eps[3] * px + eps[4] * py + eps[5] * pz;
                z[k] = pz + eps[6] * px + eps[7] * py + eps[8] * pz;
                sym[k++] = "W";
            }
            double[] hs = h.clone();
            for (int r = 0; r < 3; r++) for (int col = 0; col < 3; col++) {
                double v = 0;
                for (int q = 0; q < 3; q++) v += eps[3 * col + q] * h[3 * r + q];
                hs[3 * r + col] += v;
            }
            out.add(Structure.of(new Cell(hs), new boolean[] {true, true, true}, sym, x, y, z));
        }
        return out;
    }

    /** Descriptor sums of every configuration, then leverage, D-gain, MaxVol grade and best swap against the first 100. */
    @Benchmark
    public double energyOnly(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        double[] sums = calc.aggregate(pool, Aggregation.SUM, species);
        EnergyDataset ed = EnergyDataset.fromStructures(pool, species.symbols(), sums, calc.descriptor().featureCount(), null);
        DesignProblem prob = DesignProblem.of(ed.weightedDesignMatrix(EnergyWeighting.PER_ATOM), ed.size(), ed.designColumns(), 0);
        double g = Informativeness.of(prob, train, threads).gain()[configs - 1];
        cpu.add(t0);
        return g;
    }

    /** Values and gradients, energy + 3N force rows per configuration, block compression, block gains and leverages. */
    @Benchmark
    public double withForces(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        var rows = calc.configurationRows(pool, Aggregation.SUM, species, true, false);
        EnergyDataset ed = EnergyDataset.fromStructures(pool, species.symbols(), rows.energy(), rows.width(), null);
        double[][] blocks = ForceData.of(pool, rows).designBlocks(ed, LabelSigmas.withForces(false));
        BlockDesignProblem prob = BlockDesignProblem.of(blocks, ed.designColumns(), 0).compressed(1e-13);
        double g = BlockInformativeness.of(prob, train, null, threads).gain()[configs - 1];
        cpu.add(t0);
        return g;
    }
}
