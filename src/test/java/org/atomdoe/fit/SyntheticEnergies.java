package org.atomdoe.fit;

import java.util.List;
import java.util.SplittableRandom;

/** Synthetic two-species structures with per-atom features and a known linear energy. */
final class SyntheticEnergies {
    static final double[] E0 = {-5.4321, -3.125};

    private SyntheticEnergies() {}

    /**
     * N structures of 4..40 atoms, species A/B; per-atom features drawn around a per-structure
     * "state" so structures differ; energy = w . sum features + E0 . counts + noise (eV/atom * n).
     */
    static EnergyDataset make(long seed, int n, double[] w, double noisePerAtom) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = w.length;
        double[] f = new double[n * d];
        int[] counts = new int[n * 2];
        double[] e = new double[n];
        String[] types = new String[n];
        for (int i = 0; i < n; i++) {
            int na = 2 + rnd.nextInt(20), nb = 2 + rnd.nextInt(20);
            counts[2 * i] = na;
            counts[2 * i + 1] = nb;
            int atoms = na + nb;
            double[] state = new double[d];
            for (int j = 0; j < d; j++) state[j] = rnd.nextGaussian();
            for (int a = 0; a < atoms; a++) {
                for (int j = 0; j < d; j++) f[i * d + j] += state[j] + 0.3 * rnd.nextGaussian() + (j % 3);
            }
            double en = E0[0] * na + E0[1] * nb;
            for (int j = 0; j < d; j++) en += w[j] * f[i * d + j];
            e[i] = en + noisePerAtom * atoms * rnd.nextGaussian();
            types[i] = i % 3 == 0 ? "bulk" : (i % 3 == 1 ? "surface" : null);
        }
        return new EnergyDataset(f, d, null, List.of("A", "B"), counts, e, types);
    }

    static double[] weights(long seed, int d) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) w[j] = rnd.nextDouble(-0.2, 0.2);
        return w;
    }
}
