package org.atomdoe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.DescriptorSpecs;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.fit.EnergyDataset;
import org.atomdoe.fit.EnergyErrors;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.fit.LinearEnergyModel;
import org.atomdoe.fit.RidgeSettings;
import org.atomdoe.io.Pool;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe fit TRAIN.xyz --test TEST.xyz --descriptor SPEC}: a linear energy model and its errors. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit a linear energy model E = w . sum_atoms B(atom) + sum_s e0_s n_s by weighted ridge least "
                + "squares (lambda by generalised cross-validation) and report MAE/RMSE in meV/atom, per config_type too."},
        footer = {"", "Examples:",
                "  atomdoe fit data/Si_train.xyz --test data/Si_test.xyz --descriptor soap:rcut=5,nmax=6,lmax=4",
                "  atomdoe fit train.xyz --test test.xyz --descriptor acsf:rcut=5 --lambda 1e-6 --report fit.json"})
final class FitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRAIN.xyz", description = "Training structures with energies.")
    Path train;

    @Option(names = "--test", paramLabel = "TEST.xyz", description = "Test structures with energies.")
    Path test;

    @Option(names = {"-d", "--descriptor"}, paramLabel = "SPEC", defaultValue = "soap:rcut=5,nmax=6,lmax=4,sigma=1",
            description = "Descriptor spec (default ${DEFAULT-VALUE}); one of: soap, acsf, radial, snap (if built).")
    String descriptor;

    @Option(names = "--lambda", paramLabel = "L", description = "Fixed ridge parameter instead of GCV.")
    Double lambda;

    @Option(names = "--weighting", paramLabel = "W", defaultValue = "per-atom",
            description = "Row weights: per-atom (fit energies per atom, default) or total.")
    String weighting;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
    Path report;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "fit");
        Pool trainPool = Pool.read(train);
        Pool testPool = test == null ? null : Pool.read(test);
        rep.timing("read", sw.lap());
        List<List<Structure>> pools = testPool == null ? List.of(trainPool.frames()) : List.of(trainPool.frames(), testPool.frames());
        List<String> species = FeatureMatrix.speciesOf(pools);
        Descriptor d = parseDescriptor(descriptor, species);
        EnergyWeighting w = switch (weighting) {
            case "per-atom" -> EnergyWeighting.PER_ATOM;
            case "total" -> EnergyWeighting.PER_STRUCTURE;
            default -> throw new Main.UsageException("--weighting must be per-atom or total, got '" + weighting + "'");
        };
        SpeciesChannels channels = SpeciesChannels.of(species);
        FeatureMatrix ftrain = FeatureMatrix.perStructure(trainPool.frames(), descriptor, d, Aggregation.SUM, channels,
                common.threads(), common.progress());
        FeatureMatrix ftest = testPool == null ? null : FeatureMatrix.perStructure(testPool.frames(), descriptor, d,
                Aggregation.SUM, channels, common.threads(), common.progress());
        rep.timing("descriptors", sw.lap());
        EnergyDataset trainData = dataset(trainPool, species, ftrain);
        if (trainData.energies() == null) throw new Main.UsageException(train + ": every training frame needs an energy");
        LinearEnergyModel model = LinearEnergyModel.fit(trainData, w, lambda == null ? RidgeSettings.gcv() : RidgeSettings.fixed(lambda));
        EnergyErrors trainErr = model.evaluate(trainData);
        EnergyErrors testErr = null;
        if (testPool != null) {
            EnergyDataset testData = dataset(testPool, species, ftest);
            if (testData.energies() == null) throw new Main.UsageException(test + ": every test frame needs an energy");
            testErr = model.evaluate(testData);
        }
        rep.timing("fit", sw.lap());

        rep.setting("descriptor", descriptor).setting("descriptorSettings", d.settings()).setting("species", species)
                .setting("weighting", weighting).setting("lambda", lambda == null ? "gcv" : lambda).setting("threads", common.threads());
        rep.input("train", train, trainPool.size(), trainPool.totalAtoms());
        if (testPool != null) rep.input("test", test, testPool.size(), testPool.totalAtoms());
        rep.put("model", Map.of("parameters", species.size() + d.featureCount(), "lambda", model.ridge().lambda(),
                "effectiveDegreesOfFreedom", model.ridge().effectiveDegreesOfFreedom(), "speciesEnergies", model.speciesEnergies()));
        rep.put("train", trainErr);
        if (testErr != null) rep.put("test", testErr);
        if (report != null) rep.write(report);

        System.out.printf("fit: %d training structures, %s; %d parameters; lambda %.3g%s%n", trainPool.size(), descriptor,
                species.size() + d.featureCount(), model.ridge().lambda(), lambda == null ? " (GCV)" : "");
        System.out.println(table(trainErr, testErr));
        return 0;
    }

    static Descriptor parseDescriptor(String spec, List<String> species) {
        try {
            return DescriptorSpecs.parse(spec, species);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--descriptor: " + e.getMessage());
        }
    }

    static EnergyDataset dataset(Pool pool, List<String> species, FeatureMatrix f) {
        return EnergyDataset.fromStructures(pool.frames(), species, f.values(), f.cols(), f.labels());
    }

    /** Errors as a plain text table, meV/atom. */
    static String table(EnergyErrors train, EnergyErrors test) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %10s %12s %12s%n", "set", "structures", "MAE meV/at", "RMSE meV/at"));
        row(sb, "train", train);
        if (test != null) {
            row(sb, "test", test);
            for (Map.Entry<String, EnergyErrors> e : test.perConfigType().entrySet()) row(sb, "  test " + e.getKey(), e.getValue());
        }
        return sb.toString().stripTrailing();
    }

    private static void row(StringBuilder sb, String name, EnergyErrors e) {
        sb.append(String.format("%-22s %10d %12.3f %12.3f%n", name, e.structures(), e.maeMeVPerAtom(), e.rmseMeVPerAtom()));
    }
}
