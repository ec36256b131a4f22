package org.atomdoe.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import org.atomdoe.fit.LabelSigmas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atomdoe.design.Criterion;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.design.OptimalDesign;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.io.Pool;
import org.atomdoe.kernel.KernelDesign;
import org.atomdoe.kernel.KernelFarthestPoint;
import org.atomdoe.kernel.KernelModelSpec;
import org.atomdoe.report.RunReport;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;
import picocli.CommandLine.Option;

/**
 * {@code --model}: the model a design is for (select, assess). {@code linear} (default) is the
 * linear energy model of {@link DesignOptions}; {@code kernel:...} a sparse GP / GAP model
 * ({@link KernelModelSpec}), whose candidate rows are the configurations' whitened kernel rows
 * with the ridge {@code (sigma/delta)^2}, so that the same design engine, criteria, certificate and
 * informativeness apply; {@code design=direct|fps} chooses by the configuration kernel instead.
 */
final class ModelOptions {
    static final String HELP = "linear (default: the descriptor's linear energy model) or a sparse GP / GAP model "
            + "kernel:DESCRIPTOR[,zeta=4|se=LENGTH][,sparse=500][,sparse-method=greedy|cur|random][,sigma=0.002][,delta=1]"
            + "[,jitter=1e-8][,design=phi|direct|fps][,noise=N][,seed=0]";

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "linear", description = "Model of the design: " + HELP + ".")
    String model;

    /** Set by {@link #candidates} for a kernel model. */
    private KernelInputs kernel;
    private int poolFrames, trainFrames;
    private KernelDesign.Result direct;

    boolean isKernel() {
        if (!model.equals("linear") && !KernelModelSpec.isKernel(model)) {
            throw new Main.UsageException("--model must be linear or kernel:..., got '" + model + "'");
        }
        return KernelModelSpec.isKernel(model);
    }

    /** The candidate rows of the chosen model: {@link Candidates#build} for the linear one. */
    Candidates candidates(DesignOptions o, List<Pool> candidatePools, Pool train, int threads, Progress progress) throws IOException {
        if (!isKernel()) return Candidates.build(o, candidatePools, train, threads, progress);
        KernelModelSpec spec = KernelInputs.parse(model);
        if (o.features != null) throw new Main.UsageException("--features cannot be combined with a kernel --model");
        if (o.ridge != 0) throw new Main.UsageException("--ridge does not apply to a kernel --model: its ridge is (sigma/delta)^2, set sigma= and delta= in --model");
        List<Structure> frames = new ArrayList<>();
        for (Pool c : candidatePools) frames.addAll(c.frames());
        List<List<Structure>> sets = new ArrayList<>();
        sets.add(frames);
        if (train != null) sets.add(train.frames());
        kernel = KernelInputs.build(spec, o.descriptor, sets, sets.size(), threads, progress);
        poolFrames = frames.size();
        trainFrames = train == null ? 0 : train.size();
        EnergyWeighting w = Candidates.weighting(o.weighting);
        double[] x = kernel.data().get(0).weightedDesignMatrix(w);
        double[] x0 = train == null ? null : kernel.data().get(1).weightedDesignMatrix(w);
        int p = kernel.data().get(0).designColumns();
        DesignProblem prob = new DesignProblem(x, poolFrames, p, x0, trainFrames, spec.lambda(), null, 0);
        double[] ones = new double[p];
        Arrays.fill(ones, 1.0);
        LabelSigmas sig = o.labels.sigmas();
        if (sig.forces() || sig.stress()) throw new Main.UsageException("--labels with forces is not available for kernel models yet (energies only)");
        return new Candidates(prob, kernel.data().get(0).designLabels(), kernel.species(), kernel.descriptorSpec(),
                kernel.descriptor().settings(), ones, null, null, sig);
    }

    /** Whether the design is made by the configuration kernel rather than the design engine. */
    boolean designsDirectly() {
        return kernel != null && !kernel.spec().design().equals("phi");
    }

    /**
     * The direct kernel design ({@code design=direct}: greedy + Fedorov on log det (K + noise I);
     * {@code design=fps}: farthest point) of {@code n} pool frames, the training frames fixed, as a
     * design-engine result (objective: that log det, or NaN for fps).
     */
    OptimalDesign.Result kernelDesign(OptimalDesign.Settings s, Progress progress) {
        if (s.costs() != null || s.groups() != null) {
            throw new Main.UsageException("--cost-budget and --per-config-type need design=phi (the design engine), not design=" + kernel.spec().design());
        }
        if (s.size() > poolFrames) throw new Main.UsageException("-n " + s.size() + " exceeds the pool of " + poolFrames + " frames");
        int total = poolFrames + trainFrames;
        double[] k = kernel.configurationKernel(kernel.environments().size(), s.threads());
        int[] fixed = new int[trainFrames];
        for (int i = 0; i < trainFrames; i++) fixed[i] = poolFrames + i;
        int[] all;
        double objective = Double.NaN;
        int passes = 0, swaps = 0;
        boolean converged = true;
        if (kernel.spec().design().equals("direct")) {
            direct = KernelDesign.select(k, total, fixed, new KernelDesign.Settings(s.size() + trainFrames, kernel.spec().designNoise(),
                    s.algorithm() == OptimalDesign.Algorithm.FEDOROV, s.maxPasses(), s.tolerance(), s.threads()), progress);
            all = direct.selected();
            objective = direct.logDet();
            passes = direct.passes();
            swaps = direct.swaps();
            converged = direct.converged();
        } else {
            all = KernelFarthestPoint.select(k, total, fixed, s.size() + trainFrames);
        }
        int[] sel = Arrays.copyOfRange(all, trainFrames, all.length);
        return new OptimalDesign.Result(sel, Criterion.D, objective, kernel.spec().lambda(), 0, passes, swaps, converged, false,
                sel.length, new double[] {objective});
    }

    /** The model's settings (and the direct design's figures) into a report. */
    void report(RunReport rep) {
        rep.setting("model", model);
        if (kernel == null) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("description", kernel.spec().describe());
        m.put("descriptor", kernel.descriptorSpec());
        m.put("kernel", kernel.spec().kernel().describe());
        m.put("sparsePoints", kernel.basis().size());
        m.put("sparseMethod", kernel.spec().sparseMethod().label());
        m.put("sparseIndices", kernel.basis().indices());
        m.put("logDetKzz", kernel.basis().logDet());
        m.put("ridge", kernel.spec().lambda());
        m.put("design", kernel.spec().design());
        if (direct != null) {
            m.put("configurationNoise", kernel.spec().designNoise());
            m.put("logDetKccPlusNoise", direct.logDet());
            m.put("greedyLogDetKccPlusNoise", direct.greedyLogDet());
        }
        rep.put("kernelModel", m);
    }
}
