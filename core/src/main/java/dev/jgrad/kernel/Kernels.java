package dev.jgrad.kernel;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which kernels run. {@code FAST} (the default) uses the blocked, multi-threaded and, where the JVM
 * has the Vector API, SIMD loops; {@code REFERENCE} uses the plain scalar loops every fast path is
 * tested against, which is the way to check whether a surprising number comes from a kernel.
 * Chosen with the system property {@code jgrad.kernels=fast|reference} or at run time.
 */
public final class Kernels {
    private Kernels() {}

    public enum Mode { REFERENCE, FAST }

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static volatile Mode mode = parseMode(System.getProperty("jgrad.kernels", "fast"));
    /** Vector API wanted (property {@code jgrad.simd}, default true); only honoured if the module is there. */
    private static volatile boolean simdWanted = !"false".equalsIgnoreCase(System.getProperty("jgrad.simd", "true"));
    private static final boolean VECTOR_PRESENT = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    private static final AtomicBoolean NOTICED = new AtomicBoolean();

    public static Mode mode() {
        return mode;
    }

    public static void setMode(Mode m) {
        if (m == null) throw new IllegalArgumentException("kernel mode must not be null");
        mode = m;
    }

    static boolean fast() {
        return mode == Mode.FAST;
    }

    /**
     * Whether the fast matrix kernels use the Vector API. The first call that finds the module missing
     * prints one line to stderr, so a slow run explains itself.
     */
    public static boolean simd() {
        if (!simdWanted) return false;
        if (!VECTOR_PRESENT && NOTICED.compareAndSet(false, true)) {
            System.err.println("jgrad: " + VECTOR_MODULE + " is not available, using scalar kernels"
                    + " (run java with --add-modules " + VECTOR_MODULE + " for SIMD)");
        }
        return VECTOR_PRESENT;
    }

    /** Turns the Vector API micro-kernels off (or back on, if the module is present); for comparisons. */
    public static void setSimd(boolean wanted) {
        simdWanted = wanted;
    }

    static Mode parseMode(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fast" -> Mode.FAST;
            case "reference", "ref", "scalar" -> Mode.REFERENCE;
            default -> throw new IllegalArgumentException("jgrad.kernels must be 'fast' or 'reference', got '" + s + "'");
        };
    }
}
