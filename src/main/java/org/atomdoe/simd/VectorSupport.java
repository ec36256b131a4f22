package org.atomdoe.simd;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses, once per kernel family at start-up, between a {@code Panama*} implementation built on
 * the incubator Vector API and its scalar twin (Lucene's vectorization-provider pattern).
 *
 * <p>The Panama class is loaded by name only when the {@code jdk.incubator.vector} module is in
 * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the
 * system property {@code atomdoe.simd} is not {@code off}; otherwise, or when loading fails, the
 * scalar implementation is used and the reason is logged once. No class outside the
 * {@code Panama*} ones touches {@code jdk.incubator.vector}, so the library runs without the
 * module, only slower.
 */
public final class VectorSupport {
    private static final Logger LOG = Logger.getLogger(VectorSupport.class.getName());
    private static final String MODULE = "jdk.incubator.vector";
    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule(MODULE).isPresent();
    private static final boolean DISABLED = "off".equalsIgnoreCase(System.getProperty("atomdoe.simd", ""));

    private VectorSupport() {}

    /** Whether Panama kernels may be used in this JVM. */
    public static boolean isAvailable() {
        return MODULE_PRESENT && !DISABLED;
    }

    /** A one-line description for {@code --version} and reports. */
    public static String describe() {
        if (DISABLED) return "scalar (disabled by -Datomdoe.simd=off)";
        if (!MODULE_PRESENT) return "scalar (start the JVM with --add-modules " + MODULE + " for SIMD kernels)";
        return "Vector API (" + MODULE + ")";
    }

    /**
     * The Panama implementation named {@code panamaClass} (a public no-argument constructor
     * implementing {@code type}), or {@code scalar} when the Vector API cannot be used.
     */
    public static <T> T choose(Class<T> type, String panamaClass, T scalar) {
        T panama = panamaOrNull(type, panamaClass);
        if (panama != null) return panama;
        LOG.log(Level.FINE, "{0}: using the scalar implementation: {1}", new Object[] {type.getSimpleName(), describe()});
        return scalar;
    }

    /** The Panama implementation, or null when it cannot be loaded here (for equivalence tests). */
    public static <T> T panamaOrNull(Class<T> type, String panamaClass) {
        if (!isAvailable()) return null;
        try {
            Class<?> c = Class.forName(panamaClass);
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "could not load " + panamaClass + ", using the scalar kernels: " + e);
            return null;
        }
    }
}
