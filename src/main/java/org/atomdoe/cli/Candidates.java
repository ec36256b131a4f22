package org.atomdoe.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atomdoe.descriptor.Aggregation;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.descriptor.SpeciesChannels;
import org.atomdoe.design.DesignProblem;
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
                  double[] scales) {

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
        int p;
        List<String> labels;
        String spec;
        Object settings = null;
        if (o.features != null) {
            if (train != null) throw new Main.UsageException("--features cannot be combined with --train (give the training rows in the file's first rows instead)");
            Npy.Matrix m = Npy.read(o.features);
            if (m.rows() != frames.size()) {
                throw new Main.UsageException("--features: " + o.features + " has " + m.rows() + " rows, the pool has " + frames.size() + " frames");
            }
            x = m.values();
            p = m.cols();
            labels = new ArrayList<>();
            for (int k = 0; k < p; k++) labels.add("f" + k);
            spec = o.features.toString();
        } else {
            Descriptor d = FitCommand.parseDescriptor(o.descriptor, species);
            EnergyWeighting w = weighting(o.weighting);
            Rows r = designRows(frames, o.descriptor, d, species, w, threads, progress);
            x = r.x();
            p = r.p();
            labels = r.labels();
            if (train != null) x0 = designRows(train.frames(), o.descriptor, d, species, w, threads, progress).x();
            spec = o.descriptor;
            settings = d.settings();
        }
        return of(o, x, frames.size(), p, x0, x0 == null ? 0 : train.size(), labels, species, spec, settings);
    }

    /** Design rows of some frames: {@code p} columns with their labels, row-major. */
    record Rows(double[] x, int p, List<String> labels) {}

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
        return new Candidates(prob, labels, species, spec, settings, scales);
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
