package org.atomdoe.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.design.BlockDesign;
import org.atomdoe.design.BlockInformativeness;
import org.atomdoe.design.Certificate;
import org.atomdoe.design.Criterion;
import org.atomdoe.design.DesignCriteria;
import org.atomdoe.design.Feasibility;
import org.atomdoe.design.Informativeness;
import org.atomdoe.design.OptimalDesign;
import org.atomdoe.io.AtomicFiles;
import org.atomdoe.io.Pool;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe select POOL.xyz -n 100 -o selected.xyz}: an optimal training set, before any DFT. */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Choose the configurations to compute with DFT: a D-, A- or I-optimal subset of the pool for the "
                + "linear energy model of the descriptor, by greedy selection and modified Fedorov exchange. Writes the "
                + "chosen frames byte for byte, a JSON report (criteria, certificate, feasibility, timings) and optionally "
                + "an annotated pool and plots."},
        footer = {"", "Examples:",
                "  atomdoe select data/Si_train.xyz -n 30 -o si30.xyz --report si30.json --plots si30",
                "  atomdoe select pool.xyz -n 50 --train have.xyz --criterion I -o next.xyz",
                "  atomdoe select pool.xyz --cost-budget 100 --cost atoms3 -o cheap.xyz",
                "  atomdoe select pool.xyz -n 40 --per-config-type 10 --starts 5 --seed 3 -o s.xyz",
                "  atomdoe select --features X.npy -n 400 -o rows.txt"})
