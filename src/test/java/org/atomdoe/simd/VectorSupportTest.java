package org.atomdoe.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The suite runs twice; this checks each run really is the configuration it claims to be. */
class VectorSupportTest {
    @Test
    void availabilityMatchesTheSurefireRun() {
        boolean expectScalar = Boolean.getBoolean("atomdoe.expectScalar");
        assertEquals(!expectScalar, VectorSupport.isAvailable(), VectorSupport.describe());
    }

    @Test
    void fallsBackToScalarWhenThePanamaClassCannotBeLoaded() {
        Runnable scalar = () -> {};
        assertSame(scalar, VectorSupport.choose(Runnable.class, "org.atomdoe.simd.NoSuchPanamaClass", scalar));
    }
}
