package org.atomdoe.descriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atomdoe.neighbors.NeighborList;
import org.atomdoe.structure.Structure;

/**
 * Two-body descriptor: for centre atom i of species a, neighbour species b and
 * {@code k = 0..n_max-1}
 * <pre>x_{i,(a,b),k} = sum_{j of species b, r_ij &lt;= r_cut} T_k(2 r_ij / r_cut - 1) fc(r_ij),
 * fc(r) = (cos(pi r / r_cut) + 1) / 2,</pre>
 * with {@code T_k} the Chebyshev polynomials of the first kind (the radial basis of ACE/MTP-like
 * linear models, e.g. Drautz 2019). Layout: blocks of {@code n_max} values for every ordered
 * species pair (a = centre, b = neighbour) in channel order (ascending Z): (0,0), (0,1), ...,
 * (1,0), ...; the blocks of other centre species are zero, so that a linear model over the
 * per-species sums sees each pair interaction separately. Labels {@code radial[Si-Si k=3]}.
 *
 * <p>Pair gradients ({@link DifferentiableDescriptor}): entry k of centre i only moves its own
 * (a, b) block, {@code d x_{i,(a,b),k} / d D = phi_k'(r) D / r} with
 * {@code phi_k' = T_k'(u) (2 / r_cut) fc + T_k fc'}, {@code T_k' = k U_{k-1}} by the recurrence of
 * {@link DescriptorKernels#chebyshevCutoffGradient}, computed in the same pass as the values.
 */
public final class PairRadialBasis extends AtomwiseDescriptor implements DifferentiableDescriptor {
    private final RadialSettings settings;
    private final SpeciesChannels channels;
    private final int nFeatures;
    private final DescriptorKernels kernels;

    public PairRadialBasis(RadialSettings settings) {
        this(settings, DescriptorKernels.DEFAULT);
    }

    /** With explicit kernels (tests, benchmarks of the scalar twin). */
    public PairRadialBasis(RadialSettings settings, DescriptorKernels kernels) {
        this.settings = settings;
        this.channels = SpeciesChannels.of(settings.species());
        this.nFeatures = channels.size() * channels.size() * settings.nMax();
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return "radial";
    }

    @Override
    public int featureCount() {
        return nFeatures;
    }

    @Override
    public List<String> labels() {
        List<String> out = new ArrayList<>(nFeatures);
        for (int a = 0; a < channels.size(); a++)
            for (int b = 0; b < channels.size(); b++)
                for (int k = 0; k < settings.nMax(); k++)
                    out.add("radial[" + channels.symbol(a) + "-" + channels.symbol(b) + " k=" + k + "]");
        return out;
    }

    @Override
    public double cutoff() {
        return settings.rCut();
    }

    @Override
    public RadialSettings settings() {
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
    public void computeAtoms(Structure s, NeighborList nl, int from, int to, double[] out) {
        check(s, nl, from, to, out);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size(), nb = settings.nMax();
        int maxCount = 0;
        for (int i = from; i < to; i++) maxCount = Math.max(maxCount, nl.count(i));
        double[][] rbuf = new double[ns][maxCount];
        int[] cnt = new int[ns];
        int[] nj = nl.neighbors();
        double[] r = nl.distances();
        double rc = settings.rCut();
        for (int i = from; i < to; i++) {
            Arrays.fill(out, i * nFeatures, (i + 1) * nFeatures, 0.0);
            java.util.Arrays.fill(cnt, 0);
            for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                if (r[k] > rc) continue;
                int c = ch[nj[k]];
                rbuf[c][cnt[c]++] = r[k];
            }
            int base = i * nFeatures + ch[i] * ns * nb;
            for (int c = 0; c < ns; c++) {
                if (cnt[c] > 0) kernels.chebyshevCutoffSum(rbuf[c], 0, cnt[c], rc, nb, out, base + c * nb);
            }
        }
    }

    @Override
    public void computeAtomsWithGradients(Structure s, NeighborList nl, int from, int to, double[] values, double[] pairGradients) {
        checkGradients(s, nl, from, to, values, pairGradients);
        int[] ch = channels.atomChannels(s);
        int ns = channels.size(), nb = settings.nMax(), nf = nFeatures;
        int cap = bufferCapacity(nl, from, to);
        double[][] rbuf = new double[ns][cap];
        int[][] entry = new int[ns][cap];
        int[] cnt = new int[ns];
        double[] dr = new double[nb * cap];
        int[] nj = nl.neighbors();
        double[] r = nl.distances();
        double rc = settings.rCut();
        double[] g = pairGradients;
        for (int i = from; i < to; i++) {
            Arrays.fill(values, i * nf, (i + 1) * nf, 0.0);
            // only the (centre, neighbour) block of an entry is non-zero; with one species that block is the whole row
            if (ns > 1) Arrays.fill(g, 3 * nl.start(i) * nf, 3 * nl.end(i) * nf, 0.0);
            Arrays.fill(cnt, 0);
            for (int k = nl.start(i), e = nl.end(i); k < e; k++) {
                if (r[k] > rc) {
                    if (ns == 1) Arrays.fill(g, 3 * k * nf, 3 * (k + 1) * nf, 0.0);
                    continue;
                }
                int c = ch[nj[k]];
                entry[c][cnt[c]] = k;
                rbuf[c][cnt[c]++] = r[k];
            }
            int block = ch[i] * ns * nb;
            for (int c = 0; c < ns; c++) {
                int m = cnt[c];
                if (m == 0) continue;
                kernels.chebyshevCutoffGradient(rbuf[c], 0, m, rc, nb, values, i * nf + block + c * nb, dr, 0, cap);
                scatterRadial(nl, entry[c], m, dr, cap, nb, block + c * nb, nf, g);
            }
        }
    }
}
