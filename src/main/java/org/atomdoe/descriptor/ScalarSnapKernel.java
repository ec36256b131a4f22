package org.atomdoe.descriptor;

/**
 * Scalar twin of {@code PanamaSnapKernel}: one atom per call, the LAMMPS {@code SNA} loops
 * (compute_uarray / add_uarraytot / compute_zi / compute_bi) restricted to what the bispectrum
 * needs (half of each density layer during accumulation, the j &ge; j1 half of Z).
 */
public final class ScalarSnapKernel implements SnapKernel {
    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void accumulateDensity(SnapIndex ix, int ndens, int nslots, double[] ar, double[] ai, double[] br, double[] bi,
                                  double[] sw, int swStride, double[] utr, double[] uti, double[] work) {
        final int tj = ix.twojmax;
        final int jdim = tj + 1;
        final int layer = jdim * jdim;
        final int idxuMax = ix.idxuMax;
        final int[] block = ix.idxuBlock;
        final double[] rootpq = ix.rootpq;
        for (int k = 0; k < nslots; k++) {
            final double a_r = ar[k], a_i = ai[k], b_r = br[k], b_i = bi[k];
            boolean any = false;
            for (int e = 0; e < ndens; e++) any |= sw[e * swStride + k] != 0.0;
            if (!any) continue; // padding slot or a neighbour at the switching cutoff
            int prev = 0, cur = 2 * layer; // work: [prevR | prevI | curR | curI]
            work[prev] = 1.0;
            work[prev + layer] = 0.0;
            for (int e = 0; e < ndens; e++) utr[e * idxuMax] += sw[e * swStride + k];
            for (int j = 1; j <= tj; j++) {
                for (int mb = 0; 2 * mb <= j; mb++) {
                    final int pr = prev + j * mb;          // row mb of layer j-1 (j columns)
                    final int cr = cur + (j + 1) * mb;     // row mb of layer j
                    final int q = j - mb;
                    double vr = 0.0, vi = 0.0;
                    for (int ma = 0; ma < j; ma++) {
                        double upr = work[pr + ma], upi = work[pr + ma + layer];
                        double r1 = rootpq[(j - ma) * jdim + q];
                        vr += r1 * (a_r * upr + a_i * upi);
                        vi += r1 * (a_r * upi - a_i * upr);
                        work[cr + ma] = vr;
                        work[cr + ma + layer] = vi;
                        double r2 = rootpq[(ma + 1) * jdim + q];
                        vr = -r2 * (b_r * upr + b_i * upi);
                        vi = -r2 * (b_r * upi - b_i * upr);
                    }
                    work[cr + j] = vr;
                    work[cr + j + layer] = vi;
                    final int ub = block[j] + (j + 1) * mb;
                    for (int e = 0; e < ndens; e++) {
                        double s = sw[e * swStride + k];
                        if (s == 0.0) continue;
                        int o = e * idxuMax + ub;
                        for (int ma = 0; ma <= j; ma++) {
                            utr[o + ma] += s * work[cr + ma];
                            uti[o + ma] += s * work[cr + ma + layer];
                        }
                    }
                }
                if ((j & 1) == 1 && j < tj) {
                    // the next (even) layer reads row (j+1)/2 of this one: mirror of row (j-1)/2
                    int mb = (j - 1) / 2;
                    int src = cur + (j + 1) * mb, dst = cur + (j + 1) * (j - mb);
                    for (int ma = 0; ma <= j; ma++) {
                        double r = work[src + ma], i = work[src + ma + layer];
                        if (((ma - mb) & 1) == 0) {
                            work[dst + j - ma] = r;
                            work[dst + j - ma + layer] = -i;
                        } else {
                            work[dst + j - ma] = -r;
                            work[dst + j - ma + layer] = i;
                        }
                    }
                }
                int t = prev;
                prev = cur;
                cur = t;
            }
        }
        mirrorDensities(ix, ndens, utr, uti);
    }

