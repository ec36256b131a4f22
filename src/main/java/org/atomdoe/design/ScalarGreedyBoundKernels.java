package org.atomdoe.design;

/** Scalar twin of {@code PanamaGreedyBoundKernels}: one output row of W x at a time, summed in k order, in float. */
public final class ScalarGreedyBoundKernels implements GreedyBoundKernels {
    /** Group width of the packed W (any width works here; 8 as the 256-bit float vectors of the Panama twin). */
    static final int WIDTH = 8;

    @Override
    public int width() {
        return WIDTH;
    }

    @Override
    public void squares(int rows, int[] ids, int idOff, float[] xf, int p, float[] wp, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xo = ids[idOff + r] * p;
            float s = 0f;
            for (int i = 0; i < p; i++) {
                int g = i / WIDTH, base = g * p * WIDTH + (i - g * WIDTH);
                float y = 0f;
                for (int k = 0; k <= i; k++) y += wp[base + k * WIDTH] * xf[xo + k];
                s += y * y;
            }
            out[outOff + r] = s;
        }
    }
}
