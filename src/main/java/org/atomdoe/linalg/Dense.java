package org.atomdoe.linalg;

import org.atomdoe.simd.VectorSupport;

/** The process-wide {@link DenseKernels}: the Vector API one when available, else the scalar twin. */
public final class Dense {
    private static final DenseKernels KERNELS = VectorSupport.choose(DenseKernels.class,
            "org.atomdoe.linalg.PanamaDenseKernels", new ScalarDenseKernels());

    private Dense() {}

    /** The chosen kernels. */
    public static DenseKernels kernels() {
        return KERNELS;
    }
}
