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
 */
public final class SoapPowerSpectrum extends AtomwiseDescriptor {
    private static final int QUADRATURE_POINTS = 100;

    private final SoapSettings settings;
    private final SpeciesChannels channels;
    private final DescriptorKernels kernels;
    private final int nMax, lMax, nS, nCoeff, nFeatures;
    private final double cutoff;
    private final boolean gto, inner;
    /** gto: exponents gamma[l * nMax + k]. */
    private final double[] gamma;
    /** c = B^l G: {@code coeffMatrix[l][n * nMax + k]}. */
    private final double[][] coeffMatrix;
    /** the centre atom's l = 0 radial value per k. */
    private final double[] centreRadial;
    /** polynomial quadrature: nodes, and weight w_q r_q^2 (r_cut - r_q)^(k+2) at [q * nMax + k]. */
    private final double[] quadNodes, quadWeights;
    private final double[] lFactor;

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
        lFactor = new double[lMax + 1];
        for (int l = 0; l <= lMax; l++) lFactor[l] = Math.PI * Math.sqrt(8.0 / (2 * l + 1));
        coeffMatrix = new double[lMax + 1][nMax * nMax];
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
                    for (int n = 0; n < nMax; n++) coeffMatrix[l][n * nMax + k] = beta[l][n][k] * amp;
                }
            }
            Arrays.fill(centreRadial, 1.0);
            quadNodes = quadWeights = null;
        } else {
            gamma = null;
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

    public SpeciesChannels channels() {
        return channels;
    }

    @Override
    public boolean isAtomwise() {
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

    /** Per-call scratch space. */
    private final class Work {
        final int cap;
        final double[][] x, y, z, r2;
        final int[] cnt;
        final double[] sh, rad, g, c, p, ie, h;

        Work(int ns, int cap) {
            this.cap = cap;
            x = new double[ns][cap];
            y = new double[ns][cap];
            z = new double[ns][cap];
            r2 = new double[ns][cap];
            cnt = new int[ns];
            sh = new double[nS * cap];
            rad = new double[(lMax + 1) * nMax * cap];
            g = new double[nMax * (2 * lMax + 1)];
            c = new double[ns * nCoeff];
            p = new double[nMax * nMax];
            ie = new double[Math.max(lMax, 1) + 1];
            h = new double[(lMax + 1) * nMax];
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
        Work w = new Work(ns, cap);
        if (inner) {
            double[] mean = new double[ns * nCoeff];
            for (int i = 0; i < n; i++) {
                coefficients(nl, ch, i, w);
                for (int t = 0; t < mean.length; t++) mean[t] += w.c[t];
            }
            for (int t = 0; t < mean.length; t++) mean[t] /= n;
            double[] row = new double[nFeatures];
            if (n > 0) powerSpectrum(mean, w, row, 0);
            for (int i = from; i < to; i++) System.arraycopy(row, 0, out, i * nFeatures, nFeatures);
            return;
        }
        for (int i = from; i < to; i++) {
            coefficients(nl, ch, i, w);
            powerSpectrum(w.c, w, out, i * nFeatures);
        }
    }

    /** Fills {@code w.c[channel * nCoeff + nMax l^2 + n (2l+1) + (m + l)] = c^channel_nlm} for centre i. */
    private void coefficients(NeighborList nl, int[] ch, int i, Work w) {
        int ns = channels.size();
        Arrays.fill(w.cnt, 0);
        int[] nj = nl.neighbors();
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz(), r = nl.distances();
        for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
            if (r[k] > cutoff) continue;
            int c = ch[nj[k]];
            int t = w.cnt[c]++;
            w.x[c][t] = dx[k];
            w.y[c][t] = dy[k];
            w.z[c][t] = dz[k];
            w.r2[c][t] = r[k] * r[k];
        }
        int cap = w.cap;
        for (int c = 0; c < ns; c++) {
            int m = w.cnt[c];
            int cOff = c * nCoeff;
            if (m > 0) {
                kernels.solidHarmonics(w.x[c], w.y[c], w.z[c], 0, m, lMax, w.sh, cap);
                if (gto) kernels.gaussians(w.r2[c], 0, m, gamma, w.rad, cap);
                else polynomialRadial(w.r2[c], m, w);
            }
            for (int l = 0; l <= lMax; l++) {
                int nm = 2 * l + 1;
                if (m > 0) {
                    kernels.rowDots(w.rad, l * nMax * cap, nMax, w.sh, l * l * cap, nm, m, cap, w.g, 0);
                } else {
                    Arrays.fill(w.g, 0, nMax * nm, 0.0);
                }
                if (l == 0 && c == ch[i]) {
                    // the centre atom's own Gaussian: S_00 = 1 / sqrt(4 pi)
                    for (int k = 0; k < nMax; k++) w.g[k] += centreRadial[k] / Math.sqrt(4 * Math.PI);
                }
                double[] b = coeffMatrix[l];
                int base = cOff + nMax * l * l;
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

    /** Polynomial basis: {@code w.rad[(l nMax + k) cap + j] = I_lk(d_j) / d_j^l} (divides the solid harmonics back to Y_lm). */
    private void polynomialRadial(double[] r2, int m, Work w) {
        double sigma = settings.sigma();
        double inv2s2 = 1 / (2 * sigma * sigma), invS2 = 1 / (sigma * sigma);
        int cap = w.cap;
        for (int j = 0; j < m; j++) {
            double d = Math.sqrt(r2[j]);
            Arrays.fill(w.h, 0.0);
            for (int q = 0; q < QUADRATURE_POINTS; q++) {
                double rq = quadNodes[q];
                double diff = rq - d;
                double g = Math.exp(-diff * diff * inv2s2);
                RadialBases.scaledBesselI(rq * d * invS2, lMax, w.ie);
                for (int l = 0; l <= lMax; l++) {
                    double f = g * w.ie[l];
                    int o = q * nMax;
                    for (int k = 0; k < nMax; k++) w.h[l * nMax + k] += quadWeights[o + k] * f;
                }
            }
            double dl = 1;
            for (int l = 0; l <= lMax; l++) {
                for (int k = 0; k < nMax; k++) w.rad[(l * nMax + k) * cap + j] = w.h[l * nMax + k] / dl;
                dl *= d;
            }
        }
    }

    /** Writes the power spectrum of coefficients {@code c} to {@code out[off ...]}. */
    private void powerSpectrum(double[] c, Work w, double[] out, int off) {
        int ns = channels.size();
        int f = off;
        for (int a = 0; a < ns; a++) {
            for (int b = a; b < ns; b++) {
                for (int l = 0; l <= lMax; l++) {
                    int nm = 2 * l + 1;
                    int base = nMax * l * l;
                    kernels.rowDots(c, a * nCoeff + base, nMax, c, b * nCoeff + base, nMax, nm, nm, w.p, 0);
                    double fac = lFactor[l];
                    for (int n = 0; n < nMax; n++)
                        for (int m = a == b ? n : 0; m < nMax; m++) out[f++] = fac * w.p[n * nMax + m];
                }
            }
        }
        if (settings.normalize()) {
            double norm = 0;
            for (int t = off; t < f; t++) norm += out[t] * out[t];
            norm = Math.sqrt(norm);
            if (norm > 0) for (int t = off; t < f; t++) out[t] /= norm;
        }
    }
}
