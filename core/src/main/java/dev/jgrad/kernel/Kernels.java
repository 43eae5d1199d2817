package dev.jgrad.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which kernels run. {@code FAST} (the default) is {@link FastBackend}: blocked, multi-threaded
 * float32 loops with the Vector API; {@code REFERENCE} is {@link Backend}'s plain scalar loops, which
 * every fast path is tested against and which is the way to check whether a surprising number comes
 * from a kernel. Chosen with the system property {@code jgrad.kernels=fast|reference} or at run time.
 * Without the Vector API module ({@code --add-modules jdk.incubator.vector}) {@code FAST} runs the
 * reference loops, after one line on stderr.
 */
public final class Kernels {
    private Kernels() {}

    public enum Mode { REFERENCE, FAST }

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final boolean VECTOR_PRESENT = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    private static final AtomicBoolean NOTICED = new AtomicBoolean();

    private static volatile Mode mode = parseMode(System.getProperty("jgrad.kernels", "fast"));
    private static volatile Backend backend = Backend.REFERENCE;

    static {
        setMode(mode);
    }

    public static Mode mode() {
        return mode;
    }

    /** The kernels every op calls; fixed until the next {@link #setMode}. */
    public static Backend backend() {
        Backend b = backend;
        if (b == Backend.REFERENCE && mode == Mode.FAST && NOTICED.compareAndSet(false, true)) {
            System.err.println("jgrad: " + VECTOR_MODULE + " is not available, using the scalar reference kernels"
                    + " (run java with --add-modules " + VECTOR_MODULE + " for the fast ones)");
        }
        return b;
    }

    public static void setMode(Mode m) {
        if (m == null) {
            throw new IllegalArgumentException("kernel mode must not be null");
        }
        mode = m;
        backend = m == Mode.FAST && VECTOR_PRESENT ? FastBackend.INSTANCE : Backend.REFERENCE;
    }

    /** Whether the fast kernels run: mode {@code FAST} and the Vector API module present. */
    public static boolean simd() {
        return backend() instanceof FastBackend;
    }

    /**
     * Runs the float32 matrix kernels on small products until the JIT has compiled them, at most
     * about half a second. Until then the Vector API runs its generic code, which allocates for
     * every vector operation: a fresh JVM's first 64×784·784×500 product takes about 0.4 s instead
     * of 0.5 ms. Worth calling at the start of a training program; results do not change.
     */
    public static void warmUp() {
        if (!simd()) {
            return;
        }
        // Shapes that take every path the JIT would otherwise leave as a trap to be recompiled later:
        // edge tiles, two k-blocks (k = 300), A read in place and packed, B packed from rows and from
        // a transposed view, x·Wᵀ computed as its transpose, and the accumulate variant; then the
        // in-place kernels (DirectGemm): a C 10 wide, and small products with B's rows contiguous.
        // The fifth and sixth are large enough to look for zero steps, and A (one non-zero in 24) has them.
        int[][] shapes = {{40, 100, 300, 0, 0}, {40, 100, 300, 1, 0}, {8, 100, 300, 0, 1}, {31, 70, 300, 0, 1},
            {64, 100, 200, 0, 0}, {64, 100, 200, 1, 0}, {31, 10, 300, 0, 1}, {10, 100, 64, 1, 0}, {31, 100, 10, 0, 0}};
        float[] a = new float[64 * 300], b = new float[300 * 100], c = new float[64 * 100];
        for (int i = 0; i < a.length; i += 24) {
            a[i] = 1f;
        }
        Arrays.fill(b, 1f);
        long deadline = System.nanoTime() + 500_000_000L;
        for (int i = 0; i < 4000 && System.nanoTime() < deadline; i++) {
            int[] s = shapes[i % shapes.length];
            int m = s[0], n = s[1], k = s[2];
            FastBackend.INSTANCE.gemm(m, n, k, a, 0, s[3] == 1 ? 1 : k, s[3] == 1 ? m : 1, b, 0, s[4] == 1 ? 1 : n,
                    s[4] == 1 ? k : 1, c, 0, (i & 4) == 0 ? Backend.Output.OVERWRITE : Backend.Output.ACCUMULATE);
        }
    }

    /** {@link #warmUp()} on a daemon thread, overlapping with whatever the program does first. */
    public static void warmUpInBackground() {
        Thread t = new Thread(Kernels::warmUp, "jgrad-kernel-warm-up");
        t.setDaemon(true);
        t.start();
    }

    static Mode parseMode(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "fast" -> Mode.FAST;
            case "reference", "ref", "scalar" -> Mode.REFERENCE;
            default -> throw new IllegalArgumentException("jgrad.kernels must be 'fast' or 'reference', got '" + s + "'");
        };
    }
}
