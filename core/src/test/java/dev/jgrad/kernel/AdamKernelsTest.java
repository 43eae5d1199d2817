package dev.jgrad.kernel;

import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 Adam kernel's Vector API loop gives the scalar reference loop's bits, for lengths with
 * and without a vector tail (including shorter than one vector), at offsets, with every option.
 */
class AdamKernelsTest {

    /** Five steps of both loops from the same start; every array compared bit for bit after each. */
    @Test
    void vectorLoopEqualsScalarLoop() {
        Property.named("AdamSimd = AdamKernels.scalar").tries(60).forAll(Gens.ints(0, 300), Gens.ints(0, 7), Gens.ints(0, 1 << 20),
                (n, options, seed) -> {
                    boolean maximize = (options & 1) != 0, amsgrad = (options & 2) != 0, coupled = (options & 4) != 0;
                    Generator gen = new Generator(seed);
                    int thetaOff = 3, gradOff = 5;
                    float[][] theta = new float[2][n + thetaOff], m = new float[2][n], v = new float[2][n];
                    float[][] vMax = amsgrad ? new float[2][n] : new float[][] {null, null};
                    for (int i = 0; i < n + thetaOff; i++) theta[0][i] = theta[1][i] = (float) gen.nextGaussian();
                    float[] before = java.util.Arrays.copyOf(theta[0], thetaOff);
                    for (int t = 1; t <= 5; t++) {
                        float[] grad = new float[n + gradOff];
                        for (int i = 0; i < n + gradOff; i++) grad[i] = (float) (gen.nextGaussian() * Math.pow(10, t - 3));
                        AdamKernels.Coefficients c = coefficients(t, maximize, coupled);
                        AdamKernels.scalar(c, theta[0], thetaOff, grad, gradOff, m[0], v[0], vMax[0], 0, n);
                        AdamSimd.step(c, theta[1], thetaOff, grad, gradOff, m[1], v[1], vMax[1], 0, n);
                        assertArrayEquals(theta[0], theta[1], "θ after step " + t);
                        assertArrayEquals(m[0], m[1], "m after step " + t);
                        assertArrayEquals(v[0], v[1], "v after step " + t);
                        if (amsgrad) assertArrayEquals(vMax[0], vMax[1], "vMax after step " + t);
                    }
                    for (int i = 0; i < thetaOff; i++) {
                        assertEquals(before[i], theta[0][i], "θ before the offset is untouched (scalar loop)");
                        assertEquals(before[i], theta[1][i], "θ before the offset is untouched (vector loop)");
                    }
                });
    }