final class SelectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "POOL.xyz", description = "Candidate configurations (no energies needed). "
            + "May be left out with --features: the file's rows are then the candidates and -o receives the chosen row numbers.")
    Path pool;

    @Option(names = "-n", paramLabel = "N", description = "Number of configurations to choose.")
    Integer n;

    @Option(names = "--train", paramLabel = "HAVE.xyz", description = "Configurations already computed (augment mode: they count as fixed rows).")
    Path train;

    @Option(names = "--cost-budget", paramLabel = "B", description = "Choose by gain per cost within this total cost instead of a count.")
    Double costBudget;

    @Option(names = "--cost", paramLabel = "COST", defaultValue = "atoms3",
            description = "Cost per configuration with --cost-budget: atoms3 ((natoms / mean natoms)^3, default) or info:KEY (a number in each frame).")
    String cost;

    @Option(names = "--per-config-type", paramLabel = "K", description = "At most K configurations of each config_type.")
    Integer perConfigType;

    @Option(names = "--strata", negatable = true, description = "Quotas per config_type proportional to the pool's composition "
            + "(largest remainders; needs -n). Default: on when the recommended design has them (with force labels, unless "
            + "--per-config-type or --cost-budget is given); --no-strata turns them off.")
    Boolean strata;

    @Option(names = "--algorithm", paramLabel = "A", defaultValue = "fedorov", description = "greedy or fedorov (greedy start + modified Fedorov exchange, default).")
    String algorithm;

    @Option(names = "--starts", defaultValue = "1", description = "Starts (the first greedy, the others randomised greedy); default ${DEFAULT-VALUE}.")
    int starts;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the randomised starts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-limit", paramLabel = "SEC", description = "Stop the search after SEC seconds and keep the best design so far (marked in the report).")
    Double timeLimit;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SELECTED.xyz", description = "Chosen frames, copied byte for byte, in selection order "
            + "(without POOL.xyz: the chosen row numbers of --features, counted from 0, one per line).")
    Path output;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "JSON report (default: OUTPUT with .json).")
    Path report;

    @Mixin
    AnnotationOptions outputs;

    @Mixin
    DesignOptions design;

    @Mixin
    SelectionOptions search;

    @Mixin
    ModelOptions model;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "select");
        boolean rowsOnly = pool == null;
        if (rowsOnly) checkRowsOnly();
        Pool p = rowsOnly ? null : Pool.read(pool);
        Pool t = train == null ? null : Pool.read(train);
        rep.timing("read", sw.lap());
        if (n == null && costBudget == null) throw new Main.UsageException("give -n N or --cost-budget B");
        if (n != null && n < 1) throw new Main.UsageException("-n must be at least 1");
        if (!rowsOnly) PoolChecks.designable(p, "pool");
        if (t != null) PoolChecks.designable(t, "training set");
        if (!rowsOnly) checkCount(p.size(), pool.toString(), "frames");
        Criterion crit = parseCriterion(search.criterion(design));
        double maxLeverage = search.maxLeverage(design);
        SelectionMethods.Start start = search.start(design);
        // strata need config types, which a features file alone does not have
        boolean useStrata = strata != null ? strata : !rowsOnly && design.recommended().strata() && perConfigType == null && costBudget == null && n != null;
        Candidates cand = rowsOnly ? Candidates.ofFeatures(design) : model.candidates(design, List.of(p), t, common.threads(), common.progress());
        int poolSize = cand.problem().n();
        if (rowsOnly) checkCount(poolSize, design.features.toString(), "rows");
        rep.timing("descriptors", sw.lap());

        OptimalDesign.Settings s = new OptimalDesign.Settings(crit, n == null ? 0 : n, null, Double.NaN, null, null,
                parseAlgorithm(algorithm), starts, seed, 1e-9, 100,
                timeLimit == null ? 0.0 : timeLimit, common.threads());
        double[] costs = null;
        if (costBudget != null) {
            costs = costs(p, cost);
            s = s.withBudget(costs, costBudget);
        }
        if (perConfigType != null) {
            int[] group = SelectionMethods.configTypeGroups(p.frames());
            int[] quota = new int[java.util.Arrays.stream(group).max().orElse(-1) + 1];
            java.util.Arrays.fill(quota, perConfigType);
            s = s.withQuotas(group, quota);
        }
        if (useStrata) {
            if (perConfigType != null || n == null) throw new Main.UsageException("--strata needs -n and cannot be combined with --per-config-type");
            int[] groups = SelectionMethods.configTypeGroups(p.frames());
            s = s.withQuotas(groups, SelectionMethods.proportionalQuotas(groups, n));
        }
        if (model.designsDirectly() && (maxLeverage > 0 || start != SelectionMethods.Start.GREEDY)) {
            throw new Main.UsageException("--start and --max-leverage need the design engine, not a direct kernel design");
        }
        if (rowsOnly && start == SelectionMethods.Start.STRATA) {
            if (!search.start.equals("auto")) throw new Main.UsageException("--start strata needs the pool's config types: give POOL.xyz");
            start = SelectionMethods.Start.GREEDY;
        }
        if (start != SelectionMethods.Start.GREEDY && (n == null || costBudget != null)) {
            if (!search.start.equals("auto")) throw new Main.UsageException("--start " + search.start + " needs -n (not --cost-budget)");
            start = SelectionMethods.Start.GREEDY;
        }
        s = s.withMaxLeverage(maxLeverage);
        if (start != SelectionMethods.Start.GREEDY) {
            double[] x = cand.problem().x();
            int[] init = start == SelectionMethods.Start.FPS ? new org.atomdoe.fit.FarthestPointSelector().select(x, poolSize, cand.problem().p(), n, 0L)
                    : SelectionMethods.stratifiedStart(x, poolSize, cand.problem().p(), SelectionMethods.configTypeGroups(p.frames()), n);
            if (s.groups() != null) init = SelectionMethods.withinQuotas(init, s.groups(), s.quotas(), x, poolSize, cand.problem().p());
            s = s.withInitial(init);
        }
        OptimalDesign.Result r;
        boolean interrupted;
        try (Interrupts.Scope ctrlC = Interrupts.stopSearchOnCtrlC()) {
            common.note("searching for the design (" + (ctrlC.active() ? "Ctrl-C stops the search and keeps the best design so far"
                    : "this process ignores Ctrl-C; --time-limit bounds the search") + ")");
            r = model.designsDirectly() ? model.kernelDesign(s, common.progress())
                    : cand.hasBlocks() ? BlockDesign.select(cand.blocks(), s, common.progress())
                    : OptimalDesign.select(cand.problem(), s, common.progress());
            interrupted = ctrlC.interrupted();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        rep.timing("design", sw.lap());
        int[] sel = r.selected();
        double[] lev = model.designsDirectly() ? null : cand.hasBlocks() ? BlockDesign.leverages(cand.blocks(), sel, r.effectiveRidge())
                : BlockDesign.leverages(org.atomdoe.design.BlockDesignProblem.ofRows(cand.problem()), sel, r.effectiveRidge());
        double maxLev = lev == null ? Double.NaN : java.util.Arrays.stream(lev).max().orElse(Double.NaN);
        double meanLev = (cand.hasBlocks() ? cand.blocks().p() : cand.problem().p()) / (double) Math.max(1, sel.length);
        DesignCriteria crits = cand.hasBlocks() ? cand.blocks().criteria(sel, r.effectiveRidge()) : DesignCriteria.of(cand.problem(), sel, r.effectiveRidge());
        Feasibility feas = cand.hasBlocks() ? Feasibility.of(cand.blocks(), sel, cand.labels()) : Feasibility.of(cand.problem(), sel, cand.labels());
        Certificate cert = cand.hasBlocks() ? Certificate.of(cand.blocks(), sel, common.threads()) : Certificate.of(cand.problem(), sel, 3000, common.threads());
        rep.timing("assessment", sw.lap());

        if (rowsOnly) {
            StringBuilder rows = new StringBuilder();
            for (int i : sel) rows.append(i).append('\n');
            AtomicFiles.writeString(output, rows.toString());
        } else {
            AtomicFiles.write(output, out -> p.copyFrames(sel, out));
        }
        rep.setting("n", n).setting("costBudget", costBudget).setting("cost", costBudget == null ? null : cost)
                .setting("perConfigType", perConfigType).setting("strata", useStrata).setting("prior", design.prior()).setting("criterion", crit.name())
                .setting("start", start.name().toLowerCase(java.util.Locale.ROOT)).setting("maxLeverage", maxLeverage)
                .setting("blocks", cand.hasBlocks() ? "energy+forces" + (cand.sigmas().stress() ? "+stress" : "") : "energy rows")
                .setting("iOver", cand.hasBlocks() ? design.iOver() : null).setting("recommendedDefault", design.recommendedName()).setting("algorithm", algorithm)
                .setting("starts", starts).setting("seed", seed).setting("timeLimitSeconds", timeLimit)
                .setting("descriptor", cand.spec()).setting("descriptorSettings", cand.settings())
                .setting("species", cand.species()).setting("ridge", design.ridge).setting("effectiveRidgeOfPrior", design.prior().equals("pool") ? (cand.hasBlocks() ? cand.blocks().ridge() : cand.problem().ridge()) : null).setting("scale", design.scale)
                .setting("weighting", design.features == null ? design.weighting : null)
                .setting("labels", cand.sigmas().shortName()).setting("sigmas", cand.hasBlocks() ? cand.sigmas() : null).setting("threads", common.threads());
        model.report(rep);
        if (!rowsOnly) rep.input("pool", pool, p.size(), p.totalAtoms());
        if (t != null) rep.input("train", train, t.size(), t.totalAtoms());
        if (design.features != null) rep.input("features", design.features, poolSize, -1);
        rep.put("selected", sel);
        rep.put("criteria", criteriaJson(crits));
        rep.put("certificate", cert);
        rep.put("feasibility", feasibilityJson(feas));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("effectiveRidge", r.effectiveRidge());
        run.put("bestStart", r.bestStart());
        run.put("startObjectives", r.startObjectives());
        run.put("passes", r.passes());
        run.put("swaps", r.swaps());
        run.put("converged", r.converged());
        run.put("timedOut", r.timedOut());
        run.put("status", interrupted ? "best design found before the interrupt"
                : r.timedOut() ? "best design found before the time limit (not converged)" : r.converged() ? "converged" : "stopped at the pass limit");
        // an early stop is marked, with what stopped it and whether the design has every requested point
        run.put("interrupted", interrupted);
        run.put("stoppedBy", interrupted ? "interrupt" : r.timedOut() ? "time-limit" : null);
        run.put("complete", n == null || sel.length == n);
        run.put("totalCost", r.totalCost());
        run.put("maxLeverage", Double.isNaN(maxLev) ? null : maxLev);
        run.put("maxLeverageOverMean", Double.isNaN(maxLev) ? null : maxLev / meanLev);
        run.put("leverageCapHolds", maxLeverage > 0 && !Double.isNaN(maxLev) ? maxLev <= maxLeverage * meanLev * (1 + 1e-9) : null);
        run.put("columns", cand.labels());
        rep.put("design", run);
        if (!rowsOnly) rep.put("coverage", coverage(p, sel));
        double[] leverage = null;
        if (cand.hasBlocks() && (outputs.annotated != null || outputs.plots != null)) {
            BlockInformativeness inf = BlockInformativeness.of(cand.blocks(), sel, cand.natoms(), common.threads());
            if (outputs.annotated != null) Annotations.write(outputs.annotated, p, sel, inf);
            leverage = inf.leverage();
        } else if (outputs.annotated != null || outputs.plots != null) {
            Informativeness inf = Informativeness.of(cand.problem(), sel, common.threads());
            if (outputs.annotated != null) Annotations.write(outputs.annotated, p, sel, inf);
            leverage = inf.leverage();
        }
        if (outputs.plots != null) Annotations.plots(outputs.plots, cand, sel, leverage, feas, "select " + crit + "-optimal, n = " + sel.length);
        rep.timing("output", sw.lap());
        Path reportPath = report != null ? report : output.resolveSibling(output.getFileName() + ".json");
        rep.write(reportPath);

        System.out.printf("selected %d of %d %s (%s-optimal, %s, labels %s) -> %s%n", sel.length, poolSize, rowsOnly ? "rows" : "frames", crit, cand.spec(),
                cand.sigmas().shortName(), output);
        System.out.printf("  design: criterion %s, prior %s, start %s, quotas %s, leverage cap %s, on %s%n", crit, design.prior(),
                start.name().toLowerCase(java.util.Locale.ROOT), useStrata ? "proportional to config_type" : perConfigType != null ? "at most " + perConfigType + " per config_type" : "none",
                maxLeverage > 0 ? fmtCap(maxLeverage) + " p/n" + (Double.isNaN(maxLev) ? "" : String.format(" (largest %.2f p/n%s)", maxLev / meanLev,
                        maxLev <= maxLeverage * meanLev * (1 + 1e-9) ? "" : ": NOT reached")) : "none",
                cand.hasBlocks() ? "energy + force blocks" : "energy rows");
        System.out.printf("  log det M %s, trace M^-1 %s, I %s%n", fmt(crits.logDet()), fmt(crits.a()), fmt(crits.i()));
        System.out.printf("  rank %d of %d%s; G-efficiency %s, D-efficiency >= %s%s%n", feas.rank(), feas.p(),
                feas.conditionNumber() == null ? " (singular)" : String.format(", condition %.3g", feas.conditionNumber()),
                fmt3(cert.gEfficiency()), fmt3(cert.dEfficiencyBound()),
                cert.dEfficiencyVsApproximate() == null ? "" : String.format(", >= %.3f of the approximate optimum", cert.dEfficiencyVsApproximate()));
        if (!r.timedOut() && n != null && sel.length < n) {
            System.out.println("  note: only " + sel.length + " of the " + n + " requested frames fit the "
                    + (perConfigType != null ? "--per-config-type quota" : "constraints") + (costBudget != null ? " and the cost budget" : ""));
        }
        if (r.timedOut()) {
            System.out.println("  note: " + (interrupted ? "Ctrl-C" : "the time limit") + " stopped the search; this is the best design found so far"
                    + (n != null && sel.length < n ? " (" + sel.length + " of the " + n + " requested)" : ""));
        }
        System.out.println("  report " + reportPath);
        return interrupted ? Interrupts.EXIT_INTERRUPTED : 0;
    }

    private void checkCount(int poolSize, String source, String what) {
        if (n != null && costBudget == null && n > poolSize) {
            throw new Main.UsageException("-n " + n + " exceeds the pool of " + poolSize + " " + what + " in " + source);
        }
    }

    /** Without POOL.xyz only the options that need no structures apply. */
    private void checkRowsOnly() {
        if (design.features == null) throw new Main.UsageException("give POOL.xyz, or --features X.npy to design on a matrix of candidate rows");
        String needsPool = train != null ? "--train" : costBudget != null ? "--cost-budget" : perConfigType != null ? "--per-config-type"
                : Boolean.TRUE.equals(strata) ? "--strata" : outputs.annotated != null ? "--annotated" : model.isKernel() ? "a kernel --model" : null;
        if (needsPool != null) throw new Main.UsageException(needsPool + " needs the pool's structures: give POOL.xyz");
    }

    static String fmtCap(double c) {
        return SelectionMethods.fmtCap(c);
    }

    static String fmt3(Double v) {
        return v == null ? "undefined (singular)" : String.format("%.3f", v);
    }

    static String fmt(Double v) {
        return v == null ? "singular" : String.format("%.6g", v);
    }

    static Criterion parseCriterion(String c) {
        try {
            return Criterion.parse(c);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--criterion: " + e.getMessage());
        }
    }

    static OptimalDesign.Algorithm parseAlgorithm(String a) {
        return switch (a) {
            case "greedy" -> OptimalDesign.Algorithm.GREEDY;
            case "fedorov" -> OptimalDesign.Algorithm.FEDOROV;
            default -> throw new Main.UsageException("--algorithm must be greedy or fedorov, got '" + a + "'");
        };
    }

    static double[] costs(Pool p, String spec) {
        double[] c = new double[p.size()];
        if (spec.equals("atoms3")) {
            double mean = p.totalAtoms() / (double) p.size();
            for (int i = 0; i < c.length; i++) c[i] = Math.pow(p.get(i).natoms() / mean, 3);
            return c;
        }
        if (spec.startsWith("info:")) {
            String key = spec.substring(5);
            for (int i = 0; i < c.length; i++) {
                Object v = p.get(i).info().get(key);
                if (!(v instanceof Number num) || !(num.doubleValue() > 0)) {
                    throw new org.atomdoe.io.InputFormatException(p.source().toString(), p.line(i) + 1,
                            "expected a positive number for the cost key '" + key + "', found " + v);
                }
                c[i] = num.doubleValue();
            }
            return c;
        }
        throw new Main.UsageException("--cost must be atoms3 or info:KEY, got '" + spec + "'");
    }

    static Map<String, Object> criteriaJson(DesignCriteria c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logdet", c.logDet());
        m.put("a", c.a());
        m.put("i", c.i());
        m.put("ridge", c.ridge());
        m.put("singular", c.logDet() == null);
        return m;
    }

    static Map<String, Object> feasibilityJson(Feasibility f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p", f.p());
        m.put("rank", f.rank());
        m.put("feasible", f.feasible());
        m.put("conditionNumber", f.conditionNumber());
        m.put("rankTolerance", f.tolerance());
        m.put("weakestDirections", f.weakest());
        m.put("poolRank", f.poolRank());
        m.put("moreToFullRank", f.moreToFullRank());
        m.put("eigenvalues", f.eigenvalues());
        return m;
    }

    /** Per species: atoms and frames of the selection containing it; per config_type: frames. */
    static Map<String, Object> coverage(Pool p, int[] sel) {
        Map<String, long[]> species = new java.util.TreeMap<>();
        Map<String, Integer> types = new java.util.TreeMap<>();
        for (int i : sel) {
            Structure s = p.get(i);
            String[] sym = s.speciesSymbols();
            int[] cnt = s.speciesCounts();
            for (int k = 0; k < sym.length; k++) {
                long[] a = species.computeIfAbsent(sym[k], q -> new long[2]);
                a[0] += cnt[k];
                a[1]++;
            }
            types.merge(s.configType() == null ? "(none)" : s.configType(), 1, Integer::sum);
        }
        Map<String, Object> sp = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : species.entrySet()) sp.put(e.getKey(), Map.of("atoms", e.getValue()[0], "frames", e.getValue()[1]));
        return Map.of("species", sp, "configTypes", types);
    }
}
