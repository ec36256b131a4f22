package org.atomdoe.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.design.Certificate;
import org.atomdoe.design.DesignCriteria;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.Feasibility;
import org.atomdoe.design.Informativeness;
import org.atomdoe.io.Pool;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atomdoe assess TRAIN.xyz [--pool POOL.xyz]}: is this training set enough, and what would add most? */
@Command(name = "assess", mixinStandardHelpOptions = true,
        description = {"Assess a training set before any DFT: can it identify the linear model (rank, condition, the "
                + "directions it cannot pin down), how close it is to an optimal design (equivalence-theorem certificate), "
                + "and how informative each pool configuration would be (prediction variance, gain, MaxVol gamma, best swap). "
                + "Per-atom extrapolation grades (MaxVol gamma of each atom's descriptor against the training atoms) go to the "
                + "annotated extxyz as a doe_gamma column, so atoms can be coloured by informativeness in OVITO or ASE."},
        footer = {"", "Examples:",
                "  atomdoe assess si30.xyz --pool data/Si_train.xyz --annotated si_pool_doe.xyz --plots si_assess",
                "  atomdoe assess train.xyz --report train_assessment.json"})
final class AssessCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRAIN.xyz", description = "The training set to assess.")
    Path train;

    @Option(names = "--pool", paramLabel = "POOL.xyz", description = "Candidate configurations to score against the training set.")
    Path pool;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "JSON report (default: assessment.json).", defaultValue = "assessment.json")
    Path report;

    @Mixin
    AnnotationOptions outputs;

    @Option(names = "--no-atoms", description = "Skip the per-atom extrapolation grades.")
    boolean noAtoms;

    @Option(names = "--top", defaultValue = "10", description = "How many of the most informative candidates to list (default ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    DesignOptions design;

    @Mixin
    ModelOptions model;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "assess");
        Pool t = Pool.read(train);
        Pool p = pool == null ? null : Pool.read(pool);
        rep.timing("read", sw.lap());
        // one candidate set: the training frames first, then the pool's; the design is the training frames
        Candidates cand = model.candidates(design, p == null ? List.of(t) : List.of(t, p), null, common.threads(), common.progress());
        DesignProblem prob = cand.problem();
        int nt = t.size();
        int[] sel = new int[nt];
        for (int i = 0; i < nt; i++) sel[i] = i;
        rep.timing("descriptors", sw.lap());
        DesignCriteria crits = DesignCriteria.of(prob, sel);
        Feasibility feas = Feasibility.of(prob, sel, cand.labels());
        Certificate cert = Certificate.of(prob, sel, 3000);
        Informativeness inf = Informativeness.of(prob, sel, common.threads());
        rep.timing("assessment", sw.lap());

        double[][] atomGamma = null;
        if (!noAtoms && design.features == null && !model.isKernel()) { // per-atom grades are for the linear model
            List<String> species = cand.species();
            Descriptor d = FitCommand.parseDescriptor(design.descriptor, species);
            FeatureMatrix ta = FeatureMatrix.perAtom(t.frames(), design.descriptor, d, common.threads(), common.progress());
            List<Structure> target = p != null ? p.frames() : t.frames();
            FeatureMatrix qa = p != null ? FeatureMatrix.perAtom(target, design.descriptor, d, common.threads(), common.progress()) : ta;
            double[] g = Informativeness.extrapolationGrade(ta.values(), ta.rows(), qa.values(), qa.rows(), ta.cols());
            atomGamma = new double[target.size()][];
            int pos = 0;
            for (int i = 0; i < target.size(); i++) {
                atomGamma[i] = Arrays.copyOfRange(g, pos, pos + target.get(i).natoms());
                pos += target.get(i).natoms();
            }
            rep.timing("atoms", sw.lap());
        }

        rep.setting("descriptor", cand.spec()).setting("descriptorSettings", cand.settings()).setting("species", cand.species())
                .setting("ridge", design.ridge).setting("scale", design.scale).setting("weighting", design.weighting)
                .setting("perAtom", !noAtoms).setting("threads", common.threads());
        model.report(rep);
        rep.input("train", train, t.size(), t.totalAtoms());
        if (p != null) rep.input("pool", pool, p.size(), p.totalAtoms());
        rep.put("criteria", SelectCommand.criteriaJson(crits));
        rep.put("feasibility", SelectCommand.feasibilityJson(feas));
        rep.put("certificate", cert);
        int offset = p == null ? 0 : nt;
        int count = p == null ? nt : p.size();
        Map<String, Object> cands = new LinkedHashMap<>();
        cands.put("of", p == null ? "train" : "pool");
        cands.put("leverage", Arrays.copyOfRange(inf.leverage(), offset, offset + count));
        cands.put("gain", Arrays.copyOfRange(inf.gain(), offset, offset + count));
        cands.put("gamma", finite(Arrays.copyOfRange(inf.gamma(), offset, offset + count)));
        int[] swap = Arrays.copyOfRange(inf.bestSwapOut(), offset, offset + count);
        cands.put("bestSwapOut", swap);
        cands.put("bestSwapGain", Arrays.copyOfRange(inf.bestSwapGain(), offset, offset + count));
        if (atomGamma != null) {
            double[] maxAtom = new double[count];
            for (int i = 0; i < count; i++) for (double v : atomGamma[i]) maxAtom[i] = Math.max(maxAtom[i], v);
            cands.put("maxAtomGamma", maxAtom);
        }
        // pool frames that are training frames (same species, cell and positions) are not candidates
        boolean[] inTrain = new boolean[count];
        if (p != null) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (Structure s : t.frames()) keys.add(geometryKey(s));
            for (int i = 0; i < count; i++) inTrain[i] = keys.contains(geometryKey(p.get(i)));
            int dup = 0;
            for (boolean b : inTrain) if (b) dup++;
            cands.put("inTrain", inTrain);
            cands.put("inTrainCount", dup);
        }
        rep.put("candidates", cands); // after inTrain: the report copies the map when it is put
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) if (!inTrain[i]) order.add(i);
        final double[] lev = inf.leverage();
        order.sort((a, b) -> Double.compare(lev[offset + b], lev[offset + a]));
        int[] topIdx = new int[Math.min(top, order.size())];
        for (int k = 0; k < topIdx.length; k++) topIdx[k] = order.get(k);
        rep.put("mostInformative", topIdx);

        Pool target = p != null ? p : t;
        if (outputs.annotated != null) {
            Informativeness view = new Informativeness(Arrays.copyOfRange(inf.leverage(), offset, offset + count),
                    Arrays.copyOfRange(inf.gain(), offset, offset + count), Arrays.copyOfRange(inf.gamma(), offset, offset + count),
                    swap, Arrays.copyOfRange(inf.bestSwapGain(), offset, offset + count), inf.activeSet());
            Annotations.write(outputs.annotated, target, p == null ? sel : new int[0], view, atomGamma);
        }
        if (outputs.plots != null) Annotations.plots(outputs.plots, cand, sel, inf, feas, "assess " + train.getFileName());
        rep.timing("output", sw.lap());
        rep.write(report);

        System.out.printf("%s: %d frames, %d parameters (%s)%n", train, nt, feas.p(), cand.spec());
        System.out.printf("  rank %d of %d%s%s%n", feas.rank(), feas.p(),
                feas.conditionNumber() == null ? " (singular: the data cannot identify every weight)" : String.format(", condition number %.3g", feas.conditionNumber()),
                feas.feasible() ? "" : feas.moreToFullRank() >= 0 ? "; " + feas.moreToFullRank() + " more pool frames reach full rank" : "; the pool cannot reach full rank");
        for (Feasibility.Direction dir : feas.weakest().subList(0, Math.min(3, feas.weakest().size()))) {
            System.out.printf("  weak direction: eigenvalue %.3g, dominated by %s%n", dir.eigenvalue(), dir.labels());
        }
        System.out.printf("  certificate: G-efficiency %s, D-efficiency >= %s%s%n", SelectCommand.fmt3(cert.gEfficiency()), SelectCommand.fmt3(cert.dEfficiencyBound()),
                cert.dEfficiencyVsApproximate() == null ? "" : String.format(" (>= %.3f of the approximate optimum)", cert.dEfficiencyVsApproximate()));
        if (p != null) {
            System.out.printf("  %d pool frames are training frames; most informative of the others (index: leverage, gain, gamma, config_type):%n",
                    (int) cands.get("inTrainCount"));
            for (int k = 0; k < Math.min(5, topIdx.length); k++) {
                int i = topIdx[k];
                System.out.printf("    %d: %.4g, %.4g, %.4g, %s%n", i, inf.leverage()[nt + i], inf.gain()[nt + i], inf.gamma()[nt + i], p.get(i).configType());
            }
        }
        System.out.println("  report " + report);
        return 0;
    }

    /** Species, cell and positions of a frame, exactly, as a key for "is this frame in the training set". */
    static String geometryKey(Structure s) {
        StringBuilder b = new StringBuilder();
        b.append(s.cell()).append('|');
        for (int i = 0; i < s.natoms(); i++) {
            b.append(s.symbol(i)).append(' ').append(s.x()[i]).append(' ').append(s.y()[i]).append(' ').append(s.z()[i]).append(';');
        }
        return b.toString();
    }

    private static double[] finite(double[] a) {
        double[] b = a.clone();
        for (int i = 0; i < b.length; i++) if (!Double.isFinite(b[i])) b[i] = Double.MAX_VALUE;
        return b;
    }
}
