package org.atomdoe.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.design.BlockDesignProblem;
import org.atomdoe.design.DesignProblem;
import org.atomdoe.fit.LabelSigmas;
import org.atomdoe.fit.EnergyDataset;
import org.atomdoe.fit.EnergyWeighting;
import org.atomdoe.io.Npy;
import org.atomdoe.io.Pool;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;

/**
 * Glue from pools to a {@link DesignProblem}: candidate rows are the rows the linear energy fit
 * sees ({@code [n_s..., sum_atoms B]}, weighted per atom by default), or the user's own features.
 *
 * @param problem  the design problem (pool rows as candidates, training rows as fixed rows)
 * @param labels   column labels
 * @param species  species of the model
 * @param spec     descriptor spec or the features file
 * @param settings descriptor settings (null for user features)
 * @param scales   column scales applied
 */
record Candidates(DesignProblem problem, List<String> labels, List<String> species, String spec, Object settings,
                  double[] scales, BlockDesignProblem blocks, int[] natoms, LabelSigmas sigmas) {

    /** Whether the design runs on energy + force (+ stress) blocks. */
    boolean hasBlocks() {
        return blocks != null;
    }

    static Candidates build(DesignOptions o, Pool pool, Pool train, int threads, Progress progress) throws IOException {
        return build(o, List.of(pool), train, threads, progress);
    }

    /**
     * Candidate rows of several pools, stacked in the given order (e.g. a training set and a pool
     * to score against it, as {@code assess} does), with {@code train} (may be null) as fixed rows.
     */
    static Candidates build(DesignOptions o, List<Pool> candidatePools, Pool train, int threads, Progress progress) throws IOException {
        List<Structure> frames = new ArrayList<>();
        for (Pool c : candidatePools) frames.addAll(c.frames());
        List<List<Structure>> pools = new ArrayList<>();
        pools.add(frames);
        if (train != null) pools.add(train.frames());
        List<String> species = FeatureMatrix.speciesOf(pools);
        double[] x, x0 = null;
        double[][] blockRows = null, fixedBlocks = null;
        LabelSigmas sig = o.labels.sigmas();
        int p;
        List<String> labels;
        String spec;
        Object settings = null;
        if (o.features != null) {
            if (train != null) throw new Main.UsageException("--features cannot be combined with --train (give the training rows in the file's first rows instead)");
            Rows f = featureRows(o, frames.size());
            x = f.x();
            p = f.p();
            labels = f.labels();
            spec = o.features.toString();
        } else {
            Descriptor d = FitCommand.parseDescriptor(o.descriptor, species);
            SpeciesChannels ch = SpeciesChannels.of(species);
            EnergyWeighting w = weighting(o.weighting);
            if ((sig.forces() || sig.stress()) && w != EnergyWeighting.PER_ATOM) {
                throw new Main.UsageException("--labels with forces uses per-atom energy weighting");
            }
            // one pass per set: with forces, the energy rows come from the values computed with the gradients
            FitCommand.LabelledRows rp = FitCommand.labelledRows(frames, o.descriptor, d, species, sig, threads, progress);
            EnergyDataset dp = rp.energies();
            x = dp.weightedDesignMatrix(w);
            p = dp.designColumns();
            labels = dp.designLabels();
            if (rp.forces() != null) blockRows = rp.forces().designBlocks(dp, sig);
            if (train != null) {
                FitCommand.LabelledRows rt = FitCommand.labelledRows(train.frames(), o.descriptor, d, species, sig, threads, progress);
                x0 = rt.energies().weightedDesignMatrix(w);
                if (rt.forces() != null) fixedBlocks = rt.forces().designBlocks(rt.energies(), sig);
            }
            spec = o.descriptor;
            settings = d.settings();
        }
        int[] natoms = null;
        if (blockRows != null) {
            natoms = new int[frames.size()];
            for (int i = 0; i < natoms.length; i++) natoms[i] = frames.get(i).natoms();
        }
        return of(o, x, frames.size(), p, x0, x0 == null ? 0 : train.size(), labels, species, spec, settings, blockRows, fixedBlocks, natoms);
    }

    /** Design rows of some frames: {@code p} columns with their labels, row-major. */
    record Rows(double[] x, int p, List<String> labels) {}

    /**
     * The rows of {@code --features} (labels {@code f0, f1, ...}), with a column of ones appended for the
     * intercept of the energy model E = w . f + e0 as AlgDesign's {@code ~.} formula adds one, unless
     * {@code --intercept none} or a column of the file is already constant and non-zero (then it is the intercept).
     *
     * @param poolFrames the pool's frame count the rows must match, or -1 without a pool
     */
    static Rows featureRows(DesignOptions o, int poolFrames) throws IOException {
        if (o.labels.sigmas().forces() || o.labels.sigmas().stress()) {
            throw new Main.UsageException("--features gives energy rows only: it cannot be combined with --labels " + o.labels.labels);
        }
        Npy.Matrix m = Npy.read(o.features);
        if (poolFrames >= 0 && m.rows() != poolFrames) {
            throw new Main.UsageException("--features: " + o.features + " has " + m.rows() + " rows, the pool has " + poolFrames + " frames");
        }
        if (m.rows() == 0 || m.cols() == 0) throw new Main.UsageException("--features: " + o.features + " has no rows or no columns");
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < m.cols(); k++) labels.add("f" + k);
        boolean add = switch (o.intercept) {
            case "auto" -> constantColumn(m) < 0;
            case "none" -> false;
            default -> throw new Main.UsageException("--intercept must be auto or none, got '" + o.intercept + "'");
        };
        if (!add) return new Rows(m.values(), m.cols(), labels);
        int n = m.rows(), p = m.cols() + 1;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m.values(), i * m.cols(), x, i * p, m.cols());
            x[i * p + m.cols()] = 1.0;
        }
        labels.add("intercept");
        return new Rows(x, p, labels);
    }

    /** The first column whose values are all equal and non-zero, or -1. */
    static int constantColumn(Npy.Matrix m) {
        double[] v = m.values();
        for (int k = 0; k < m.cols(); k++) {
            double c = v[k];
            boolean same = c != 0 && Double.isFinite(c);
            for (int i = 1; same && i < m.rows(); i++) same = v[i * m.cols() + k] == c;
            if (same) return k;
        }
        return -1;
    }

    /** Candidates from {@code --features} alone, without a pool of structures: rows are numbered 0..N-1. */
    static Candidates ofFeatures(DesignOptions o) throws IOException {
        Rows f = featureRows(o, -1);
        return of(o, f.x(), f.x().length / f.p(), f.p(), null, 0, f.labels(), List.of(), o.features.toString(), null);
    }

    /**
     * The candidate rows of {@code frames} for descriptor {@code d} over {@code species}, weighted as
     * {@code w} says. Each row depends on its own frame only, so rows of consecutive batches
     * concatenate to the rows of the whole pool (how a streamed pool is scored).
     */
    static Rows designRows(List<Structure> frames, String spec, Descriptor d, List<String> species, EnergyWeighting w,
                           int threads, Progress progress) {
        FeatureMatrix fp = FeatureMatrix.perStructure(frames, spec, d, Aggregation.SUM, SpeciesChannels.of(species), threads, progress);
        EnergyDataset dp = EnergyDataset.fromStructures(frames, species, fp.values(), fp.cols(), fp.labels());
        return new Rows(dp.weightedDesignMatrix(w), dp.designColumns(), dp.designLabels());
    }

    /** Candidates from rows already computed: the design problem with ridge and the column scaling of {@code o}. */
    static Candidates of(DesignOptions o, double[] x, int n, int p, double[] x0, int x0rows, List<String> labels,
                         List<String> species, String spec, Object settings) {
        return of(o, x, n, p, x0, x0rows, labels, species, spec, settings, null, null, null);
    }

    /**
     * The same with force (+ stress) blocks per candidate ({@code blockRows}, and {@code fixedBlocks} for the training
     * set; null for energy rows only), {@code natoms} per candidate for per-atom force gains.
     */
    static Candidates of(DesignOptions o, double[] x, int n, int p, double[] x0, int x0rows, List<String> labels,
                         List<String> species, String spec, Object settings, double[][] blockRows, double[][] fixedBlocks,
                         int[] natoms) {
        LabelSigmas sig = o.labels.sigmas();
        DesignProblem prob = new DesignProblem(x, n, p, x0, x0rows, checkRidge(o.ridge), null, 0);
        double[] scales = new double[p];
        java.util.Arrays.fill(scales, 1.0);
        switch (o.scale) {
            case "unit" -> {
                scales = prob.unitScales();
                prob = prob.scaled(scales);
            }
            case "none" -> { }
            default -> throw new Main.UsageException("--scale must be unit or none, got '" + o.scale + "'");
        }
        BlockDesignProblem blocks = null;
        if (blockRows != null) {
            blocks = BlockDesignProblem.of(blockRows, p, checkRidge(o.ridge));
            if (fixedBlocks != null) {
                BlockDesignProblem f = BlockDesignProblem.of(fixedBlocks, p, 0);
                blocks = blocks.withFixed(f.rows(), f.offsets()[f.n()]);
            }
            // the I-criterion predicts the pool's energies per atom, whatever rows the fit uses
            blocks = blocks.withReference(x.clone(), n);
            if (o.scale.equals("unit")) {
                scales = blocks.unitScales();
                blocks = blocks.scaled(scales);
                prob = new DesignProblem(x, n, p, x0, x0rows, checkRidge(o.ridge), null, 0).scaled(scales);
            }
        }
        switch (o.iOver()) {
            case "energy" -> { }
            case "all" -> {
                if (blocks != null) blocks = blocks.withReference(blocks.rows(), blocks.offsets()[blocks.n()]);
            }
            default -> throw new Main.UsageException("--i-over must be energy or all, got '" + o.iOver + "'");
        }
        switch (o.prior()) {
            case "none" -> { }
            case "pool" -> {
                if (o.ridge != 0) throw new Main.UsageException("--prior pool sets the ridge itself: drop --ridge");
                if (blocks != null) blocks = blocks.withRidge(SelectionMethods.priorPrecision(blocks.rows(), blocks.n(), p));
                prob = new DesignProblem(prob.x(), prob.n(), p, prob.fixed(), prob.fixedRows(),
                        SelectionMethods.priorPrecision(prob.x(), prob.n(), p), null, 0);
            }
            default -> throw new Main.UsageException("--prior must be none, pool or auto, got '" + o.prior + "'");
        }
        return new Candidates(prob, labels, species, spec, settings, scales, blocks, natoms, sig);
    }

    static EnergyWeighting weighting(String w) {
        return switch (w) {
            case "per-atom" -> EnergyWeighting.PER_ATOM;
            case "total" -> EnergyWeighting.PER_STRUCTURE;
            default -> throw new Main.UsageException("--weighting must be per-atom or total, got '" + w + "'");
        };
    }

    private static double checkRidge(double r) {
        if (!(r >= 0) || !Double.isFinite(r)) throw new Main.UsageException("--ridge must be >= 0, got " + r);
        return r;
    }
}
