package org.atomdoe.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link SnapKernel}: one lane per centre atom, so the density
 * recursion, the Z contraction and the B sum run on full vectors with the scalar coefficient
 * tables broadcast (no gathers, no horizontal reductions). Same arithmetic as
 * {@link ScalarSnapKernel} up to FMA rounding.
 */
public final class PanamaSnapKernel implements SnapKernel {
    /**
     * The vector shape: the CPU's preferred one, or {@code -Datomdoe.snap.vectorBits=256} (128, 256,
     * 512). A static final so that the JIT sees a constant species and intrinsifies every operation.
     */
    private static final VectorSpecies<Double> species = chooseSpecies();
    private static final int lanes = species.length();

    private static VectorSpecies<Double> chooseSpecies() {
        String bits = System.getProperty("atomdoe.snap.vectorBits", "");
        return switch (bits) {
            case "128" -> DoubleVector.SPECIES_128;
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> DoubleVector.SPECIES_PREFERRED;
        };
    }

    public PanamaSnapKernel() {}

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void accumulateDensity(SnapIndex ix, int ndens, int nslots, double[] ar, double[] ai, double[] br, double[] bi,
                                  double[] sw, int swStride, double[] utr, double[] uti, double[] work) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final int tj = ix.twojmax;
        final int jdim = tj + 1;
        final int layer = jdim * jdim * L;        // doubles per layer buffer (re or im)
        final int uStride = ix.idxuMax * L;       // doubles per density
        final int[] block = ix.idxuBlock;
        final double[] rootpq = ix.rootpq;
        final DoubleVector zero = DoubleVector.zero(S);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int k = 0; k < nslots; k++) {
            final int kl = k * L;
            final DoubleVector aR = DoubleVector.fromArray(S, ar, kl);
            final DoubleVector aI = DoubleVector.fromArray(S, ai, kl);
            final DoubleVector bR = DoubleVector.fromArray(S, br, kl);
            final DoubleVector bI = DoubleVector.fromArray(S, bi, kl);
            final DoubleVector naI = aI.neg(), nbI = bI.neg();
            final DoubleVector w0 = DoubleVector.fromArray(S, sw, kl);
            int prev = 0, cur = 2 * layer; // work: [prevR | prevI | curR | curI]
            one.intoArray(work, prev);
            zero.intoArray(work, prev + layer);
            for (int e = 0; e < ndens; e++) {
                int o = e * uStride;
                DoubleVector.fromArray(S, utr, o).add(DoubleVector.fromArray(S, sw, e * swStride + kl)).intoArray(utr, o);
            }
            for (int j = 1; j <= tj; j++) {
                for (int mb = 0; 2 * mb <= j; mb++) {
                    final int pr = prev + j * mb * L;
                    final int cr = cur + (j + 1) * mb * L;
                    final int q = j - mb;
                    final int ub = (block[j] + (j + 1) * mb) * L;
                    DoubleVector vr = zero, vi = zero;
                    for (int ma = 0; ma < j; ma++) {
                        final int po = pr + ma * L;
                        DoubleVector upr = DoubleVector.fromArray(S, work, po);
                        DoubleVector upi = DoubleVector.fromArray(S, work, po + layer);
                        // conj(a) * up and conj(b) * up
                        DoubleVector tr = aI.fma(upi, aR.mul(upr));
                        DoubleVector ti = naI.fma(upr, aR.mul(upi));
                        DoubleVector sr = bI.fma(upi, bR.mul(upr));
                        DoubleVector si = nbI.fma(upr, bR.mul(upi));
                        double r1 = rootpq[(j - ma) * jdim + q];
                        vr = tr.fma(DoubleVector.broadcast(S, r1), vr);
                        vi = ti.fma(DoubleVector.broadcast(S, r1), vi);
                        final int co = cr + ma * L;
                        vr.intoArray(work, co);
                        vi.intoArray(work, co + layer);
                        if (ndens == 1) {
                            final int uo = ub + ma * L;
                            vr.fma(w0, DoubleVector.fromArray(S, utr, uo)).intoArray(utr, uo);
                            vi.fma(w0, DoubleVector.fromArray(S, uti, uo)).intoArray(uti, uo);
                        }
                        double r2 = -rootpq[(ma + 1) * jdim + q];
                        vr = sr.mul(r2);
                        vi = si.mul(r2);
                    }
                    final int co = cr + j * L;
                    vr.intoArray(work, co);
                    vi.intoArray(work, co + layer);
                    if (ndens == 1) {
                        final int uo = ub + j * L;
                        vr.fma(w0, DoubleVector.fromArray(S, utr, uo)).intoArray(utr, uo);
                        vi.fma(w0, DoubleVector.fromArray(S, uti, uo)).intoArray(uti, uo);
                    } else {
                        for (int e = 0; e < ndens; e++) {
                            DoubleVector we = DoubleVector.fromArray(S, sw, e * swStride + kl);
                            int o = e * uStride + ub;
                            for (int ma = 0; ma <= j; ma++) {
                                int uo = o + ma * L, c = cr + ma * L;
                                DoubleVector.fromArray(S, work, c).fma(we, DoubleVector.fromArray(S, utr, uo)).intoArray(utr, uo);
                                DoubleVector.fromArray(S, work, c + layer).fma(we, DoubleVector.fromArray(S, uti, uo)).intoArray(uti, uo);
                            }
                        }
                    }
                }
                if ((j & 1) == 1 && j < tj) {
                    // the next (even) layer reads row (j+1)/2 of this one: mirror of row (j-1)/2
                    int mb = (j - 1) / 2;
                    int src = cur + (j + 1) * mb * L, dst = cur + (j + 1) * (j - mb) * L;
                    for (int ma = 0; ma <= j; ma++) {
                        DoubleVector r = DoubleVector.fromArray(S, work, src + ma * L);
                        DoubleVector i = DoubleVector.fromArray(S, work, src + ma * L + layer);
                        int d = dst + (j - ma) * L;
                        if (((ma - mb) & 1) == 0) {
                            r.intoArray(work, d);
                            i.neg().intoArray(work, d + layer);
                        } else {
                            r.neg().intoArray(work, d);
                            i.intoArray(work, d + layer);
                        }
                    }
                }
                int t = prev;
                prev = cur;
                cur = t;
            }
        }
        mirror(ix, ndens, utr, uti);
    }

    private void mirror(SnapIndex ix, int ndens, double[] utr, double[] uti) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        for (int e = 0; e < ndens; e++) {
            for (int j = 1; j <= ix.twojmax; j++) {
                int base = e * ix.idxuMax + ix.idxuBlock[j];
                for (int mb = j / 2 + 1; mb <= j; mb++) {
                    int dst = base + (j + 1) * mb;
                    int src = base + (j + 1) * (j - mb);
                    for (int ma = 0; ma <= j; ma++) {
                        DoubleVector r = DoubleVector.fromArray(S, utr, (src + j - ma) * L);
                        DoubleVector i = DoubleVector.fromArray(S, uti, (src + j - ma) * L);
                        int d = (dst + ma) * L;
                        if (((ma - mb) & 1) == 0) {
                            r.intoArray(utr, d);
                            i.neg().intoArray(uti, d);
                        } else {
                            r.neg().intoArray(utr, d);
                            i.intoArray(uti, d);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void bispectrum(SnapIndex ix, int ndens, double[] utr, double[] uti, double[] b) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final int nb = ix.nb;
        final int idxuMax = ix.idxuMax;
        final int[] bz = ix.bZStart, zjju = ix.zJju;
        final double[] zw = ix.zWeight;
        final DoubleVector zero = DoubleVector.zero(S);
        // sums of the element triples live in a plain array: vectors kept in an Object array would be boxed
        final double[] sums = ndens == 1 ? null : new double[ndens * L];
        int maxZ = 0;
        for (int jb = 0; jb < nb; jb++) maxZ = Math.max(maxZ, bz[jb + 1] - bz[jb]);
        final double[] zbuf = new double[2 * maxZ * L];
        for (int e1 = 0; e1 < ndens; e1++) {
            final int o1 = e1 * idxuMax;
            for (int e2 = 0; e2 < ndens; e2++) {
                final int o2 = e2 * idxuMax;
                // same density for both factors: the merged symmetric term list
                final ZTerms tl = ix.terms(e1 == e2);
                for (int jb = 0; jb < nb; jb++) {
                    DoubleVector sum = zero;
                    if (sums != null) java.util.Arrays.fill(sums, 0.0);
                    zEntries(utr, uti, o1, o2, tl, bz[jb], bz[jb + 1], zbuf, 0);
                    for (int z = bz[jb], zend = bz[jb + 1]; z < zend; z++) {
                        final int zo = 2 * (z - bz[jb]) * L;
                        final DoubleVector zr = DoubleVector.fromArray(S, zbuf, zo), zi = DoubleVector.fromArray(S, zbuf, zo + L);
                        final DoubleVector w = DoubleVector.broadcast(S, zw[z]);
                        final int jju = zjju[z];
                        if (sums == null) {
                            int o3 = jju * L;
                            DoubleVector p = DoubleVector.fromArray(S, uti, o3).mul(zi);
                            p = DoubleVector.fromArray(S, utr, o3).fma(zr, p);
                            sum = p.fma(w, sum);
                        } else {
                            for (int e3 = 0; e3 < ndens; e3++) {
                                int o3 = (e3 * idxuMax + jju) * L;
                                DoubleVector p = DoubleVector.fromArray(S, uti, o3).mul(zi);
                                p = DoubleVector.fromArray(S, utr, o3).fma(zr, p);
                                p.fma(w, DoubleVector.fromArray(S, sums, e3 * L)).intoArray(sums, e3 * L);
                            }
                        }
                    }
                    if (sums == null) {
                        sum.mul(2.0).intoArray(b, jb * L);
                    } else {
                        for (int e3 = 0; e3 < ndens; e3++) {
                            DoubleVector.fromArray(S, sums, e3 * L).mul(2.0)
                                    .intoArray(b, (((e1 * ndens + e2) * ndens + e3) * nb + jb) * L);
                        }
                    }
                }
            }
        }
    }
    @Override
    public void zList(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] zz) {
        final int L = lanes;
        final int idxuMax = gx.base.idxuMax, zMax = gx.zMax;
        for (int e1 = 0; e1 < ndens; e1++) {
            for (int e2 = 0; e2 < ndens; e2++) {
                final int o1 = e1 * idxuMax, o2 = e2 * idxuMax, oz = (e1 * ndens + e2) * zMax;
                final ZTerms tl = gx.terms(e1 == e2);
                zEntries(utr, uti, o1, o2, tl, 0, zMax, zz, 2 * oz * L);
            }
        }
    }

    /**
     * Z entries {@code [from, to)} of a term list, factors from the densities at u offsets o1 and o2: entry z to
     * out[at + 2 (z - from) L ...] (real part) and the next L doubles (imaginary part). A range per call: one call
     * per entry (not inlined, result through memory) cost 20 % of the values at 2J = 8. Two terms per step into
     * independent accumulators: the FMA latency, not the throughput, bounds a single chain.
     */
    private static void zEntries(double[] utr, double[] uti, int o1, int o2, ZTerms tl, int from, int to, double[] out, int at) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final int[] t1 = tl.u1, t2 = tl.u2;
        final double[] tc = tl.c;
        final DoubleVector zero = DoubleVector.zero(S);
        for (int z = from; z < to; z++) {
            DoubleVector rp = zero, rm = zero, ip = zero, im = zero;
            DoubleVector rp2 = zero, rm2 = zero, ip2 = zero, im2 = zero;
            int t = tl.start[z];
            final int end = tl.start[z + 1];
            for (; t + 1 < end; t += 2) {
                final int i1 = (o1 + t1[t]) * L, i2 = (o2 + t2[t]) * L;
                final int k1 = (o1 + t1[t + 1]) * L, k2 = (o2 + t2[t + 1]) * L;
                final DoubleVector c = DoubleVector.broadcast(S, tc[t]);
                final DoubleVector d = DoubleVector.broadcast(S, tc[t + 1]);
                DoubleVector c1r = DoubleVector.fromArray(S, utr, i1).mul(c);
                DoubleVector c1i = DoubleVector.fromArray(S, uti, i1).mul(c);
                DoubleVector u2r = DoubleVector.fromArray(S, utr, i2);
                DoubleVector u2i = DoubleVector.fromArray(S, uti, i2);
                DoubleVector d1r = DoubleVector.fromArray(S, utr, k1).mul(d);
                DoubleVector d1i = DoubleVector.fromArray(S, uti, k1).mul(d);
                DoubleVector v2r = DoubleVector.fromArray(S, utr, k2);
                DoubleVector v2i = DoubleVector.fromArray(S, uti, k2);
                rp = c1r.fma(u2r, rp);
                rm = c1i.fma(u2i, rm);
                ip = c1r.fma(u2i, ip);
                im = c1i.fma(u2r, im);
                rp2 = d1r.fma(v2r, rp2);
                rm2 = d1i.fma(v2i, rm2);
                ip2 = d1r.fma(v2i, ip2);
                im2 = d1i.fma(v2r, im2);
            }
            if (t < end) {
                final int i1 = (o1 + t1[t]) * L, i2 = (o2 + t2[t]) * L;
                final DoubleVector c = DoubleVector.broadcast(S, tc[t]);
                DoubleVector c1r = DoubleVector.fromArray(S, utr, i1).mul(c);
                DoubleVector c1i = DoubleVector.fromArray(S, uti, i1).mul(c);
                DoubleVector u2r = DoubleVector.fromArray(S, utr, i2);
                DoubleVector u2i = DoubleVector.fromArray(S, uti, i2);
                rp = c1r.fma(u2r, rp);
                rm = c1i.fma(u2i, rm);
                ip = c1r.fma(u2i, ip);
                im = c1i.fma(u2r, im);
            }
            final int o = at + 2 * (z - from) * L;
            rp.sub(rm).add(rp2.sub(rm2)).intoArray(out, o);
            ip.add(im).add(ip2.add(im2)).intoArray(out, o + L);
        }
    }

    @Override
    public void bispectrumFromZ(SnapGradientIndex gx, int ndens, double[] utr, double[] uti, double[] z, double[] b) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final SnapIndex ix = gx.base;
        final int nb = ix.nb, idxuMax = ix.idxuMax, zMax = gx.zMax;
        for (int e1 = 0; e1 < ndens; e1++) {
            for (int e2 = 0; e2 < ndens; e2++) {
                for (int e3 = 0; e3 < ndens; e3++) {
                    final int oz = (e1 * ndens + e2) * zMax, ou = e3 * idxuMax;
                    for (int jb = 0; jb < nb; jb++) {
                        final int z0 = 2 * (oz + gx.bZ[jb]) * L, u0 = (ou + gx.bU[jb]) * L, len = gx.halfLen[ix.bJ[jb]];
                        DoubleVector sr = DoubleVector.zero(S), si = DoubleVector.zero(S);
                        for (int h = 0; h < len; h++) {
                            sr = DoubleVector.fromArray(S, utr, u0 + h * L).fma(DoubleVector.fromArray(S, z, z0 + 2 * h * L), sr);
                            si = DoubleVector.fromArray(S, uti, u0 + h * L).fma(DoubleVector.fromArray(S, z, z0 + (2 * h + 1) * L), si);
                        }
                        sr.add(si).mul(2.0).intoArray(b, (((e1 * ndens + e2) * ndens + e3) * nb + jb) * L);
                    }
                }
            }
        }
    }

    @Override
    public void derivativeBasis(SnapGradientIndex gx, int k, double[] ar, double[] ai, double[] br, double[] bi, double[] w,
                                double[] work, double[] dW) {
        uPass(gx.base, k, ar, ai, br, bi, work);
        generatorPass(gx, k, w, work, dW);
    }

    /** u^j(a, b) of slot k, rows mb <= j/2 (LAMMPS compute_uarray), into work[0..2n). */
    private static void uPass(SnapIndex ix, int k, double[] ar, double[] ai, double[] br, double[] bi, double[] work) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final int tj = ix.twojmax, jdim = tj + 1, UI = ix.idxuMax * L;
        final int[] block = ix.idxuBlock;
        final double[] rootpq = ix.rootpq;
        final int kl = k * L;
        final DoubleVector aR = DoubleVector.fromArray(S, ar, kl), aI = DoubleVector.fromArray(S, ai, kl);
        final DoubleVector bR = DoubleVector.fromArray(S, br, kl), bI = DoubleVector.fromArray(S, bi, kl);
        final DoubleVector naI = aI.neg(), nbI = bI.neg();
        DoubleVector.broadcast(S, 1.0).intoArray(work, 0);
        DoubleVector.zero(S).intoArray(work, UI);
        for (int j = 1; j <= tj; j++) {
            final int jju = block[j], jjup = block[j - 1];
            for (int mb = 0; 2 * mb <= j; mb++) {
                final int pr = (jjup + j * mb) * L, cr = (jju + (j + 1) * mb) * L, q = j - mb;
                DoubleVector vr = DoubleVector.zero(S), vi = DoubleVector.zero(S);
                for (int ma = 0; ma < j; ma++) {
                    final int po = pr + ma * L;
                    DoubleVector upr = DoubleVector.fromArray(S, work, po), upi = DoubleVector.fromArray(S, work, UI + po);
                    // conj(a)·up, conj(b)·up
                    DoubleVector tr = aI.fma(upi, aR.mul(upr)), ti = naI.fma(upr, aR.mul(upi));
                    DoubleVector sr = bI.fma(upi, bR.mul(upr)), si = nbI.fma(upr, bR.mul(upi));
                    double r1 = rootpq[(j - ma) * jdim + q];
                    vr = tr.fma(DoubleVector.broadcast(S, r1), vr);
                    vi = ti.fma(DoubleVector.broadcast(S, r1), vi);
                    vr.intoArray(work, cr + ma * L);
                    vi.intoArray(work, UI + cr + ma * L);
                    double r2 = -rootpq[(ma + 1) * jdim + q];
                    vr = sr.mul(r2);
                    vi = si.mul(r2);
                }
                vr.intoArray(work, cr + j * L);
                vi.intoArray(work, UI + cr + j * L);
            }
            if ((j & 1) == 1 && j < tj) mirrorRow(work, 0, UI, jju, j);
        }
    }

    /** P_q = u ρ_q + w_q u on the half layers (see {@link SnapKernel#derivativeBasis}). */
    private static void generatorPass(SnapGradientIndex gx, int k, double[] wq, double[] work, double[] dW) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final SnapIndex ix = gx.base;
        final int tj = ix.twojmax, jdim = tj + 1, UI = ix.idxuMax * L;
        final double[] genC = gx.genC, genCLow = gx.genCLow;
        final int d0 = k * 3 * L;
        final DoubleVector w1 = DoubleVector.fromArray(S, wq, d0), w2 = DoubleVector.fromArray(S, wq, d0 + L);
        final DoubleVector w3 = DoubleVector.fromArray(S, wq, d0 + 2 * L);
        final DoubleVector zero = DoubleVector.zero(S);
        // layer 0: u = 1, no generator action
        w1.intoArray(dW, 0);
        w2.intoArray(dW, L);
        w3.intoArray(dW, 2 * L);
        zero.intoArray(dW, 3 * L);
        zero.intoArray(dW, 4 * L);
        zero.intoArray(dW, 5 * L);
        for (int j = 1; j <= tj; j++) {
            final int u0 = ix.idxuBlock[j], h0 = gx.halfStart[j], cj = j * jdim;
            for (int mb = 0, h = 0; 2 * mb <= j; mb++) {
                final int rowLen = 2 * mb < j ? j + 1 : mb + 1;
                for (int ma = 0; ma < rowLen; ma++, h++) {
                    final int o = (u0 + h) * L;
                    final DoubleVector ur = DoubleVector.fromArray(S, work, o), ui = DoubleVector.fromArray(S, work, UI + o);
                    // P = c(ma-1) u[ma-1], Q = c(ma) u[ma+1] (same row). Read without branches: at ma = 0 and
                    // ma = j the coefficient is 0 and the neighbouring slot of work holds a finite value (|u| <= 1)
                    // of another row or layer (o - L >= 0 as j >= 1; o + L < the end: the last half entry of the
                    // last layer has ma < j or a next row).
                    final DoubleVector cm = DoubleVector.broadcast(S, genCLow[cj + ma]), cp = DoubleVector.broadcast(S, genC[cj + ma]);
                    final DoubleVector pr = DoubleVector.fromArray(S, work, o - L).mul(cm);
                    final DoubleVector pi = DoubleVector.fromArray(S, work, UI + o - L).mul(cm);
                    final DoubleVector qr = DoubleVector.fromArray(S, work, o + L).mul(cp);
                    final DoubleVector qi = DoubleVector.fromArray(S, work, UI + o + L).mul(cp);
                    final double m2 = 2 * ma - j;
                    final int at = (h0 + h) * 6 * L;
                    ur.fma(w1, ui.mul(-m2)).intoArray(dW, at);            // u ρ1 = i (2ma - j) u
                    ur.fma(w2, qr.sub(pr)).intoArray(dW, at + L);         // u ρ2
                    ur.fma(w3, pi.add(qi).neg()).intoArray(dW, at + 2 * L); // u ρ3
                    ui.fma(w1, ur.mul(m2)).intoArray(dW, at + 3 * L);
                    ui.fma(w2, qi.sub(pi)).intoArray(dW, at + 4 * L);
                    ui.fma(w3, pr.add(qr)).intoArray(dW, at + 5 * L);
                }
            }
        }
    }

    /** Row (j+1)/2 of odd layer j from row (j-1)/2 (u_{j-ma,j-mb} = (-1)^{ma-mb} conj(u_{ma,mb})), read by the next layer. */
    private static void mirrorRow(double[] w, int re, int im, int jju, int j) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        int mb = (j - 1) / 2;
        int src = (jju + (j + 1) * mb) * L, dst = (jju + (j + 1) * (j - mb)) * L;
        for (int ma = 0; ma <= j; ma++) {
            DoubleVector r = DoubleVector.fromArray(S, w, re + src + ma * L);
            DoubleVector i = DoubleVector.fromArray(S, w, im + src + ma * L);
            int d = dst + (j - ma) * L;
            if (((ma - mb) & 1) == 0) {
                r.intoArray(w, re + d);
                i.neg().intoArray(w, im + d);
            } else {
                r.neg().intoArray(w, re + d);
                i.intoArray(w, im + d);
            }
        }
    }

    @Override
    public void contract(SnapGradientIndex.Tasks tasks, int nf, int ndens, double[] mask, int maskStride, int k,
                         double[] m, double[] z, double[] dW, double[] dB) {
        final int L = lanes;
        java.util.Arrays.fill(dB, 0, 3 * nf * L, 0.0);
        final int[] half = tasks.half(), len = tasks.len(), zz = tasks.z(), dens = tasks.dens(), ff = tasks.f();
        final double[] scale = tasks.scale();
        final int nt = tasks.size(), nfL = nf * L;
        // Real dot products over interleaved (re, im) parts: real entry q of a task's layer has dW_c at
        // (6*half + 3q + c)*L and Z' at (2*z + q)*L. Tasks on the same layer (consecutive after sorting) are
        // done three at a time so each dW load feeds three tasks: 6 loads per 9 FMAs instead of 4 per 3.
        // The loops live in small methods: compiled inside this one they ran at half the speed.
        for (int t = 0; t < nt; ) {
            final int hs = half[t], d = dens[t];
            int g = 1;
            while (g < 3 && t + g < nt && half[t + g] == hs && dens[t + g] == d) g++;
            final int n = 2 * len[t], w0 = 6 * hs * L, mo = ndens > 1 ? d * maskStride + k * L : -1;
            if (g == 3) {
                dot3(z, dW, 2 * zz[t] * L, 2 * zz[t + 1] * L, 2 * zz[t + 2] * L, w0, n, dB, nfL,
                        ff[t] * L, ff[t + 1] * L, ff[t + 2] * L, scale[t], scale[t + 1], scale[t + 2], mask, mo);
            } else {
                for (int i = 0; i < g; i++) dot1(z, dW, 2 * zz[t + i] * L, w0, n, dB, nfL, ff[t + i] * L, scale[t + i], mask, mo);
            }
            t += g;
        }
        transform(m, k, nf, dB);
    }

    /** dB_c[f] = Σ_q m_{c,q} dB'_q[f] in place (the 3 x 3 of slot k, see {@link SnapKernel#contract}). */
    private static void transform(double[] m, int k, int nf, double[] dB) {
        final VectorSpecies<Double> S = species;
        final int L = lanes, nfL = nf * L, m0 = k * 9 * L;
        final DoubleVector mxa = DoubleVector.fromArray(S, m, m0), mxb = DoubleVector.fromArray(S, m, m0 + L);
        final DoubleVector mxc = DoubleVector.fromArray(S, m, m0 + 2 * L), mya = DoubleVector.fromArray(S, m, m0 + 3 * L);
        final DoubleVector myb = DoubleVector.fromArray(S, m, m0 + 4 * L), myc = DoubleVector.fromArray(S, m, m0 + 5 * L);
        final DoubleVector mza = DoubleVector.fromArray(S, m, m0 + 6 * L), mzb = DoubleVector.fromArray(S, m, m0 + 7 * L);
        final DoubleVector mzc = DoubleVector.fromArray(S, m, m0 + 8 * L);
        for (int f = 0; f < nfL; f += L) {
            final DoubleVector a = DoubleVector.fromArray(S, dB, f), b = DoubleVector.fromArray(S, dB, nfL + f);
            final DoubleVector c = DoubleVector.fromArray(S, dB, 2 * nfL + f);
            c.fma(mxc, b.fma(mxb, a.mul(mxa))).intoArray(dB, f);
            c.fma(myc, b.fma(myb, a.mul(mya))).intoArray(dB, nfL + f);
            c.fma(mzc, b.fma(mzb, a.mul(mza))).intoArray(dB, 2 * nfL + f);
        }
    }

    /** The task's factor: scale, times the density mask of the slot when {@code mo >= 0}. */
    private static DoubleVector factor(double scale, double[] mask, int mo) {
        DoubleVector s = DoubleVector.broadcast(species, scale);
        return mo >= 0 ? s.mul(DoubleVector.fromArray(species, mask, mo)) : s;
    }

    /** Three tasks on one layer: dB[c nfL + f_i] += s_i Σ_q dW_c[q]·z_i[q]. */
    private static void dot3(double[] z, double[] dW, int za, int zb, int zc, int w0, int n, double[] dB, int nfL,
                             int fa, int fb, int fc, double sa, double sb, double sc, double[] mask, int mo) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final DoubleVector zero = DoubleVector.zero(S);
        DoubleVector ax = zero, ay = zero, az = zero, bx = zero, by = zero, bz = zero, cx = zero, cy = zero, cz = zero;
        for (int q = 0; q < n; q++) {
            final int w = w0 + 3 * q * L;
            final DoubleVector wx = DoubleVector.fromArray(S, dW, w);
            final DoubleVector wy = DoubleVector.fromArray(S, dW, w + L);
            final DoubleVector wz = DoubleVector.fromArray(S, dW, w + 2 * L);
            final DoubleVector va = DoubleVector.fromArray(S, z, za + q * L);
            ax = wx.fma(va, ax);
            ay = wy.fma(va, ay);
            az = wz.fma(va, az);
            final DoubleVector vb = DoubleVector.fromArray(S, z, zb + q * L);
            bx = wx.fma(vb, bx);
            by = wy.fma(vb, by);
            bz = wz.fma(vb, bz);
            final DoubleVector vc = DoubleVector.fromArray(S, z, zc + q * L);
            cx = wx.fma(vc, cx);
            cy = wy.fma(vc, cy);
            cz = wz.fma(vc, cz);
        }
        final DoubleVector ka = factor(sa, mask, mo), kb = factor(sb, mask, mo), kc = factor(sc, mask, mo);
        ax.fma(ka, DoubleVector.fromArray(S, dB, fa)).intoArray(dB, fa);
        ay.fma(ka, DoubleVector.fromArray(S, dB, nfL + fa)).intoArray(dB, nfL + fa);
        az.fma(ka, DoubleVector.fromArray(S, dB, 2 * nfL + fa)).intoArray(dB, 2 * nfL + fa);
        bx.fma(kb, DoubleVector.fromArray(S, dB, fb)).intoArray(dB, fb);
        by.fma(kb, DoubleVector.fromArray(S, dB, nfL + fb)).intoArray(dB, nfL + fb);
        bz.fma(kb, DoubleVector.fromArray(S, dB, 2 * nfL + fb)).intoArray(dB, 2 * nfL + fb);
        cx.fma(kc, DoubleVector.fromArray(S, dB, fc)).intoArray(dB, fc);
        cy.fma(kc, DoubleVector.fromArray(S, dB, nfL + fc)).intoArray(dB, nfL + fc);
        cz.fma(kc, DoubleVector.fromArray(S, dB, 2 * nfL + fc)).intoArray(dB, 2 * nfL + fc);
    }

    /** One task: dB[c nfL + f] += s Σ_q dW_c[q]·z[q] (two accumulators per direction for the FMA latency). */
    private static void dot1(double[] z, double[] dW, int za, int w0, int n, double[] dB, int nfL, int f, double s,
                             double[] mask, int mo) {
        final VectorSpecies<Double> S = species;
        final int L = lanes;
        final DoubleVector zero = DoubleVector.zero(S);
        DoubleVector ax = zero, ay = zero, az = zero, bx = zero, by = zero, bz = zero;
        int q = 0;
        for (; q + 1 < n; q += 2) {
            final int w = w0 + 3 * q * L;
            final DoubleVector va = DoubleVector.fromArray(S, z, za + q * L), vb = DoubleVector.fromArray(S, z, za + (q + 1) * L);
            ax = DoubleVector.fromArray(S, dW, w).fma(va, ax);
            ay = DoubleVector.fromArray(S, dW, w + L).fma(va, ay);
            az = DoubleVector.fromArray(S, dW, w + 2 * L).fma(va, az);
            bx = DoubleVector.fromArray(S, dW, w + 3 * L).fma(vb, bx);
            by = DoubleVector.fromArray(S, dW, w + 4 * L).fma(vb, by);
            bz = DoubleVector.fromArray(S, dW, w + 5 * L).fma(vb, bz);
        }
        if (q < n) {
            final int w = w0 + 3 * q * L;
            final DoubleVector va = DoubleVector.fromArray(S, z, za + q * L);
            ax = DoubleVector.fromArray(S, dW, w).fma(va, ax);
            ay = DoubleVector.fromArray(S, dW, w + L).fma(va, ay);
            az = DoubleVector.fromArray(S, dW, w + 2 * L).fma(va, az);
        }
        final DoubleVector k = factor(s, mask, mo);
        ax.add(bx).fma(k, DoubleVector.fromArray(S, dB, f)).intoArray(dB, f);
        ay.add(by).fma(k, DoubleVector.fromArray(S, dB, nfL + f)).intoArray(dB, nfL + f);
        az.add(bz).fma(k, DoubleVector.fromArray(S, dB, 2 * nfL + f)).intoArray(dB, 2 * nfL + f);
    }

}
