package org.atomdoe.cli;

import java.nio.file.Path;
import org.atomdoe.fit.ForceData;
import org.atomdoe.fit.LabelSigmas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.fit.EnergyDataset;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.fit.LearningCurve;
import org.atomdoe.fit.LinearEnergyModel;
import org.atomdoe.fit.SubsetSelector;
import org.atomdoe.io.Pool;
import org.atomdoe.kernel.KernelModelSpec;
import org.atomdoe.report.Plots;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe curve POOL.xyz --test TEST.xyz}: learning curves of selection methods. */
@Command(name = "curve", mixinStandardHelpOptions = true,
        description = {"Learning curves: for each budget, select from the pool by each method, fit the linear energy "
                + "model on the selection (lambda by GCV) and measure the test error. Seeded methods (random) are "
                + "repeated over --seeds seeds and shown as median with min/max."},
        footer = {"", "Methods: " + SelectionMethods.HELP, "", "Examples:",
                "  atomdoe curve data/Si_train.xyz --test data/Si_test.xyz --sizes 8,16,32,64,128 -o si_curve",
                "  atomdoe curve pool.xyz --test test.xyz --methods D,random,fps --seeds 20 --descriptor acsf:rcut=5"})
final class CurveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "POOL.xyz", description = "Candidate pool with energies (e.g. an official training set).")
    Path pool;

    @Option(names = "--test", required = true, paramLabel = "TEST.xyz", description = "Test set with energies.")
    Path test;

    @Option(names = {"-d", "--descriptor"}, paramLabel = "SPEC", defaultValue = "soap:rcut=5,nmax=6,lmax=4,sigma=1",
            description = "Descriptor spec (default ${DEFAULT-VALUE}).")
    String descriptor;

    @Option(names = "--sizes", split = ",", paramLabel = "N", defaultValue = "8,16,32,64,128",
            description = "Budgets in structures (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "D,A,I,random,fps,cluster",
            description = "Selection methods (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--seeds", defaultValue = "10", description = "Repeats of seeded methods (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first repeat (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "auto",
            description = "Ridge parameter of every fit: gcv:ALPHA (modified GCV), gcv, loocv, ml (marginal likelihood) or a "
                    + "number; auto (default) is gcv:1.4 for the linear model (classic GCV under-smooths near n = p) and loocv "
                    + "for a kernel model (GCV and ml pick near-interpolating fits when sparse points outnumber configurations).")
    String lambda;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "linear",
            description = "Model fitted and designed for: " + ModelOptions.HELP + ". A kernel model is fitted as a sparse GP "
                    + "(energies as sums of local terms, sparse points from the pool's environments, lambda = sigma^2/delta^2 "
                    + "chosen by --lambda) and adds the methods kdirect, kfps.")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "BASE", defaultValue = "curve",
            description = "Writes BASE.json, BASE.png and BASE.svg (default ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    LabelOptions labelOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "curve");
        Pool p = Pool.read(pool), t = Pool.read(test);
        rep.timing("read", sw.lap());
        for (int s : sizes) {
            if (s < 1 || s > p.size()) throw new Main.UsageException("--sizes: budget " + s + " is outside 1.." + p.size() + " (the pool size)");
        }
        if (seeds < 1) throw new Main.UsageException("--seeds must be at least 1");
        String lam = lambda.equals("auto") ? (KernelModelSpec.isKernel(model) ? "loocv" : "gcv:1.4") : lambda;
        LearningCurve.Settings settings = new LearningCurve.Settings(sizes, seeds, seed, EnergyWeighting.PER_ATOM, FitCommand.ridge(lam),
                common.threads(), 0.10);
        LabelSigmas sig = labelOptions.sigmas();
        Curves c = curves(p.frames(), t.frames(), descriptor, model, methods, settings, common.threads(), common.progress(), sig);
        List<String> species = c.species();
        Descriptor d = c.descriptor();
        rep.timing("descriptors", sw.lap());
        common.note("learning curves: " + methods.size() + " methods x " + sizes.length + " budgets");
        LearningCurve.Result result = c.run().get();
        rep.timing("curves", sw.lap());

        rep.setting("model", model).setting("descriptor", c.descriptorSpec()).setting("descriptorSettings", d.settings()).setting("species", species)
                .setting("sizes", sizes).setting("methods", methods).setting("seeds", seeds).setting("seed", seed)
                .setting("weighting", "per-atom").setting("labels", sig.shortName()).setting("sigmas", sig).setting("lambda", lam).setting("threads", common.threads());
        rep.input("pool", pool, p.size(), p.totalAtoms()).input("test", test, t.size(), t.totalAtoms());
        rep.put("curve", result);
        Path json = output.resolveSibling(output.getFileName() + ".json");
        rep.write(json);
        Plots.learningCurve(output, "Learning curves: " + pool.getFileName() + " (" + descriptor + ")",
                "test MAE (meV/atom)", lines(result));
        System.out.print(table(result));
        System.out.println("wrote " + json + ", " + output + ".png, " + output + ".svg");
        return 0;
    }

    /** Learning curves ready to run: the descriptor and species used, and the run itself. */
    record Curves(String descriptorSpec, Descriptor descriptor, List<String> species,
                  Supplier<LearningCurve.Result> run) {}

    /**
     * The curves of {@code methods} for the linear model of {@code descriptor} or for a kernel
     * {@code model} (sparse GP fit on whitened rows, sparse points from the pool only), shared with
     * the study.
     */
    static Curves curves(List<Structure> pool, List<Structure> test, String descriptor,
                         String model, List<String> methods, LearningCurve.Settings settings, int threads,
                         Progress progress, LabelSigmas sig) {
        boolean withForces = sig.forces() || sig.stress();
        if (!KernelModelSpec.isKernel(model)) {
            if (!model.equals("linear")) throw new Main.UsageException("--model must be linear or kernel:..., got '" + model + "'");
            FitCommand.EnergyData data = FitCommand.energyData(pool, test, descriptor, sig, threads, progress);
            requireEnergies(data.train(), data.test());
            EnergyDataset poolData = data.train();
            LearningCurve.ForceLabels labels = null;
            double[][] blocks = null;
            if (withForces) {
                labels = new LearningCurve.ForceLabels(data.trainForces(), data.testForces(), sig);
                blocks = data.trainForces().designBlocks(poolData, sig);
            }
            int[] groups = SelectionMethods.configTypeGroups(pool);
            List<SubsetSelector> selectors = new ArrayList<>();
            for (String m : methods) selectors.add(SelectionMethods.byName(m, blocks, poolData.designColumns(), groups, null));
            LearningCurve.ForceLabels fl = labels;
            return new Curves(descriptor, data.descriptor(), data.species(), () -> LearningCurve.run(poolData, data.test(), fl,
                    poolData.weightedDesignMatrix(settings.weighting()), poolData.designColumns(), selectors, settings));
        }
        if (withForces) throw new Main.UsageException("--labels with forces is not available for kernel models yet (energies only)");
        KernelModelSpec spec = KernelInputs.parse(model);
        KernelInputs k = KernelInputs.build(spec, descriptor, List.of(pool, test), 1, threads, progress);
        requireEnergies(k.data().get(0), k.data().get(1));
        double[][] kc = new double[1][];
        Supplier<double[]> configurationKernel = () -> {
            synchronized (kc) {
                if (kc[0] == null) kc[0] = k.configurationKernel(1, threads);
                return kc[0];
            }
        };
        SelectionMethods.KernelMethods km = new SelectionMethods.KernelMethods(spec.lambda(), spec.designNoise(), configurationKernel);
        List<SubsetSelector> selectors = new ArrayList<>();
        for (String m : methods) selectors.add(SelectionMethods.byName(m, km));
        EnergyDataset poolData = k.data().get(0), testData = k.data().get(1);
        double[] rows = poolData.weightedDesignMatrix(settings.weighting());
        return new Curves(k.descriptorSpec(), k.descriptor(), k.species(), () -> LearningCurve.run(poolData, testData, rows,
                poolData.designColumns(), selectors, settings, LinearEnergyModel::fitIsotropic));
    }

    private static void requireEnergies(EnergyDataset pool, EnergyDataset test) {
        if (pool.energies() == null || test.energies() == null) {
            throw new Main.UsageException("every pool and test frame needs an energy to draw learning curves");
        }
    }

    static List<Plots.Line> lines(LearningCurve.Result r) {
        Map<String, List<LearningCurve.Summary>> by = new LinkedHashMap<>();
        for (String m : r.methods()) by.put(m, new ArrayList<>());
        for (LearningCurve.Summary s : r.summaries()) by.get(s.method()).add(s);
        List<Plots.Line> out = new ArrayList<>();
        for (Map.Entry<String, List<LearningCurve.Summary>> e : by.entrySet()) {
            List<LearningCurve.Summary> l = e.getValue();
            double[] x = new double[l.size()], y = new double[l.size()], lo = new double[l.size()], hi = new double[l.size()];
            boolean spread = false;
            for (int k = 0; k < l.size(); k++) {
                x[k] = l.get(k).size();
                y[k] = l.get(k).maeMedian();
                lo[k] = l.get(k).maeMin();
                hi[k] = l.get(k).maeMax();
                spread |= l.get(k).runs() > 1;
            }
            String name = spread ? e.getKey() + " (median)" : e.getKey();
            out.add(new Plots.Line(name, x, y, spread ? lo : null, spread ? hi : null));
        }
        return out;
    }

    static String table(LearningCurve.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("full pool (%d structures): test MAE %.3f meV/atom%n", r.poolSize(), r.fullPool().maeMeVPerAtom()));
        sb.append(String.format("%-12s", "budget"));
        for (String m : r.methods()) sb.append(String.format(" %12s", m));
        sb.append('\n');
        for (int size : r.sizes()) {
            sb.append(String.format("%-12d", size));
            for (String m : r.methods()) {
                double v = Double.NaN;
                for (LearningCurve.Summary s : r.summaries()) if (s.method().equals(m) && s.size() == size) v = s.maeMedian();
                sb.append(String.format(" %12.3f", v));
            }
            sb.append('\n');
        }
        if (r.fullPoolForces() != null) {
            sb.append(String.format("force MAE (eV/Å, median), full pool %.4f%n", r.fullPoolForces().mae()));
            for (int size : r.sizes()) {
                sb.append(String.format("%-12d", size));
                for (String m : r.methods()) {
                    double v = Double.NaN;
                    for (LearningCurve.Summary s : r.summaries()) if (s.method().equals(m) && s.size() == size) v = s.forceMaeMedian();
                    sb.append(String.format(" %12.4f", v));
                }
                sb.append('\n');
            }
        }
        sb.append("smallest budget within 10% of the full-pool MAE:");
        for (LearningCurve.BudgetReached b : r.budgets()) sb.append(' ').append(b.method()).append('=').append(b.budget() == null ? "-" : b.budget());
        sb.append('\n');
        return sb.toString();
    }
}
