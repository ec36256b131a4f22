/**
 * Fitting linear potentials and measuring how training-set choice affects them.
 *
 * <ul>
 * <li>{@link org.atomdoe.fit.RidgeRegression}: weighted ridge least squares over blocks of rows
 *     ({@link org.atomdoe.fit.RowBlock}; energies now, force rows later), unpenalised
 *     intercept-like columns, standardised penalty, lambda by GCV / modified GCV / exact
 *     leave-one-out ({@link org.atomdoe.fit.RidgeSettings}).</li>
 * <li>{@link org.atomdoe.fit.EnergyDataset} + {@link org.atomdoe.fit.LinearEnergyModel}:
 *     {@code E = w . sum_atoms B(atom) + sum_s e0_s n_s} on per-structure descriptor sums;
 *     errors in meV/atom overall and per config_type ({@link org.atomdoe.fit.EnergyErrors}).</li>
 * <li>{@link org.atomdoe.fit.SubsetSelector} and the baselines
 *     {@link org.atomdoe.fit.RandomSelector}, {@link org.atomdoe.fit.FarthestPointSelector},
 *     {@link org.atomdoe.fit.ClusterStratifiedSelector}; the optimal-design selectors of
 *     {@code org.atomdoe.design} plug in through the same interface.</li>
 * <li>{@link org.atomdoe.fit.LearningCurve}: error against budget for each method, random
 *     repeated over seeds, multithreaded and deterministic.</li>
 * </ul>
 */
package org.atomdoe.fit;
