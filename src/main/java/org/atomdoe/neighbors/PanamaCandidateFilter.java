package org.atomdoe.neighbors;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link ScalarCandidateFilter}: a full vector of candidates per step (4 with
 * AVX2, 8 with AVX-512). The keep decision of the step is a bit set (distance, half-list key,
 * run end, centre's own image); its kept lane numbers, packed to the front, come from a table
 * indexed by the bit set ({@code 2^lanes} rows), are offset by the step's first index and stored
 * unmasked. The table replaces {@code IntVector.compress}, which measured 20-25 % slower per step
 * on AVX2 (scratch micro-benchmark, 2026-11-24); lanes past {@code e} are read from the padding and
 * dropped by the run-end bits. {@link #select2f}, the kernel of the centre pairs, does the same
 * with 8 float lanes (AVX2) and a double test for the rare lanes near the cutoff; for half lists
 * it first skips, branch-free, the leading candidates whose keys are not above the centres'.
 * {@link #select2fRows}, the kernel of whole stencil rows, takes 16 float lanes per step on AVX-512
 * machines and packs the kept lanes by {@code IntVector.compress} (one instruction there; a table of
 * {@code 2^16} rows would not stay in cache), the 8-lane table steps elsewhere: the same kept sets in
 * the same order (search 10-30 % less thread CPU on a Zen 4 guest, branch {@code nb11}).
 */
public final class PanamaCandidateFilter implements CandidateFilter {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() > 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(D.length() * 32));
    private static final int LANES = D.length();
    /** Int species for the half-list key pre-skip (8 lanes with AVX2). */
    private static final VectorSpecies<Integer> K = IntVector.SPECIES_PREFERRED.length() > 8
            ? IntVector.SPECIES_256 : IntVector.SPECIES_PREFERRED;
    private static final int KL = K.length();
    /** Int species of {@link #firstKeyAbove}: 16 lanes with AVX-512 (a row's cut is about 8 images), else {@link #K}. */
    private static final VectorSpecies<Integer> KW = IntVector.SPECIES_PREFERRED.length() >= 16
            ? IntVector.SPECIES_512 : K;
    private static final int KWL = KW.length();
    private static final long ALL = (1L << LANES) - 1;
    /** Row b: the lanes set in b in increasing order, then zeros. */
    private static final int[] PACK = new int[LANES << LANES];

    /** Float species of the pre-decision: 8 lanes with AVX2 and wider (the pack table has {@code 2^FL} rows). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() >= 8
            ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> FI = VectorSpecies.of(int.class, F.vectorShape());
    private static final int FL = F.length();
    private static final long FALL = (1L << FL) - 1;
    private static final int[] PACKF = new int[FL << FL];

    /**
     * Wide float species of {@link #select2fRows} (16 lanes) when the hardware's preferred float
     * vector has at least 16 lanes (AVX-512); the kept lanes are packed by {@code compress}
     * (one instruction there) instead of a table ({@code 2^16} rows would not stay in cache).
     */
    private static final VectorSpecies<Float> FW = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> FWI = IntVector.SPECIES_512;
    private static final int FWL = FW.length();
    private static final boolean WIDE = FloatVector.SPECIES_PREFERRED.length() >= FWL;

    /** Whether {@link #select2fRows} takes 16-lane steps (the tests run both widths on any hardware). */
    private final boolean wide;

    /** The widths the hardware prefers. */
    public PanamaCandidateFilter() {
        this(WIDE);
    }

    /** With 16-lane ({@code wide}) or 8-lane steps in {@link #select2fRows} (tests). */
    PanamaCandidateFilter(boolean wide) {
        this.wide = wide;
    }

    static {
        for (int b = 0; b < 1 << LANES; b++) {
            int c = 0;
            for (int l = 0; l < LANES; l++) if ((b >> l & 1) != 0) PACK[b * LANES + c++] = l;
        }
        for (int b = 0; b < 1 << FL; b++) {
            int c = 0;
            for (int l = 0; l < FL; l++) if ((b >> l & 1) != 0) PACKF[b * FL + c++] = l;
        }
    }

    @Override
    public int select(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e,
                      double xi, double yi, double zi, double rc2, int key, int self, int[] cand, int m) {
        final int lanes = LANES;
        final boolean anyKey = key != Integer.MIN_VALUE;
        int q = s;
        if (anyKey) q = skipLow(hkey, s, e, key);
        for (; q < e; q += lanes) {
            DoubleVector dx = DoubleVector.fromArray(D, ex, q).sub(xi);
            DoubleVector dy = DoubleVector.fromArray(D, ey, q).sub(yi);
            DoubleVector dz = DoubleVector.fromArray(D, ez, q).sub(zi);
            DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            long bits = r2.compare(VectorOperators.LT, rc2).toLong();
            if (anyKey) bits &= IntVector.fromArray(I, hkey, q).compare(VectorOperators.GT, key).toLong();
            int left = e - q, ds = self - q;
            bits &= left >= lanes ? ALL : (1L << left) - 1;
            bits &= ds >= 0 && ds < lanes ? ~(1L << ds) : -1L;
            IntVector.fromArray(I, PACK, (int) bits * lanes).add(q).intoArray(cand, m);
            m += Long.bitCount(bits);
        }
        return m;
    }

    @Override
    public long select2(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                        double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                        double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        final int lanes = LANES;
        final boolean anyKey = keyA != Integer.MIN_VALUE;
        int q = s;
        if (anyKey) q = skipLow(hkey, s, e, Math.min(keyA, keyB));
        for (; q < e; q += lanes) {
            DoubleVector x = DoubleVector.fromArray(D, ex, q);
            DoubleVector y = DoubleVector.fromArray(D, ey, q);
            DoubleVector z = DoubleVector.fromArray(D, ez, q);
            DoubleVector dx = x.sub(xa), dy = y.sub(ya), dz = z.sub(za);
            DoubleVector r2a = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            dx = x.sub(xb);
            dy = y.sub(yb);
            dz = z.sub(zb);
            DoubleVector r2b = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            long a = r2a.compare(VectorOperators.LT, rc2).toLong();
            long b = r2b.compare(VectorOperators.LT, rc2).toLong();
            if (anyKey) {
                IntVector h = IntVector.fromArray(I, hkey, q);
                a &= h.compare(VectorOperators.GT, keyA).toLong();
                b &= h.compare(VectorOperators.GT, keyB).toLong();
            }
            int left = e - q, da = selfA - q, db = selfB - q;
            long run = left >= lanes ? ALL : (1L << left) - 1;
            a &= run & (da >= 0 && da < lanes ? ~(1L << da) : -1L);
            b &= run & (db >= 0 && db < lanes ? ~(1L << db) : -1L);
            IntVector.fromArray(I, PACK, (int) a * lanes).add(q).intoArray(cand, ma);
            ma += Long.bitCount(a);
            IntVector.fromArray(I, PACK, (int) b * lanes).add(q).intoArray(candB, mb);
            mb += Long.bitCount(b);
        }
        return (long) ma << 32 | mb;
    }

    /**
     * Half lists: the first index in {@code [s, e)} whose key is above {@code key}, looking at most
     * {@code 2·KL <= }{@link #PADDING} candidates ahead (branch-free); the candidates before it
     * would all be dropped by the key test.
     */
    private static int skipLow(int[] hkey, int s, int e, int key) {
        long m = IntVector.fromArray(K, hkey, s).compare(VectorOperators.GT, key).toLong()
                | IntVector.fromArray(K, hkey, s + KL).compare(VectorOperators.GT, key).toLong() << KL
                | 1L << 2 * KL;
        return Math.min(s + Long.numberOfTrailingZeros(m), e);
    }

    /**
     * {@link CandidateFilter#firstKeyAbove} a vector of keys per step: the first lane above the key
     * is the lowest set bit of the comparison (lanes past {@code e} are read from the padding and
     * cut by the {@code min}). Why: the scalar loop's exit, after a data-dependent number of
     * images (about a third of each row in the bcc box), is mispredicted about once per row; the
     * half-list search cuts 9 rows per bin this way (the scalar loop run twice per bin cost 1.1-3.0 ms
     * more thread CPU per 128k half build, branch {@code nb12}).
     */
    @Override
    public int firstKeyAbove(int[] hkey, int s, int e, int key) {
        if (s >= e) return s;
        for (int q = s; q < e; q += KWL) {
            long m = IntVector.fromArray(KW, hkey, q).compare(VectorOperators.GT, key).toLong();
            if (m != 0) return Math.min(q + Long.numberOfTrailingZeros(m), e);
        }
        return e;
    }

    @Override
    public boolean prefersWholeRows() {
        return true;
    }

    /**
     * Steps of {@code FL} float lanes (8 with AVX2: twice the candidates of a double step for about
     * the same instructions); the rare lanes whose float distance falls in {@code [lowF, hiF)} are
     * decided by the double test, one by one.
     */
    @Override
    public long select2f(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                         double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e, double rc2,
                         double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                         double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        final int lanes = FL;
        final boolean anyKey = keyA != Integer.MIN_VALUE;
        final float xaf = (float) xa, yaf = (float) ya, zaf = (float) za;
        final float xbf = (float) xb, ybf = (float) yb, zbf = (float) zb;
        int q = s;
        if (anyKey) q = skipLow(hkey, s, e, Math.min(keyA, keyB));
        for (; q < e; q += lanes) {
            FloatVector x = FloatVector.fromArray(F, fx, q);
            FloatVector y = FloatVector.fromArray(F, fy, q);
            FloatVector z = FloatVector.fromArray(F, fz, q);
            FloatVector dx = x.sub(xaf), dy = y.sub(yaf), dz = z.sub(zaf);
            FloatVector r2a = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            dx = x.sub(xbf);
            dy = y.sub(ybf);
            dz = z.sub(zbf);
            FloatVector r2b = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            long a = r2a.compare(VectorOperators.LT, lowF).toLong();
            long b = r2b.compare(VectorOperators.LT, lowF).toLong();
            long ua = r2a.compare(VectorOperators.LT, hiF).toLong() & ~a;
            long ub = r2b.compare(VectorOperators.LT, hiF).toLong() & ~b;
            if (anyKey) {
                IntVector h = IntVector.fromArray(FI, hkey, q);
                long ka = h.compare(VectorOperators.GT, keyA).toLong(), kb = h.compare(VectorOperators.GT, keyB).toLong();
                a &= ka;
                ua &= ka;
                b &= kb;
                ub &= kb;
            }
            int left = e - q, da = selfA - q, db = selfB - q;
            long run = left >= lanes ? FALL : (1L << left) - 1;
            long ra = run & (da >= 0 && da < lanes ? ~(1L << da) : -1L);
            long rb = run & (db >= 0 && db < lanes ? ~(1L << db) : -1L);
            a &= ra;
            b &= rb;
            if (((ua & ra) | (ub & rb)) != 0) {
                a |= exact(ex, ey, ez, q, ua & ra, xa, ya, za, rc2);
                b |= exact(ex, ey, ez, q, ub & rb, xb, yb, zb, rc2);
            }
            IntVector.fromArray(FI, PACKF, (int) a * lanes).add(q).intoArray(cand, ma);
            ma += Long.bitCount(a);
            IntVector.fromArray(FI, PACKF, (int) b * lanes).add(q).intoArray(candB, mb);
            mb += Long.bitCount(b);
        }
        return (long) ma << 32 | mb;
    }

    /**
     * {@link #select2f}'s steps over every run, the centres' float vectors made once per call. The step
     * is written out again here on purpose: moved into a shared helper method (vectors as arguments), C2
     * did not inline it and boxed the vectors, 6.4 MB per round of AllocationFreeBuildTest.
     */
    @Override
    public long select2fRows(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                             double[] ex, double[] ey, double[] ez, int[] hkey, int[] rs, int[] re, int nr,
                             double rc2, double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                             double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        if (wide) {
            return select2fRowsWide(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, rs, re, nr, rc2, xa, ya, za, keyA, selfA,
                    cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
        }
        return select2fRowsNarrow(fx, fy, fz, lowF, hiF, ex, ey, ez, hkey, rs, re, nr, rc2, xa, ya, za, keyA, selfA,
                cand, ma, xb, yb, zb, keyB, selfB, candB, mb);
    }

    /**
     * {@link #select2fRows} in steps of 16 float lanes, kept lanes packed by {@code compress}. Why: a
     * stencil row of the bcc box holds ~25 images, 4 steps of 8 lanes (the last partial) or 2 of 16;
     * the per-step work outside the arithmetic (masks to bits, run and own-image bits, packing,
     * counts, loop) is paid half as often. Any hardware runs it (the Vector API falls back to Java
     * loops); {@link #select2fRows} calls it only with AVX-512.
     */
    long select2fRowsWide(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                          double[] ex, double[] ey, double[] ez, int[] hkey, int[] rs, int[] re, int nr,
                          double rc2, double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                          double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        final int lanes = FWL;
        final long all = (1L << lanes) - 1;
        final boolean anyKey = keyA != Integer.MIN_VALUE;
        final FloatVector xav = FloatVector.broadcast(FW, (float) xa), yav = FloatVector.broadcast(FW, (float) ya),
                zav = FloatVector.broadcast(FW, (float) za);
        final FloatVector xbv = FloatVector.broadcast(FW, (float) xb), ybv = FloatVector.broadcast(FW, (float) yb),
                zbv = FloatVector.broadcast(FW, (float) zb);
        final IntVector iota = IntVector.zero(FWI).addIndex(1);
        for (int r = 0; r < nr; r++) {
            final int e = re[r];
            for (int q = rs[r]; q < e; q += lanes) {
                FloatVector x = FloatVector.fromArray(FW, fx, q);
                FloatVector y = FloatVector.fromArray(FW, fy, q);
                FloatVector z = FloatVector.fromArray(FW, fz, q);
                FloatVector dx = x.sub(xav), dy = y.sub(yav), dz = z.sub(zav);
                FloatVector r2a = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                dx = x.sub(xbv);
                dy = y.sub(ybv);
                dz = z.sub(zbv);
                FloatVector r2b = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                long a = r2a.compare(VectorOperators.LT, lowF).toLong();
                long b = r2b.compare(VectorOperators.LT, lowF).toLong();
                long ua = r2a.compare(VectorOperators.LT, hiF).toLong() & ~a;
                long ub = r2b.compare(VectorOperators.LT, hiF).toLong() & ~b;
                if (anyKey) {
                    IntVector h = IntVector.fromArray(FWI, hkey, q);
                    long ka = h.compare(VectorOperators.GT, keyA).toLong(), kb = h.compare(VectorOperators.GT, keyB).toLong();
                    a &= ka;
                    ua &= ka;
                    b &= kb;
                    ub &= kb;
                }
                int left = e - q, da = selfA - q, db = selfB - q;
                long run = left >= lanes ? all : (1L << left) - 1;
                long ra = run & (da >= 0 && da < lanes ? ~(1L << da) : -1L);
                long rb = run & (db >= 0 && db < lanes ? ~(1L << db) : -1L);
                a &= ra;
                b &= rb;
                if (((ua & ra) | (ub & rb)) != 0) {
                    a |= exact(ex, ey, ez, q, ua & ra, xa, ya, za, rc2);
                    b |= exact(ex, ey, ez, q, ub & rb, xb, yb, zb, rc2);
                }
                IntVector idx = iota.add(q);
                idx.compress(VectorMask.fromLong(FWI, a)).intoArray(cand, ma);
                ma += Long.bitCount(a);
                idx.compress(VectorMask.fromLong(FWI, b)).intoArray(candB, mb);
                mb += Long.bitCount(b);
            }
        }
        return (long) ma << 32 | mb;
    }

    /** {@link #select2fRows} in steps of {@code FL} (8) float lanes, kept lanes packed by the table. */
    long select2fRowsNarrow(float[] fx, float[] fy, float[] fz, float lowF, float hiF,
                            double[] ex, double[] ey, double[] ez, int[] hkey, int[] rs, int[] re, int nr,
                            double rc2, double xa, double ya, double za, int keyA, int selfA, int[] cand, int ma,
                            double xb, double yb, double zb, int keyB, int selfB, int[] candB, int mb) {
        final int lanes = FL;
        final boolean anyKey = keyA != Integer.MIN_VALUE;
        final FloatVector xav = FloatVector.broadcast(F, (float) xa), yav = FloatVector.broadcast(F, (float) ya),
                zav = FloatVector.broadcast(F, (float) za);
        final FloatVector xbv = FloatVector.broadcast(F, (float) xb), ybv = FloatVector.broadcast(F, (float) yb),
                zbv = FloatVector.broadcast(F, (float) zb);
        for (int r = 0; r < nr; r++) {
            final int e = re[r];
            for (int q = rs[r]; q < e; q += lanes) {
                FloatVector x = FloatVector.fromArray(F, fx, q);
                FloatVector y = FloatVector.fromArray(F, fy, q);
                FloatVector z = FloatVector.fromArray(F, fz, q);
                FloatVector dx = x.sub(xav), dy = y.sub(yav), dz = z.sub(zav);
                FloatVector r2a = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                dx = x.sub(xbv);
                dy = y.sub(ybv);
                dz = z.sub(zbv);
                FloatVector r2b = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                long a = r2a.compare(VectorOperators.LT, lowF).toLong();
                long b = r2b.compare(VectorOperators.LT, lowF).toLong();
                long ua = r2a.compare(VectorOperators.LT, hiF).toLong() & ~a;
                long ub = r2b.compare(VectorOperators.LT, hiF).toLong() & ~b;
                if (anyKey) {
                    IntVector h = IntVector.fromArray(FI, hkey, q);
                    long ka = h.compare(VectorOperators.GT, keyA).toLong(), kb = h.compare(VectorOperators.GT, keyB).toLong();
                    a &= ka;
                    ua &= ka;
                    b &= kb;
                    ub &= kb;
                }
                int left = e - q, da = selfA - q, db = selfB - q;
                long run = left >= lanes ? FALL : (1L << left) - 1;
                long ra = run & (da >= 0 && da < lanes ? ~(1L << da) : -1L);
                long rb = run & (db >= 0 && db < lanes ? ~(1L << db) : -1L);
                a &= ra;
                b &= rb;
                if (((ua & ra) | (ub & rb)) != 0) {
                    a |= exact(ex, ey, ez, q, ua & ra, xa, ya, za, rc2);
                    b |= exact(ex, ey, ez, q, ub & rb, xb, yb, zb, rc2);
                }
                IntVector.fromArray(FI, PACKF, (int) a * lanes).add(q).intoArray(cand, ma);
                ma += Long.bitCount(a);
                IntVector.fromArray(FI, PACKF, (int) b * lanes).add(q).intoArray(candB, mb);
                mb += Long.bitCount(b);
            }
        }
        return (long) ma << 32 | mb;
    }

    /** The lanes of {@code u} (offsets from {@code q}) that the double test keeps. */
    private static long exact(double[] ex, double[] ey, double[] ez, int q, long u, double x, double y, double z,
                              double rc2) {
        long keep = 0;
        while (u != 0) {
            int l = Long.numberOfTrailingZeros(u);
            u &= u - 1;
            double dx = ex[q + l] - x, dy = ey[q + l] - y, dz = ez[q + l] - z;
            if (dx * dx + dy * dy + dz * dz < rc2) keep |= 1L << l;
        }
        return keep;
    }
}
