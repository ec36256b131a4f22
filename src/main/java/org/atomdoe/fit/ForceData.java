package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.List;
import org.atomdoe.descriptor.ConfigurationRows;
import org.atomdoe.structure.Structure;

/**
 * Force and stress rows of the linear energy model {@code E = w . sum_atoms B + sum_s e0_s n_s}, per
 * configuration, with their DFT labels when the frames have them. Since
 * {@code F_{j,a} = -dE/dr_{j,a} = w . (-sum_atoms dB/dr_{j,a})}, a force row holds the descriptor part only (the
 * species-count columns do not move with positions); the same for stress
 * ({@link org.atomdoe.descriptor.ForceRows}). Together with an {@link EnergyDataset} (the energy rows, same
 * configurations and columns) this is everything one DFT calculation labels.
 *
 * @param featureCount d, the descriptor columns of every row
 * @param forceRows    per configuration {@code 3N x d} (row {@code 3j + a} is {@code F_{j,a}})
 * @param forces       per configuration the {@code 3N} DFT force components (eV/Å), or null entries when a frame has none
 * @param stressRows   per configuration {@code 6 x d} (Voigt xx yy zz yz xz xy, eV/Å^3), null entries for non-periodic frames
 * @param stress       per configuration the 6 DFT stress components (eV/Å^3, ASE sign), null when absent
 * @param volumes      cell volume per configuration (Å^3; 0 without a cell)
 * @param natoms       atoms per configuration
 */
