package org.atomdoe.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.DescriptorCalculator;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.io.AtomicFiles;
import org.atomdoe.io.FrameBatches;
import org.atomdoe.io.Npy;
import org.atomdoe.io.Pool;
import org.atomdoe.report.PoolSummary;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atomdoe describe POOL.xyz --descriptor SPEC -o features.npy}: descriptors as NumPy arrays.
 *
 * <p>A pool file is streamed: one pass counts frames, atoms and species (the descriptor needs the
 * species, the .npy header the row count), a second computes the rows batch by batch and writes them
 * straight to the output, so memory holds one batch of frames and rows whatever the pool size.
 * Standard input, which cannot be read twice, is read into memory.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Compute per-atom or per-structure descriptors of a pool and write them as a NumPy .npy "
                + "matrix (float64, C order, readable by numpy.load) with a JSON sidecar (FILE.npy.json) holding the "
                + "column labels, the descriptor settings and the row layout. A pool file is streamed (memory does not "
                + "grow with its size)."},
        footer = {"", "Examples:",
                "  atomdoe describe data/Si_train.xyz -d soap:rcut=5,nmax=8,lmax=6 -o si_soap.npy",
                "  atomdoe describe pool.xyz -d snap:twojmax=8 --per atom -o snap_atoms.npy"})
final class DescribeCommand implements Callable<Integer> {
    /** Frames and atoms per streamed batch: enough to keep every thread busy, small against any heap. */
    static final int BATCH_FRAMES = 512;
    static final long BATCH_ATOMS = 50_000;

    @Parameters(index = "0", paramLabel = "POOL.xyz", description = "Extended-XYZ pool.")
    Path pool;

    @Option(names = {"-d", "--descriptor"}, paramLabel = "SPEC", defaultValue = "soap:rcut=5,nmax=8,lmax=6,sigma=1",
            description = "Descriptor spec (default ${DEFAULT-VALUE}); soap, acsf, radial or snap with key=value options, or @FILE.json.")
    String descriptor;

    @Option(names = "--per", paramLabel = "ROWS", defaultValue = "structure",
            description = "Rows per 'structure' (default) or per 'atom'.")
    String per;

    @Option(names = "--aggregate", paramLabel = "AGG", defaultValue = "sum",
            description = "Per-structure reduction: sum (default), mean, or species-sum (counts and sums per species).")
    String aggregate;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.npy", description = "Output matrix.")
    Path output;

    @Mixin
    CommonOptions common;

    /** What was written: shape, labels and (per atom) the first row of each structure. */
    private record Written(long rows, int cols, List<String> labels, long[] firstRow, int frames, long atoms, Object settings) {}

    /**
     * Seconds of the streamed pass spent parsing frames, computing rows (neighbour lists included) and writing them:
     * the parts of the "descriptors" timing, so that a slow one-shot run shows where its time went.
     */
    private double tParse, tRows, tNpy;

