/**
 * Per-atom descriptors of local atomic environments and their per-structure aggregation.
 *
 * <p><b>Descriptors</b> ({@link org.atomdoe.descriptor.Descriptor}, all {@link org.atomdoe.descriptor.AtomwiseDescriptor}):
 * <ul>
 * <li>{@link org.atomdoe.descriptor.PairRadialBasis} ({@code radial}): Chebyshev polynomials of the scaled
 *     distance times the cosine cutoff, per ordered species pair;
 * <li>{@link org.atomdoe.descriptor.Acsf} ({@code acsf}): Behler's G1..G5 in DScribe 2.1.1's layout;
 * <li>{@link org.atomdoe.descriptor.SoapPowerSpectrum} ({@code soap}): DScribe 2.1.1's SOAP power spectrum
 *     (gto and polynomial bases, average off/inner, optional normalisation).
 * </ul>
 * Settings are Jackson-serialisable records named as in DScribe ({@code r_cut}, {@code n_max}, ...).
 * Species channels are always sorted by atomic number ({@link org.atomdoe.descriptor.SpeciesChannels}).
 *
 * <p><b>Entry points for the CLI</b>: {@link org.atomdoe.descriptor.DescriptorSpecs#parse(String, java.util.List)}
 * turns {@code soap:rcut=5,nmax=8,lmax=6,sigma=1} (or {@code acsf:...}, {@code radial:...}, and any name
 * added with {@link org.atomdoe.descriptor.DescriptorSpecs#register}) into a descriptor;
 * {@link org.atomdoe.descriptor.DescriptorCalculator} computes per-atom rows of a pool on N threads
 * (neighbour search included) and {@link org.atomdoe.descriptor.DescriptorCalculator#aggregate} reduces
 * them with an {@link org.atomdoe.descriptor.Aggregation} (sum, mean, per-species sums with counts).
 *
 * <p><b>Gradients</b>: the three descriptors above are {@link org.atomdoe.descriptor.DifferentiableDescriptor}s
 * (SOAP with {@code average = "off"} only): values and the derivatives of every row with respect to the
 * displacements of its neighbour entries in one pass, from which {@link org.atomdoe.descriptor.ForceRows} builds
 * the force and stress rows of a linear model.
 *
 * <p><b>Kernels</b>: {@link org.atomdoe.descriptor.DescriptorKernels} holds the hot loops; the Vector API
 * implementation {@code PanamaDescriptorKernels} is chosen by {@link org.atomdoe.simd.VectorSupport} with
 * {@link org.atomdoe.descriptor.ScalarDescriptorKernels} as scalar twin. Both give the same rows to
 * rounding, and each is deterministic (its exp/cos use only exactly rounded lane operations). The Gaussians
 * of SOAP's GTO basis and of ACSF's G4/G5 come from a {@link org.atomdoe.descriptor.GaussianTable} (a table of
 * {@code exp(-gamma s_i)} times a short Taylor polynomial, accurate to a few ulps; no interpolation error).
 */
package org.atomdoe.descriptor;
