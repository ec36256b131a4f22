package org.atomdoe.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.fit.LearningCurve;
import org.atomdoe.io.AtomicFiles;
import org.atomdoe.io.Pool;
import org.atomdoe.report.Plots;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code atomdoe study}: the validation study of docs/validation.md in one command: learning curves
 * of every selection method on the Zuo et al. (2020) data (official splits) and on Ta06A (seeded
 * split), per descriptor, with tables, plots and the published errors for context.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run the validation study: learning curves (D/A/I-optimal, random, farthest-point, clustering) "
                + "on the Zuo et al. 2020 data sets and Ta06A, and write docs/validation.md with tables and plots."},
        footer = {"", "Example:", "  atomdoe study --data ../shared/data --out docs"})
final class StudyCommand implements Callable<Integer> {
    /** Published test MAE (meV/atom), Zuo et al., J. Phys. Chem. A 124, 731 (2020): GAP, MTP. */
    static final Map<String, double[]> PUBLISHED = Map.of("Ni", new double[] {0.42, 0.48}, "Cu", new double[] {0.46, 0.41},
            "Li", new double[] {0.49, 0.49}, "Mo", new double[] {2.24, 2.83}, "Si", new double[] {2.91, 2.21},
            "Ge", new double[] {2.06, 1.79});

    /** Published test force MAE (eV/Å) of GAP and MTP, Zuo et al. 2020. */
    static final Map<String, double[]> PUBLISHED_FORCES = Map.of("Ni", new double[] {0.02, 0.01}, "Cu", new double[] {0.01, 0.01},
            "Li", new double[] {0.01, 0.01}, "Mo", new double[] {0.09, 0.09}, "Si", new double[] {0.07, 0.06},
            "Ge", new double[] {0.05, 0.05});

    @Option(names = "--data", defaultValue = "../shared/data", description = "Folder with zuo2020_mlearn/ and ta06a_snap_thompson2015/ (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", defaultValue = "docs", description = "Folder for validation.md and validation/ (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--elements", split = ",", defaultValue = "Ni,Cu,Li,Mo,Si,Ge,Ta", description = "Data sets (default ${DEFAULT-VALUE}).")
    List<String> elements;

    @Option(names = "--descriptors", split = ";", defaultValue = "snap:twojmax=6;snap:twojmax=8;soap:rcut=5,nmax=6,lmax=4,sigma=1",
            description = "Descriptor specs separated by ';' (default ${DEFAULT-VALUE}).")
    List<String> descriptors;

    @Option(names = "--methods", split = ",", defaultValue = "D,A,I,random,fps,cluster", description = "Methods (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--sizes", split = ",", defaultValue = "8,16,32,64,128", description = "Budgets below the full pool (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--seeds", defaultValue = "10", description = "Random repeats (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--lambda", defaultValue = "gcv:1.4", description = "Ridge choice of every fit (default ${DEFAULT-VALUE}).")
    String lambda;

