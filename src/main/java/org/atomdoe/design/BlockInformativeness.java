package org.atomdoe.design;

import org.atomdoe.linalg.Cholesky;

/**
 * How informative each candidate block (a configuration's energy, force and stress rows) is against a set, before any
 * DFT, with {@code A_c = B_c M^-1 B_c'} and M the set's information matrix (plus fixed rows and ridge):
 * <ul>
 * <li>{@code gain = log det(I + A_c)}: the D-gain of adding the configuration (0 for members of the set);
 * <li>{@code leverage = trace A_c}: the summed prediction variance of all its rows (in units of the label sigmas);
 * <li>{@code maxRowLeverage = max_r (A_c)_rr}: the most extrapolated single row (an energy, a force component);
 * <li>per atom, {@code log det(I_3 + F_a M^-1 F_a')} over its three force rows {@code F_a}: the atoms that carry new
 *     information (the block analogue of a per-atom extrapolation grade).
 * </ul>
 * The multiresponse form of the leverages of Atkinson, Donev &amp; Tobias (2007), ch. 10.
 *
 * @param gain           per candidate
 * @param leverage       per candidate
 * @param maxRowLeverage per candidate
 * @param atomForceGain  per candidate, per atom (null when the blocks carry no force rows)
 */
public record BlockInformativeness(double[] gain, double[] leverage, double[] maxRowLeverage, double[][] atomForceGain) {

    /**
     * Scores every block of {@code prob} (uncompressed) against {@code selected}; with {@code natoms} (atoms per
     * candidate, whose blocks are laid out energy row, then {@code 3N} force rows, then optional stress rows) also the
     * per-atom force gains.
     */
    public static BlockInformativeness of(BlockDesignProblem prob, int[] selected, int[] natoms, int threads) {
        int n = prob.n(), p = prob.p();
        double ridge = prob.ridge() > 0 ? prob.ridge() : OptimalDesign.startRidge(prob.rows(), prob.offsets()[n], p);
        double[] l = prob.information(selected, prob.ridge());
        if (!DenseMath.cholesky(l, p)) {
            l = prob.information(selected, ridge);
            if (!DenseMath.cholesky(l, p)) throw new IllegalStateException("information matrix not positive definite even with a ridge");
        }
        boolean[] in = new boolean[n];
        for (int i : selected) in[i] = true;
        double[] gain = new double[n], lev = new double[n], maxRow = new double[n];
        double[][] atoms = natoms == null ? null : new double[n][];
        int rows = prob.offsets()[n];
        double[] z = new double[rows * p];
        double[] d = new double[rows];
        Cholesky.solveRows(l, 0, p, p, prob.rows(), 0, p, rows, z, 0, p, d, 0, threads);
        for (int c = 0; c < n; c++) {
            int r0 = prob.offsets()[c], r = prob.blockRows(c);
            double tr = 0, mx = 0;
            for (int k = 0; k < r; k++) {
                tr += d[r0 + k];
                mx = Math.max(mx, d[r0 + k]);
            }
            lev[c] = tr;
            maxRow[c] = mx;
            gain[c] = in[c] ? 0 : DenseMath.logDetIPlusGram(z, r0, r, p, +1);
            if (atoms != null) {
                int na = natoms[c];
                if (r < 1 + 3 * na) throw new IllegalArgumentException("block " + c + " has " + r + " rows, fewer than 1 + 3 x " + na + " atoms");
                atoms[c] = new double[na];
                for (int a = 0; a < na; a++) atoms[c][a] = DenseMath.logDetIPlusGram(z, r0 + 1 + 3 * a, 3, p, +1);
            }
        }
        return new BlockInformativeness(gain, lev, maxRow, atoms);
    }
}
