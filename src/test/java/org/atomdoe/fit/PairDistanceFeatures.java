package org.atomdoe.fit;

import java.util.ArrayList;
import java.util.List;
import org.atomdoe.neighbors.BruteForceNeighbors;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * A deliberately trivial per-structure feature for exercising the fit on real data without the
 * descriptor package: a smoothed pair-distance histogram,
 * {@code f_k = sum over pairs i<j with r < rc of exp(-(r - mu_k)^2 / (2 s^2)) fc(r)},
 * {@code fc(r) = (cos(pi r / rc) + 1) / 2}, {@code mu_k} evenly spaced in [rmin, rc]. A linear
 * model in these features is a pair potential expanded in Gaussians (no angular information), so
 * it is a weak baseline, not the study. Pairs from {@link BruteForceNeighbors} (half list).
 */
final class PairDistanceFeatures {
    final double cutoff, rmin, width;
    final int bins;

    PairDistanceFeatures(double cutoff, double rmin, int bins, double width) {
        this.cutoff = cutoff;
        this.rmin = rmin;
        this.bins = bins;
        this.width = width;
    }

    double centre(int k) {
        return rmin + (cutoff - rmin) * k / (bins - 1);
    }

    List<String> labels() {
        List<String> l = new ArrayList<>();
        for (int k = 0; k < bins; k++) l.add(String.format("pair[r=%.3f]", centre(k)));
        return l;
    }

    /** N x bins per-structure features. */
    double[] compute(List<Structure> frames) {
        double[] out = new double[frames.size() * bins];
        for (int f = 0; f < frames.size(); f++) {
            NeighborList nl = BruteForceNeighbors.build(frames.get(f), cutoff, true);
            double[] r = nl.distances();
            for (int e = 0; e < nl.size(); e++) {
                double fc = 0.5 * (Math.cos(Math.PI * r[e] / cutoff) + 1);
                for (int k = 0; k < bins; k++) {
                    double d = (r[e] - centre(k)) / width;
                    out[f * bins + k] += Math.exp(-0.5 * d * d) * fc;
                }
            }
        }
        return out;
    }
}
