/**
 * Dense linear algebra for the design engine: blocked Cholesky, many-right-hand-side triangular
 * solves (leverages), rank-1 update/downdate, as static kernels over {@code double[]} + offset +
 * leading dimension, with Vector API kernels ({@code PanamaDenseKernels}) and their scalar twin
 * chosen by {@link org.atomdoe.linalg.Dense#kernels()}; multithreading by
 * {@link org.atomdoe.linalg.Parallel}.
 */
package org.atomdoe.linalg;
