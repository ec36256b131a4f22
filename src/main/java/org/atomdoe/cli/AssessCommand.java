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
import org.atomdoe.design.BlockInformativeness;
import org.atomdoe.design.Certificate;
import org.atomdoe.design.DesignCriteria;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.Feasibility;
import org.atomdoe.design.Informativeness;
import org.atomdoe.io.FrameBatches;
import org.atomdoe.io.Pool;
import org.atomdoe.report.PoolSummary;
import org.atomdoe.util.Progress;
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

    /** Frames and atoms per streamed batch of the pool. */
    static final int BATCH_FRAMES = 512;
    static final long BATCH_ATOMS = 50_000;

    @Override
    public Integer call() throws Exception {
        Stopwatch sw = new Stopwatch();
        RunReport rep = new RunReport(Version.get(), "assess");
        Pool t = Pool.read(train);
        // a pool file is streamed: its frames are never all in memory, only its candidate rows
        // (standard input cannot be read twice, and --features rows come with the pool's order)
        // kernel models and force labels need the frames themselves: those runs hold the pool in memory
        org.atomdoe.fit.LabelSigmas sig = design.labels.sigmas();
        boolean stream = pool != null && !pool.toString().equals("-") && design.features == null && !model.isKernel()
                && !sig.forces() && !sig.stress();
        Pool p = pool == null || stream ? null : Pool.read(pool);
        PoolSummary ps = stream ? PoolSummary.of(pool, common.threads()) : null;
        rep.timing("read", sw.lap());
        PoolChecks.designable(t, "training set");
        if (p != null) PoolChecks.designable(p, "pool");
        if (ps != null && ps.frames() == 0) throw new Main.UsageException("the pool " + pool + " has no frames");
        int nt = t.size();
        boolean perAtom = !noAtoms && design.features == null && !model.isKernel(); // per-atom grades are for the linear model
        java.util.Set<String> trainKeys = new java.util.HashSet<>();
        if (pool != null) for (Structure s : t.frames()) trainKeys.add(geometryKey(s));

        // one candidate set: the training frames first, then the pool's; the design is the training frames
        Candidates cand;
        int count;            // frames scored: the pool's, or the training set's without a pool
        long countAtoms;
        String[] types;       // config_type per scored frame
        boolean[] inTrain = null;
        double[] maxAtom = null;
        double[][] atomGamma = null;
        FeatureMatrix ta = null;
        Descriptor atomDescriptor = null;
        if (!stream) {
            cand = model.candidates(design, p == null ? List.of(t) : List.of(t, p), null, common.threads(), common.progress());
            Pool target = p != null ? p : t;
            count = target.size();
            countAtoms = target.totalAtoms();
            types = new String[count];
            if (p != null) inTrain = new boolean[count];
            for (int i = 0; i < count; i++) {
                types[i] = target.get(i).configType();
                if (p != null) inTrain[i] = trainKeys.contains(geometryKey(p.get(i)));
            }
            rep.timing("descriptors", sw.lap());
            if (perAtom) {
                atomDescriptor = FitCommand.parseDescriptor(design.descriptor, cand.species());
                ta = FeatureMatrix.perAtom(t.frames(), design.descriptor, atomDescriptor, common.threads(), common.progress());
                atomGamma = atomGammas(ta, atomDescriptor, target.frames());
                maxAtom = maxima(atomGamma, 0, new double[count]);
                rep.timing("atoms", sw.lap());
            }
        } else {
            List<String> all = new ArrayList<>(ps.species().keySet());
            all.addAll(FeatureMatrix.speciesOf(List.of(t.frames())));
            List<String> species = FeatureMatrix.sortedSpecies(all);
            Descriptor d = FitCommand.parseDescriptor(design.descriptor, species);
            org.atomdoe.fit.EnergyWeighting w = Candidates.weighting(design.weighting);
            Candidates.Rows tr = Candidates.designRows(t.frames(), design.descriptor, d, species, w, common.threads(), common.progress());
            int cols = tr.p();
            count = ps.frames();
            countAtoms = ps.atoms();
            if ((long) (nt + count) * cols > Integer.MAX_VALUE - 16) {
                throw new Main.UsageException("the candidate matrix of " + (nt + count) + " frames x " + cols + " columns does not fit one array");
            }
            double[] x = Arrays.copyOf(tr.x(), (nt + count) * cols);
            types = new String[count];
            inTrain = new boolean[count];
            if (perAtom) {
                atomDescriptor = d;
                ta = FeatureMatrix.perAtom(t.frames(), design.descriptor, d, common.threads(), common.progress());
                maxAtom = new double[count];
            }
            Progress progress = common.progress();
            progress.start("pool rows" + (perAtom ? " and atom grades" : ""), count);
            int seen = 0;
            try (FrameBatches batches = new FrameBatches(pool, BATCH_FRAMES, BATCH_ATOMS)) {
                for (List<Structure> part; (part = batches.next()) != null; ) {
                    int base = batches.firstIndex();
                    if (base + part.size() > count) throw new java.io.IOException(pool + " changed while it was read (more frames than counted)");
                    for (int k = 0; k < part.size(); k++) {
                        Structure s = part.get(k);
                        if (s.natoms() == 0) {
                            throw new org.atomdoe.io.InputFormatException(pool.toString(), 0,
                                    "expected at least one atom in every frame of the pool (design rows are per atom), found frame " + (base + k) + " with none");
                        }
                        types[base + k] = s.configType();
                        inTrain[base + k] = trainKeys.contains(geometryKey(s));
                    }
                    double[] r = Candidates.designRows(part, design.descriptor, d, species, w, common.threads(), Progress.NONE).x();
                    System.arraycopy(r, 0, x, (nt + base) * cols, r.length);
                    if (perAtom) maxima(atomGammas(ta, d, part), base, maxAtom);
                    seen = base + part.size();
                    progress.advance(part.size());
                }
            } finally {
                progress.finish();
            }
            if (seen != count) throw new java.io.IOException(pool + " changed while it was read: " + count + " frames counted, " + seen + " read");
            cand = Candidates.of(design, x, nt + count, cols, null, 0, tr.labels(), species, design.descriptor, d.settings());
            rep.timing("descriptors", sw.lap());
        }
        DesignProblem prob = cand.problem();
        int[] sel = new int[nt];
        for (int i = 0; i < nt; i++) sel[i] = i;
        DesignCriteria crits = DesignCriteria.of(prob, sel);
        Feasibility feas = Feasibility.of(prob, sel, cand.labels());
        Certificate cert = Certificate.of(prob, sel, 3000, common.threads());
        Informativeness inf = Informativeness.of(prob, sel, common.threads());
        BlockInformativeness blockInf = null;
        if (cand.hasBlocks()) { // with force labels the criteria are those of the blocks
            crits = cand.blocks().criteria(sel, cand.blocks().ridge());
            feas = Feasibility.of(cand.blocks(), sel, cand.labels());
            cert = Certificate.of(cand.blocks(), sel, common.threads());
            blockInf = BlockInformativeness.of(cand.blocks(), sel, cand.natoms(), common.threads());
        }
        rep.timing("assessment", sw.lap());

        rep.setting("descriptor", cand.spec()).setting("descriptorSettings", cand.settings()).setting("species", cand.species())
                .setting("ridge", design.ridge).setting("scale", design.scale).setting("weighting", design.weighting).setting("labels", cand.sigmas().shortName())
                .setting("perAtom", !noAtoms).setting("threads", common.threads());
        model.report(rep);
        rep.input("train", train, t.size(), t.totalAtoms());
        if (pool != null) rep.input("pool", pool, count, countAtoms);
        rep.put("criteria", SelectCommand.criteriaJson(crits));
        rep.put("feasibility", SelectCommand.feasibilityJson(feas));
        rep.put("certificate", cert);
        int offset = pool == null ? 0 : nt;
        Map<String, Object> cands = new LinkedHashMap<>();
        cands.put("of", pool == null ? "train" : "pool");
        cands.put("leverage", Arrays.copyOfRange(inf.leverage(), offset, offset + count));
        cands.put("gain", Arrays.copyOfRange(inf.gain(), offset, offset + count));
        cands.put("gamma", finite(Arrays.copyOfRange(inf.gamma(), offset, offset + count)));
        int[] swap = Arrays.copyOfRange(inf.bestSwapOut(), offset, offset + count);
        cands.put("bestSwapOut", swap);
        cands.put("bestSwapGain", Arrays.copyOfRange(inf.bestSwapGain(), offset, offset + count));
        if (maxAtom != null) cands.put("maxAtomGamma", maxAtom);
        if (blockInf != null) { // what each configuration brings with all its labels (energy, forces, stress)
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("labels", cand.sigmas().shortName());
            b.put("gain", Arrays.copyOfRange(blockInf.gain(), offset, offset + count));
            b.put("leverage", Arrays.copyOfRange(blockInf.leverage(), offset, offset + count));
            b.put("maxRowLeverage", Arrays.copyOfRange(blockInf.maxRowLeverage(), offset, offset + count));
            cands.put("withForces", b);
        }
        // pool frames that are training frames (same species, cell and positions) are not candidates
        if (inTrain != null) {
            int dup = 0;
            for (boolean b : inTrain) if (b) dup++;
            cands.put("inTrain", inTrain);
            cands.put("inTrainCount", dup);
        }
        rep.put("candidates", cands); // after inTrain: put() copies the map as it is now
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) if (inTrain == null || !inTrain[i]) order.add(i);
        final double[] lev = inf.leverage();
        order.sort((a, b) -> Double.compare(lev[offset + b], lev[offset + a]));
        int[] topIdx = new int[Math.min(top, order.size())];
        for (int k = 0; k < topIdx.length; k++) topIdx[k] = order.get(k);
        rep.put("mostInformative", topIdx);

        if (outputs.annotated != null) {
            Informativeness view = new Informativeness(Arrays.copyOfRange(inf.leverage(), offset, offset + count),
                    Arrays.copyOfRange(inf.gain(), offset, offset + count), Arrays.copyOfRange(inf.gamma(), offset, offset + count),
                    swap, Arrays.copyOfRange(inf.bestSwapGain(), offset, offset + count), inf.activeSet());
            if (!stream) {
                Pool target = p != null ? p : t;
                if (blockInf != null) {
                    for (int i = 0; i < count; i++) {
                        target.get(i).putArray("doe_force_gain", org.atomdoe.structure.AtomArray.ofReals(1, blockInf.atomForceGain()[offset + i]));
                        target.get(i).putInfo("doe_block_gain", blockInf.gain()[offset + i]);
                    }
                }
                Annotations.write(outputs.annotated, p != null ? p : t, p == null ? sel : new int[0], view, atomGamma);
            } else {
                // a third pass over the pool: frames are annotated as they stream by, atom grades recomputed per batch
                final FeatureMatrix trainAtoms = ta;
                final Descriptor dd = atomDescriptor;
                Annotations.writeStreamed(outputs.annotated, pool, BATCH_FRAMES, BATCH_ATOMS, view,
                        trainAtoms == null ? null : part -> atomGammas(trainAtoms, dd, part));
            }
        }
        if (outputs.plots != null) Annotations.plots(outputs.plots, cand, sel, inf.leverage(), feas, "assess " + train.getFileName());
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
        if (pool != null) {
            System.out.printf("  %d pool frames are training frames; most informative of the others (index: leverage, gain, gamma, config_type):%n",
                    (int) cands.get("inTrainCount"));
            for (int k = 0; k < Math.min(5, topIdx.length); k++) {
                int i = topIdx[k];
                System.out.printf("    %d: %.4g, %.4g, %.4g, %s%n", i, inf.leverage()[nt + i], inf.gain()[nt + i], inf.gamma()[nt + i], types[i]);
            }
        }
        System.out.println("  report " + report);
        return 0;
    }

    /** Per-atom extrapolation grades of {@code frames} against the training atoms {@code ta}, split per frame. */
    private double[][] atomGammas(FeatureMatrix ta, Descriptor d, List<Structure> frames) {
        FeatureMatrix qa = FeatureMatrix.perAtom(frames, design.descriptor, d, common.threads(), Progress.NONE);
        double[] g = Informativeness.extrapolationGrade(ta.values(), ta.rows(), qa.values(), qa.rows(), ta.cols());
        double[][] out = new double[frames.size()][];
        int pos = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(g, pos, pos + frames.get(i).natoms());
            pos += frames.get(i).natoms();
        }
        return out;
    }

    /** The largest grade of each frame, into {@code out} from {@code base}. */
    private static double[] maxima(double[][] perFrame, int base, double[] out) {
        for (int i = 0; i < perFrame.length; i++) for (double v : perFrame[i]) out[base + i] = Math.max(out[base + i], v);
        return out;
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
