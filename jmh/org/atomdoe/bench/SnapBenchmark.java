package org.atomdoe.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.ScalarSnapKernel;
import org.atomdoe.descriptor.SnapBispectrum;
import org.atomdoe.descriptor.SnapKernel;
import org.atomdoe.descriptor.SnapSettings;
import org.atomdoe.neighbors.CellList;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Cell;
import org.atomdoe.structure.Structure;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
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
 * SNAP bispectrum, the op of LAMMPS {@code compute sna/atom} in {@code shared/anchors/lammps/in.sna}:
 * all per-atom B of a bcc W box (a = 3.165 Å, 2n³ atoms, ±0.1 Å uniform displacements, fixed seed),
 * rcutfac 4.7, rfac0 0.99363, rmin0 0, radelem 0.5, wj 1 (pair cutoff 4.7 Å, 26 neighbours per atom),
 * LAMMPS defaults otherwise (switchflag 1, bzeroflag 1).
 *
 * <p>{@link #bispectrum} excludes the neighbour search (the full list is built once in setup);
 * {@link #bispectrumWithNeighbors} includes a {@link CellList} build per op.
 * {@code kernel=simd} is the Vector API kernel, {@code scalar} its scalar twin.
 *
 * <p>On a shared, overloaded 2-vCPU machine wall time mostly measures the other jobs, so each op
 * also records the process CPU time it consumed ({@link Cpu}: JMH prints {@code cpuMicros} and
 * {@code calls} summed per iteration; CPU time per op = cpuMicros / calls, all threads included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class SnapBenchmark {
    @Param({"6", "8"})
    public int twojmax;

    @Param({"16000", "128000"})
    public int atoms;

    @Param({"1", "2"})
    public int threads;

    @Param({"simd", "scalar"})
    public String kernel;

    private Structure structure;
    private NeighborList neighbors;
    private SnapBispectrum snap;
    private double[] out;

    /** bcc W, n³ cubic cells of 2 atoms, uniform ±0.1 Å displacements (seed 4928459). */
    public static Structure bccW(int atoms) {
        int n = (int) Math.round(Math.cbrt(atoms / 2.0));
        if (2 * n * n * n != atoms) throw new IllegalArgumentException("atoms must be 2 n^3, got " + atoms);
        double a = 3.165;
        int total = 2 * n * n * n;
        double[] x = new double[total], y = new double[total], z = new double[total];
        String[] sym = new String[total];
        SplittableRandom rnd = new SplittableRandom(4928459L);
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < n; l++) {
                    for (int b = 0; b < 2; b++) {
                        double h = 0.5 * b;
                        x[k] = (i + h) * a + rnd.nextDouble(-0.1, 0.1);
                        y[k] = (j + h) * a + rnd.nextDouble(-0.1, 0.1);
                        z[k] = (l + h) * a + rnd.nextDouble(-0.1, 0.1);
                        sym[k] = "W";
                        k++;
                    }
                }
            }
        }
        return Structure.of(Cell.orthorhombic(n * a, n * a, n * a), new boolean[] {true, true, true}, sym, x, y, z);
    }

    public static SnapSettings wSettings(int twojmax) {
        return SnapSettings.of(List.of("W"), 4.7, 0.99363, twojmax, List.of(0.5), List.of(1.0));
    }

    @Setup
    public void setup() {
        structure = bccW(atoms);
        SnapKernel k = switch (kernel) {
            case "simd" -> SnapBispectrum.defaultKernel();
            case "scalar" -> new ScalarSnapKernel();
            default -> throw new IllegalArgumentException("kernel must be simd or scalar, got " + kernel);
        };
        if (kernel.equals("simd") && k instanceof ScalarSnapKernel) {
            throw new IllegalStateException("Vector API not available: start the JVM with --add-modules jdk.incubator.vector");
        }
        snap = new SnapBispectrum(wSettings(twojmax), threads, k);
        neighbors = CellList.of(structure, snap.cutoff(), false);
        out = new double[atoms * snap.featureCount()];
    }

    /** Process CPU time consumed by the ops of one iteration (all threads), and the op count. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        public long cpuMicros;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            cpuMicros = 0;
            calls = 0;
        }

        static long now() {
            return OS.getProcessCpuTime();
        }

        void add(long t0) {
            cpuMicros += (now() - t0) / 1000;
            calls++;
        }
    }

    @Benchmark
    public double bispectrum(Cpu cpu) {
        long t0 = Cpu.now();
        snap.compute(structure, neighbors, out);
        cpu.add(t0);
        return out[out.length - 1];
    }

    @Benchmark
    public double bispectrumWithNeighbors(Cpu cpu) {
        long t0 = Cpu.now();
        NeighborList nl = CellList.of(structure, snap.cutoff(), false);
        snap.compute(structure, nl, out);
        cpu.add(t0);
        return out[out.length - 1];
    }
}