    @Override
    public Integer call() throws Exception {
        boolean perStructure = switch (per) {
            case "structure" -> true;
            case "atom" -> false;
            default -> throw new Main.UsageException("--per must be 'structure' or 'atom', got '" + per + "'");
        };
        Aggregation agg = null;
        if (perStructure) {
            try {
                agg = Aggregation.parse(aggregate);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException("--aggregate: " + e.getMessage());
            }
        }
        Stopwatch sw = new Stopwatch();
        boolean stdin = pool.toString().equals("-");
        List<String> species;
        Written w;
        double tRead, tDesc;
        if (stdin) {
            Pool p = Pool.read(pool);
            tRead = sw.lap();
            PoolChecks.nonEmpty(p, "pool");
            species = FeatureMatrix.speciesOf(List.of(p.frames()));
            Descriptor d = FitCommand.parseDescriptor(descriptor, species);
            FeatureMatrix f = perStructure
                    ? FeatureMatrix.perStructure(p.frames(), descriptor, d, agg, SpeciesChannels.of(species), common.threads(), common.progress())
                    : FeatureMatrix.perAtom(p.frames(), descriptor, d, common.threads(), common.progress());
            tDesc = sw.lap();
            Npy.write(output, f.values(), f.rows(), f.cols());
            long[] first = perStructure ? null : firstRows(p.frames());
            w = new Written(f.rows(), f.cols(), f.labels(), first, p.size(), p.totalAtoms(), d.settings());
        } else {
            // pass 1: frames, atoms and species, in one streaming (and for big files parallel) read
            PoolSummary sum = PoolSummary.of(pool, common.threads());
            tRead = sw.lap();
            if (sum.frames() == 0) throw new Main.UsageException("the pool " + pool + " has no frames");
            species = FeatureMatrix.sortedSpecies(sum.species().keySet());
            Descriptor d = FitCommand.parseDescriptor(descriptor, species);
            w = stream(d, agg, species, sum);
            tDesc = sw.lap();
        }
        RunReport rep = new RunReport(org.atomdoe.cli.Version.get(), "describe");
        rep.setting("descriptor", descriptor).setting("descriptorSettings", w.settings()).setting("species", species)
                .setting("per", per).setting("aggregate", perStructure ? aggregate : null).setting("threads", common.threads());
        rep.input("pool", pool, w.frames(), w.atoms());
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("rows", w.rows());
        layout.put("cols", w.cols());
        layout.put("dtype", "<f8");
        layout.put("rowsAre", perStructure ? "structures in pool order" : "atoms, structure by structure in pool order");
        if (!perStructure) layout.put("firstRowOfStructure", w.firstRow());
        rep.put("matrix", layout);
        rep.put("labels", w.labels());
        rep.timing("read", tRead).timing("descriptors", tDesc);
        if (!stdin) rep.timing("descriptors.parse", tParse).timing("descriptors.rows", tRows).timing("descriptors.npy", tNpy);
        rep.timing("write", sw.lap());
        Path sidecar = output.resolveSibling(output.getFileName() + ".json");
        rep.write(sidecar);
        common.note(String.format("%d %s rows x %d features -> %s (%.0f atoms/s)", w.rows(), per, w.cols(), output,
                w.atoms() / Math.max(tDesc, 1e-9)));
        System.out.println("wrote " + output + " (" + w.rows() + " x " + w.cols() + ") and " + sidecar);
        return 0;
    }

    private static long[] firstRows(List<Structure> frames) {
        long[] first = new long[frames.size()];
        long k = 0;
        for (int i = 0; i < first.length; i++) {
            first[i] = k;
            k += frames.get(i).natoms();
        }
        return first;
    }

    /** Pass 2: rows computed batch by batch and appended to the .npy after its header (atomically, as a whole). */
    private Written stream(Descriptor d, Aggregation agg, List<String> species, PoolSummary sum) throws IOException {
        boolean perStructure = agg != null;
        SpeciesChannels ch = SpeciesChannels.of(species);
        int cols = perStructure ? agg.width(d.featureCount(), species.size()) : d.featureCount();
        long rows = perStructure ? sum.frames() : sum.atoms();
        List<String> labels = perStructure ? agg.labels(d.labels(), ch) : d.labels();
        long[] first = perStructure ? null : new long[sum.frames()];
        Progress progress = common.progress();
        AtomicFiles.write(output, out -> {
            Npy.writeHeader(out, rows, cols);
            long written = 0;
            int frame = 0;
            progress.start("descriptors " + d.name(), sum.frames());
            try (FrameBatches batches = new FrameBatches(pool, BATCH_FRAMES, BATCH_ATOMS);
                 DescriptorCalculator calc = new DescriptorCalculator(d, common.threads())) {
                long t0 = System.nanoTime();
                for (List<Structure> part; (part = batches.next()) != null; ) {
                    long t1 = System.nanoTime();
                    tParse += (t1 - t0) * 1e-9;
                    long t2;
                    if (perStructure) {
                        double[] r = calc.aggregate(part, agg, ch);
                        t2 = System.nanoTime();
                        Npy.writeValues(out, r, 0, r.length);
                        written += part.size();
                    } else {
                        List<double[]> atomRows = calc.perAtom(part);
                        t2 = System.nanoTime();
                        for (int k = 0; k < part.size(); k++) {
                            if (frame + k < first.length) first[frame + k] = written;
                            Npy.writeValues(out, atomRows.get(k), 0, atomRows.get(k).length);
                            written += part.get(k).natoms();
                        }
                    }
                    t0 = System.nanoTime();
                    tRows += (t2 - t1) * 1e-9;
                    tNpy += (t0 - t2) * 1e-9;
                    frame += part.size();
                    progress.advance(part.size());
                }
            } finally {
                progress.finish();
            }
            // the header promised `rows` rows: a pool that changed between the passes must not give a broken file
            if (written != rows || frame != sum.frames()) {
                throw new IOException(pool + " changed while it was read: " + sum.frames() + " frames and " + rows
                        + " rows in the first pass, " + frame + " and " + written + " in the second");
            }
        });
        return new Written(rows, cols, labels, first, sum.frames(), sum.atoms(), d.settings());
    }
}
