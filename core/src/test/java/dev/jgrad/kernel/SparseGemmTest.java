package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Products that skip the steps where one operand's panel is all zeros (images: most pixels are 0)
 * give the reference loops' bits: same values, same signs of zero, same NaNs.
 */
class SparseGemmTest {
    private static final List<Double> ZERO_FRACTIONS = List.of(0.0, 0.25, 0.5, 0.8, 0.95, 0.99, 1.0);

    @BeforeEach
    void lookEverywhere() {
        GemmJob.skipMin = 0; // small odd shapes take the skipping path too
        DirectGemm.route = DirectGemm.Route.PACKED; // and are not taken by the in-place kernels
    }

    @AfterEach
    void restore() {
        GemmJob.skipMin = GemmJob.PARALLEL_MIN;
        DirectGemm.route = DirectGemm.Route.BY_SHAPE;
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void zerosInEitherOperandGiveTheReferenceBitsOnRandomShapesAndLayouts() {
        Property.named("skipping sgemm = reference").tries(200).forAll(GemmOperands.gen(),
                Gens.elements(ZERO_FRACTIONS), Gens.ints(0, 7), (o, zeros, flags) -> {
                    Generator g = new Generator(o.seed + 7);
                    float[] a = GemmOperands.f32(o.a), b = GemmOperands.f32(o.b);
                    // bit 0: zeros in A, else in B; bit 1: whole rows / columns of zeros too; bit 2: accumulate
                    if ((flags & 1) == 0) {
                        sparsify(g, a, o.aOff, o.aRow, o.aCol, o.m, o.k, zeros, (flags & 2) != 0);
                    } else {
                        sparsify(g, b, o.bOff, o.bCol, o.bRow, o.n, o.k, zeros, (flags & 2) != 0);
                    }
                    float[] start = GemmOperands.f32(o.startC());
                    for (int i = 0; i < start.length; i += 5) {
                        start[i] = i % 2 == 0 ? -0f : 0f;
                    }
                    GemmOperands.assertSameBits(o.m, o.n, o.k, a, o.aOff, o.aRow, o.aCol, b, o.bOff, o.bRow, o.bCol, start,
                            (flags & 4) != 0 ? Backend.Output.ACCUMULATE : Backend.Output.OVERWRITE, o + ", zeros " + zeros);
                });
    }

    /** The MLP's first layer on image-like inputs: x·Wᵀ + b and Gᵀ·x, on 1 and 2 threads. */
    @Test
    void firstLayerProductsOnSparseImagesAreTheReferenceOnOneAndTwoThreads() {
        GemmJob.skipMin = GemmJob.PARALLEL_MIN;
        Generator g = new Generator(26);
        for (int batch : new int[] {64, 256, 37}) {
            for (double zeros : new double[] {0.5, 0.81, 1.0}) {
                float[] x = new float[batch * 784], w = GemmOperands.randomF32(g, 500 * 784), gy = GemmOperands.randomF32(g, batch * 500);
                for (int i = 0; i < x.length; i++) {
                    x[i] = g.nextDouble() < zeros || i % 28 < 3 ? 0f : (float) g.nextDouble();
                }
                for (int i = 0; i < gy.length; i += 2) {
                    gy[i] = 0f; // ReLU's backward zeros half the gradient
                }
                float[] bias = new float[batch * 500];
                for (int i = 0; i < bias.length; i++) {
                    bias[i] = (float) ((i % 500) * 1e-3 - 0.25);
                }
                for (int threads = 1; threads <= 2; threads++) {
                    KernelThreads.setThreads(threads);
                    String what = "batch " + batch + ", zeros " + zeros + ", threads " + threads;
                    GemmOperands.assertSameBits(batch, 500, 784, x, 0, 784, 1, w, 0, 1, 784, bias, Backend.Output.ACCUMULATE,
                            "x·Wᵀ + b, " + what);
                    GemmOperands.assertSameBits(500, 784, batch, gy, 0, 1, 500, x, 0, 784, 1, new float[500 * 784],
                            Backend.Output.OVERWRITE, "Gᵀ·x, " + what);
                }
            }
        }
    }

    /**
     * A sum that reaches −0 (a product too small for float, −1e-30·1e-30) and then meets skipped
     * zeros: the full chain adds +0 and ends at +0, the skipping one would stay at −0.
     */
    @Test
    void negativeZeroLeftBySkippingIsRecomputedInFull() {
        int m = 12, n = 40, k = 300;
        float[] a = new float[m * k], b = GemmOperands.randomF32(new Generator(3), k * n);
        for (int i = 0; i < m; i++) {
            a[i * k + 5] = -1e-30f;
        }
        for (int j = 0; j < n; j++) {
            b[5 * n + j] = 1e-30f;
        }
        float skipping = Math.fma(-1e-30f, 1e-30f, 0f), full = skipping;
        for (int p = 6; p < k; p++) {
            full = Math.fma(0f, b[p * n], full);
        }
        assertEquals(Integer.MIN_VALUE, Float.floatToRawIntBits(skipping), "the skipping sum ends at −0");
        assertEquals(0, Float.floatToRawIntBits(full), "the full sum ends at +0");
        for (Backend.Output mode : Backend.Output.values()) {
            float[] start = new float[m * n];
            GemmOperands.assertSameBits(m, n, k, a, 0, k, 1, b, 0, n, 1, start, mode, "underflow to −0, " + mode);
        }
        float[] negative = new float[m * n];
        Arrays.fill(negative, -0f);
        GemmOperands.assertSameBits(m, n, k, new float[m * k], 0, k, 1, b, 0, n, 1, negative, Backend.Output.ACCUMULATE,
                "A all zeros, C starting at −0");
    }

    /** 0·∞ is NaN: where the other operand is not finite nothing may be skipped. */
    @Test
    void infinityOrNaNInTheOtherOperandReachTheResultAsInTheReference() {
        int m = 30, n = 70, k = 200;
        Generator g = new Generator(5);
        for (float bad : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            float[] a = GemmOperands.randomF32(g, m * k), b = GemmOperands.randomF32(g, k * n);
            sparsify(g, a, 0, k, 1, m, k, 0.9, true);
            b[17 * n + 3] = bad;
            float[] c = new float[m * n];
            GemmOperands.assertSameBits(m, n, k, a, 0, k, 1, b, 0, n, 1, c, Backend.Output.OVERWRITE, "B holds " + bad);
            float[] aT = GemmOperands.randomF32(g, k * m); // A as a transposed view, so it is packed
            sparsify(g, aT, 0, 1, m, m, k, 0.9, true);
            GemmOperands.assertSameBits(m, n, k, aT, 0, 1, m, b, 0, n, 1, c, Backend.Output.ACCUMULATE, "packed A, B holds " + bad);
            float[] bt = GemmOperands.randomF32(g, k * n), at = GemmOperands.randomF32(g, m * k);
            sparsify(g, bt, 0, 1, n, n, k, 0.9, true);
            at[4 * k + 17] = bad;
            GemmOperands.assertSameBits(m, n, k, at, 0, k, 1, bt, 0, n, 1, c, Backend.Output.OVERWRITE, "A holds " + bad);
        }
    }

    /** The sampled density that chooses the layout reads zeros as zeros, −0 included. */
    @Test
    void densityCountsStepsWithANonZero() {
        float[] x = new float[60 * 100];
        assertEquals(0.0, NonZeroSteps.density(x, 0, 100, 1, 60, 100, 6));
        Arrays.fill(x, -0f);
        assertEquals(0.0, NonZeroSteps.density(x, 0, 100, 1, 60, 100, 6));
        Arrays.fill(x, 1f);
        assertEquals(1.0, NonZeroSteps.density(x, 0, 100, 1, 60, 100, 6));
        for (int i = 0; i < x.length; i += 2) {
            x[i] = 0f; // every other step of every row is zero
        }
        double half = NonZeroSteps.density(x, 0, 100, 1, 60, 100, 6);
        assertNotEquals(0.0, half);
        assertNotEquals(1.0, half);
    }

    /**
     * Zeros, some −0, at the given fraction of a lines × k operand (element at off + line·ls + p·ps);
     * with {@code whole}, also whole lines and whole steps of zeros.
     */
    private static void sparsify(Generator g, float[] x, int off, int ls, int ps, int lines, int k, double zeros,
                                 boolean whole) {
        int zeroLine = g.nextInt(lines), zeroStep = g.nextInt(k);
        for (int l = 0; l < lines; l++) {
            for (int p = 0; p < k; p++) {
                if (g.nextDouble() < zeros || whole && (l == zeroLine || p == zeroStep || p % 7 == 3)) {
                    x[off + l * ls + p * ps] = g.nextInt(3) == 0 ? -0f : 0f;
                }
            }
        }
    }
}