    /** Fills rows mb &gt; j/2 of every layer: u_{j-ma,j-mb} = (-1)^{ma-mb} conj(u_{ma,mb}). */
    static void mirrorDensities(SnapIndex ix, int ndens, double[] utr, double[] uti) {
        for (int e = 0; e < ndens; e++) {
            for (int j = 1; j <= ix.twojmax; j++) {
                int base = e * ix.idxuMax + ix.idxuBlock[j];
                for (int mb = j / 2 + 1; mb <= j; mb++) {
                    int dst = base + (j + 1) * mb;
                    int src = base + (j + 1) * (j - mb);
                    for (int ma = 0; ma <= j; ma++) {
                        double r = utr[src + j - ma], i = uti[src + j - ma];
                        if (((ma - mb) & 1) == 0) {
                            utr[dst + ma] = r;
                            uti[dst + ma] = -i;
                        } else {
                            utr[dst + ma] = -r;
                            uti[dst + ma] = i;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void bispectrum(SnapIndex ix, int ndens, double[] utr, double[] uti, double[] b) {
        final int nb = ix.nb;
        final int idxuMax = ix.idxuMax;
        final int[] bz = ix.bZStart, zjju = ix.zJju;
        final double[] zw = ix.zWeight;
        final double[] sums = new double[ndens], zv = new double[2];
        for (int e1 = 0; e1 < ndens; e1++) {
            final int o1 = e1 * idxuMax;
            for (int e2 = 0; e2 < ndens; e2++) {
                final int o2 = e2 * idxuMax;
                // same density for both factors: the merged symmetric term list
                final ZTerms tl = ix.terms(e1 == e2);
                for (int jb = 0; jb < nb; jb++) {
                    java.util.Arrays.fill(sums, 0.0);
                    for (int z = bz[jb]; z < bz[jb + 1]; z++) {
                        zEntry(utr, uti, o1, o2, tl, z, zv, 0);
                        final double zr = zv[0], zi = zv[1];
                        int jju = zjju[z];
                        double w = zw[z];
                        for (int e3 = 0; e3 < ndens; e3++) {
                            int o3 = e3 * idxuMax + jju;
                            sums[e3] += w * (utr[o3] * zr + uti[o3] * zi);
                        }
                    }
                    for (int e3 = 0; e3 < ndens; e3++) {
                        b[((e1 * ndens + e2) * ndens + e3) * nb + jb] = 2.0 * sums[e3];
                    }
                }
            }
        }
    }

    @Override
    public void zList(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] zz) {
        final int idxuMax = gx.base.idxuMax, zMax = gx.zMax;
        for (int e1 = 0; e1 < ndens; e1++) {
            for (int e2 = 0; e2 < ndens; e2++) {
                final int o1 = e1 * idxuMax, o2 = e2 * idxuMax, oz = (e1 * ndens + e2) * zMax;
                final ZTerms tl = gx.terms(e1 == e2);
                for (int z = 0; z < zMax; z++) zEntry(utr, uti, o1, o2, tl, z, zz, 2 * (oz + z));
            }
        }
    }

    /** Z entry z of a term list, factors from the densities at u offsets o1 and o2: (re, im) to out[at], out[at + 1]. */
    private static void zEntry(double[] utr, double[] uti, int o1, int o2, ZTerms tl, int z, double[] out, int at) {
        final int[] t1 = tl.u1, t2 = tl.u2;
        final double[] tc = tl.c;
        double zr = 0.0, zi = 0.0;
        for (int t = tl.start[z], end = tl.start[z + 1]; t < end; t++) {
            int i1 = o1 + t1[t], i2 = o2 + t2[t];
            double u1r = utr[i1], u1i = uti[i1], u2r = utr[i2], u2i = uti[i2];
            double c = tc[t];
            zr += c * (u1r * u2r - u1i * u2i);
            zi += c * (u1r * u2i + u1i * u2r);
        }
        out[at] = zr;
        out[at + 1] = zi;
    }

    @Override
    public void bispectrumFromZ(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] z, double[] b) {
        final SnapIndex ix = gx.base;
        final int nb = ix.nb, idxuMax = ix.idxuMax, zMax = gx.zMax;
        for (int e1 = 0; e1 < ndens; e1++) {
            for (int e2 = 0; e2 < ndens; e2++) {
                for (int e3 = 0; e3 < ndens; e3++) {
                    final int oz = (e1 * ndens + e2) * zMax, ou = e3 * idxuMax;
                    for (int jb = 0; jb < nb; jb++) {
                        final int z0 = oz + gx.bZ[jb], u0 = ou + gx.bU[jb], len = gx.halfLen[ix.bJ[jb]];
                        double s = 0.0;
                        for (int h = 0; h < len; h++) s += utr[u0 + h] * z[2 * (z0 + h)] + uti[u0 + h] * z[2 * (z0 + h) + 1];
                        b[((e1 * ndens + e2) * ndens + e3) * nb + jb] = 2.0 * s;
                    }
                }
            }
        }
    }

    @Override
    public void derivativeBasis(SnapGradientIndex gx, int k, double[] ar, double[] ai, double[] br, double[] bi, double[] wq,
                                double[] work, double[] dW) {
        final SnapIndex ix = gx.base;
        final int tj = ix.twojmax, jdim = tj + 1, n = ix.idxuMax;
        final int[] block = ix.idxuBlock;
        final double[] rootpq = ix.rootpq;
        // work: [ur | ui], u indexing of SnapIndex, rows mb <= j/2 (+ the mirrored row of odd j)
        final int UR = 0, UI = n;
        final double a_r = ar[k], a_i = ai[k], b_r = br[k], b_i = bi[k];
        work[UR] = 1.0;
        work[UI] = 0.0;
        for (int j = 1; j <= tj; j++) {
            final int jju = block[j], jjup = block[j - 1];
            for (int mb = 0; 2 * mb <= j; mb++) {
                final int pr = jjup + j * mb, cr = jju + (j + 1) * mb, q = j - mb;
                double vr = 0.0, vi = 0.0;
                for (int ma = 0; ma < j; ma++) {
                    double upr = work[UR + pr + ma], upi = work[UI + pr + ma];
                    double r1 = rootpq[(j - ma) * jdim + q];
                    vr += r1 * (a_r * upr + a_i * upi);
                    vi += r1 * (a_r * upi - a_i * upr);
                    work[UR + cr + ma] = vr;
                    work[UI + cr + ma] = vi;
                    double r2 = rootpq[(ma + 1) * jdim + q];
                    vr = -r2 * (b_r * upr + b_i * upi);
                    vi = -r2 * (b_r * upi - b_i * upr);
                }
                work[UR + cr + j] = vr;
                work[UI + cr + j] = vi;
            }
            if ((j & 1) == 1 && j < tj) mirrorRow(work, UR, UI, jju, j);
        }
        final double w1 = wq[k * 3], w2 = wq[k * 3 + 1], w3 = wq[k * 3 + 2];
        // layer 0: u = 1, no generator action
        dW[0] = w1;
        dW[1] = w2;
        dW[2] = w3;
        dW[3] = dW[4] = dW[5] = 0.0;
        for (int j = 1; j <= tj; j++) {
            final int w0 = gx.halfStart[j], len = gx.halfLen[j], cj = j * jdim;
            for (int h = 0; h < len; h++) {
                final int ma = h % (j + 1), o = block[j] + h;
                final double ur = work[UR + o], ui = work[UI + o];
                // A = c(ma-1) u[ma-1], B = c(ma) u[ma+1] (same row)
                double pr = 0.0, pi = 0.0, qr = 0.0, qi = 0.0;
                if (ma > 0) {
                    double cm = gx.genC[cj + ma - 1];
                    pr = cm * work[UR + o - 1];
                    pi = cm * work[UI + o - 1];
                }
                if (ma < j) {
                    double cp = gx.genC[cj + ma];
                    qr = cp * work[UR + o + 1];
                    qi = cp * work[UI + o + 1];
                }
                final double m2 = 2 * ma - j;
                final double v1r = -m2 * ui, v1i = m2 * ur;   // u ρ1
                final double v2r = qr - pr, v2i = qi - pi;     // u ρ2
                final double v3r = -(pi + qi), v3i = pr + qr;  // u ρ3
                final int w = (w0 + h) * 6;
                dW[w] = v1r + w1 * ur;
                dW[w + 1] = v2r + w2 * ur;
                dW[w + 2] = v3r + w3 * ur;
                dW[w + 3] = v1i + w1 * ui;
                dW[w + 4] = v2i + w2 * ui;
                dW[w + 5] = v3i + w3 * ui;
            }
        }
    }

    /** Row (j+1)/2 of odd layer j from row (j-1)/2 by u_{j-ma,j-mb} = (-1)^{ma-mb} conj(u_{ma,mb}) (the next layer reads it). */
    private static void mirrorRow(double[] w, int re, int im, int jju, int j) {
        int mb = (j - 1) / 2;
        int src = jju + (j + 1) * mb, dst = jju + (j + 1) * (j - mb);
        for (int ma = 0; ma <= j; ma++) {
            double r = w[re + src + ma], i = w[im + src + ma];
            if (((ma - mb) & 1) == 0) {
                w[re + dst + j - ma] = r;
                w[im + dst + j - ma] = -i;
            } else {
                w[re + dst + j - ma] = -r;
                w[im + dst + j - ma] = i;
            }
        }
    }

    @Override
    public void contract(SnapGradientIndex.Tasks tasks, int nf, int ndens, double[] mask, int maskStride, int k,
                         double[] m, double[] z, double[] dW, double[] dB) {
        java.util.Arrays.fill(dB, 0, 3 * nf, 0.0);
        final int[] half = tasks.half(), len = tasks.len(), zz = tasks.z(), ff = tasks.f(), dens = tasks.dens();
        final double[] scale = tasks.scale();
        for (int t = 0, nt = tasks.size(); t < nt; t++) {
            double mk = ndens > 1 ? mask[dens[t] * maskStride + k] : 1.0;
            if (mk == 0.0) continue;
            double sx = 0.0, sy = 0.0, sz = 0.0;
            // real dot products over the interleaved (re, im) parts: dW at (q*3 + c), z at q
            final int w0 = 6 * half[t], z0 = 2 * zz[t];
            for (int q = 0, n = 2 * len[t]; q < n; q++) {
                double v = z[z0 + q];
                int w = w0 + 3 * q;
                sx += dW[w] * v;
                sy += dW[w + 1] * v;
                sz += dW[w + 2] * v;
            }
            double sc = mk * scale[t];
            int f = ff[t];
            dB[f] += sc * sx;
            dB[nf + f] += sc * sy;
            dB[2 * nf + f] += sc * sz;
        }
        // to the directions: dB_c = Σ_q m_{c,q} dB'_q
        final int m0 = k * 9;
        for (int f = 0; f < nf; f++) {
            double a = dB[f], b = dB[nf + f], c = dB[2 * nf + f];
            dB[f] = m[m0] * a + m[m0 + 1] * b + m[m0 + 2] * c;
            dB[nf + f] = m[m0 + 3] * a + m[m0 + 4] * b + m[m0 + 5] * c;
            dB[2 * nf + f] = m[m0 + 6] * a + m[m0 + 7] * b + m[m0 + 8] * c;
        }
    }
}
