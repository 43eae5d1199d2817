package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

class FastGemmTest {
    private static final int SHAPES = 150;
    private static final Backend FAST = FastBackend.INSTANCE, REF = Backend.REFERENCE;

    @AfterEach
    void restore() {
        Kernels.setMode(Kernels.Mode.FAST);
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Both compute each element as one fma chain over k in order, so they agree bit for bit. */
    @Test
    void float32IsTheReferenceBitForBitOnRandomShapesAndLayouts() {
        Property.named("fast sgemm = reference").tries(SHAPES).forAll(GemmOperands.gen(), Gens.booleans(), (o, accumulate) -> {
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            float[] ref = GemmOperands.f32(o.startC()), fast = ref.clone();
            Backend.Output mode = accumulate ? Backend.Output.ACCUMULATE : Backend.Output.OVERWRITE;
            REF.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, ref, 0, mode);
            FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, fast, 0, mode);
            assertArrayEquals(ref, fast, mode + " " + o);
        });
    }

    /** The reference itself against the plain double sum: within k + 1 roundings of the magnitude. */
    @Test
    void referenceIsTheProduct() {
        Property.named("reference = Σ a·b").tries(SHAPES).forAll(GemmOperands.gen(), o -> {
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            float[] c = new float[o.m * o.n];
            double[] d = new double[o.m * o.n];
            REF.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, c, 0, Backend.Output.OVERWRITE);
            REF.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, d, 0, Backend.Output.OVERWRITE);
            double[] mag = o.magnitude(new double[o.m * o.n]);
            for (int i = 0; i < o.m; i++) {
                for (int j = 0; j < o.n; j++) {
                    double want = 0;
                    for (int p = 0; p < o.k; p++) {
                        want += o.a[o.aOff + i * o.aRow + p * o.aCol] * o.b[o.bOff + p * o.bRow + j * o.bCol];
                    }
                    double tol = 2 * (o.k + 1) * Math.ulp(1f) * mag[i * o.n + j] + 1e-30;
                    if (!(Math.abs(c[i * o.n + j] - want) <= tol && Math.abs(d[i * o.n + j] - want) <= 1e-12 * (1 + mag[i * o.n + j]))) {
                        fail("element (" + i + ", " + j + ") of " + o + ": " + c[i * o.n + j] + " / " + d[i * o.n + j] + " vs " + want);
                    }
                }
            }
        });
    }

    @Test
    void resultIsBitIdenticalForOneAndTwoThreads() {
        Generator g = new Generator(13);
        int[][] shapes = {{64, 500, 784}, {500, 784, 64}, {257, 100, 300}, {65, 33, 1000}, {100, 10, 500}};
        for (int[] s : shapes) {
            GemmOperands o = new GemmOperands(g, s[0], s[1], s[2]);
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            float[] one = new float[o.m * o.n], two = new float[o.m * o.n];
            KernelThreads.setThreads(1);
            FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, one, 0, Backend.Output.OVERWRITE);
            KernelThreads.setThreads(2);
            FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, two, 0, Backend.Output.OVERWRITE);
            assertArrayEquals(one, two, o.toString());
        }
    }

    @Test
    void writesOnlyItsOwnPartOfC() {
        Generator g = new Generator(15);
        for (int[] s : new int[][] {{17, 33, 65}, {1, 40, 7}, {40, 1, 300}}) {
            GemmOperands o = new GemmOperands(g, s[0], s[1], s[2]);
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            int size = o.m * o.n;
            float[] c = new float[3 + size + 5], ref = new float[size];
            Arrays.fill(c, 7f);
            FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, c, 3, Backend.Output.OVERWRITE);
            REF.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, ref, 0, Backend.Output.OVERWRITE);
            assertArrayEquals(ref, Arrays.copyOfRange(c, 3, 3 + size), o.toString());
            for (int i : new int[] {0, 1, 2, 3 + size, 4 + size, 7 + size}) {
                assertEquals(7f, c[i], "wrote outside C at " + i);
            }
        }
    }

    @Test
    void repeatedProductsReuseTheirBuffers() {
        // Packed panels and tiles live in per-thread scratch: once the JIT has compiled the Vector API
        // kernels (until then their fallback code allocates a box per vector operation), a product
        // allocates only its small bookkeeping objects, never arrays the size of its operands.
        int m = 64, n = 100, k = 300;
        float[] x = new float[m * k], w = new float[n * k], c = new float[m * n];
        Arrays.fill(x, 0.5f);
        Arrays.fill(w, 0.25f);
        long best = bytesPerProduct(1,
                () -> FAST.gemm(m, n, k, x, 0, k, 1, w, 0, 1, k, c, 0, Backend.Output.OVERWRITE));
        assertTrue(best < 1024, "allocated " + best + " bytes per product");
        assertTrue(c[0] == 0.125f * k, "the products ran");
    }

    /**
     * The fewest bytes a product allocated, on one kernel thread after {@link Kernels#warmUp}: {@code products} runs
     * {@code count} products, twenty times a round, for up to 50 rounds or until a round stays under 1 KiB.
     */
    static long bytesPerProduct(int count, Runnable products) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        KernelThreads.setThreads(1);
        Kernels.warmUp();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 50 && best >= 1024; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20; i++) {
                products.run();
            }
            best = Math.min(best, (mx.getCurrentThreadAllocatedBytes() - before) / (20L * count));
        }
        return best;
    }

    @Test
    void warmingUpChangesNothingButTime() {
        Generator g = new Generator(17);
        GemmOperands o = new GemmOperands(g, 65, 100, 300);
        float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
        float[] before = new float[o.m * o.n], after = new float[o.m * o.n];
        FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, before, 0, Backend.Output.OVERWRITE);
        long start = System.nanoTime();
        Kernels.warmUp();
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "warm-up is capped at about half a second");
        FAST.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, after, 0, Backend.Output.OVERWRITE);
        assertArrayEquals(before, after);
    }

    @Test
    void emptyDimensionsFollowTheOutputMode() {
        for (Backend k : new Backend[] {FAST, REF}) {
            float[] c = {1, -2, 3, -4};
            k.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, Backend.Output.ACCUMULATE);
            assertArrayEquals(new float[] {1, -2, 3, -4}, c);
            k.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, Backend.Output.OVERWRITE);
            assertArrayEquals(new float[4], c);
            k.gemm(0, 3, 5, new float[0], 0, 5, 1, new float[15], 0, 3, 1, c, 0, Backend.Output.OVERWRITE);
            assertArrayEquals(new float[4], c);
        }
    }

    @Test
    void theModeChoosesTheBackendOnce() {
        Kernels.setMode(Kernels.Mode.REFERENCE);
        assertSame(REF, Kernels.backend());
        Kernels.setMode(Kernels.Mode.FAST);
        assertSame(FAST, Kernels.backend());
        assertTrue(Kernels.simd());
    }
}
