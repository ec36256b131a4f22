/**
 * Kernel (GAP-like) models and designs for them.
 *
 * <ul>
 * <li>{@link org.atomdoe.kernel.Kernel} (dot-product on normalised descriptors, squared
 *     exponential) and {@link org.atomdoe.kernel.KernelMatrix}: kernel matrices as one packed GEMM
 *     plus an elementwise map, with Vector API micro-kernels ({@code PanamaGramKernels}) and their
 *     scalar twin ({@link org.atomdoe.kernel.ScalarGramKernels}).</li>
 * <li>{@link org.atomdoe.kernel.PivotedCholesky}: exact lazy greedy log det over an implicit
 *     kernel matrix ({@link org.atomdoe.kernel.SymmetricSource}); the engine of sparse-point
 *     selection ({@link org.atomdoe.kernel.SparsePoints}: greedy, CUR, random) and of the greedy
 *     start of the direct configuration design.</li>
 * <li>{@link org.atomdoe.kernel.SparseBasis}: the sparse GP basis, configuration rows
 *     {@code phi = sum_atoms k(x_atom, Z)} and their whitened form, which the linear design engine
 *     ({@code org.atomdoe.design}) and the isotropic ridge fit ({@code org.atomdoe.fit}) take as
 *     ordinary rows.</li>
 * <li>{@link org.atomdoe.kernel.ConfigurationKernel}, {@link org.atomdoe.kernel.KernelDesign}
 *     (greedy + Fedorov exchange on {@code log det (K_SS + sigma^2 I)}) and
 *     {@link org.atomdoe.kernel.KernelFarthestPoint}: designs directly in the configuration
 *     kernel.</li>
 * <li>{@link org.atomdoe.kernel.KernelModelSpec}: the {@code kernel:...} settings string.</li>
 * </ul>
 */
package org.atomdoe.kernel;
