package org.atomdoe.cli;

import java.nio.file.Path;
import org.atomdoe.descriptor.DescriptorCalculator;
import org.atomdoe.fit.ForceData;
import org.atomdoe.fit.ForceErrors;
import org.atomdoe.fit.LabelSigmas;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.ConfigurationRows;
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

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "gcv",
            description = "Ridge parameter: gcv (generalised cross-validation, default), gcv:ALPHA (modified GCV), loocv, or a number.")
    String lambda;

    @Option(names = "--weighting", paramLabel = "W", defaultValue = "per-atom",
            description = "Row weights: per-atom (fit energies per atom, default) or total.")
    String weighting;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the JSON report here.")
    Path report;

    @Mixin
    LabelOptions labelOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "fit");
        Pool trainPool = Pool.read(train);
        Pool testPool = test == null ? null : Pool.read(test);
        rep.timing("read", sw.lap());
        EnergyWeighting w = Candidates.weighting(weighting);
        LabelSigmas sig = labelOptions.sigmas();
        if (sig.forces() && w != EnergyWeighting.PER_ATOM) throw new Main.UsageException("--labels with forces uses per-atom energy weighting");
        EnergyData data = energyData(trainPool.frames(), testPool == null ? null : testPool.frames(), descriptor, sig,
                common.threads(), common.progress());
        List<String> species = data.species();
        Descriptor d = data.descriptor();
        // with forces the descriptor pass gives values and gradients at once
        rep.timing(sig.forces() || sig.stress() ? "descriptors and gradients" : "descriptors", sw.lap());
        EnergyDataset trainData = data.train();
        if (trainData.energies() == null) throw new Main.UsageException(train + ": every training frame needs an energy");
        ForceData trainForces = data.trainForces();
        ForceData testForces = data.testForces();
        LinearEnergyModel model = trainForces == null ? LinearEnergyModel.fit(trainData, w, ridge(lambda))
                : LinearEnergyModel.fit(trainData, trainForces, sig, ridge(lambda));
        EnergyErrors trainErr = model.evaluate(trainData);
        EnergyErrors testErr = null;
        if (testPool != null) {
            EnergyDataset testData = data.test();
            if (testData.energies() == null) throw new Main.UsageException(test + ": every test frame needs an energy");
            testErr = model.evaluate(testData);
        }
        ForceErrors trainForceErr = trainForces == null ? null : trainForces.evaluate(model);
        ForceErrors testForceErr = testForces == null ? null : testForces.evaluate(model);
        rep.timing("fit", sw.lap());

        rep.setting("descriptor", descriptor).setting("descriptorSettings", d.settings()).setting("species", species)
                .setting("weighting", weighting).setting("lambda", lambda).setting("threads", common.threads());
        rep.input("train", train, trainPool.size(), trainPool.totalAtoms());
        if (testPool != null) rep.input("test", test, testPool.size(), testPool.totalAtoms());
        rep.put("model", Map.of("parameters", species.size() + d.featureCount(), "lambda", model.ridge().lambda(),
                "effectiveDegreesOfFreedom", model.ridge().effectiveDegreesOfFreedom(), "speciesEnergies", model.speciesEnergies()));
        rep.setting("labels", sig.shortName()).setting("sigmas", sig);
        rep.put("train", trainErr);
        if (testErr != null) rep.put("test", testErr);
        if (trainForceErr != null) rep.put("trainForces", trainForceErr);
        if (testForceErr != null) rep.put("testForces", testForceErr);
        if (report != null) rep.write(report);

        System.out.printf("fit: %d training structures, %s; %d parameters; lambda %.3g%s%n", trainPool.size(), descriptor,
                species.size() + d.featureCount(), model.ridge().lambda(), " (" + lambda + ")");
        System.out.println(table(trainErr, testErr));
        if (trainForceErr != null) System.out.println(forceTable(trainForceErr, testForceErr));
        return 0;
    }

    static RidgeSettings ridge(String spec) {
        try {
            return RidgeSettings.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--lambda: " + e.getMessage());
        }
    }

    /**
     * The descriptor of a spec string, or of {@code @FILE.json}: a JSON object with {@code "name"}
     * and the spec's keys, e.g. <code>{"name": "snap", "twojmax": 6, "radelem": [0.5]}</code>
     * (arrays are joined by {@code +}, in species order).
     */
    static Descriptor parseDescriptor(String spec, List<String> species) {
        if (spec.startsWith("@")) spec = specFromJson(java.nio.file.Path.of(spec.substring(1)));
        try {
            return DescriptorSpecs.parse(spec, species);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--descriptor: " + e.getMessage());
        }
    }

    static String specFromJson(java.nio.file.Path file) {
        com.fasterxml.jackson.databind.JsonNode j;
        try {
            j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new org.atomdoe.io.InputFormatException(file.toString(), 0, "expected a JSON object of descriptor settings: " + e.getMessage());
        }
        if (j == null || !j.isObject() || !j.has("name")) {
            throw new org.atomdoe.io.InputFormatException(file.toString(), 0, "expected a JSON object with \"name\" and the descriptor's keys");
        }
        StringBuilder sb = new StringBuilder(j.get("name").asText());
        char sep = ':';
        for (java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = j.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
            if (e.getKey().equals("name")) continue;
            sb.append(sep).append(e.getKey()).append('=');
            sep = ',';
            if (e.getValue().isArray()) {
                java.util.List<String> parts = new java.util.ArrayList<>();
                e.getValue().forEach(v -> parts.add(v.asText()));
                sb.append(String.join("+", parts));
            } else {
                sb.append(e.getValue().asText());
            }
        }
        return sb.toString();
    }

    /**
     * Energy rows of a training (or pool) set and an optional test set, with one descriptor over the species of both,
     * and their force (+ stress) rows when the labels ask for them (else null).
     */
    record EnergyData(EnergyDataset train, EnergyDataset test, List<String> species, Descriptor descriptor,
                      ForceData trainForces, ForceData testForces) {}

    /**
     * Per-structure descriptor sums, species counts and energies of {@code train} and {@code test} (may be null), and
     * with forces or stress in {@code sig} their force (+ stress) rows, from one descriptor pass per set ({@link #labelledRows}).
     */
    static EnergyData energyData(List<Structure> train, List<Structure> test, String spec, LabelSigmas sig, int threads,
                                 org.atomdoe.util.Progress progress) {
        List<String> species = FeatureMatrix.speciesOf(test == null ? List.of(train) : List.of(train, test));
        Descriptor d = parseDescriptor(spec, species);
        LabelledRows tr = labelledRows(train, spec, d, species, sig, threads, progress);
        LabelledRows te = test == null ? null : labelledRows(test, spec, d, species, sig, threads, progress);
        return new EnergyData(tr.energies(), te == null ? null : te.energies(), species, d, tr.forces(),
                te == null ? null : te.forces());
    }

    /** The energy rows of some frames and, when asked, their force (+ stress) rows (else null). */
    record LabelledRows(EnergyDataset energies, ForceData forces) {}

    /**
     * Energy rows of {@code frames} (descriptor sums of {@code d}, species counts, energies) and, when {@code sig} asks for
     * forces or stress, their force (+ stress) rows for the same linear model, from one pass of values and gradients
     * ({@link DescriptorCalculator#configurationRows}): the values are not computed twice. Frames without DFT forces
     * get rows but no targets.
     */
    static LabelledRows labelledRows(List<Structure> frames, String spec, Descriptor d, List<String> species, LabelSigmas sig,
                                     int threads, org.atomdoe.util.Progress progress) {
        SpeciesChannels ch = SpeciesChannels.of(species);
        if (!sig.forces() && !sig.stress()) {
            FeatureMatrix f = FeatureMatrix.perStructure(frames, spec, d, Aggregation.SUM, ch, threads, progress);
            return new LabelledRows(EnergyDataset.fromStructures(frames, species, f.values(), f.cols(), f.labels()), null);
        }
        progress.start("descriptors and gradients " + d.name(), frames.size());
        try (DescriptorCalculator calc = new DescriptorCalculator(d, threads)) {
            ConfigurationRows rows = calc.configurationRows(frames, Aggregation.SUM, ch, true, sig.stress(), progress);
            EnergyDataset e = EnergyDataset.fromStructures(frames, species, rows.energy(), rows.width(),
                    Aggregation.SUM.labels(d.labels(), ch));
            return new LabelledRows(e, ForceData.of(frames, rows));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--labels " + sig.shortName() + ": " + e.getMessage());
        } finally {
            progress.finish();
        }
    }

    /** Force errors as a text table (eV/Å). */
    static String forceTable(ForceErrors train, ForceErrors test) {
        StringBuilder sb = new StringBuilder(String.format("%-22s %10s %12s %12s%n", "forces", "components", "MAE eV/Å", "RMSE eV/Å"));
        sb.append(String.format("%-22s %10d %12.4f %12.4f%n", "train", train.components(), train.mae(), train.rmse()));
        if (test != null) sb.append(String.format("%-22s %10d %12.4f %12.4f%n", "test", test.components(), test.mae(), test.rmse()));
        return sb.toString().stripTrailing();
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
