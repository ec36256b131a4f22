package org.atomdoe.design;

import java.util.SplittableRandom;

/**
 * The three best candidates of a greedy step, for randomised starts: a seeded start picks uniformly
 * among the top three (as R AlgDesign's random starts do), a deterministic one takes the best.
 */
final class TopThree {
    private final int[] index = {-1, -1, -1};
    private final double[] value = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Offers candidate {@code j} with score {@code v}; ties keep the earlier candidate. */
    void offer(int j, double v) {
        if (!(v > value[2])) return;
        int t = 2;
        while (t > 0 && v > value[t - 1]) {
            value[t] = value[t - 1];
            index[t] = index[t - 1];
            t--;
        }
        value[t] = v;
        index[t] = j;
    }

    /** The best candidate without {@code rnd}, else a uniform one of the (up to) three best; -1 when none was offered. */
    int pick(SplittableRandom rnd) {
        if (index[0] < 0 || rnd == null) return index[0];
        int avail = index[2] >= 0 ? 3 : index[1] >= 0 ? 2 : 1;
        return index[rnd.nextInt(avail)];
    }
}
