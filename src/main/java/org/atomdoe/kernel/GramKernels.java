package org.atomdoe.kernel;

/**
 * The inner kernels of {@link KernelMatrix}: a register-tiled matrix-product micro-kernel on
 * packed panels (Goto &amp; van de Geijn, ACM TOMS 34, 12 (2008): the C tile stays in registers
 * while the packed A and B micro-panels stream through L1/L2) and the elementwise maps that turn
 * dot products into kernel values. Two implementations: {@link ScalarGramKernels} and the Vector
 * API twin {@code PanamaGramKernels}, chosen once by {@link KernelMatrix#kernels()}.
 *
 * <p>Packed layouts (the driver packs, zero-padded to full tiles): an A micro-panel holds
 * {@code mr()} rows, element (r, t) at {@code ap[apOff + t * mr() + r]}; a B micro-panel holds
 * {@code nr()} rows of the second operand, element (j, t) at {@code bp[bpOff + t * nr() + j]}.
 */
public interface GramKernels {
    /** Rows of a register tile. */
    int mr();

    /** Columns of a register tile. */
    int nr();

    /**
     * The {@code mr() x nr()} tile {@code C(r, j) (+)= sum_{t < kc} A(r, t) B(j, t)} at
     * {@code c[cOff + r * ldc + j]}; added to C when {@code accumulate}, else overwriting it; when
     * {@code zeta > 0} the finished values are raised to that power before they are stored (the
     * dot-product kernel fused into the product, as {@link #power}).
     */
    void tile(int kc, double[] ap, int apOff, double[] bp, int bpOff, double[] c, int cOff, int ldc, boolean accumulate, int zeta);

    /** {@code v[i] = v[i]^zeta} for {@code i in [off, off + len)} (repeated squaring). */
    void power(double[] v, int off, int len, int zeta);

    /**
     * {@code v[off + j] = exp(gamma * min(0, 2 v[off + j] - rowNorm2 - colNorm2[colOff + j]))} for
     * {@code j < len}: squared-exponential values from dot products.
     */
    void squaredExponential(double[] v, int off, int len, double gamma, double rowNorm2, double[] colNorm2, int colOff);
}
