package org.atomdoe.neighbors;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API version of {@link ScalarCandidateFilter}: a full vector of candidates per step (8
 * with AVX-512), the kept lane indices packed with {@code compress} (one {@code vpcompressd}) and
 * stored unmasked; lanes past {@code e} are read from the padding and masked off.
 */
public final class PanamaCandidateFilter implements CandidateFilter {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.length() > 8
            ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(D.length() * 32));
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    @Override
    public int select(double[] ex, double[] ey, double[] ez, int[] hkey, int s, int e,
                      double xi, double yi, double zi, double rc2, int key, int[] cand, int m) {
        final int lanes = D.length();
        for (int q = s; q < e; q += lanes) {
            DoubleVector dx = DoubleVector.fromArray(D, ex, q).sub(xi);
            DoubleVector dy = DoubleVector.fromArray(D, ey, q).sub(yi);
            DoubleVector dz = DoubleVector.fromArray(D, ez, q).sub(zi);
            DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            VectorMask<Integer> keep = r2.compare(VectorOperators.LT, rc2).cast(I)
                    .and(IntVector.fromArray(I, hkey, q).compare(VectorOperators.GT, key))
                    .and(I.indexInRange(q, e));
            IOTA.add(q).compress(keep).intoArray(cand, m);
            m += keep.trueCount();
        }
        return m;
    }
}
