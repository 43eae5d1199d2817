package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tensor.Generator;
import org.junit.jupiter.api.Test;

/** The fused kernels (ReLU's backward, cross-entropy) against their definitions, in both backends. */
class BackendTest {
    private static final Backend[] BOTH = {Backend.REFERENCE, FastBackend.INSTANCE};

    @Test
    void reluBackwardPassesGradientWhereTheOutputIsPositive() {
        for (Backend b : BOTH) {
            float[] y = {0f, 2f, -0f, 0.5f, 0f};
            float[] g = {1f, 2f, 3f, 4f, 5f};
            float[] dst = new float[6];
            b.reluBackward(4, g, 1, y, 0, dst, 2);
            assertArrayEquals(new float[] {0, 0, 0, 3, 0, 5}, dst);
            double[] dd = new double[2];
            b.reluBackward(2, new double[] {7, 8}, 0, new double[] {-1, 1e-300}, 0, dd, 0);
            assertArrayEquals(new double[] {0, 8}, dd);
        }
    }

    @Test
    void crossEntropyMatchesItsDefinitionAndGradient() {
        Generator g = new Generator(33);
        int m = 7, n = 10, off = 3;
        double eps = 0.1;
        double[] z = GemmOperands.random(g, off + m * n);
        for (int i = 0; i < z.length; i++) {
            z[i] *= 20;
        }
        int[] t = new int[m];
        for (int i = 0; i < m; i++) {
            t[i] = g.nextInt(n);
        }
        t[2] = -100; // ignored
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = t[i] == -100 ? 0 : 0.5 / (m - 1);
        }
        double[] wantLoss = new double[m], wantGrad = new double[m * n];
        for (int i = 0; i < m; i++) {
            if (t[i] == -100) {
                continue;
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(z[off + i * n + j]);
            }
            double lse = Math.log(sum), uniform = 0;
            for (int j = 0; j < n; j++) {
                uniform += lse - z[off + i * n + j];
            }
            wantLoss[i] = (1 - eps) * (lse - z[off + i * n + t[i]]) + eps / n * uniform;
            for (int j = 0; j < n; j++) {
                wantGrad[i * n + j] = w[i] * (Math.exp(z[off + i * n + j]) / sum - eps / n - (j == t[i] ? 1 - eps : 0));
            }
        }
        for (Backend b : BOTH) {
            double[] loss = new double[m], stats = new double[2 * m], grad = new double[m * n];
            b.crossEntropy(m, n, z, off, t, -100, eps, loss, stats);
            b.crossEntropyBackward(m, n, z, off, t, -100, eps, stats, w, grad);
            assertArrayEquals(wantLoss, loss, 1e-12);
            assertArrayEquals(wantGrad, grad, 1e-12);
            float[] zf = GemmOperands.f32(z), gradF = new float[m * n];
            double[] lossF = new double[m];
            b.crossEntropy(m, n, zf, off, t, -100, eps, lossF, stats);
            b.crossEntropyBackward(m, n, zf, off, t, -100, eps, stats, w, gradF);
            assertArrayEquals(wantLoss, lossF, 1e-4);
            for (int i = 0; i < m * n; i++) {
                assertEquals(wantGrad[i], gradF[i], 1e-7);
            }
            for (int j = 0; j < n; j++) {
                assertTrue(gradF[2 * n + j] == 0f && grad[2 * n + j] == 0.0, "ignored row");
            }
        }
        // Large logits must not overflow: the maximum is subtracted first.
        double[] loss = new double[1];
        Backend.REFERENCE.crossEntropy(1, 2, new double[] {1000, 0}, 0, new int[] {0}, -100, 0, loss, new double[2]);
        assertEquals(0.0, loss[0], 1e-12);
    }
}