    @Option(names = "--name", defaultValue = "validation", description = "Base name of the page and figure folder (default ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    LabelOptions labelOptions;
    @Option(names = "--kernel-elements", split = ",", defaultValue = "Ni,Cu,Li,Mo,Si,Ge",
            description = "Zuo et al. data sets that also get learning curves of the kernel (sparse GP) model; 'none' for none (default ${DEFAULT-VALUE}).")
    List<String> kernelElements;

    @Option(names = "--kernel-model", defaultValue = "kernel:soap,zeta=4,sparse=500",
            description = "The kernel model of those curves (default ${DEFAULT-VALUE}); see select --help for its keys.")
    String kernelModel;

    @Option(names = "--kernel-descriptor", defaultValue = "soap:rcut=5,nmax=6,lmax=4,sigma=1",
            description = "Descriptor the kernel acts on (default ${DEFAULT-VALUE}, the linear SOAP model's).")
    String kernelDescriptor;

    @Option(names = "--kernel-methods", split = ",", defaultValue = "D,A,I,kdirect,kfps,cur,random,fps",
            description = "Methods of the kernel curves (default ${DEFAULT-VALUE}).")
    List<String> kernelMethods;

    @Option(names = "--kernel-seeds", defaultValue = "20", description = "Repeats of seeded methods (random, cur) in the kernel curves (default ${DEFAULT-VALUE}).")
    int kernelSeeds;

    @Option(names = "--kernel-lambda", defaultValue = "loocv",
            description = "Lambda = sigma^2/delta^2 of the kernel fits (default ${DEFAULT-VALUE}: leave-one-configuration-out; "
                    + "GCV and marginal likelihood pick near-interpolating fits with more sparse points than configurations).")
    String kernelLambda;

    @Mixin
    CommonOptions common;

    /** Per design criterion: budgets (below the full pool) at or below the random median, and all budgets compared. */
    private final java.util.Map<String, int[]> tally = new java.util.TreeMap<>();
    /** The same for the kernel model's curves. */
    private final java.util.Map<String, int[]> kernelTally = new java.util.TreeMap<>();
    /** Full-pool test MAE (meV/atom) per data set and model label, for the comparisons the discussion states. */
    private final java.util.Map<String, Double> fullPoolMae = new java.util.HashMap<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The command as given: --data and --out, then every other option set on the command line, so the page can be reproduced. */
    String commandLine() {
        StringBuilder c = new StringBuilder("./atomdoe study --data ").append(data).append(" --out ").append(out);
        if (spec == null || spec.commandLine().getParseResult() == null) return c.toString();
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String n = o.longestName();
            if (n.equals("--data") || n.equals("--out") || o.usageHelp() || o.versionHelp()) continue;
            if (o.arity().max() == 0) {
                c.append(' ').append(n);
                continue;
            }
            for (String v : o.originalStringValues()) {
                boolean plain = v.matches("[A-Za-z0-9_.,:=+/-]+");
                c.append(' ').append(n).append(plain ? " " + v : " '" + v.replace("'", "'\\''") + "'");
            }
        }
        return c.toString();
    }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path figs = out.resolve(name);
        org.atomdoe.fit.LabelSigmas sig = labelOptions.sigmas();
        Files.createDirectories(figs);
        StringBuilder md = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        md.append("# Validation: designed vs random training sets on public DFT data\n\n");
        md.append("Generated by `").append(commandLine()).append("` (atomdoe ")
                .append(Version.get()).append("). Every number below is as measured; nothing was tuned per data set.\n\n");
        md.append("Setting: linear energy model `E = w . sum_atoms B(atom) + sum_s e0_s n_s`, weighted ridge least squares on ")
                .append("energies per atom (weights 1/n^2), lambda chosen on each training subset by ").append(lambda)
                .append(" (`gcv:1.4` is modified GCV, Kim & Gu 2004; classic GCV picks near-interpolating fits when the budget ")
                .append("is close to the number of parameters). Test error: MAE of the energy per atom on the official test set, meV/atom. ")
                .append("Selection methods see only the candidates' descriptor rows (no energies): D/A/I-optimal designs ")
                .append("(greedy + modified Fedorov exchange, columns scaled to unit RMS, ridge 0 with the start ridge below full rank), ")
                .append("random (").append(seeds).append(" seeds: median, min-max), farthest-point sampling, PCA + k-means (DIRECT-like). ")
                .append(sig.forces() || sig.stress()
                        ? "Labels: " + sig.shortName() + ". Every fit uses energies and forces" + (sig.stress() ? " and stress" : "")
                        + String.format(" with sigma_E = %g eV/atom, sigma_F = %g eV/Å", sig.energySigma(), sig.forceSigma())
                        + (sig.stress() ? String.format(", sigma_V = %g eV/atom", sig.virialSigma()) : "")
                        + " (row weights 1/sigma^2). `*-optimal[forces]` designs see each configuration's block of energy and force rows "
                        + "(same weights as the fit); `*-optimal` designs see its energy row only. Force errors are MAE over all test force components, eV/Å.\n\n"
                        : "Energies only: forces are not used in fits or designs.\n\n");
        for (String el : elements) {
            if (el.equals("Ta")) {
                Pool all = Pool.read(data.resolve("ta06a_snap_thompson2015/extxyz_efs/Ta06A_all.xyz"));
                int[][] parts = seededSplit(all.size(), 0.2, 2026);
                List<Structure> tr = new ArrayList<>(), te = new ArrayList<>();
                for (int i : parts[0]) tr.add(all.get(i));
                for (int i : parts[1]) te.add(all.get(i));
                runElement(md, summary, figs, el, tr, te, "seeded split: 20% test, `SplittableRandom(2026)` shuffle of the 363 frames");
                continue;
            }
            Path dir = data.resolve("zuo2020_mlearn/extxyz_efs");
            Pool train = Pool.read(dir.resolve(el + "_train.xyz"));
            Pool test = Pool.read(dir.resolve(el + "_test.xyz"));
            runElement(md, summary, figs, el, train.frames(), test.frames(), "official Zuo et al. train/test split");
        }
        StringBuilder kernelMd = new StringBuilder(), kernelSummary = new StringBuilder();
        for (String el : kernelElements) {
            if (el.equals("none")) continue;
            Path dir = data.resolve("zuo2020_mlearn/extxyz_efs");
            Pool train = Pool.read(dir.resolve(el + "_train.xyz"));
            Pool test = Pool.read(dir.resolve(el + "_test.xyz"));
            runKernel(kernelMd, kernelSummary, figs, el, train.frames(), test.frames());
        }
        md.append("## Designed vs random, all data sets\n\n");
        md.append("Budgets below the full pool at which the design's test MAE is at or below the median of the random selections:\n\n");
        appendTally(md, tally);
        md.append("\n").append(sig.forces() || sig.stress() ? DISCUSSION_FORCES : DISCUSSION).append("\n\n");
        md.append("## Summary: smallest budget within 10% of the full-pool error\n\n");
        appendSummary(md, "descriptor", methods, summary);
        if (kernelMd.length() > 0) appendKernel(md, kernelMd, kernelSummary);
        md.append(String.format("Total run time: %.0f s on %d threads.%n", (System.nanoTime() - t0) * 1e-9, common.threads()));
        AtomicFiles.writeString(out.resolve(name + ".md"), md.toString());
        System.out.println("wrote " + out.resolve(name + ".md"));
        return 0;
    }

    private void runElement(StringBuilder md, StringBuilder summary, Path figs, String el, List<Structure> train,
                            List<Structure> test, String split) throws Exception {
        md.append("## ").append(el).append("\n\n").append(train.size()).append(" training (pool) and ").append(test.size())
                .append(" test configurations; ").append(split).append(".");
        double[] pub = PUBLISHED.get(el);
        if (pub != null) md.append(String.format(" Published test MAE for context (Zuo et al. 2020, fitted on energies and forces): GAP %.2f, MTP %.2f meV/atom", pub[0], pub[1]));
        double[] pubF = PUBLISHED_FORCES.get(el);
        if (pub != null) md.append(pubF != null && (labelOptions.sigmas().forces()) ? String.format("; forces GAP %.2f, MTP %.2f eV/Å.", pubF[0], pubF[1]) : ".");
        md.append("\n\n");
        for (String spec : descriptors) {
            int[] b = budgets(train.size());
            LearningCurve.Settings settings = new LearningCurve.Settings(b, seeds, 0L, EnergyWeighting.PER_ATOM,
                    FitCommand.ridge(lambda), common.threads(), 0.10);
            CurveCommand.Curves c = CurveCommand.curves(train, test, spec, "linear", methods, settings, common.threads(),
                    org.atomdoe.util.Progress.NONE, labelOptions.sigmas());
            LearningCurve.Result r = c.run().get();
            int parameters = c.species().size() + c.descriptor().featureCount();
            String tag = el + "_" + spec.replaceAll("[^A-Za-z0-9]+", "_");
            RunReport rep = new RunReport(Version.get(), "study");
            rep.setting("element", el).setting("descriptor", spec).setting("lambda", lambda).setting("seeds", seeds);
            curveSection(md, summary, figs, el, spec, tag, parameters + " parameters", r, b, train.size(), tally,
                    r.methods().stream().filter(m -> m.contains("-optimal")).toList(), rep);
        }
    }

    /** The budgets below the pool size, then the whole pool. */
    private int[] budgets(int poolSize) {
        List<Integer> budgets = new ArrayList<>();
        for (int s : sizes) if (s < poolSize) budgets.add(s);
        budgets.add(poolSize);
        return budgets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Learning curves of the kernel (sparse GP) model on one data set. */
    private void runKernel(StringBuilder md, StringBuilder summary, Path figs, String el, List<Structure> train,
                           List<Structure> test) throws Exception {
        int[] b = budgets(train.size());
        LearningCurve.Settings settings = new LearningCurve.Settings(b, kernelSeeds, 0L, EnergyWeighting.PER_ATOM,
                FitCommand.ridge(kernelLambda), common.threads(), 0.10);
        long t0 = System.nanoTime();
        CurveCommand.Curves c = CurveCommand.curves(train, test, kernelDescriptor, kernelModel, kernelMethods, settings,
                common.threads(), org.atomdoe.util.Progress.NONE, org.atomdoe.fit.LabelSigmas.energiesOnly());
        LearningCurve.Result r = c.run().get();
        String tag = el + "_kernel";
        RunReport rep = new RunReport(Version.get(), "study");
        rep.setting("element", el).setting("model", kernelModel).setting("descriptor", c.descriptorSpec())
                .setting("lambda", kernelLambda).setting("seeds", kernelSeeds);
        int sparse = KernelInputs.parse(kernelModel).sparse();
        md.append("## ").append(el).append(" (kernel model)\n\n").append(train.size()).append(" training (pool) and ")
                .append(test.size()).append(" test configurations; official Zuo et al. train/test split. ")
                .append(String.format("Run time %.0f s.%n%n", (System.nanoTime() - t0) * 1e-9));
        curveSection(md, summary, figs, el, kernelModel, tag, sparse + " sparse points + 1 energy per species", r, b,
                train.size(), kernelTally, List.of("D-optimal", "A-optimal", "I-optimal", "kdirect", "kfps", "cur"), rep);
    }

    /** The kernel model's part of the page: setting, per-data-set sections, tally, summary. */
    private void appendKernel(StringBuilder md, StringBuilder sections, StringBuilder summary) {
        md.append("# Kernel (GAP-like) model\n\n");
        md.append("Setting: sparse GP energy model `E = sum_atoms sum_z alpha_z k(x_atom, z) + sum_s e0_s n_s` (GAP's form, ")
                .append("energies as sums of local terms) with `").append(kernelModel).append("` on `").append(kernelDescriptor)
                .append("` (dot-product kernel `(x.y)^zeta` on normalised SOAP). The sparse points are chosen once per data set ")
                .append("among the pool's atomic environments (never the test set's) by greedy log det of K_ZZ (pivoted Cholesky, ")
                .append("jitter 1e-8). Fit: subset-of-regressors posterior mean on whitened rows `L^-1 sum_atoms k(x_atom, Z)`, ")
                .append("weights 1/n^2 (energies per atom), e0 free, lambda = sigma^2/delta^2 chosen on each training subset by ")
                .append(kernelLambda).append(" (leave one configuration out; GCV and the marginal likelihood chose near-interpolating ")
                .append("fits on these data, with test errors several times larger). Methods: D/A/I-optimal designs of the engine on the ")
                .append("whitened per-atom rows with ridge (sigma/delta)^2 = ").append(String.format("%.1e", KernelInputs.parse(kernelModel).lambda()))
                .append(" (the GP prior; no column scaling); kdirect: greedy + Fedorov exchange on log det(K_CC + noise I) of the ")
                .append("normalised configuration kernel `K(A,B) = sum_{a in A, b in B} k(x_a, x_b)`, noise = the same ratio; ")
                .append("kfps: farthest point in kernel distance; cur: CUR leverage of the whitened rows (one seeded draw, ")
                .append(kernelSeeds).append(" seeds); random (").append(kernelSeeds).append(" seeds); fps: farthest point in ")
                .append("standardised whitened rows. Energies only.\n\n");
        md.append(sections);
        md.append("## Kernel model: designed vs random\n\n");
        md.append("Budgets below the full pool at which the method's test MAE is at or below the median of the random selections:\n\n");
        appendTally(md, kernelTally);
        md.append("\n").append(kernelDiscussion()).append("\n");
        md.append("\n## Kernel model: smallest budget within 10% of the full-pool error\n\n");
        appendSummary(md, "model", kernelMethods, summary);
    }

    /** One line per method: budgets at or below the random median, of all compared. */
    private static void appendTally(StringBuilder md, java.util.Map<String, int[]> tally) {
        for (java.util.Map.Entry<String, int[]> e : tally.entrySet()) {
            md.append(String.format("- %s: %d of %d (%.0f%%)%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    100.0 * e.getValue()[0] / Math.max(1, e.getValue()[1])));
        }
    }

    /** The summary table: header with the method names, then the rows collected per data set. */
    private static void appendSummary(StringBuilder md, String what, List<String> names, StringBuilder rows) {
        md.append("| data | ").append(what).append(" | full-pool MAE | ");
        for (String m : names) md.append(m).append(" | ");
        md.append("\n|---|---|---|");
        for (int k = 0; k < names.size(); k++) md.append("---|");
        md.append('\n').append(rows).append('\n');
    }

    /**
     * Writes one learning-curve section (plot, JSON, table, comparison with the random median) and
     * its summary row; the comparisons of {@code designs} are added to {@code tallies}.
     */
    private void curveSection(StringBuilder md, StringBuilder summary, Path figs, String el, String label, String tag,
                              String size, LearningCurve.Result r, int[] b, int poolSize, java.util.Map<String, int[]> tallies,
                              List<String> designs, RunReport rep) throws Exception {
        Plots.learningCurve(figs.resolve(tag), el + ": " + label, "test MAE (meV/atom)", CurveCommand.lines(r));
        rep.put("curve", r);
        rep.write(figs.resolve(tag + ".json"));
        common.note(el + " " + label + ": full-pool MAE " + String.format("%.3f", r.fullPool().maeMeVPerAtom()));
        fullPoolMae.put(el + " " + label, r.fullPool().maeMeVPerAtom());
        md.append("### ").append(el).append(", `").append(label).append("` (").append(size).append(")\n\n");
        md.append("![").append(tag).append("](").append(figs.getFileName()).append("/").append(tag).append(".png)\n\n");
        md.append("Median test MAE (meV/atom) by budget:\n\n```\n").append(CurveCommand.table(r)).append("```\n\n");
        if (b.length > 2) md.append(perTypeLine(r, b[Math.min(2, b.length - 2)])).append("\n\n");
        List<String> notWorse = new ArrayList<>(), worse = new ArrayList<>();
        for (String m : designs) {
            if (!r.methods().contains(m)) continue;
            int lose = 0;
            for (int s : b) {
                if (s == poolSize) continue;
                double dm = median(r, m, s), rm = median(r, "random", s);
                if (dm > rm) lose++;
                int[] t = tallies.computeIfAbsent(m, k -> new int[2]);
                if (dm <= rm) t[0]++;
                t[1]++;
                if (r.fullPoolForces() != null) {
                    int[] tf = tallies.computeIfAbsent(m + " (force MAE)", k -> new int[2]);
                    if (forceMedian(r, m, s) <= forceMedian(r, "random", s)) tf[0]++;
                    tf[1]++;
                }
            }
            (lose == 0 ? notWorse : worse).add(m + (lose > 0 ? " (worse than the random median at " + lose + " of " + (b.length - 1) + " budgets)" : ""));
        }
        if (r.methods().contains("random")) {
            md.append("Against the random median: ").append(notWorse.isEmpty() ? "no design criterion is at or below it at every budget" : String.join(", ", notWorse) + " at or below it at every budget")
                    .append(worse.isEmpty() ? "" : "; " + String.join("; ", worse)).append(".\n\n");
        }
        summary.append("| ").append(el).append(" | `").append(label).append("` | ").append(String.format("%.2f", r.fullPool().maeMeVPerAtom())).append(" | ");
        for (String m : r.methods()) {
            Integer budget = null;
            for (LearningCurve.BudgetReached br : r.budgets()) if (br.method().equals(m)) budget = br.budget();
            summary.append(budget == null ? "-" : budget.toString()).append(" | ");
        }
        summary.append('\n');
    }

    /**
     * How to read the kernel curves. The ranking and the comparison with the linear model are
     * computed from this run's numbers; the rest states why D-type designs behave as they do.
     */
    private String kernelDiscussion() {
        List<java.util.Map.Entry<String, int[]>> ranked = new ArrayList<>(kernelTally.entrySet());
        ranked.sort((a, b) -> Double.compare((double) b.getValue()[0] / Math.max(1, b.getValue()[1]),
                (double) a.getValue()[0] / Math.max(1, a.getValue()[1])));
        List<String> order = new ArrayList<>();
        for (java.util.Map.Entry<String, int[]> e : ranked) {
            order.add(String.format("%s %.0f%%", e.getKey(), 100.0 * e.getValue()[0] / Math.max(1, e.getValue()[1])));
        }
        List<String> below = new ArrayList<>(), above = new ArrayList<>();
        for (String el : kernelElements) {
            Double kernel = fullPoolMae.get(el + " " + kernelModel), linear = fullPoolMae.get(el + " " + kernelDescriptor);
            if (kernel == null || linear == null) continue;
            (kernel < linear ? below : above).add(String.format("%s (%.2f vs %.2f)", el, kernel, linear));
        }
        StringBuilder t = new StringBuilder("How to read it: ranked by the share of budgets at or below the random median: ")
                .append(String.join(", ", order)).append(". ");
        t.append("D-optimal designs on the whitened rows and kdirect on the configuration kernel mostly choose the same sets ")
                .append("(with more sparse points than configurations, log det(R R' + lambda I) is the log det of a Nystrom ")
                .append("approximation of the configuration kernel); as for the linear models, they favour the extreme ")
                .append("configurations of the pool, while the test sets are drawn like the pools. The sparse points come from ")
                .append("the whole pool's environments before any selection, as a GAP user would choose them. ");
        if (!below.isEmpty() || !above.isEmpty()) {
            t.append("Full-pool test MAE of this energy-only sparse GP vs the linear model on the same descriptor (`")
                    .append(kernelDescriptor).append("`, meV/atom): ");
            if (!below.isEmpty()) t.append("lower for ").append(String.join(", ", below));
            if (!below.isEmpty() && !above.isEmpty()) t.append("; ");
            if (!above.isEmpty()) t.append("higher for ").append(String.join(", ", above));
            t.append(". ");
        }
        t.append("Energies only, one kernel and one sparse set size: forces, other hyperparameters and the spread over ")
                .append("sparse-point draws are not explored here.");
        return t.toString();
    }

    /** What we think the numbers mean; written once, shown with every run of the study. */
    static final String DISCUSSION = """
            **Plainly: with energies only, optimal designs do not beat random selection reliably on these data sets.** \
            They help at some budgets and hurt at others, and no criterion wins at every budget on most data sets. \
            Why we think so: (1) The pools are small (194-363 configurations) and were themselves curated by \
            the data sets' authors to cover AIMD, elastic, surface and vacancy configurations, so a random \
            draw already covers them; a designed set has little room to improve. (2) A D-optimal design on \
            energy rows favours the extreme rows of the pool (surfaces, strongly strained and hot \
            configurations): they carry the most information about the weights in the model's own metric, \
            but the test sets are drawn like the pools, dominated by near-bulk AIMD snapshots, so the error \
            there is set by the typical rows, not the extreme ones. (3) At budgets near or below the number \
            of parameters (31-57 for SNAP, 106 for this SOAP), the fit relies on the ridge, and the choice of \
            lambda by (modified) GCV on a few structures is noisy; the random median averages that noise \
            over 10 draws, a single deterministic design does not. (4) The model is linear in per-structure \
            descriptor sums fitted on energies alone; real potentials are fitted mostly on forces, which \
            turn one row per configuration into 3N + 1 rows and change which configurations are \
            informative. Force- and stress-aware design blocks, Bayesian (prior-regularised) D/I-optimal \
            designs and space-filling starts are the next steps (issues on forces and on designs that beat \
            random at every budget); this page will show whether they change the picture.""";

    /** What we think the force-aware numbers mean. */
    static final String DISCUSSION_FORCES = """
            **Plainly: force-aware D-optimal designs lose to random selection on these data sets, on energies and on \
            forces; I-optimal designs help at small budgets for energies but not reliably, and random selection \
            gives the lowest force errors at most budgets.** What we see: (1) With 3N force rows per configuration \
            every budget from 8 up identifies all 31 SNAP weights, so the n < p regime of the energy-only study is gone; \
            the losses are not a rank problem. (2) D-optimal blocks maximise the total information, which the hottest, \
            most distorted configurations carry (large descriptor gradients); the linear SNAP model cannot fit those and \
            the typical ones equally well, so a fit dominated by extremes is biased where the test set lives: the \
            per-config_type lines under each table show the D-optimal[forces] fits erring 1.2 (Li) to 3.3 (Cu, Si) times more \
            than the random ones on the AIMD-NVT test frames, the bulk of every test set. Optimal design theory assumes the model is right; with a misspecified \
            model, variance-optimal designs trade variance for bias (Box &amp; Draper 1959). (3) The I-criterion averages \
            the energy prediction variance over the pool's configurations, which keeps designs closer to the pool's \
            bulk; proportional config_type quotas (`-strata`) help further on Ge and at 8 configurations. (4) A pool of \
            200–260 curated configurations leaves little room: a random draw of 32 already covers every config_type. \
            Next steps (issue on designs that beat random): criteria that account for bias (space-filling or \
            density-weighted designs, model-robust criteria), and learning curves with richer models (quadratic SNAP, \
            kernels) whose misfit is smaller. The robust variants of issue 10 (leverage cap, farthest-point and stratified starts, \
            Bayesian prior, I-criterion over force rows) and the default `select` uses are measured in \
            [validation_robust.md](validation_robust.md).""".replace("&amp;", "&");

    /** Median test MAE per config_type of every method at one budget, as one markdown line. */
    static String perTypeLine(LearningCurve.Result r, int size) {
        StringBuilder sb = new StringBuilder("Median test MAE per config_type at " + size + " configurations (meV/atom): ");
        List<String> parts = new ArrayList<>();
        for (String m : r.methods()) {
            java.util.Map<String, List<Double>> by = new java.util.TreeMap<>();
            for (LearningCurve.Point p : r.points()) {
                if (!p.method().equals(m) || p.size() != size) continue;
                p.maePerConfigType().forEach((k, v) -> by.computeIfAbsent(k, q -> new ArrayList<>()).add(v));
            }
            List<String> cells = new ArrayList<>();
            by.forEach((k, v) -> {
                double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                cells.add(k + " " + String.format("%.1f", LearningCurve.quantile(a, 0.5)));
            });
            parts.add(m + ": " + String.join(", ", cells));
        }
        return sb.append(String.join("; ", parts)).append('.').toString();
    }

    static double forceMedian(LearningCurve.Result r, String method, int size) {
        for (LearningCurve.Summary s : r.summaries()) if (s.method().equals(method) && s.size() == size) return s.forceMaeMedian();
        return Double.NaN;
    }

    static double median(LearningCurve.Result r, String method, int size) {
        for (LearningCurve.Summary s : r.summaries()) if (s.method().equals(method) && s.size() == size) return s.maeMedian();
        return Double.NaN;
    }

    /** Indices split into {train, test} by a seeded shuffle; {@code fraction} of the frames go to test. */
    static int[][] seededSplit(int n, double fraction, long seed) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) idx.add(i);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) Collections.swap(idx, i, r.nextInt(i + 1));
        int nt = (int) Math.round(n * fraction);
        int[] test = idx.subList(0, nt).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] train = idx.subList(nt, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new int[][] {train, test};
    }
}
