package dev.jgrad.kernel;

import static dev.jgrad.kernel.GemmOperands.assertSameBits;
import static dev.jgrad.kernel.GemmOperands.randomF32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The products that read their operands in place ({@link DirectGemm}: a C at most one vector wide,
 * small products with B's rows contiguous) give the reference loops' bits: same values, same signs
 * of zero, same NaNs, on any number of threads.
 */
class DirectGemmTest {
    private static final Backend FAST = FastBackend.INSTANCE, REF = Backend.REFERENCE;
    private static final float[] SPECIAL = {-0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @AfterEach
    void restore() {
        DirectGemm.route = DirectGemm.Route.BY_SHAPE;
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Every route (by shape, all packed, B in place whenever its rows are contiguous) on random shapes
     * and layouts, overwriting and accumulating into a C that starts with some −0, on 1 and 2
     * threads, with −0, NaN and ±∞ among the operands' values in some of the tries.
     */
    @Test
    void everyRouteGivesTheReferenceBitsOnRandomShapesAndLayouts() {
        Property.named("in-place sgemm = reference").tries(200).forAll(GemmOperands.gen(),
                Gens.elements(List.of(DirectGemm.Route.values())), Gens.ints(0, 7), (o, route, flags) -> {
                    // bit 0: accumulate; bit 1: two threads; bit 2: special values in A and B
                    float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
                    Generator g = new Generator(o.seed + 3);
                    if ((flags & 4) != 0) {
                        sprinkle(g, a);
                        sprinkle(g, b);
                    }
                    float[] start = GemmOperands.f32(o.startC());
                    for (int i = 0; i < start.length; i += 3) {
                        start[i] = -0f;
                    }
                    DirectGemm.route = route;
                    KernelThreads.setThreads((flags & 2) != 0 ? 2 : 1);
                    assertSameBits(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, start,
                            (flags & 1) != 0 ? Backend.Output.ACCUMULATE : Backend.Output.OVERWRITE,
                            o + ", route " + route + ", flags " + flags);
                });
    }

    /**
     * The 10-class layer of the MNIST MLP at several batch sizes: forward x·Wᵀ (+ b), weight gradient
     * gᵀ·h and input gradient g·W, each taken by the in-place kernels, on 1 and 2 threads.
     */
    @Test
    void theTenClassLayersProductsAreTheReferenceOnOneAndTwoThreads() {
        Generator g = new Generator(10);
        int hidden = 500, classes = 10;
        for (int batch : new int[] {64, 256, 37, 1}) {
            float[] h = randomF32(g, batch * hidden), w = randomF32(g, classes * hidden);
            float[] gy = randomF32(g, batch * classes);
            for (int i = 0; i < h.length; i += 2) {
                h[i] = i % 4 == 0 ? 0f : -0f; // ReLU's output: half zeros
            }
            float[] bias = new float[batch * classes];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = (float) ((i % classes) * 0.1 - 0.5);
            }
            assertTrue(DirectGemm.takes(batch, classes, hidden, hidden), "x·Wᵀ is narrow");
            assertTrue(DirectGemm.takes(classes, hidden, batch, 1), "gᵀ·h reads h in place");
            assertEquals(batch * hidden * classes < GemmJob.PARALLEL_MIN, DirectGemm.takes(batch, hidden, classes, 1),
                    "g·W reads W in place when small");
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setThreads(threads);
                String what = "batch " + batch + ", threads " + threads;
                assertSameBits(batch, classes, hidden, h, 0, hidden, 1, w, 0, 1, hidden, bias,
                        Backend.Output.ACCUMULATE, "x·Wᵀ + b, " + what);
                assertSameBits(batch, classes, hidden, h, 0, hidden, 1, w, 0, 1, hidden, bias,
                        Backend.Output.OVERWRITE, "x·Wᵀ, " + what);
                assertSameBits(classes, hidden, batch, gy, 0, 1, classes, h, 0, hidden, 1, new float[classes * hidden],
                        Backend.Output.OVERWRITE, "gᵀ·h, " + what);
                assertSameBits(batch, hidden, classes, gy, 0, classes, 1, w, 0, hidden, 1, new float[batch * hidden],
                        Backend.Output.OVERWRITE, "g·W, " + what);
            }
        }
    }

    /** Products large enough to be split over the kernel threads: the split changes no bit. */
    @Test
    void largeProductsSplitOverThreadsGiveTheSameBits() {
        Generator g = new Generator(11);
        // {m, n, k, A transposed}: narrow with many row blocks, and weight-gradient shapes forced in place
        int[][] shapes = {{3001, 10, 500, 0}, {2000, 13, 400, 1}, {500, 784, 64, 1}, {257, 100, 300, 0}};
        DirectGemm.route = DirectGemm.Route.IN_PLACE;
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = randomF32(g, m * k), b = randomF32(g, k * n), start = randomF32(g, m * n);
            int aRow = s[3] == 1 ? 1 : k, aCol = s[3] == 1 ? m : 1;
            for (int threads = 1; threads <= 2; threads++) {
                KernelThreads.setThreads(threads);
                for (Backend.Output mode : Backend.Output.values()) {
                    assertSameBits(m, n, k, a, 0, aRow, aCol, b, 0, n, 1, start, mode,
                            Arrays.toString(s) + ", " + mode + ", threads " + threads);
                }
            }
        }
    }

    @Test
    void writesOnlyItsOwnPartOfC() {
        Generator g = new Generator(12);
        // narrow (one row, a partial row block), in place with a partial last column tile, one column tile
        int[][] shapes = {{1, 10, 7}, {19, 3, 33}, {11, 45, 9}, {7, 2 * GemmSimd.NR, 64}, {6, 17, 1}};
        DirectGemm.route = DirectGemm.Route.IN_PLACE;
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], size = m * n;
            float[] a = randomF32(g, m * k), b = randomF32(g, k * n);
            for (Backend.Output mode : Backend.Output.values()) {
                float[] c = new float[3 + size + 5], ref = new float[size];
                Arrays.fill(c, 7f);
                Arrays.fill(ref, 7f);
                FAST.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 3, mode);
                REF.gemm(m, n, k, a, 0, k, 1, b, 0, n, 1, ref, 0, mode);
                assertArrayEquals(ref, Arrays.copyOfRange(c, 3, 3 + size), Arrays.toString(s) + " " + mode);
                for (int i : new int[] {0, 1, 2, 3 + size, 4 + size, 7 + size}) {
                    assertEquals(7f, c[i], "wrote outside C at " + i + ", " + Arrays.toString(s));
                }
            }
        }
    }

    @Test
    void emptyDimensionsFollowTheOutputMode() {
        DirectGemm.route = DirectGemm.Route.IN_PLACE;
        float[] c = {1, -2, 3, -4};
        FAST.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, Backend.Output.ACCUMULATE);
        assertArrayEquals(new float[] {1, -2, 3, -4}, c);
        FAST.gemm(0, 10, 5, new float[0], 0, 5, 1, new float[50], 0, 10, 1, c, 0, Backend.Output.OVERWRITE);
        assertArrayEquals(new float[] {1, -2, 3, -4}, c);
        FAST.gemm(1, 4, 0, new float[0], 0, 0, 1, new float[0], 0, 4, 1, c, 0, Backend.Output.OVERWRITE);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void repeatedProductsReuseTheirBuffers() {
        // As FastGemmTest's: once compiled, a product allocates its bookkeeping objects only.
        float[] x = new float[64 * 500], w = new float[10 * 500], c = new float[64 * 500];
        Arrays.fill(x, 0.5f);
        Arrays.fill(w, 0.25f);
        long best = FastGemmTest.bytesPerProduct(2, () -> {
            FAST.gemm(64, 10, 500, x, 0, 500, 1, w, 0, 1, 500, c, 0, Backend.Output.OVERWRITE);
            FAST.gemm(64, 500, 10, x, 0, 10, 1, w, 0, 500, 1, c, 0, Backend.Output.OVERWRITE);
        });
        assertTrue(best < 1024, "allocated " + best + " bytes per product");
        assertEquals(0.125f * 10, c[0], "the products ran");
    }

    /** A few of the elements set to −0, +0, NaN or ±∞. */
    private static void sprinkle(Generator g, float[] x) {
        for (int i = 0; i < Math.min(4, x.length); i++) {
            x[g.nextInt(x.length)] = SPECIAL[g.nextInt(SPECIAL.length)];
        }
    }
}
