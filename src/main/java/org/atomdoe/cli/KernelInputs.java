package org.atomdoe.cli;

import java.util.ArrayList;
import java.util.List;
import org.atomdoe.descriptor.Descriptor;
import org.atomdoe.descriptor.FeatureMatrix;
import org.atomdoe.fit.EnergyDataset;
import org.atomdoe.kernel.AtomEnvironments;
import org.atomdoe.kernel.ConfigurationKernel;
import org.atomdoe.kernel.KernelModelSpec;
import org.atomdoe.kernel.SparseBasis;
import org.atomdoe.structure.Structure;
import org.atomdoe.util.Progress;

/**
 * Glue from lists of configurations to a sparse GP model: per-atom descriptors, the atomic
 * environments of every set in one kernel space, sparse points chosen among the environments of
 * the leading {@code basisSets} sets (never the test set), and per set an {@link EnergyDataset}
 * whose features are the whitened rows {@code L^-1 sum_atoms k(x_atom, Z)}.
 *
 * @param spec           the model settings
 * @param descriptorSpec the descriptor spec actually used
 * @param descriptor     the descriptor
 * @param species        species of all sets, by atomic number
 * @param environments   per set
 * @param basis          the sparse basis
 * @param data           per set, energy rows with whitened kernel features
 */
record KernelInputs(KernelModelSpec spec, String descriptorSpec, Descriptor descriptor, List<String> species,
                    List<AtomEnvironments> environments, SparseBasis basis, List<EnergyDataset> data) {

    static KernelModelSpec parse(String model) {
        try {
            return KernelModelSpec.parse(model);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--model: " + e.getMessage());
        }
    }

    static KernelInputs build(KernelModelSpec spec, String givenDescriptor, List<List<Structure>> sets, int basisSets,
                              int threads, Progress progress) {
        List<String> species = FeatureMatrix.speciesOf(sets);
        String dspec = spec.descriptorSpec(givenDescriptor);
        Descriptor d = FitCommand.parseDescriptor(dspec, species);
        List<AtomEnvironments> envs = new ArrayList<>();
        for (List<Structure> s : sets) {
            FeatureMatrix f = FeatureMatrix.perAtom(s, dspec, d, threads, progress);
            envs.add(AtomEnvironments.of(spec.kernel(), f.values(), f.cols(), s));
        }
        AtomEnvironments host = envs.get(0);
        for (int k = 1; k < basisSets; k++) host = host.concat(envs.get(k));
        if (spec.sparse() > host.rows().n()) {
            throw new Main.UsageException("--model: sparse=" + spec.sparse() + " exceeds the " + host.rows().n() + " atomic environments available");
        }
        SparseBasis basis;
        try {
            basis = SparseBasis.select(spec.sparseMethod(), spec.kernel(), host.rows(), spec.sparse(), spec.seed(), spec.jitter(), threads, progress);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--model: " + e.getMessage());
        }
        List<String> labels = new ArrayList<>();
        for (int z : basis.indices()) labels.add("k[env " + z + "]");
        List<EnergyDataset> data = new ArrayList<>();
        for (int k = 0; k < sets.size(); k++) {
            double[] rows = basis.whitenedRows(envs.get(k), threads);
            data.add(EnergyDataset.fromStructures(sets.get(k), species, rows, basis.size(), labels));
        }
        return new KernelInputs(spec, dspec, d, species, envs, basis, data);
    }

    /** The normalised configuration kernel over the configurations of the sets {@code [0, count)}, in order. */
    double[] configurationKernel(int count, int threads) {
        AtomEnvironments all = environments.get(0);
        for (int k = 1; k < count; k++) all = all.concat(environments.get(k));
        return ConfigurationKernel.compute(spec.kernel(), all, true, threads);
    }
}
