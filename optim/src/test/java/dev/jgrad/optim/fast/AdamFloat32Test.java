package dev.jgrad.optim.fast;

import dev.jgrad.kernel.AdamKernels;
import dev.jgrad.optim.Optimizer.FloatLoop;
import dev.jgrad.optim.Probe;
import dev.jgrad.tensor.Generator;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The float32 fast path (Vector API kernel plus scalar tail) gives the scalar float32 loop's bits: for lengths with
 * and without a vector tail, offsets into larger arrays, AMSGrad, maximize, both decay forms, and gradients whose
 * squares are subnormal floats.
 */
class AdamFloat32Test {

    @Test
    void theFastPathGivesTheScalarLoopsBits() {
        Property.named("AdamFloat32.loop = AdamFloat32.scalar, bit for bit").tries(60)
                .forAll(Gens.ints(1, 70), Gens.ints(0, 1 << 20), (n, seed) -> {
                    Generator gen = new Generator(seed);
                    boolean amsgrad = seed % 2 == 0, maximize = seed % 3 == 0, coupled = seed % 5 == 0;
                    int off = seed % 7;
                    float[] theta = new float[n + off], m = new float[n], v = new float[n];
                    float[] vMax = amsgrad ? new float[n] : null;
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] = (float) gen.nextGaussian();
                    }
                    float[] theta2 = theta.clone(), m2 = m.clone(), v2 = v.clone();
                    float[] vMax2 = amsgrad ? vMax.clone() : null;
                    double[] scales = {0.1, 1, 1e-20, 0, 10};   // 1e-20: g² and v are subnormal floats
                    for (int t = 1; t <= scales.length; t++) {
                        float[] g = new float[n + off];
                        for (int i = 0; i < g.length; i++) {
                            g[i] = (float) (gen.nextGaussian() * scales[t - 1]);
                        }
                        double bc1 = 1 - Math.pow(0.9, t), bc2 = 1 - Math.pow(0.999, t);
                        var c = new AdamKernels.Coefficients(coupled ? 1f : (float) (1 - 1e-3 * 1e-2),
                                coupled ? 0.01f : 0f, maximize, 0.9f, 0.1f, 0.999f, (float) (1 - 0.999),
                                (float) Math.sqrt(bc2), 1e-8f, (float) (1e-3 / bc1));
                        FloatLoop fast = AdamFloat32.loop(c, (float) bc1, (float) bc2, m, v, vMax, Probe.OFF);
                        FloatLoop scalar = AdamFloat32.scalar(c, (float) bc1, (float) bc2, m2, v2, vMax2, Probe.OFF);
                        fast.run(theta, off, g, off, 0, n);
                        scalar.run(theta2, off, g, off, 0, n);
                        assertArrayEquals(theta2, theta, "θ at step " + t);
                        assertArrayEquals(m2, m, "m at step " + t);
                        assertArrayEquals(v2, v, "v at step " + t);
                        if (amsgrad) {
                            assertArrayEquals(vMax2, vMax, "vMax at step " + t);
                        }
                    }
                });
    }
}
