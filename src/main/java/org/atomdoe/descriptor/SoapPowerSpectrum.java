package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * SOAP power spectrum (Bartók, Kondor, Csányi, PRB 87, 184115 (2013)) with the conventions of
 * DScribe 2.1.1 (Himanen et al. 2020), reproducing its numbers.
 *
 * <p>Density of species Z around centre i: {@code rho^Z(r) = sum_j exp(-|r - r_ij|^2 / (2 sigma^2))}
 * over the atoms j of species Z with {@code r_ij <= r_cut + sigma sqrt(-2 ln 1e-3)} (DScribe's
 * cutoff padding; the centre itself included, unweighted, unnormalised Gaussians). Coefficients
 * {@code c^Z_nlm = integral g_nl(r) Y_lm(r^) rho^Z(r) d^3r} with the radial bases of
 * {@link RadialBases} and real orthonormal Y_lm. With the expansion of a Gaussian in spherical
 * harmonics, one atom at distance d contributes {@code 4 pi Y_lm(d^) sum_k beta_nk I_lk(d)} where
 * <ul>
 * <li>gto (integral over all space, analytic): {@code I_lk(d) = sqrt(pi) d^l exp(-gamma_lk d^2) /
 * (sigma^(2l) 2^(l+2) p_lk^(l+3/2))}, {@code p = alpha + 1/(2 sigma^2)}, {@code gamma = alpha / (1 + 2 sigma^2 alpha)};
 * <li>polynomial (over [0, r_cut], 100-point Gauss-Legendre as DScribe):
 * {@code I_lk(d) = integral r^2 (r_cut - r)^(k+2) exp(-(r - d)^2/(2 sigma^2)) e^{-x} i_l(x) dr}, {@code x = r d / sigma^2}.
 * </ul>
 * Power spectrum {@code p^{ab}_{n n' l} = pi sqrt(8 / (2l + 1)) sum_m c^a_nlm c^b_n'lm}. Layout: species
 * blocks (a, b) with {@code Z_a <= Z_b} in ascending order; inside a block l outer, then n, then
 * n' ({@code n' >= n} for a == b). {@code average = "inner"}: the coefficients are averaged over the
 * structure's atoms first; every row then holds the same structure vector. Optional
 * {@code normalize}: each output vector divided by its Euclidean norm.
 *
 * <p>Pair gradients ({@link DifferentiableDescriptor}, {@code average = "off"} only; with
 * {@code "inner"} every row depends on every atom and {@link #hasGradients()} is false). Writing a
 * neighbour's contribution as {@code c_nlm = sum_k B^l_nk R_lk(r^2) S_lm(D)} (S the solid harmonics,
 * R the radial factor: {@code exp(-gamma_lk r^2)} for gto, {@code I_lk(r) / r^l} for polynomial) gives
 * <pre>d c_nlm / d D_a = 2 D_a G'_ln S_lm + G_ln dS_lm/dD_a,   G_ln = sum_k B^l_nk R_lk,  G'_ln = sum_k B^l_nk dR_lk/d(r^2)</pre>
 * and, with {@code u^b_ln' = sum_m S_lm c^b_n'lm} and {@code v^b_{a,ln'} = sum_m dS_lm/dD_a c^b_n'lm},
 * <pre>sum_m (d c^Z_nlm / d D_a) c^b_n'lm = 2 D_a G'_ln u^b_ln' + G_ln v^b_{a,ln'}</pre>
 * (a rank-two n x n' block per l, Z the neighbour's species), the term of the power spectrum's
 * product rule {@code dp^{ab}_{nn'l} = pi sqrt(8/(2l+1)) sum_m (dc^a_nlm c^b_n'lm + c^a_nlm dc^b_n'lm)}.
 * (DScribe 2 also has analytical SOAP derivatives, Laakso et al., J. Chem. Phys. 158, 234802 (2023);
 * this one is derived independently and tested against finite differences.) The polynomial radial
 * derivative differentiates the quadrature
 * with {@code (e^{-x} i_l)' = e^{-x} (l i_{l-1} + (l+1) i_{l+1}) / (2l+1) - e^{-x} i_l}. With
 * {@code normalize}, {@code d(p/|p|) = (dp - y (y . dp)) / |p|}, {@code y = p/|p|}. The density
 * cutoff {@code r_cut + padding} is a step (an atom crossing it changes the rows by ~1e-6 relative
 * or less); its derivative is not included.
 */
public final class SoapPowerSpectrum extends AtomwiseDescriptor implements DifferentiableDescriptor {
    private static final int QUADRATURE_POINTS = 100;

    private final SoapSettings settings;
    private final SpeciesChannels channels;
    private final DescriptorKernels kernels;
    private final int nMax, lMax, nS, nCoeff, nFeatures;
    private final double cutoff;
    private final boolean gto, inner;
    /** gto: exponents gamma[l * nMax + k]. */
    private final double[] gamma;
    /** gto: the Gaussians exp(-gamma r^2) by table and Taylor polynomial (null: exact exponentials). */
    private final GaussianTable gaussTable;
    /**
     * gto, values: the Gaussians of {@link #blockedSums} by {@link DescriptorKernels#soapGaussianRows} (a grid twice as
     * fine, two operations less per value; null: too many points, then the Taylor table is used there too).
     */
    private final GaussianTable rowTable;
    /** c = B^l G: {@code coeffMatrix[l][n * nMax + k]}. */
    private final double[][] coeffMatrix;
    /** The transposes {@code coeffMatrixT[l][k * nMax + n] = coeffMatrix[l][n * nMax + k]}. */
    private final double[][] coeffMatrixT;
    /** The transposes packed l by l ({@code [l nMax^2 + k nMax + n]}) for {@link DescriptorKernels#soapRadialProduct}. */
    private final double[] coeffPacked;
    /** gto: d/d(r^2) of the radial factor folded into the matrix: {@code -gamma_lk B^l_nk} at {@code [l][n * nMax + k]}. */
    private final double[][] coeffMatrixD;
    /** the centre atom's l = 0 radial value per k. */
    private final double[] centreRadial;
    /** polynomial quadrature: nodes, and weight w_q r_q^2 (r_cut - r_q)^(k+2) at [q * nMax + k]. */
    private final double[] quadNodes, quadWeights;
    private final double[] lFactor;
    /** {@code SolidHarmonicsTable.soapScale}: the normalisation of {@link DescriptorKernels#soapHarmonics} per (l, m) column. */
    private final double[] harmonicScale;

    public SoapPowerSpectrum(SoapSettings settings) {
        this(settings, DescriptorKernels.DEFAULT);
    }

    public SoapPowerSpectrum(SoapSettings settings, DescriptorKernels kernels) {
        this.settings = settings;
        this.channels = SpeciesChannels.of(settings.species());
        this.kernels = kernels;
        this.nMax = settings.nMax();
        this.lMax = settings.lMax();
        this.nS = (lMax + 1) * (lMax + 1);
        this.nCoeff = nMax * nS;
        this.gto = settings.rbf().equals("gto");
        this.inner = settings.average().equals("inner");
        double sigma = settings.sigma(), rc = settings.rCut();
        this.cutoff = rc + sigma * Math.sqrt(-2 * Math.log(1e-3));
        int ns = channels.size();
        this.nFeatures = blockFeatures(ns);
        harmonicScale = SolidHarmonicsTable.of(lMax).soapScale.clone();
        lFactor = new double[lMax + 1];
        for (int l = 0; l <= lMax; l++) lFactor[l] = Math.PI * Math.sqrt(8.0 / (2 * l + 1));
        coeffMatrix = new double[lMax + 1][nMax * nMax];
        coeffMatrixD = new double[lMax + 1][nMax * nMax];
        centreRadial = new double[nMax];
        if (gto) {
            double[][] alpha = RadialBases.gtoAlphas(rc, nMax, lMax);
            double[][][] beta = RadialBases.gtoBetas(alpha);
            gamma = new double[(lMax + 1) * nMax];
            for (int l = 0; l <= lMax; l++) {
                for (int k = 0; k < nMax; k++) {
                    double a = alpha[l][k];
                    double p = a + 1 / (2 * sigma * sigma);
                    gamma[l * nMax + k] = a / (1 + 2 * sigma * sigma * a);
                    double amp = 4 * Math.PI * Math.sqrt(Math.PI) / (Math.pow(sigma, 2 * l) * Math.pow(2, l + 2) * Math.pow(p, l + 1.5));
                    for (int n = 0; n < nMax; n++) {
                        coeffMatrix[l][n * nMax + k] = beta[l][n][k] * amp;
                        coeffMatrixD[l][n * nMax + k] = -gamma[l * nMax + k] * beta[l][n][k] * amp;
                    }
                }
            }
            Arrays.fill(centreRadial, 1.0);
            quadNodes = quadWeights = null;
            gaussTable = GaussianTable.of(gamma, cutoff * cutoff);
            rowTable = GaussianTable.forRows(gamma, cutoff * cutoff);
        } else {
            gamma = null;
            gaussTable = null;
            rowTable = null;
            double[][] beta = RadialBases.polynomialBetas(rc, nMax);
            for (int l = 0; l <= lMax; l++)
                for (int n = 0; n < nMax; n++)
                    for (int k = 0; k < nMax; k++) coeffMatrix[l][n * nMax + k] = 4 * Math.PI * beta[n][k];
            double[][] gl = RadialBases.gaussLegendre(QUADRATURE_POINTS, 0, rc);
            quadNodes = gl[0];
            quadWeights = new double[QUADRATURE_POINTS * nMax];
            for (int q = 0; q < QUADRATURE_POINTS; q++) {
                double rq = quadNodes[q];
                for (int k = 0; k < nMax; k++) quadWeights[q * nMax + k] = gl[1][q] * rq * rq * Math.pow(rc - rq, k + 3);
            }
            // centre atom: x = 0, only l = 0
            for (int q = 0; q < QUADRATURE_POINTS; q++) {
                double g = Math.exp(-quadNodes[q] * quadNodes[q] / (2 * sigma * sigma));
                for (int k = 0; k < nMax; k++) centreRadial[k] += quadWeights[q * nMax + k] * g;
            }
        }
        coeffMatrixT = transposes(coeffMatrix, nMax);
        coeffPacked = new double[(lMax + 1) * nMax * nMax];
        for (int l = 0; l <= lMax; l++) System.arraycopy(coeffMatrixT[l], 0, coeffPacked, l * nMax * nMax, nMax * nMax);
    }

    private static double[][] transposes(double[][] m, int n) {
        double[][] t = new double[m.length][n * n];
        for (int l = 0; l < m.length; l++)
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++) t[l][b * n + a] = m[l][a * n + b];
        return t;
    }

    private int blockFeatures(int ns) {
        int same = nMax * (nMax + 1) / 2 * (lMax + 1), cross = nMax * nMax * (lMax + 1);
        return ns * same + ns * (ns - 1) / 2 * cross;
    }

    @Override
    public String name() {
        return "soap";
    }

    @Override
    public int featureCount() {
        return nFeatures;
    }

    /** r_cut plus DScribe's padding {@code sigma sqrt(-2 ln 1e-3)} (8.717 Å for r_cut 5, sigma 1). */
    @Override
    public double cutoff() {
        return cutoff;
    }

    @Override
    public SoapSettings settings() {
        return settings;
    }

    @Override
    public boolean periodic() {
        return settings.periodic();
    }

    public SpeciesChannels channels() {
        return channels;
    }

    @Override
    public boolean isAtomwise() {
        return !inner;
    }

    /** False for {@code average = "inner"} (every row depends on every atom). */
    @Override
    public boolean hasGradients() {
        return !inner;
    }

    @Override
    public List<String> labels() {
        List<String> out = new ArrayList<>(nFeatures);
        int ns = channels.size();
        for (int a = 0; a < ns; a++)
            for (int b = a; b < ns; b++)
                for (int l = 0; l <= lMax; l++)
                    for (int n = 0; n < nMax; n++)
                        for (int m = a == b ? n : 0; m < nMax; m++)
                            out.add("soap[" + channels.symbol(a) + "-" + channels.symbol(b) + " n=" + n + " n'=" + m + " l=" + l + "]");
        return out;
    }

    /** Per-call scratch space; the gradient arrays only when {@code gradients}. */
    private final class Work {
        final int cap;
        final double[][] x, y, z, r2;
        final int[][] entry;
        final int[] cnt;
        /** harmonics and radial panels: one per channel with gradients (kept for the gradient pass), else one shared. */
        final double[][] sh, rad, shx, shy, shz, radD;
        final double[] g, c, p, ie, h;
        /** {@link #powerSpectrum}: one channel's coefficients of one l transposed, {@code [m][n]}. */
        final double[] ct;
        /** {@link #blockedSums}: the (k x m) sums of every l, and one block's Gaussians neighbour-major. */
        final double[] gAll, radRows;
        /** {@link #blockedSums}: one block's harmonics panel {@code [lm BLOCK + j]} ({@link DescriptorKernels#soapHarmonics}). */
        final double[] shBlock;
        // gradients: G, G' and u, v (panels over neighbours); one neighbour's transposes
        final double[] hd, gl, gd, u, vx, vy, vz, beta, gdt, alpha, ut, vt;

        Work(int ns, int cap, boolean gradients) {
            this.cap = cap;
            x = new double[ns][cap];
            y = new double[ns][cap];
            z = new double[ns][cap];
            r2 = new double[ns][cap];
            entry = new int[ns][cap];
            cnt = new int[ns];
            int panels = gradients ? ns : 1, gp = gradients ? ns : 0;
            sh = new double[panels][nS * cap];
            rad = new double[panels][(lMax + 1) * nMax * cap];
            shx = new double[gp][nS * cap];
            shy = new double[gp][nS * cap];
            shz = new double[gp][nS * cap];
            radD = new double[gp][(lMax + 1) * nMax * cap];
            g = new double[nMax * (2 * lMax + 1)];
            gAll = new double[nMax * nS];
            radRows = new double[BLOCK * (lMax + 1) * nMax];
            shBlock = new double[nS * BLOCK];
            c = new double[ns * nCoeff];
            p = new double[nMax * nMax];
            ct = new double[nMax * (2 * lMax + 1)];
            ie = new double[lMax + 3];
            h = new double[(lMax + 1) * nMax];
            int panel = gradients ? (lMax + 1) * nMax : 0;
            hd = new double[panel];
            gl = new double[panel * (gradients ? cap : 0)];
            gd = new double[gl.length];
            u = new double[ns * gl.length];
            vx = new double[u.length];
            vy = new double[u.length];
            vz = new double[u.length];
            beta = new double[panel];
            gdt = new double[panel];
            alpha = new double[panel];
            ut = new double[ns * panel];
            vt = new double[3 * ns * panel];
        }
    }

    @Override
    public void computeAtoms(Structure s, NeighborList nl, int from, int to, double[] out) {
        check(s, nl, from, to, out);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size();
        int n = s.natoms();
        int lo = inner ? 0 : from, hi = inner ? n : to;
        int cap = 1;
        for (int i = lo; i < hi; i++) cap = Math.max(cap, nl.count(i));
        cap = (cap + 7) & ~7;
        Work w = new Work(ns, cap, false);
        if (inner) {
            double[] mean = new double[ns * nCoeff];
            for (int i = 0; i < n; i++) {
                coefficients(nl, ch, i, w);
                for (int t = 0; t < mean.length; t++) mean[t] += w.c[t];
            }
            for (int t = 0; t < mean.length; t++) mean[t] /= n;
            double[] row = new double[nFeatures];
            if (n > 0) powerSpectrum(mean, w, row, 0, columnLayout(false));
            for (int i = from; i < to; i++) System.arraycopy(row, 0, out, i * nFeatures, nFeatures);
            return;
        }
        for (int i = from; i < to; i++) {
            coefficients(nl, ch, i, w);
            powerSpectrum(w.c, w, out, i * nFeatures, columnLayout(false));
        }
    }

    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients) {
        if (inner) {
            throw new UnsupportedOperationException("SOAP with average=\"inner\" has no pair gradients (every row depends on every"
                    + " atom of the structure); use average=\"off\" for forces and stresses");
        }
        checkGradients(s, nl, from, to, values, pairGradients);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size(), nf = nFeatures;
        Work w = new Work(ns, bufferCapacity(nl, from, to), true);
        double[] r = nl.distances();
        for (int i = from; i < to; i++) {
            coefficients(nl, ch, i, w, true);
            double norm = powerSpectrum(w.c, w, values, i * nf, columnLayout(true));
            double invNorm = norm > 0 ? 1 / norm : 0.0;
            for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                if (r[k] > cutoff) Arrays.fill(pairGradients, 3 * k * nf, 3 * (k + 1) * nf, 0.0); // outside the density: no dependence
            }
            for (int z = 0; z < ns; z++) {
                int m = w.cnt[z];
                if (m == 0) continue;
                gradientPanels(z, m, w);
                for (int t = 0; t < m; t++) neighbourGradient(nl, z, t, w, pairGradients, values, i * nf, invNorm);
            }
        }
    }

    /**
     * For the neighbours of channel z: {@code G_ln, G'_ln} ({@code w.gl, w.gd}) and, for every channel b,
     * {@code u^b_ln'} and {@code v^b_{a,ln'}} ({@code w.u, w.vx, w.vy, w.vz}), panels {@code [(b panel + l nMax + n) cap + t]}.
     */
    private void gradientPanels(int z, int m, Work w) {
        int cap = w.cap, panel = (lMax + 1) * nMax, ns = channels.size();
        double[] rad = w.rad[z], radD = gto ? rad : w.radD[z];
        for (int l = 0; l <= lMax; l++) {
            int po = l * nMax * cap, nm = 2 * l + 1, so = l * l * cap;
            kernels.panelProduct(coeffMatrix[l], 0, nMax, nMax, rad, po, cap, 0, m, w.gl, po, cap);
            kernels.panelProduct(gto ? coeffMatrixD[l] : coeffMatrix[l], 0, nMax, nMax, radD, po, cap, 0, m, w.gd, po, cap);
            for (int b = 0; b < ns; b++) {
                int cOff = b * nCoeff + nMax * l * l, uo = (b * panel + l * nMax) * cap;
                kernels.panelProduct(w.c, cOff, nMax, nm, w.sh[z], so, cap, 0, m, w.u, uo, cap);
                kernels.panelProduct(w.c, cOff, nMax, nm, w.shx[z], so, cap, 0, m, w.vx, uo, cap);
                kernels.panelProduct(w.c, cOff, nMax, nm, w.shy[z], so, cap, 0, m, w.vy, uo, cap);
                kernels.panelProduct(w.c, cOff, nMax, nm, w.shz[z], so, cap, 0, m, w.vz, uo, cap);
            }
        }
    }

    /** Writes the three pair-gradient rows of neighbour t of channel z (rank-two blocks per species pair and l). */
    private void neighbourGradient(NeighborList nl, int z, int t, Work w, double[] g, double[] values, int valueRow, double invNorm) {
        int cap = w.cap, panel = (lMax + 1) * nMax, ns = channels.size(), nf = nFeatures;
        for (int l = 0; l <= lMax; l++) {
            for (int n = 0; n < nMax; n++) {
                int idx = l * nMax + n;
                w.beta[idx] = lFactor[l] * w.gl[idx * cap + t];
                w.gdt[idx] = 2 * lFactor[l] * w.gd[idx * cap + t];
            }
        }
        for (int b = 0; b < ns; b++) {
            for (int idx = 0; idx < panel; idx++) {
                int src = (b * panel + idx) * cap + t;
                w.ut[b * panel + idx] = w.u[src];
                w.vt[3 * b * panel + idx] = w.vx[src];
                w.vt[(3 * b + 1) * panel + idx] = w.vy[src];
                w.vt[(3 * b + 2) * panel + idx] = w.vz[src];
            }
        }
        int k = w.entry[z][t];
        double[] disp = {nl.dx()[k], nl.dy()[k], nl.dz()[k]};
        int same = nMax * (nMax + 1) / 2, cross = nMax * nMax;
        for (int a = 0; a < 3; a++) {
            for (int idx = 0; idx < panel; idx++) w.alpha[idx] = disp[a] * w.gdt[idx];
            int row = (3 * k + a) * nf, f = row;
            for (int ca = 0; ca < ns; ca++) {
                for (int cb = ca; cb < ns; cb++) {
                    // one block of l_max + 1 rank-two n x n' matrices (layout: l outer, then n, then n')
                    int size = (ca == cb ? same : cross) * (lMax + 1);
                    if (ca == cb && ca == z) {
                        kernels.rankTwo(w.alpha, 0, w.ut, z * panel, w.beta, 0, w.vt, (3 * z + a) * panel, nMax, lMax + 1, true, g, f);
                    } else if (ca == z) {
                        kernels.rankTwo(w.alpha, 0, w.ut, cb * panel, w.beta, 0, w.vt, (3 * cb + a) * panel, nMax, lMax + 1, false, g, f);
                    } else if (cb == z) {
                        kernels.rankTwo(w.ut, ca * panel, w.alpha, 0, w.vt, (3 * ca + a) * panel, w.beta, 0, nMax, lMax + 1, false, g, f);
                    } else {
                        Arrays.fill(g, f, f + size, 0.0);
                    }
                    f += size;
                }
            }
            if (invNorm > 0) kernels.projectOut(values, valueRow, g, row, nf, invNorm);
        }
    }

    private void coefficients(NeighborList nl, int[] ch, int i, Work w) {
        coefficients(nl, ch, i, w, false);
    }

    /**
     * Whether {@link #coefficients} writes the column layout {@code c[channel nCoeff + (l^2 + l + m) nMax + n]} (GTO with
     * the table, values only: {@link #blockedSums} and {@link DescriptorKernels#soapRadialProduct}) rather than the row
     * layout {@code c[channel nCoeff + nMax l^2 + n (2l+1) + (m + l)]} (the gradient path and the polynomial basis).
     */
    private boolean columnLayout(boolean gradients) {
        return !gradients && gaussTable != null; // gaussTable is only made for the GTO basis
    }

    /**
     * Fills {@code w.c[channel * nCoeff + nMax l^2 + n (2l+1) + (m + l)] = c^channel_nlm} for centre i (the column layout
     * of {@link #columnLayout} when that applies), and with {@code gradients} also the harmonics' gradients and the radial
     * derivatives of every neighbour.
     */
    private void coefficients(NeighborList nl, int[] ch, int i, Work w, boolean gradients) {
        int ns = channels.size();
        Arrays.fill(w.cnt, 0);
        int[] nj = nl.neighbors();
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz(), r = nl.distances();
        // one species, blocked sums (values only), every entry inside the density: blockedSums reads the displacements
        // from the list's ranges (w.entry is only read by the gradient path)
        boolean blocked = columnLayout(gradients);
        boolean copied = ns == 1 && blocked && oneChannelInside(nl, i, w);
        if (!copied) {
            for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                if (r[k] > cutoff) continue;
                int c = ch[nj[k]];
                int t = w.cnt[c]++;
                w.entry[c][t] = k;
                w.x[c][t] = dx[k];
                w.y[c][t] = dy[k];
                w.z[c][t] = dz[k];
                w.r2[c][t] = r[k] * r[k];
            }
        }
        int cap = w.cap;
        if (blocked) {
            for (int c = 0; c < ns; c++) {
                // with one channel inside the density the displacements are read from the list's ranges, else from w.x/y/z
                if (copied) blockedSums(nl.dx(), nl.dy(), nl.dz(), nl.start(i), c, w.cnt[c], w);
                else blockedSums(w.x[c], w.y[c], w.z[c], 0, c, w.cnt[c], w);
                // the centre atom's own Gaussian (l = 0), in the units of soapHarmonics: S_00 / soapScale[0] = 1
                if (c == ch[i]) for (int k = 0; k < nMax; k++) w.gAll[k] += centreRadial[k];
                // the harmonics' normalisation per (l, m) column is applied by the radial product, once per centre
                kernels.soapRadialProduct(coeffPacked, 0, w.gAll, 0, nMax, lMax, harmonicScale, w.c, c * nCoeff);
            }
            return;
        }
        for (int c = 0; c < ns; c++) {
            int m = w.cnt[c];
            int cOff = c * nCoeff;
            int panel = gradients ? c : 0;
            double[] sh = w.sh[panel], rad = w.rad[panel];
            if (m > 0) {
                if (gradients) kernels.solidHarmonicsGradient(w.x[c], w.y[c], w.z[c], 0, m, lMax, sh, w.shx[c], w.shy[c], w.shz[c], cap);
                else kernels.solidHarmonics(w.x[c], w.y[c], w.z[c], 0, m, lMax, sh, cap);
                if (gto && gaussTable != null) kernels.gaussianTable(w.r2[c], 0, m, gaussTable, rad, cap);
                else if (gto) kernels.gaussians(w.r2[c], 0, m, gamma, rad, cap);
                else polynomialRadial(w.r2[c], m, w, rad, gradients ? w.radD[c] : null);
            }
            for (int l = 0; l <= lMax; l++) {
                int nm = 2 * l + 1;
                if (m > 0) {
                    kernels.rowDots(rad, l * nMax * cap, nMax, sh, l * l * cap, nm, m, cap, w.g, 0);
                } else {
                    Arrays.fill(w.g, 0, nMax * nm, 0.0);
                }
                if (l == 0 && c == ch[i]) {
                    // the centre atom's own Gaussian: S_00 = 1 / sqrt(4 pi)
                    for (int k = 0; k < nMax; k++) w.g[k] += centreRadial[k] / Math.sqrt(4 * Math.PI);
                }
                int base = cOff + nMax * l * l;
                double[] b = coeffMatrix[l];
                for (int nn = 0; nn < nMax; nn++) {
                    for (int mm = 0; mm < nm; mm++) {
                        double sum = 0;
                        for (int k = 0; k < nMax; k++) sum += b[nn * nMax + k] * w.g[k * nm + mm];
                        w.c[base + nn * nm + mm] = sum;
                    }
                }
            }
        }
    }

    /**
     * One species, values only: when every entry of centre i lies inside the density cutoff (the usual case: the list's
     * cutoff is the descriptor's), fills channel 0's {@code r^2 = r r} (the same values as the per-entry fill) and returns
     * true: {@link #blockedSums} then reads the displacements from the list's ranges (no copy of them per centre); else
     * writes nothing that counts and returns false (the caller then filters entry by entry). Measured ~6 % of the rows'
     * CPU in the per-entry fill (JFR, bcc W 16k), whose counter {@code w.cnt[c]++} is a store-to-load chain per entry.
     */
    private boolean oneChannelInside(NeighborList nl, int i, Work w) {
        int s0 = nl.start(i), m = nl.end(i) - s0;
        double[] r = nl.distances(), r2 = w.r2[0];
        double cut = cutoff;
        boolean inside = true;
        for (int t = 0; t < m; t++) {
            double rr = r[s0 + t];
            inside &= rr <= cut;
            r2[t] = rr * rr;
        }
        if (!inside) return false;
        w.cnt[0] = m;
        return true;
    }

    /**
     * Neighbours per block of {@link #blockedSums}: its harmonics and Gaussians take ~54 KB (L2). 64 measured ~7 % faster
     * than 32 (27 KB, L1) in thread CPU on the bcc W box (fewer per-block accumulator passes of {@code soapContract}),
     * 128 no faster than 64.
     */
    static final int BLOCK = 64;

    /**
     * GTO with the table, values only: {@code w.gAll[nMax (l^2 + l + m) + k] = sum_j exp(-gamma_lk r_j^2) S_lm(d_j)}
     * over the m neighbours of channel c (displacements {@code xs, ys, zs} from {@code off}, {@code r^2} in
     * {@code w.r2[c]} from 0), in blocks of {@link #BLOCK} neighbours: the block's solid harmonics
     * ({@code w.sh[0]}, columns j of the block), its Gaussians neighbour-major ({@code w.radRows}, no gather) and the
     * (k x m) contraction of every l accumulated with {@link DescriptorKernels#soapContract}.
     */
    private void blockedSums(double[] xs, double[] ys, double[] zs, int off, int c, int m, Work w) {
        Arrays.fill(w.gAll, 0.0);
        int nq = (lMax + 1) * nMax;
        double[] sh = w.shBlock;
        for (int j0 = 0; j0 < m; j0 += BLOCK) {
            int j1 = Math.min(m, j0 + BLOCK), len = j1 - j0;
            // the block's harmonics in its own columns 0..len-1 (stride BLOCK, a constant the l_max 6 contraction is
            // specialised on), the displacements read in place
            kernels.soapHarmonics(xs, ys, zs, off + j0, 0, len, lMax, sh, BLOCK);
            if (rowTable != null) kernels.soapGaussianRows(w.r2[c], j0, j1, rowTable, w.radRows, 0);
            else kernels.gaussianTableRows(w.r2[c], j0, j1, gaussTable, w.radRows, 0);
            kernels.soapContract(w.radRows, 0, nq, sh, 0, BLOCK, len, nMax, lMax, w.gAll, 0);
        }
    }

    /**
     * Polynomial basis: {@code rad[(l nMax + k) cap + j] = I_lk(d_j) / d_j^l} (divides the solid harmonics back to
     * Y_lm) and, if {@code radD} is given, its derivative with respect to {@code d^2}:
     * {@code (I'/d^l - l I/d^(l+1)) / (2d)} with
     * {@code I' = sum_q w_qk g_q / sigma^2 (r_q (l ie_{l-1} + (l+1) ie_{l+1}) / (2l+1) - d ie_l)}, {@code ie_l = e^{-x} i_l(x)}.
     */
    private void polynomialRadial(double[] r2, int m, Work w, double[] rad, double[] radD) {
        double sigma = settings.sigma();
        double inv2s2 = 1 / (2 * sigma * sigma), invS2 = 1 / (sigma * sigma);
        int cap = w.cap;
        boolean deriv = radD != null;
        for (int j = 0; j < m; j++) {
            double d = Math.sqrt(r2[j]);
            Arrays.fill(w.h, 0.0);
            if (deriv) Arrays.fill(w.hd, 0.0);
            for (int q = 0; q < QUADRATURE_POINTS; q++) {
                double rq = quadNodes[q];
                double diff = rq - d;
                double g = Math.exp(-diff * diff * inv2s2);
                RadialBases.scaledBesselI(rq * d * invS2, deriv ? lMax + 1 : lMax, w.ie);
                int o = q * nMax;
                for (int l = 0; l <= lMax; l++) {
                    double f = g * w.ie[l];
                    for (int k = 0; k < nMax; k++) w.h[l * nMax + k] += quadWeights[o + k] * f;
                }
                if (!deriv) continue;
                for (int l = 0; l <= lMax; l++) {
                    double up = (l > 0 ? l * w.ie[l - 1] : 0.0) + (l + 1) * w.ie[l + 1];
                    double f = g * invS2 * (rq * up / (2 * l + 1) - d * w.ie[l]);
                    for (int k = 0; k < nMax; k++) w.hd[l * nMax + k] += quadWeights[o + k] * f;
                }
            }
            double dl = 1;
            for (int l = 0; l <= lMax; l++) {
                for (int k = 0; k < nMax; k++) {
                    double hv = w.h[l * nMax + k];
                    rad[(l * nMax + k) * cap + j] = hv / dl;
                    if (deriv) radD[(l * nMax + k) * cap + j] = (w.hd[l * nMax + k] / dl - l * hv / (dl * d)) / (2 * d);
                }
                dl *= d;
            }
        }
    }

    /**
     * Writes the power spectrum of coefficients {@code c} (the column layout if {@code columns}, see {@link #columnLayout})
     * to {@code out[off ...]}; returns its norm before normalisation (0 if not normalised).
     */
    private double powerSpectrum(double[] c, Work w, double[] out, int off, boolean columns) {
        int ns = channels.size();
        int f = off;
        for (int a = 0; a < ns; a++) {
            for (int b = a; b < ns; b++) {
                if (columns) {
                    kernels.soapPower(c, a * nCoeff, c, b * nCoeff, nMax, lMax, lFactor, a == b, out, f);
                    f += (a == b ? nMax * (nMax + 1) / 2 : nMax * nMax) * (lMax + 1);
                    continue;
                }
                for (int l = 0; l <= lMax; l++) {
                    int nm = 2 * l + 1;
                    int base = nMax * l * l;
                    // p_nn' = sum_m c^a_nm c^b_n'm with lanes over n: A = (c^a)^T by rows m, B = c^b by rows n'
                    int ao = a * nCoeff + base;
                    for (int n = 0; n < nMax; n++)
                        for (int m = 0; m < nm; m++) w.ct[m * nMax + n] = c[ao + n * nm + m];
                    Arrays.fill(w.p, 0.0);
                    kernels.columnDots(w.ct, 0, nMax, nMax, c, b * nCoeff + base, nm, 1, nMax, nm, w.p, 0);
                    double fac = lFactor[l];
                    for (int n = 0; n < nMax; n++)
                        for (int m = a == b ? n : 0; m < nMax; m++) out[f++] = fac * w.p[n * nMax + m];
                }
            }
        }
        if (!settings.normalize()) return 0.0;
        double norm = 0;
        for (int t = off; t < f; t++) norm += out[t] * out[t];
        norm = Math.sqrt(norm);
        if (norm > 0) for (int t = off; t < f; t++) out[t] /= norm;
        return norm;
    }
}
