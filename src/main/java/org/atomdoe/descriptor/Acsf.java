package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * Atom-centred symmetry functions (Behler, J. Chem. Phys. 134, 074106 (2011)) with DScribe 2.1.1's
 * species resolution and layout. With {@code fc(r) = (cos(pi r / r_cut) + 1) / 2} and neighbours
 * {@code j != i} within {@code r_cut} (images included):
 * <pre>G1 = sum_j fc(r_ij)          G2 = sum_j exp(-eta (r_ij - R_s)^2) fc(r_ij)
 * G3 = sum_j cos(kappa r_ij) fc(r_ij)
 * G4 = 2^(1-zeta) sum_{j&lt;k} (1 + lambda cos theta_jik)^zeta exp(-eta (r_ij^2 + r_ik^2 + r_jk^2)) fc(r_ij) fc(r_ik) fc(r_jk)
 *      (a pair is dropped when r_jk &gt; r_cut)
 * G5 = 2^(1-zeta) sum_{j&lt;k} (1 + lambda cos theta_jik)^zeta exp(-eta (r_ij^2 + r_ik^2)) fc(r_ij) fc(r_ik)</pre>
 * each unordered neighbour pair counted once. Layout (independent of the centre species): for
 * each neighbour species Z in ascending order {@code [G1, G2..., G3...]}, then for each unordered
 * neighbour species pair (hi, lo) = (0,0), (1,0), (1,1), (2,0)... {@code [G4..., G5...]}.
 * Labels e.g. {@code acsf[G2 Si eta=0.5 Rs=2]}, {@code acsf[G4 Si-Si eta=0.01 zeta=1 lambda=1]}.
 *
 * <p>Pair gradients ({@link DifferentiableDescriptor}): a two-body term moves along its own
 * displacement, {@code d G / d D = G'(r) D / r}; a three-body term of the pair (j, k) has gradients
 * on both entries, {@code dT/dD_j = c_jj D_j + c_jk D_k} and {@code dT/dD_k = c_kk D_k + c_jk D_j},
 * with the coefficients of {@link DescriptorKernels#acsfAngularGradient} (the chain rule through
 * {@code cos theta_jik}, {@code r_ij}, {@code r_ik} and {@code r_jk}). Values and gradients come from
 * one pass over the pairs.
 */
public final class Acsf extends AtomwiseDescriptor implements DifferentiableDescriptor {
    private final AcsfSettings settings;
    private final SpeciesChannels channels;
    private final DescriptorKernels kernels;
    private final double[] g2Eta, g2Rs, g3Kappa, g4Eta, g4Zeta, g4Lambda, g5Eta, g5Zeta, g5Lambda;
    private final int radialBlock, angularBlock, nFeatures;

    public Acsf(AcsfSettings settings) {
        this(settings, DescriptorKernels.DEFAULT);
    }

    public Acsf(AcsfSettings settings, DescriptorKernels kernels) {
        this.settings = settings;
        this.channels = SpeciesChannels.of(settings.species());
        this.kernels = kernels;
        g2Eta = column(settings.g2Params(), 0);
        g2Rs = column(settings.g2Params(), 1);
        g3Kappa = settings.g3Params().clone();
        g4Eta = column(settings.g4Params(), 0);
        g4Zeta = column(settings.g4Params(), 1);
        g4Lambda = column(settings.g4Params(), 2);
        g5Eta = column(settings.g5Params(), 0);
        g5Zeta = column(settings.g5Params(), 1);
        g5Lambda = column(settings.g5Params(), 2);
        int ns = channels.size();
        radialBlock = 1 + g2Eta.length + g3Kappa.length;
        angularBlock = g4Eta.length + g5Eta.length;
        nFeatures = ns * radialBlock + ns * (ns + 1) / 2 * angularBlock;
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][c];
        return out;
    }

    @Override
    public String name() {
        return "acsf";
    }

    @Override
    public int featureCount() {
        return nFeatures;
    }

    @Override
    public double cutoff() {
        return settings.rCut();
    }

    @Override
    public AcsfSettings settings() {
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
    public List<String> labels() {
        List<String> out = new ArrayList<>(nFeatures);
        int ns = channels.size();
        for (int c = 0; c < ns; c++) {
            String z = channels.symbol(c);
            out.add("acsf[G1 " + z + "]");
            for (int p = 0; p < g2Eta.length; p++) out.add("acsf[G2 " + z + " eta=" + g2Eta[p] + " Rs=" + g2Rs[p] + "]");
            for (double k : g3Kappa) out.add("acsf[G3 " + z + " kappa=" + k + "]");
        }
        for (int hi = 0; hi < ns; hi++) {
            for (int lo = 0; lo <= hi; lo++) {
                String pair = channels.symbol(hi) + "-" + channels.symbol(lo);
                for (int p = 0; p < g4Eta.length; p++)
                    out.add("acsf[G4 " + pair + " eta=" + g4Eta[p] + " zeta=" + g4Zeta[p] + " lambda=" + g4Lambda[p] + "]");
                for (int p = 0; p < g5Eta.length; p++)
                    out.add("acsf[G5 " + pair + " eta=" + g5Eta[p] + " zeta=" + g5Zeta[p] + " lambda=" + g5Lambda[p] + "]");
            }
        }
        return out;
    }

    @Override
    public void computeAtoms(Structure s, NeighborList nl, int from, int to, double[] out) {
        check(s, nl, from, to, out);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size();
        int maxCount = 1;
        for (int i = from; i < to; i++) maxCount = Math.max(maxCount, nl.count(i));
        // neighbours of the current centre grouped by species channel
        // PAD spare entries: pair rows are computed in whole vectors (see pairs)
        int bufCap = maxCount + PAD;
        double[][] bx = new double[ns][bufCap], by = new double[ns][bufCap], bz = new double[ns][bufCap];
        double[][] br = new double[ns][bufCap], bfc = new double[ns][bufCap];
        // unit vectors d / r of the neighbours: the G4 pair geometry by the law of cosines (pairGeometryWithinUnit)
        boolean unit = g5Eta.length == 0;
        double[][] ux = new double[ns][unit ? bufCap : 0], uy = new double[ns][unit ? bufCap : 0], uz = new double[ns][unit ? bufCap : 0];
        int block = Math.max(1, Math.min(PAD, kernels.pairBlock()));
        int[] cnt = new int[ns];
        boolean angular = angularBlock > 0;
        int pairCap = angular ? maxCount * (maxCount - 1) / 2 + 1 + PAD : 0;
        double[] pCos = new double[pairCap], pRsq = new double[pairCap], pRjk = new double[pairCap], pFc = new double[pairCap];
        int[] nj = nl.neighbors();
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz(), r = nl.distances();
        double rc = settings.rCut();
        for (int i = from; i < to; i++) {
            int row = i * nFeatures;
            Arrays.fill(out, row, row + nFeatures, 0.0);
            Arrays.fill(cnt, 0);
            if (ns == 1) {
                // one species: the centre's list entries are already contiguous; copy them whole, then drop any
                // beyond r_cut (a list built for a larger cutoff) in place
                int k0 = nl.start(i), n = nl.end(i) - k0, t = 0;
                double[] x0 = bx[0], y0 = by[0], z0 = bz[0], r0 = br[0];
                System.arraycopy(dx, k0, x0, 0, n);
                System.arraycopy(dy, k0, y0, 0, n);
                System.arraycopy(dz, k0, z0, 0, n);
                System.arraycopy(r, k0, r0, 0, n);
                for (int q = 0; q < n; q++) {
                    if (r0[q] > rc) continue;
                    if (t != q) {
                        x0[t] = x0[q];
                        y0[t] = y0[q];
                        z0[t] = z0[q];
                        r0[t] = r0[q];
                    }
                    t++;
                }
                cnt[0] = t;
            } else {
                for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                    double rk = r[k];
                    if (rk > rc) continue;
                    int c = ch[nj[k]];
                    int t = cnt[c]++;
                    bx[c][t] = dx[k];
                    by[c][t] = dy[k];
                    bz[c][t] = dz[k];
                    br[c][t] = rk;
                }
            }
            // fc of the neighbours in one vector pass per species (a Math.cos per neighbour cost ~15 ns); PAD entries
            // past the end far away (r_jk > r_cut from every neighbour, weight 0), so that pairsWithin runs whole vectors
            if (angular) {
                for (int c = 0; c < ns; c++) {
                    for (int t = cnt[c]; t < cnt[c] + PAD; t++) {
                        bx[c][t] = FAR;
                        by[c][t] = FAR;
                        bz[c][t] = FAR;
                        br[c][t] = FAR;
                    }
                    // in whole blocks (no scalar Math.cos tail): the padding's values are finite and then set to 0
                    kernels.cutoffValues(br[c], 0, (cnt[c] + block - 1) / block * block, rc, bfc[c], 0);
                    for (int t = cnt[c]; t < cnt[c] + PAD; t++) bfc[c][t] = 0.0;
                    if (unit) {
                        double[] x = bx[c], y = by[c], z = bz[c], rr = br[c], ua = ux[c], ub = uy[c], uc = uz[c];
                        for (int t = 0; t < cnt[c]; t++) {
                            double inv = 1.0 / rr[t];
                            ua[t] = x[t] * inv;
                            ub[t] = y[t] * inv;
                            uc[t] = z[t] * inv;
                        }
                        // padding: r = FAR and u = 0, so rjk2 = r_j^2 + FAR^2 > r_cut^2 (never kept)
                        for (int t = cnt[c]; t < cnt[c] + PAD; t++) {
                            ua[t] = 0.0;
                            ub[t] = 0.0;
                            uc[t] = 0.0;
                        }
                    }
                }
            }
            for (int c = 0; c < ns; c++) {
                if (cnt[c] == 0) continue;
                // with three-body terms the cutoff values are made already
                if (angular) kernels.acsfRadialWithCutoffs(br[c], bfc[c], 0, 0, cnt[c], rc, true, g2Eta, g2Rs, g3Kappa, out, row + c * radialBlock);
                else kernels.acsfRadial(br[c], 0, cnt[c], rc, true, g2Eta, g2Rs, g3Kappa, out, row + c * radialBlock);
            }
            if (!angular) continue;
            int pairType = 0;
            for (int hi = 0; hi < ns; hi++) {
                for (int lo = 0; lo <= hi; lo++, pairType++) {
                    int off = row + ns * radialBlock + pairType * angularBlock;
                    // G4 terms vanish for r_jk > r_cut (fc(r_jk) = 0): ~60 % of the pairs in a bcc metal at r_cut 5 Å,
                    // dropped before the G4 sums; G5 needs every pair
                    int nw;
                    if (g5Eta.length > 0) {
                        int np = pairs(bx, by, bz, br, bfc, cnt, hi, lo, pCos, pRsq, pRjk, pFc);
                        if (np == 0) continue;
                        kernels.acsfAngular(pCos, pRsq, pRjk, pFc, 0, padded(np, PAD, pCos, pRsq, pRjk, pFc), rc, false,
                                g5Eta, g5Zeta, g5Lambda, out, off + g4Eta.length);
                        nw = g4Eta.length > 0 ? within(rc, np, pCos, pRsq, pRjk, pFc) : 0;
                    } else {
                        nw = pairsWithin(ux, uy, uz, br, bfc, cnt, hi, lo, rc, block, pCos, pRsq, pRjk, pFc);
                    }
                    if (nw > 0 && g4Eta.length > 0) kernels.acsfAngular(pCos, pRsq, pRjk, pFc, 0, padded(nw, block, pCos, pRsq, pRjk, pFc), rc, true,
                            g4Eta, g4Zeta, g4Lambda, out, off);
                }
            }
        }
    }

    /** Spare entries of the neighbour and pair buffers: rows of pairs are computed in blocks of PAD. */
    static final int PAD = 8;
    /** Coordinates and distance of the padding neighbours: r_jk^2 ~ 1e200 &gt; r_cut^2 from any real neighbour, finite. */
    private static final double FAR = 1e100;

    /**
     * Flattens the unordered neighbour pairs of species (hi, lo) into the pair arrays; returns their number. Each row
     * of pairs (one j, k in [kFrom, nb)) is computed as a whole number of blocks of PAD entries, so that the vector
     * kernels run without scalar tails: the entries past a row's end are overwritten by the next row, and the caller
     * pads the last row ({@link #padded}).
     */
    private int pairs(double[][] bx, double[][] by, double[][] bz, double[][] br, double[][] bfc, int[] cnt,
                      int hi, int lo, double[] pCos, double[] pRsq, double[] pRjk, double[] pFc) {
        int np = 0;
        double[] xa = bx[hi], ya = by[hi], za = bz[hi], ra = br[hi], fa = bfc[hi];
        int na = cnt[hi], nb = cnt[lo];
        for (int j = 0; j < na; j++) {
            int kFrom = hi == lo ? j + 1 : 0;
            if (kFrom >= nb) continue;
            int len = nb - kFrom, padded = (len + PAD - 1) / PAD * PAD;
            // reads up to PAD - 1 stale entries past nb (finite or not, their results are overwritten)
            kernels.pairGeometry(xa[j], ya[j], za[j], ra[j], fa[j], bx[lo], by[lo], bz[lo], br[lo], bfc[lo], kFrom, kFrom + padded,
                    pCos, pRsq, pRjk, pFc, np);
            np += len;
        }
        return np;
    }

    /**
     * The pairs of species (hi, lo) with {@code r_jk <= r_cut} only, from the neighbours' unit vectors
     * ({@link DescriptorKernels#pairGeometryWithinUnit}), each row rounded up to a multiple of {@code block} (the
     * kernels' lane count: the entries past nb are far away and never kept); returns their number.
     */
    private int pairsWithin(double[][] bx, double[][] by, double[][] bz, double[][] br, double[][] bfc, int[] cnt,
                            int hi, int lo, double rc, int block, double[] pCos, double[] pRsq, double[] pRjk2, double[] pFc) {
        return kernels.pairRowsWithinUnit(bx[hi], by[hi], bz[hi], br[hi], bfc[hi], cnt[hi], bx[lo], by[lo], bz[lo], br[lo], bfc[lo], cnt[lo],
                hi == lo, block, rc, pCos, pRsq, pRjk2, pFc, 0);
    }

    /**
     * Moves the pairs {@code t < np} with {@code r_jk^2 <= r_cut^2} to the front, in order (the only ones with a G4 term;
     * branch-free: every pair is copied, the write index advances only for the kept ones); returns their number.
     */
    private static int within(double rc, int np, double[] pCos, double[] pRsq, double[] pRjk2, double[] pFc) {
        int m = 0;
        double rc2 = rc * rc;
        for (int t = 0; t < np; t++) {
            double d2 = pRjk2[t];
            pCos[m] = pCos[t];
            pRsq[m] = pRsq[t];
            pRjk2[m] = d2;
            pFc[m] = pFc[t];
            // + 1 when rc^2 - d2 >= +0 (sign bit clear): no branch to mispredict (~40 % of the pairs are kept)
            m += 1 - (int) (Double.doubleToRawLongBits(rc2 - d2) >>> 63);
        }
        return m;
    }

    /**
     * Sets the entries {@code [np, end)} to a pair of weight {@code fcij = 0} (cos, rsq and rjk 0), which adds exactly
     * zero to every G4/G5 sum, with {@code end} = np rounded up to a multiple of {@code block} (at most {@link #PAD});
     * returns end.
     */
    private static int padded(int np, int block, double[] pCos, double[] pRsq, double[] pRjk, double[] pFc) {
        int end = (np + block - 1) / block * block;
        for (int t = np; t < end; t++) {
            pCos[t] = 0.0;
            pRsq[t] = 0.0;
            pRjk[t] = 0.0;
            pFc[t] = 0.0;
        }
        return end;
    }

    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients) {
        checkGradients(s, nl, from, to, values, pairGradients);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size(), nf = nFeatures;
        int cap = bufferCapacity(nl, from, to);
        // neighbours of the current centre grouped by species, DescriptorKernels.NB_* slots, and their list entries
        double[][] nb = new double[ns][DescriptorKernels.NB_SLOTS * cap];
        int[][] entry = new int[ns][cap];
        int[] cnt = new int[ns];
        double[] dr = new double[radialBlock * cap];
        int nG4 = g4Eta.length;
        boolean angular = angularBlock > 0;
        int pairCap = angular ? cap * (cap - 1) / 2 + 1 : 0;
        double[] geo = new double[DescriptorKernels.GEO_SLOTS * pairCap], coef = new double[3 * angularBlock * pairCap];
        double[][] gAcc = new double[ns][angular ? 3 * angularBlock * cap : 0];
        int[] rowStart = new int[cap];
        int[] nj = nl.neighbors();
        double[] dx = nl.dx(), dy = nl.dy(), dz = nl.dz(), r = nl.distances();
        double rc = settings.rCut(), w = Math.PI / rc;
        double[] g = pairGradients;
        for (int i = from; i < to; i++) {
            int row = i * nf;
            Arrays.fill(values, row, row + nf, 0.0);
            Arrays.fill(g, 3 * nl.start(i) * nf, 3 * nl.end(i) * nf, 0.0);
            Arrays.fill(cnt, 0);
            for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                double rk = r[k];
                if (rk > rc) continue;
                int c = ch[nj[k]];
                int t = cnt[c]++;
                double[] b = nb[c];
                entry[c][t] = k;
                b[DescriptorKernels.NB_X * cap + t] = dx[k];
                b[DescriptorKernels.NB_Y * cap + t] = dy[k];
                b[DescriptorKernels.NB_Z * cap + t] = dz[k];
                b[DescriptorKernels.NB_R * cap + t] = rk;
                b[DescriptorKernels.NB_FC * cap + t] = 0.5 * (Math.cos(w * rk) + 1.0);
                b[DescriptorKernels.NB_DFC * cap + t] = -0.5 * w * Math.sin(w * rk) / rk;
                b[DescriptorKernels.NB_IR * cap + t] = 1.0 / rk;
            }
            for (int c = 0; c < ns; c++) {
                int m = cnt[c];
                if (m == 0) continue;
                int rOff = DescriptorKernels.NB_R * cap;
                kernels.acsfRadialGradient(nb[c], rOff, rOff + m, rc, true, g2Eta, g2Rs, g3Kappa, values, row + c * radialBlock, dr, 0, cap);
                scatterRadial(nl, entry[c], m, dr, cap, radialBlock, c * radialBlock, nf, g);
            }
            if (!angular) continue;
            int block = 0;
            for (int hi = 0; hi < ns; hi++) {
                for (int lo = 0; lo <= hi; lo++, block++) {
                    int na = cnt[hi], nlo = cnt[lo];
                    int np = 0;
                    for (int j = 0; j < na; j++) {
                        int kFrom = hi == lo ? j + 1 : 0;
                        rowStart[j] = np;
                        if (kFrom >= nlo) continue;
                        kernels.pairGeometryGradient(nb[hi], j, nb[lo], kFrom, nlo, cap, geo, pairCap, np);
                        np += nlo - kFrom;
                    }
                    if (np == 0) continue;
                    int col = ns * radialBlock + block * angularBlock;
                    if (nG4 > 0) kernels.acsfAngularGradient(geo, pairCap, 0, np, rc, true, g4Eta, g4Zeta, g4Lambda, values, row + col, coef, 0, pairCap);
                    if (g5Eta.length > 0) {
                        kernels.acsfAngularGradient(geo, pairCap, 0, np, rc, false, g5Eta, g5Zeta, g5Lambda, values, row + col + nG4,
                                coef, 3 * nG4 * pairCap, pairCap);
                    }
                    Arrays.fill(gAcc[hi], 0.0);
                    if (lo != hi) Arrays.fill(gAcc[lo], 0.0);
                    for (int j = 0; j < na; j++) {
                        int kFrom = hi == lo ? j + 1 : 0;
                        if (kFrom >= nlo) continue;
                        kernels.pairGradientRow(coef, pairCap, angularBlock, rowStart[j], nb[hi], j, nb[lo], kFrom, nlo, cap, gAcc[hi], gAcc[lo], cap);
                    }
                    scatterAngular(gAcc[hi], entry[hi], na, cap, col, g);
                    if (lo != hi) scatterAngular(gAcc[lo], entry[lo], nlo, cap, col, g);
                }
            }
        }
    }

    /** Copies per-neighbour accumulated gradients {@code acc[(3p + c) cap + t]} into the pair-gradient rows of their entries. */
    private void scatterAngular(double[] acc, int[] entry, int m, int cap, int col, double[] g) {
        int nf = nFeatures;
        for (int t = 0; t < m; t++) {
            int base = 3 * entry[t] * nf + col;
            for (int p = 0; p < angularBlock; p++) {
                for (int c = 0; c < 3; c++) g[base + c * nf + p] = acc[(3 * p + c) * cap + t];
            }
        }
    }
}
