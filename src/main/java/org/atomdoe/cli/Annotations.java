package org.atomdoe.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.atomdoe.design.Feasibility;
import org.atomdoe.design.BlockInformativeness;
import org.atomdoe.design.Informativeness;
import org.atomdoe.io.AtomicFiles;
import org.atomdoe.io.ExtXyzWriter;
import org.atomdoe.io.Pool;
import org.atomdoe.linalg.PrincipalComponents;
import org.atomdoe.report.Plots;
import org.atomdoe.structure.AtomArray;
import org.atomdoe.structure.Structure;

/** Writes the informativeness of a pool where people look: extxyz info keys and pictures. */
final class Annotations {
    private Annotations() {}

    /**
     * The pool with per-frame keys {@code doe_leverage} (d(x) against the set), {@code doe_gain}
     * (log(1 + d)), {@code doe_gamma} (MaxVol extrapolation grade), {@code doe_selected} (T/F) and
     * {@code doe_rank} (position in the selection, -1 if not chosen); per-atom arrays in
     * {@code atomGamma} (may be null) become {@code doe_gamma} columns.
     */
    static void write(Path file, Pool pool, int[] selected, Informativeness inf, double[][] atomGamma) throws IOException {
        writeAnnotated(file, pool, selected, (s, i, rank) -> annotate(s, i, rank, inf, atomGamma == null ? null : atomGamma[i]));
    }

    /** Annotates frame {@code i} (its position in the selection {@code rank}, -1 if not chosen) in place. */
    private interface FrameAnnotator {
        Structure annotate(Structure s, int i, int rank);
    }

    /** Writes every frame of {@code pool}, annotated, atomically to {@code file}. */
    private static void writeAnnotated(Path file, Pool pool, int[] selected, FrameAnnotator annotator) throws IOException {
        int[] rank = new int[pool.size()];
        java.util.Arrays.fill(rank, -1);
        for (int k = 0; k < selected.length; k++) rank[selected[k]] = k;
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            ExtXyzWriter xw = new ExtXyzWriter(w);
            for (int i = 0; i < pool.size(); i++) xw.write(annotator.annotate(pool.get(i), i, rank[i]));
            w.flush();
        });
    }

    /** The annotation of frame {@code i}: the keys {@link #write} documents. */
    private static Structure annotate(Structure s, int i, int rank, Informativeness inf, double[] atomGamma) {
        s.putInfo("doe_leverage", inf.leverage()[i]);
        s.putInfo("doe_gain", inf.gain()[i]);
        s.putInfo("doe_gamma", finite(inf.gamma()[i]));
        s.putInfo("doe_selected", rank >= 0);
        s.putInfo("doe_rank", (long) rank);
        if (atomGamma != null) s.putArray("doe_gamma", AtomArray.ofReals(1, atomGamma));
        return s;
    }

    /** Per-atom grades of a batch of frames (one array per frame). */
    interface AtomGrades {
        double[][] of(java.util.List<Structure> frames);
    }

    /**
     * As {@link #write} for a pool file too large to hold: frames are read again in batches,
     * annotated (none is selected) and written as they go; {@code grades} (may be null) gives the
     * per-atom grades of each batch.
     */
    static void writeStreamed(Path file, Path poolFile, int batchFrames, long batchAtoms, Informativeness inf, AtomGrades grades) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            ExtXyzWriter xw = new ExtXyzWriter(w);
            try (org.atomdoe.io.FrameBatches batches = new org.atomdoe.io.FrameBatches(poolFile, batchFrames, batchAtoms)) {
                for (java.util.List<Structure> part; (part = batches.next()) != null; ) {
                    int base = batches.firstIndex();
                    if (base + part.size() > inf.leverage().length) throw new IOException(poolFile + " changed while it was read");
                    double[][] g = grades == null ? null : grades.of(part);
                    for (int k = 0; k < part.size(); k++) xw.write(annotate(part.get(k), base + k, -1, inf, g == null ? null : g[k]));
                }
            }
            w.flush();
        });
    }

    static void write(Path file, Pool pool, int[] selected, Informativeness inf) throws IOException {
        write(file, pool, selected, inf, null);
    }

    /**
     * The pool annotated from a block design: per frame {@code doe_leverage} (trace of the block's prediction
     * variances), {@code doe_gain} (log det(I + A)), {@code doe_max_row_leverage}, {@code doe_selected},
     * {@code doe_rank}; per atom {@code doe_force_gain} (log det(I_3 + F_a M^-1 F_a')).
     */
    static void write(Path file, Pool pool, int[] selected, BlockInformativeness inf) throws IOException {
        writeAnnotated(file, pool, selected, (s, i, rank) -> {
            s.putInfo("doe_leverage", inf.leverage()[i]);
            s.putInfo("doe_gain", inf.gain()[i]);
            s.putInfo("doe_max_row_leverage", inf.maxRowLeverage()[i]);
            s.putInfo("doe_selected", rank >= 0);
            s.putInfo("doe_rank", (long) rank);
            if (inf.atomForceGain() != null) s.putArray("doe_force_gain", AtomArray.ofReals(1, inf.atomForceGain()[i]));
            return s;
        });
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.MAX_VALUE;
    }

    /** BASE_leverage, BASE_pca and BASE_spectrum, PNG and SVG. */
    static void plots(Path base, Candidates cand, int[] selected, double[] lev, Feasibility feas, String title) throws IOException {
        int n = cand.problem().n(), p = cand.problem().p();
        boolean[] mark = new boolean[n];
        for (int i : selected) mark[i] = true;
        String name = base.getFileName().toString();
        double lo = Double.MAX_VALUE, hi = 0;
        for (double v : lev) if (v > 0) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        boolean log = hi > 100 * lo;
        double[] shown = lev;
        if (log) {
            shown = new double[n];
            for (int i = 0; i < n; i++) shown[i] = Math.log10(Math.max(lev[i], lo));
        }
        Plots.histogram(base.resolveSibling(name + "_leverage"), title + ": pool leverages against the selection",
                log ? "log10 of the prediction variance d(x) = x' M^-1 x" : "prediction variance d(x) = x' M^-1 x", shown, mark, 30);
        if (p >= 2 && n >= 3) {
            double[] ex = new double[2];
            double[] sc = PrincipalComponents.scores(cand.problem().x(), n, p, 2, ex);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = sc[2 * i];
                y[i] = sc[2 * i + 1];
            }
            Plots.map(base.resolveSibling(name + "_pca"), title + ": pool in its first two principal components",
                    String.format("PC1 (%.0f%% of variance)", 100 * ex[0]), String.format("PC2 (%.0f%%)", 100 * ex[1]), x, y, mark);
        }
        Plots.eigenSpectrum(base.resolveSibling(name + "_spectrum"), title + ": eigenvalues of the information matrix",
                feas.eigenvalues(), feas.tolerance());
    }
}
