package org.atomdoe.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.io.Npy;
import org.atomdoe.io.Pool;
import org.atomdoe.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe describe POOL.xyz --descriptor SPEC -o features.npy}: descriptors as NumPy arrays. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"Compute per-atom or per-structure descriptors of a pool and write them as a NumPy .npy "
                + "matrix (float64, C order, readable by numpy.load) with a JSON sidecar (FILE.npy.json) holding the "
                + "column labels, the descriptor settings and the row layout."},
        footer = {"", "Examples:",
                "  atomdoe describe data/Si_train.xyz -d soap:rcut=5,nmax=8,lmax=6 -o si_soap.npy",
                "  atomdoe describe pool.xyz -d snap:twojmax=8 --per atom -o snap_atoms.npy"})
final class DescribeCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        Pool p = Pool.read(pool);
        double tRead = sw.lap();
        PoolChecks.nonEmpty(p, "pool");
        List<String> species = FeatureMatrix.speciesOf(List.of(p.frames()));
        Descriptor d = FitCommand.parseDescriptor(descriptor, species);
        FeatureMatrix f;
        Aggregation agg = null;
        switch (per) {
            case "structure" -> {
                try {
                    agg = Aggregation.parse(aggregate);
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException("--aggregate: " + e.getMessage());
                }
                f = FeatureMatrix.perStructure(p.frames(), descriptor, d, agg, SpeciesChannels.of(species),
                        common.threads(), common.progress());
            }
            case "atom" -> f = FeatureMatrix.perAtom(p.frames(), descriptor, d, common.threads(), common.progress());
            default -> throw new Main.UsageException("--per must be 'structure' or 'atom', got '" + per + "'");
        }
        double tDesc = sw.lap();
        Npy.write(output, f.values(), f.rows(), f.cols());
        RunReport rep = new RunReport(org.atomdoe.cli.Version.get(), "describe");
        rep.setting("descriptor", descriptor).setting("descriptorSettings", d.settings()).setting("species", species)
                .setting("per", per).setting("aggregate", "structure".equals(per) ? aggregate : null).setting("threads", common.threads());
        rep.input("pool", pool, p.size(), p.totalAtoms());
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("rows", f.rows());
        layout.put("cols", f.cols());
        layout.put("dtype", "<f8");
        layout.put("rowsAre", "structure".equals(per) ? "structures in pool order" : "atoms, structure by structure in pool order");
        if ("atom".equals(per)) {
            int[] first = new int[p.size()];
            int k = 0;
            for (int i = 0; i < p.size(); i++) {
                first[i] = k;
                k += p.get(i).natoms();
            }
            layout.put("firstRowOfStructure", first);
        }
        rep.put("matrix", layout);
        rep.put("labels", f.labels());
        rep.timing("read", tRead).timing("descriptors", tDesc).timing("write", sw.lap());
        Path sidecar = output.resolveSibling(output.getFileName() + ".json");
        rep.write(sidecar);
        long atoms = p.totalAtoms();
        common.note(String.format("%d %s rows x %d features -> %s (%.0f atoms/s)", f.rows(), per, f.cols(), output,
                atoms / Math.max(tDesc, 1e-9)));
        System.out.println("wrote " + output + " (" + f.rows() + " x " + f.cols() + ") and " + sidecar);
        return 0;
    }
}