public record ForceData(int featureCount, double[][] forceRows, double[][] forces, double[][] stressRows, double[][] stress,
                        double[] volumes, int[] natoms) {

    /** From frames and the rows computed for them with {@code Aggregation.SUM} (forces required; stress optional). */
    public static ForceData of(List<Structure> frames, ConfigurationRows rows) {
        int n = frames.size();
        if (rows.size() != n) throw new IllegalArgumentException(rows.size() + " row sets for " + n + " frames");
        if (rows.forces() == null) throw new IllegalArgumentException("the configuration rows have no force rows");
        double[][] f = new double[n][], st = new double[n][];
        double[] vol = new double[n];
        int[] na = new int[n];
        for (int c = 0; c < n; c++) {
            Structure s = frames.get(c);
            na[c] = s.natoms();
            f[c] = s.forces() == null ? null : s.forces().clone();
            st[c] = s.stressVoigt();
            vol[c] = s.isPeriodic() ? s.cell().volume() : 0;
        }
        double[][] sr = rows.stress() == null ? new double[n][] : rows.stress();
        return new ForceData(rows.width(), rows.forces(), f, sr, st, vol, na);
    }

    /** Number of configurations. */
    public int size() {
        return forceRows.length;
    }

    /** The configurations {@code idx}, in that order. */
    public ForceData subset(int[] idx) {
        int k = idx.length;
        double[][] fr = new double[k][], f = new double[k][], sr = new double[k][], st = new double[k][];
        double[] vol = new double[k];
        int[] na = new int[k];
        for (int a = 0; a < k; a++) {
            int c = idx[a];
            fr[a] = forceRows[c];
            f[a] = forces[c];
            sr[a] = stressRows[c];
            st[a] = stress[c];
            vol[a] = volumes[c];
            na[a] = natoms[c];
        }
        return new ForceData(featureCount, fr, f, sr, st, vol, na);
    }

    /** Virial-per-atom scale {@code V / N} of configuration c (stress rows and targets are multiplied by it). */
    private double virialScale(int c) {
        return volumes[c] / natoms[c];
    }

    /**
     * The weighted least-squares blocks of a fit on energies (+ forces, + stress) of {@code energies} (the same
     * configurations, in the same order): energy rows with weight {@code 1 / (N sigma_E)^2}, force rows (zero species
     * columns) with {@code 1 / sigma_F^2}, virial-per-atom rows with {@code 1 / sigma_V^2}. Configurations lacking a
     * label contribute no rows of that kind.
     */
    public List<RowBlock> fitBlocks(EnergyDataset energies, LabelSigmas sig) {
        check(energies);
        if (energies.energies() == null) throw new IllegalArgumentException("training data have no energies");
        int n = size(), p = energies.designColumns();
        double[] ew = energies.weights(EnergyWeighting.PER_ATOM);
        for (int c = 0; c < n; c++) ew[c] /= sig.energySigma() * sig.energySigma();
        List<RowBlock> blocks = new ArrayList<>();
        blocks.add(new RowBlock("energy", energies.designMatrix(), n, p, energies.energies(), ew));
        if (sig.forces()) {
            List<double[]> rows = new ArrayList<>(), targets = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                if (forces[c] == null) continue;
                rows.add(padded(forceRows[c], 1.0, energies.speciesCount()));
                targets.add(forces[c]);
            }
            addBlock(blocks, "forces", rows, targets, p, 1 / (sig.forceSigma() * sig.forceSigma()));
        }
        if (sig.stress()) {
            List<double[]> rows = new ArrayList<>(), targets = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                if (stress[c] == null || stressRows[c] == null) continue;
                double v = virialScale(c);
                rows.add(padded(stressRows[c], v, energies.speciesCount()));
                double[] t = stress[c].clone();
                for (int k = 0; k < 6; k++) t[k] *= v;
                targets.add(t);
            }
            addBlock(blocks, "stress", rows, targets, p, 1 / (sig.virialSigma() * sig.virialSigma()));
        }
        return blocks;
    }

    private static void addBlock(List<RowBlock> blocks, String name, List<double[]> rows, List<double[]> targets, int p, double w) {
        int total = 0;
        for (double[] t : targets) total += t.length;
        if (total == 0) return;
        double[] x = new double[total * p], y = new double[total], wt = new double[total];
        int r = 0;
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, x, r * p, rows.get(k).length);
            System.arraycopy(targets.get(k), 0, y, r, targets.get(k).length);
            r += targets.get(k).length;
        }
        java.util.Arrays.fill(wt, w);
        blocks.add(new RowBlock(name, x, total, p, y, wt));
    }

    /** Rows of d columns scaled by {@code scale}, with {@code s} zero species columns in front. */
    private double[] padded(double[] rows, double scale, int s) {
        int d = featureCount, k = rows.length / d, p = s + d;
        double[] out = new double[k * p];
        for (int r = 0; r < k; r++) for (int j = 0; j < d; j++) out[r * p + s + j] = scale * rows[r * d + j];
        return out;
    }

    /**
     * Per configuration the rows a design sees, each multiplied by {@code 1/sigma} of its kind: the energy row per
     * atom {@code [n_s, sum B] / (N sigma_E)}, then (with forces) the {@code 3N} force rows {@code / sigma_F}, then
     * (with stress, periodic frames) the 6 virial-per-atom rows {@code / sigma_V}. No labels are needed: these are
     * the blocks of {@link org.atomdoe.design.BlockDesignProblem}, and their Gram matrices sum to the information
     * matrix of {@link #fitBlocks}.
     */
    public double[][] designBlocks(EnergyDataset energies, LabelSigmas sig) {
        check(energies);
        int n = size(), s = energies.speciesCount(), p = energies.designColumns();
        double[] e = energies.designMatrix();
        double[][] out = new double[n][];
        for (int c = 0; c < n; c++) {
            int nf = sig.forces() ? forceRows[c].length / featureCount : 0;
            int ns = sig.stress() && stressRows[c] != null ? 6 : 0;
            double[] b = new double[(1 + nf + ns) * p];
            double es = 1 / (natoms[c] * sig.energySigma());
            for (int j = 0; j < p; j++) b[j] = es * e[c * p + j];
            if (nf > 0) System.arraycopy(padded(forceRows[c], 1 / sig.forceSigma(), s), 0, b, p, nf * p);
            if (ns > 0) System.arraycopy(padded(stressRows[c], virialScale(c) / sig.virialSigma(), s), 0, b, (1 + nf) * p, 6 * p);
            out[c] = b;
        }
        return out;
    }

    /** Predicted force components (eV/Å) of every configuration. */
    public double[][] predictForces(LinearEnergyModel model) {
        double[] w = model.featureWeights();
        if (w.length != featureCount) throw new IllegalArgumentException("model has " + w.length + " features, data " + featureCount);
        double[][] out = new double[size()][];
        for (int c = 0; c < size(); c++) {
            int k = forceRows[c].length / featureCount;
            out[c] = new double[k];
            for (int r = 0; r < k; r++) {
                double v = 0;
                for (int j = 0; j < featureCount; j++) v += w[j] * forceRows[c][r * featureCount + j];
                out[c][r] = v;
            }
        }
        return out;
    }

    /** Force errors of the model on the configurations that have DFT forces. */
    public ForceErrors evaluate(LinearEnergyModel model) {
        return ForceErrors.of(predictForces(model), forces);
    }

    private void check(EnergyDataset energies) {
        if (energies.size() != size()) throw new IllegalArgumentException(energies.size() + " energy rows for " + size() + " force row sets");
        if (energies.featureCount() != featureCount) {
            throw new IllegalArgumentException("energy rows have " + energies.featureCount() + " features, force rows " + featureCount);
        }
    }
}
