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
                    for (int i = 0; i < thetaOff; i++) assertEquals(theta[0][i], theta[1][i], "θ before the offset is untouched");
                });
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
