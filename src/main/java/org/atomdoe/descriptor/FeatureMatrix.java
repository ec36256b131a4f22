package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.atomdoe.structure.Elements;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;

/**
 * A matrix of descriptor rows with its column labels: per structure (aggregated, the candidate
 * rows of a configuration design and of an energy fit) or per atom (the rows of an environment
 * design). Row-major {@code rows x cols}.
 *
 * @param values     row-major values
 * @param rows       number of rows
 * @param cols       number of columns
 * @param labels     one label per column
 * @param spec       the descriptor spec string it was computed from (or a file name)
 * @param settings   the descriptor's settings record (or null for user-given features)
 */
public record FeatureMatrix(double[] values, int rows, int cols, List<String> labels, String spec, Object settings) {
    public FeatureMatrix {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + values.length);
        }
        if (labels.size() != cols) {
            throw new IllegalArgumentException(cols + " columns but " + labels.size() + " labels");
        }
    }

    /** Element (r, c). */
    public double get(int r, int c) {
        return values[r * cols + c];
    }

    /**
     * Per-structure rows: the descriptor of every atom reduced by {@code agg}, computed in batches
     * so that the per-atom rows of a large pool are never all held at once.
     */
    public static FeatureMatrix perStructure(List<Structure> frames, String spec, Descriptor d, Aggregation agg,
                                             SpeciesChannels species, int threads, Progress progress) {
        int w = agg.width(d.featureCount(), species.size());
        double[] out = new double[frames.size() * w];
        progress.start("descriptors " + d.name(), frames.size());
        try (DescriptorCalculator calc = new DescriptorCalculator(d, threads)) {
            int batch = Math.max(16, threads * 32);
            for (int start = 0; start < frames.size(); start += batch) {
                List<Structure> part = frames.subList(start, Math.min(frames.size(), start + batch));
                double[] rows = calc.aggregate(part, agg, species);
                System.arraycopy(rows, 0, out, start * w, rows.length);
                progress.advance(part.size());
            }
        } finally {
            progress.finish();
        }
        return new FeatureMatrix(out, frames.size(), w, agg.labels(d.labels(), species), spec, d.settings());
    }

    /** Per-atom rows of every structure, stacked in pool order (atom-major within a structure). */
    public static FeatureMatrix perAtom(List<Structure> frames, String spec, Descriptor d, int threads, Progress progress) {
        long total = 0;
        for (Structure s : frames) total += s.natoms();
        int nf = d.featureCount();
        if (total * nf > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("per-atom features of " + total + " atoms x " + nf
                    + " do not fit one array; use per-structure rows or a smaller pool");
        }
        double[] out = new double[(int) (total * nf)];
        progress.start("descriptors " + d.name(), frames.size());
        try (DescriptorCalculator calc = new DescriptorCalculator(d, threads)) {
            int pos = 0;
            int batch = Math.max(16, threads * 32);
            for (int start = 0; start < frames.size(); start += batch) {
                List<Structure> part = frames.subList(start, Math.min(frames.size(), start + batch));
                for (double[] rows : calc.perAtom(part)) {
                    System.arraycopy(rows, 0, out, pos, rows.length);
                    pos += rows.length;
                }
                progress.advance(part.size());
            }
        } finally {
            progress.finish();
        }
        return new FeatureMatrix(out, (int) total, nf, d.labels(), spec, d.settings());
    }

    /** Every species of the given pools, sorted by atomic number (DScribe's channel order). */
    public static List<String> speciesOf(Collection<? extends List<Structure>> pools) {
        List<String> all = new ArrayList<>();
        for (List<Structure> pool : pools) {
            for (Structure s : pool) all.addAll(List.of(s.speciesSymbols()));
        }
        return sortedSpecies(all);
    }

    /** Distinct symbols sorted by atomic number, then by name (DScribe's channel order), e.g. from a streaming pass. */
    public static List<String> sortedSpecies(Collection<String> symbols) {
        TreeSet<String> set = new TreeSet<>(Comparator.comparingInt((String s) -> {
            int z = Elements.atomicNumber(s);
            return z == 0 ? Integer.MAX_VALUE : z;
        }).thenComparing(Comparator.naturalOrder()));
        set.addAll(symbols);
        return new ArrayList<>(set);
    }
}
