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
        for (int e1 = 0; e1 < ndens; e1++) {
            final int o1 = e1 * idxuMax;
            for (int e2 = 0; e2 < ndens; e2++) {
                final int o2 = e2 * idxuMax;
                // same density for both factors: the merged symmetric term list
                final boolean same = e1 == e2;
                final int[] zts = same ? ix.symTermStart : ix.zTermStart;
                final int[] t1 = same ? ix.symTermU1 : ix.termU1, t2 = same ? ix.symTermU2 : ix.termU2;
                final double[] tc = same ? ix.symTermC : ix.termC;
                for (int jb = 0; jb < nb; jb++) {
                    DoubleVector sum = zero;
                    if (sums != null) java.util.Arrays.fill(sums, 0.0);
                    for (int z = bz[jb], zend = bz[jb + 1]; z < zend; z++) {
                        // two terms per step into independent accumulators: the FMA latency, not
                        // the throughput, bounds a single chain
                        DoubleVector zrp = zero, zrm = zero, zip = zero, zim = zero;
                        DoubleVector zrp2 = zero, zrm2 = zero, zip2 = zero, zim2 = zero;
                        int t = zts[z];
                        final int tend = zts[z + 1];
                        for (; t + 1 < tend; t += 2) {
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
                            zrp = c1r.fma(u2r, zrp);
                            zrm = c1i.fma(u2i, zrm);
                            zip = c1r.fma(u2i, zip);
                            zim = c1i.fma(u2r, zim);
                            zrp2 = d1r.fma(v2r, zrp2);
                            zrm2 = d1i.fma(v2i, zrm2);
                            zip2 = d1r.fma(v2i, zip2);
                            zim2 = d1i.fma(v2r, zim2);
                        }
                        if (t < tend) {
                            final int i1 = (o1 + t1[t]) * L, i2 = (o2 + t2[t]) * L;
                            final DoubleVector c = DoubleVector.broadcast(S, tc[t]);
                            DoubleVector c1r = DoubleVector.fromArray(S, utr, i1).mul(c);
                            DoubleVector c1i = DoubleVector.fromArray(S, uti, i1).mul(c);
                            DoubleVector u2r = DoubleVector.fromArray(S, utr, i2);
                            DoubleVector u2i = DoubleVector.fromArray(S, uti, i2);
                            zrp = c1r.fma(u2r, zrp);
                            zrm = c1i.fma(u2i, zrm);
                            zip = c1r.fma(u2i, zip);
                            zim = c1i.fma(u2r, zim);
                        }
                        final DoubleVector zi = zip.add(zim).add(zip2.add(zim2));
                        final DoubleVector zr = zrp.sub(zrm).add(zrp2.sub(zrm2));
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
}
