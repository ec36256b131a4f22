package org.atomdoe.fit;

/**
 * The result of a weighted ridge fit by {@link RidgeRegression}: coefficients in the units of the
 * original columns, and what the fit did to get them (Jackson-serialisable).
 *
 * @param coefficients              one per column, in raw (unscaled) units; 0 for dropped columns
 * @param penalised                 which columns carried the ridge penalty
 * @param droppedColumns            columns left out: zero weighted norm, or (numerically) a
 *                                  combination of the unpenalised columns
 * @param criterion                 how lambda was chosen
 * @param lambda                    the ridge parameter used (dimensionless, see {@link RidgeSettings})
 * @param score                     the criterion's value at {@code lambda} (GCV, modified GCV or
 *                                  mean squared leave-one-out residual; classic GCV when fixed)
 * @param gcv                       classic GCV at {@code lambda}: {@code m RSS / (m - df)^2}
 * @param effectiveDegreesOfFreedom trace of the hat matrix at {@code lambda}
 * @param weightedRss               {@code sum w_i (y_i - x_i . c)^2} on the training rows
 * @param rows                      training rows with positive weight ({@code m})
 * @param penalisedRank             numerical rank of the standardised penalised block
 * @param lambdaGrid                the lambdas tried (one value for a fixed lambda)
 * @param scoreCurve                the criterion at each grid lambda
 */
public record RidgeSolution(double[] coefficients, boolean[] penalised, int[] droppedColumns,
                            RidgeSettings.Criterion criterion, double lambda, double score, double gcv,
                            double effectiveDegreesOfFreedom, double weightedRss, int rows, int penalisedRank,
                            double[] lambdaGrid, double[] scoreCurve) {

    /** {@code x_i . coefficients} for each row of a row-major matrix with {@code coefficients.length} columns. */
    public double[] predict(double[] x, int rows) {
        int p = coefficients.length;
        if (x.length < (long) rows * p) {
            throw new IllegalArgumentException("prediction matrix needs " + (long) rows * p + " values ("
                    + rows + " x " + p + "), got " + x.length);
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int o = i * p;
            for (int j = 0; j < p; j++) s += x[o + j] * coefficients[j];
            out[i] = s;
        }
        return out;
    }
}