    /**
     * The same near 0, where a vector instruction's subnormal lanes take a different (microcode)
     * route through the processor: subnormal and tiny m (weights whose gradient stays 0), zero
     * gradients of both signs, subnormal g and v, tiny and power-of-two θ, zero ε; "pure" tries make
     * whole vectors of weights whose gradient is 0.
     */
    @Test
    void vectorLoopEqualsScalarLoopOnSubnormalAndTinyValues() {
        float[] beta1s = {0.9f, 0.75f, 0.5f, 0.5000001f, 0.99f, 0.3f};
        float[] stepSizes = {1e-3f, 0.5f, 1f, 2f, 1e-30f};
        float[] epss = {1e-8f, 0f, 1e-30f};
        Property.named("AdamSimd = AdamKernels.scalar near 0").tries(200).forAll(Gens.ints(1, 200), Gens.ints(0, 1 << 14),
                Gens.ints(0, 1 << 20), (n, options, seed) -> {
                    Generator gen = new Generator(seed);
                    boolean maximize = (options & 1) != 0, amsgrad = (options & 2) != 0, coupled = (options & 4) != 0;
                    // "pure" (three tries in four): every lane as a weight whose gradient stays 0.
                    boolean pure = (options & 0x1000) == 0 || (options & 0x2000) == 0;
                    Kind[] thetas = pure ? PURE_THETAS : THETAS, ms = pure ? PURE_MS : MS, vs = pure ? PURE_VS : VS, gs = pure ? PURE_GS : GS;
                    float beta1 = beta1s[(options >> 3) % beta1s.length], stepSize = stepSizes[(options >> 6) % stepSizes.length];
                    float eps = pure && (options & 0x800) == 0 ? 1e-8f : epss[(options >> 9) % epss.length];
                    AdamKernels.Coefficients c = new AdamKernels.Coefficients(coupled ? 1f : 1 - 1e-5f, coupled ? 0.01f : 0f,
                            maximize, beta1, 1 - beta1, 0.999f, 1 - 0.999f, 0.3f, eps, stepSize);
                    float[][] theta = new float[2][n], m = new float[2][n], v = new float[2][n];
                    float[][] vMax = amsgrad ? new float[2][n] : new float[][] {null, null};
                    for (int i = 0; i < n; i++) {
                        theta[0][i] = theta[1][i] = pick(gen, thetas);
                        m[0][i] = m[1][i] = pick(gen, ms);
                        v[0][i] = v[1][i] = Math.abs(pick(gen, vs));
                        if (amsgrad) vMax[0][i] = vMax[1][i] = Math.max(v[0][i], Math.abs(pick(gen, vs)));
                    }
                    for (int t = 1; t <= 3; t++) {
                        float[] grad = new float[n];
                        for (int i = 0; i < n; i++) grad[i] = pick(gen, gs);
                        AdamKernels.scalar(c, theta[0], 0, grad, 0, m[0], v[0], vMax[0], 0, n);
                        AdamSimd.step(c, theta[1], 0, grad, 0, m[1], v[1], vMax[1], 0, n);
                        for (int i = 0; i < n; i++) {
                            String at = "step " + t + ", element " + i;
                            assertEquals(Float.floatToRawIntBits(m[0][i]), Float.floatToRawIntBits(m[1][i]), "m, " + at + ": " + m[0][i] + " vs " + m[1][i]);
                            assertEquals(Float.floatToRawIntBits(v[0][i]), Float.floatToRawIntBits(v[1][i]), "v, " + at);
                            if (amsgrad) assertEquals(Float.floatToRawIntBits(vMax[0][i]), Float.floatToRawIntBits(vMax[1][i]), "vMax, " + at);
                            assertEquals(Float.floatToRawIntBits(theta[0][i]), Float.floatToRawIntBits(theta[1][i]),
                                    "θ, " + at + ": " + theta[0][i] + " vs " + theta[1][i]);
                        }
                    }
                });
    }

