package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FastGemmTest {
    private static final int SHAPES = 150;

    @AfterEach
    void restore() {
        Kernels.setSimd(true);
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void float32MatchesReferenceOnRandomShapesAndLayouts() {
        Property.named("fast sgemm = reference").tries(SHAPES).forAll(GemmOperands.gen(), Gens.booleans(), (o, accumulate) -> {
            double[] c0 = o.startC();
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            float[] ref = GemmOperands.f32(c0), fast = GemmOperands.f32(c0);
            Gemm.Output mode = accumulate ? Gemm.Output.ACCUMULATE : Gemm.Output.OVERWRITE;
            Gemm.reference(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, ref, 0, mode);
            FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, fast, 0, mode);
            double[] mag = o.magnitude(accumulate ? c0 : new double[o.m * o.n]);
            for (int i = 0; i < ref.length; i++) {
                // Both sums round k + 1 times at most, each by at most one ulp of the running magnitude.
                double tol = 2 * (o.k + 1) * Math.ulp(1f) * mag[i] + 1e-30;
                if (!(Math.abs(fast[i] - ref[i]) <= tol)) {
                    fail(mode + ": element " + i + " fast " + fast[i] + " reference " + ref[i] + " tolerance " + tol);
                }
            }
        });
    }

    @Test
    void float64MatchesReferenceOnRandomShapesAndLayouts() {
        Property.named("fast dgemm = reference").tries(SHAPES).forAll(GemmOperands.gen(), Gens.booleans(), (o, accumulate) -> {
            double[] c0 = o.startC();
            double[] ref = c0.clone(), fast = c0.clone();
            Gemm.Output mode = accumulate ? Gemm.Output.ACCUMULATE : Gemm.Output.OVERWRITE;
            Gemm.reference(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, ref, 0, mode);
            FastGemm.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, fast, 0, mode);
            double[] mag = o.magnitude(accumulate ? c0 : new double[o.m * o.n]);
            for (int i = 0; i < ref.length; i++) {
                double tol = 2 * (o.k + 1) * Math.ulp(1.0) * mag[i] + 1e-300;
                if (!(Math.abs(fast[i] - ref[i]) <= tol)) {
                    fail(mode + ": element " + i + " fast " + fast[i] + " reference " + ref[i] + " tolerance " + tol);
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
            double[] d1 = new double[o.m * o.n], d2 = new double[o.m * o.n];
            KernelThreads.setThreads(1);
            FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, one, 0, Gemm.Output.OVERWRITE);
            FastGemm.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, d1, 0, Gemm.Output.OVERWRITE);
            KernelThreads.setThreads(2);
            FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, two, 0, Gemm.Output.OVERWRITE);
            FastGemm.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, d2, 0, Gemm.Output.OVERWRITE);
            assertArrayEquals(one, two, o.toString());
            assertArrayEquals(d1, d2, o.toString());
        }
    }

    @Test
    void scalarAndVectorKernelsGiveTheSameBits() {
        Property.named("scalar tiles = vector tiles").tries(40).forAll(GemmOperands.gen(), o -> {
            float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
            float[] vec = new float[o.m * o.n], sca = new float[o.m * o.n];
            double[] dv = new double[o.m * o.n], ds = new double[o.m * o.n];
            try {
                Kernels.setSimd(true);
                FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, vec, 0, Gemm.Output.OVERWRITE);
                FastGemm.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, dv, 0, Gemm.Output.OVERWRITE);
                Kernels.setSimd(false);
                FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, sca, 0, Gemm.Output.OVERWRITE);
                FastGemm.gemm(o.m, o.n, o.k, o.a, o.aOff, o.aRow, o.aCol, o.b, o.bOff, o.bRow, o.bCol, ds, 0, Gemm.Output.OVERWRITE);
            } finally {
                Kernels.setSimd(true);
            }
            assertArrayEquals(vec, sca);
            assertArrayEquals(dv, ds);
        });
    }

    @Test
    void reluAndRowStrideWriteOnlyTheViewOfC() {
        Generator g = new Generator(15);
        int m = 17, n = 33, k = 65, ldc = 40;
        GemmOperands o = new GemmOperands(g, m, n, k);
        float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
        float[] c = new float[3 + m * ldc];
        java.util.Arrays.fill(c, 7f);
        FastGemm.gemm(m, n, k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, c, 3, ldc, Gemm.Output.OVERWRITE, true);
        float[] ref = new float[m * n];
        Gemm.reference(m, n, k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, ref, 0, Gemm.Output.OVERWRITE);
        boolean sawNegative = false;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < ldc; j++) {
                float got = c[3 + i * ldc + j];
                if (j >= n) {
                    assertTrue(got == 7f, "wrote outside the view at row " + i + " column " + j);
                    continue;
                }
                float want = Math.max(ref[i * n + j], 0f);
                sawNegative |= ref[i * n + j] < 0;
                assertTrue(Math.abs(got - want) <= 1e-4, "element (" + i + ", " + j + "): " + got + " vs " + want);
            }
        }
        assertTrue(c[0] == 7f && c[1] == 7f && c[2] == 7f, "wrote before the offset");
        assertTrue(sawNegative, "the test needs negative pre-activations");
    }

    @Test
    void repeatedProductsReuseTheirBuffers() {
        // Packed panels and tiles live in per-thread scratch: after the first call, a product
        // allocates only its small bookkeeping objects, never arrays the size of its operands.
        // Scalar micro-kernels: until the JIT compiles the Vector API kernels, their fallback code
        // allocates a box per vector operation, which would measure warm-up instead of buffers.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        KernelThreads.setThreads(1);
        Kernels.setSimd(false);
        int m = 64, n = 500, k = 784;
        float[] x = new float[m * k], w = new float[n * k], c = new float[m * n];
        java.util.Arrays.fill(x, 0.5f);
        java.util.Arrays.fill(w, 0.25f);
        for (int i = 0; i < 5; i++) FastGemm.gemm(m, n, k, x, 0, k, 1, w, 0, 1, k, c, 0, Gemm.Output.OVERWRITE);
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20; i++) FastGemm.gemm(m, n, k, x, 0, k, 1, w, 0, 1, k, c, 0, Gemm.Output.OVERWRITE);
        long perCall = (mx.getCurrentThreadAllocatedBytes() - before) / 20;
        assertTrue(perCall < 1024, "allocated " + perCall + " bytes per product");
        assertTrue(c[0] == 0.125f * k, "the products ran");
    }

    @Test
    void warmingUpChangesNothingButTime() {
        Generator g = new Generator(17);
        GemmOperands o = new GemmOperands(g, 65, 100, 300);
        float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
        float[] before = new float[o.m * o.n], after = new float[o.m * o.n];
        FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, before, 0, Gemm.Output.OVERWRITE);
        long start = System.nanoTime();
        Kernels.warmUp();
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "warm-up is capped at about half a second");
        FastGemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, after, 0, Gemm.Output.OVERWRITE);
        assertArrayEquals(before, after);
    }

    @Test
    void emptyDimensionsFollowTheOutputMode() {
        float[] c = {1, -2, 3, -4};
        FastGemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, Gemm.Output.ACCUMULATE);
        assertArrayEquals(new float[] {1, -2, 3, -4}, c);
        FastGemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, 2, Gemm.Output.ACCUMULATE, true);
        assertArrayEquals(new float[] {1, 0, 3, 0}, c);
        FastGemm.gemm(2, 2, 0, new float[0], 0, 0, 1, new float[0], 0, 2, 1, c, 0, Gemm.Output.OVERWRITE);
        assertArrayEquals(new float[4], c);
        FastGemm.gemm(0, 3, 5, new float[0], 0, 5, 1, new float[15], 0, 3, 1, c, 0, Gemm.Output.OVERWRITE);
    }

    @Test
    void referenceModeRoutesToTheScalarLoops() {
        Generator g = new Generator(16);
        GemmOperands o = new GemmOperands(g, 33, 17, 100);
        float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
        float[] viaMode = new float[o.m * o.n], ref = new float[o.m * o.n];
        Kernels.setMode(Kernels.Mode.REFERENCE);
        try {
            Gemm.gemm(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, viaMode, 0, Gemm.Output.OVERWRITE);
        } finally {
            Kernels.setMode(Kernels.Mode.FAST);
        }
        Gemm.reference(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, ref, 0, Gemm.Output.OVERWRITE);
        assertArrayEquals(ref, viaMode);
    }
}
