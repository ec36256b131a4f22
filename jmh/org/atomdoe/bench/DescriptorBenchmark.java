package org.atomdoe.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atomdoe.descriptor.Acsf;
import org.atomdoe.descriptor.AcsfSettings;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.DescriptorCalculator;
import org.atomdoe.descriptor.DescriptorKernels;
import org.atomdoe.descriptor.DescriptorSpecs;
import org.atomdoe.descriptor.DifferentiableDescriptor;
import org.atomdoe.descriptor.PairRadialBasis;
import org.atomdoe.descriptor.RadialSettings;
import org.atomdoe.descriptor.ScalarDescriptorKernels;
import org.atomdoe.descriptor.ScalarSnapKernel;
import org.atomdoe.descriptor.SnapBispectrum;
import org.atomdoe.descriptor.SnapSettings;
import org.atomdoe.descriptor.SoapPowerSpectrum;
import org.atomdoe.descriptor.SoapSettings;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * All per-atom descriptor rows of the bcc W box ({@link BccTungstenBox}), neighbour search
 * included (one op = CellList build + every row): r_cut 5 Å; SOAP n_max 8, l_max 6, sigma 1
 * (neighbour list to 8.717 Å as DScribe); ACSF G1 + 8 G2 + 18 G4; radial 8 Chebyshev functions.
 * {@code kernels=scalar} runs the scalar twins for the SIMD ratio. {@code descriptorOnly} times
 * the rows on a precomputed list. {@code gradients=true} computes the rows and their pair gradients
 * ({@link DifferentiableDescriptor}) instead, on one thread ({@link GradientPass}: SOAP's pair gradients
 * of all 16,000 atoms would take 17 GB, so large outputs go in chunks of 64 centres).
 * Each op also records the process CPU time it used ({@link SnapBenchmark.Cpu}: {@code cpuMicros / calls}), the
 * robust figure on a loaded machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class DescriptorBenchmark {
    @Param({"radial", "acsf", "soap", "snap6", "snap8"})
    public String descriptor;

    @Param({"16000"})
    public int atoms;

    @Param({"1", "2"})
    public int threads;

    @Param({"auto"})
    public String kernels;

    @Param({"false", "true"})
    public boolean gradients;

    private Structure box;
    private DescriptorCalculator calc;
    private Descriptor desc;
    private NeighborList list;
    private double[] rows;
    private GradientPass gradientPass;

    static Descriptor make(String name, String kernels, int threads) {
        if (name.startsWith("snap")) {
            // rcutfac 4.7, rfac0 0.99363, radelem 0.5, wj 1: the LAMMPS anchor settings; SNAP threads over atoms itself
            SnapSettings st = SnapSettings.of(List.of("W"), 4.7, 0.99363, Integer.parseInt(name.substring(4)), List.of(0.5), List.of(1.0));
            return kernels.equals("auto") ? new SnapBispectrum(st, threads) : new SnapBispectrum(st, threads, new ScalarSnapKernel());
        }
        if (kernels.equals("auto")) {
            String spec = switch (name) {
                case "soap" -> "soap:rcut=5,nmax=8,lmax=6,sigma=1";
                case "acsf" -> "acsf:rcut=5";
                case "radial" -> "radial:rcut=5,nmax=8";
                default -> name;
            };
            return DescriptorSpecs.parse(spec, List.of("W"));
        }
        DescriptorKernels k = new ScalarDescriptorKernels();
        return switch (name) {
            case "soap" -> new SoapPowerSpectrum(SoapSettings.of(5.0, 8, 6, 1.0, List.of("W")), k);
            case "acsf" -> new Acsf(AcsfSettings.dscribeBenchmarkSet(5.0, List.of("W"), true), k);
            case "radial" -> new PairRadialBasis(new RadialSettings(5.0, 8, List.of("W"), true), k);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        box = BccTungstenBox.of(atoms, 20261123L);
        desc = make(descriptor, kernels, threads);
        calc = new DescriptorCalculator(desc, threads);
        list = CellList.of(box, desc.cutoff(), false);
        rows = new double[box.natoms() * desc.featureCount()];
        if (gradients) gradientPass = new GradientPass(desc, list);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        calc.close();
    }

    /** Neighbour search + all rows (the figure compared with DScribe); with gradients: search + gradient pass, one thread. */
    @Benchmark
    public double[] endToEnd(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        double[] out = gradients ? gradientPass.run(box, CellList.of(box, desc.cutoff(), false), rows) : calc.perAtom(box);
        cpu.add(t0);
        return out;
    }

    /** Rows only (or rows and pair gradients), on a precomputed neighbour list, one thread. */
    @Benchmark
    public double[] descriptorOnly(SnapBenchmark.Cpu cpu) {
        long t0 = SnapBenchmark.Cpu.now();
        if (gradients) {
            double[] g = gradientPass.run(box, list, rows);
            cpu.add(t0);
            return g;
        }
        desc.compute(box, list, rows);
        cpu.add(t0);
        return rows;
    }
}