    /**
     * Where a tiny m still moves a tiny θ (|m| just below 2⁻¹⁰⁰, γ/(1 − β₁ᵗ) = 1, √v̂ + ε = 2⁻³⁰, θ from
     * 2⁻⁴⁸ to 2⁻⁴²), both loops agree: a shortcut that assumed θ' = θ·(1 − γλ) for tiny m would
     * fail here.
     */
    @Test
    void tinyMomentsMoveTinyParametersInBothLoops() {
        int n = 64;
        float mBelow = Math.nextDown(0x1p-100f);
        var c = new AdamKernels.Coefficients(1f, 0f, false, 0.9f, 0.1f, 0.999f, 0.001f, 1f, 0x1p-30f, 1f);
        float[][] theta = new float[2][n], m = new float[2][n], v = new float[2][n];
        for (int i = 0; i < n; i++) {
            float sign = i % 2 == 0 ? 1f : -1f;
            theta[0][i] = theta[1][i] = sign * (float) Math.scalb(1.5, -48 + (i / 2) % 7);
            m[0][i] = m[1][i] = (i % 3 == 0 ? -1 : 1) * (i % 5 == 0 ? Float.MIN_VALUE : mBelow);
        }
        float[] grad = new float[n];
        AdamKernels.scalar(c, theta[0], 0, grad, 0, m[0], v[0], null, 0, n);
        AdamSimd.step(c, theta[1], 0, grad, 0, m[1], v[1], null, 0, n);
        int moved = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(theta[0][i]), Float.floatToRawIntBits(theta[1][i]), "θ[" + i + "]");
            assertEquals(Float.floatToRawIntBits(m[0][i]), Float.floatToRawIntBits(m[1][i]), "m[" + i + "]");
            if (Math.abs(theta[0][i]) < 0x1p-46f && theta[0][i] != (float) Math.scalb(Math.signum(theta[0][i]) * 1.5, -48 + (i / 2) % 7)) moved++;
        }
        assertTrue(moved > 0, "the case is real: some tiny θ do move by γ·m̂/(√v̂ + ε)");
    }

    /** Kinds of value, each drawn with a random sign and significand. */
    private enum Kind { ZERO, MIN_SUBNORMAL, SUBNORMAL, TINY_NORMAL, BELOW_2_POW_100, SMALL, NORMAL, POWER_OF_TWO, TINY_THETA, THETA_AT_BOUND }

    private static final Kind[] PURE_THETAS = {Kind.NORMAL, Kind.NORMAL, Kind.NORMAL, Kind.THETA_AT_BOUND};
    private static final Kind[] PURE_MS = {Kind.SUBNORMAL, Kind.SUBNORMAL, Kind.SUBNORMAL, Kind.MIN_SUBNORMAL, Kind.TINY_NORMAL,
        Kind.BELOW_2_POW_100, Kind.ZERO, Kind.NORMAL};
    private static final Kind[] PURE_VS = {Kind.NORMAL, Kind.SMALL, Kind.ZERO};
    private static final Kind[] PURE_GS = {Kind.ZERO};

    private static final Kind[] THETAS = {Kind.NORMAL, Kind.NORMAL, Kind.POWER_OF_TWO, Kind.TINY_THETA, Kind.SMALL, Kind.ZERO, Kind.SUBNORMAL};
    private static final Kind[] MS = {Kind.SUBNORMAL, Kind.SUBNORMAL, Kind.MIN_SUBNORMAL, Kind.TINY_NORMAL, Kind.BELOW_2_POW_100, Kind.ZERO,
        Kind.NORMAL, Kind.SMALL};
    private static final Kind[] VS = {Kind.NORMAL, Kind.SMALL, Kind.ZERO, Kind.SUBNORMAL, Kind.TINY_NORMAL};
    private static final Kind[] GS = {Kind.ZERO, Kind.ZERO, Kind.ZERO, Kind.NORMAL, Kind.SMALL, Kind.SUBNORMAL};

    private static float pick(Generator gen, Kind[] kinds) {
        Kind k = kinds[gen.nextInt(kinds.length)];
        boolean negative = gen.nextInt(2) == 1;
        int significand = gen.nextInt(1 << 23);
        float x = switch (k) {
            case ZERO -> 0f;
            case MIN_SUBNORMAL -> Float.MIN_VALUE;
            case SUBNORMAL -> Float.intBitsToFloat(Math.max(1, significand));
            case TINY_NORMAL -> Float.intBitsToFloat(((1 + gen.nextInt(26)) << 23) | significand);  // 2⁻¹²⁶ … 2⁻¹⁰¹
            case BELOW_2_POW_100 -> Float.intBitsToFloat(Float.floatToRawIntBits(0x1p-100f) - gen.nextInt(3));
            case SMALL -> (float) (gen.nextGaussian() * 1e-6);
            case NORMAL -> (float) gen.nextGaussian() * 0.05f;
            case POWER_OF_TWO -> (float) Math.scalb(1.0, -gen.nextInt(60));
            case TINY_THETA -> Float.intBitsToFloat(((80 + gen.nextInt(6)) << 23) | significand);  // about 2⁻⁴⁷ … 2⁻⁴²
            case THETA_AT_BOUND -> Float.intBitsToFloat(((83 + gen.nextInt(2)) << 23) | (gen.nextInt(2) == 0 ? 0 : significand));
        };
        if (k == Kind.ZERO && gen.nextInt(2) == 1) return -0f; // both signs of zero
        return negative && k != Kind.ZERO ? -x : x;
    }

    /** A range [from, to) touches exactly those elements: chunks over threads rely on it. */
    @Test
    void rangesTouchOnlyTheirElements() {
        int n = 100;
        float[] theta = new float[n], grad = new float[n], m = new float[n], v = new float[n];
        java.util.Arrays.fill(theta, 1f);
        java.util.Arrays.fill(grad, 0.5f);
        AdamKernels.step(coefficients(1, false, false), theta, 0, grad, 0, m, v, null, 17, 70);
        for (int i = 0; i < n; i++) {
            boolean inside = i >= 17 && i < 70;
            assertEquals(inside, theta[i] != 1f, "θ[" + i + "]");
            assertEquals(inside, m[i] != 0f, "m[" + i + "]");
        }
        // Step 1 moves every element by about γ (m̂ = g, v̂ = g²), here 1e-3 from 1 after the decay.
        assertTrue(Math.abs(theta[20] - (1f * (1 - 1e-5f) - 1e-3f)) < 1e-6f, "θ after one step: " + theta[20]);
    }

    private static AdamKernels.Coefficients coefficients(int t, boolean maximize, boolean coupled) {
        double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, lambda = 0.01;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        return new AdamKernels.Coefficients(coupled ? 1f : (float) (1 - lr * lambda), coupled ? (float) lambda : 0f, maximize,
                (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) Math.sqrt(bc2), 1e-8f,
                (float) (lr / bc1));
    }
}
