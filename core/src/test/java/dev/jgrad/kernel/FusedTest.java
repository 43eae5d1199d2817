package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.tensor.Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FusedTest {
    @AfterEach
    void restore() {
        Kernels.setMode(Kernels.Mode.FAST);
    }

    /** The unfused definition: x·Wᵀ by the reference loops, then + bias, then ReLU. */
    private static double[] linearByDefinition(int m, int n, int k, double[] x, double[] w, double[] bias, boolean relu) {
        double[] out = new double[m * n];
        Gemm.reference(m, n, k, x, 0, k, 1, w, 0, 1, k, out, 0, Gemm.Output.OVERWRITE);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = out[i * n + j] + (bias == null ? 0 : bias[j]);
                out[i * n + j] = relu ? Math.max(v, 0) : v;
            }
        }
        return out;
    }

    @Test
    void linearMatchesMatmulPlusBiasThenReluOnRandomShapes() {
        Generator g = new Generator(31);
        for (int t = 0; t < 60; t++) {
            int m = GemmOperands.SIZES[g.nextInt(12)], n = GemmOperands.SIZES[g.nextInt(12)], k = GemmOperands.SIZES[g.nextInt(12)];
            boolean relu = g.nextInt(2) == 0, withBias = g.nextInt(4) != 0;
            double[] x = GemmOperands.random(g, m * k), w = GemmOperands.random(g, n * k);
            double[] bias = withBias ? GemmOperands.random(g, n) : null;
            double[] want = linearByDefinition(m, n, k, x, w, bias, relu);
            for (Kernels.Mode mode : Kernels.Mode.values()) {
                Kernels.setMode(mode);
                float[] outF = new float[m * n];
                double[] outD = new double[m * n];
                Fused.linear(m, n, k, GemmOperands.f32(x), 0, k, 1, GemmOperands.f32(w), 0, k, 1,
                        bias == null ? null : GemmOperands.f32(bias), 0, outF, 0, relu);
                Fused.linear(m, n, k, x, 0, k, 1, w, 0, k, 1, bias, 0, outD, 0, relu);
                for (int i = 0; i < m * n; i++) {
                    // |x|, |w| ≤ 1: k + 1 roundings of terms of size ≤ 1.
                    assertEquals(want[i], outF[i], 2 * (k + 2) * Math.ulp(1f), mode + " float " + m + "x" + n + "x" + k);
                    assertEquals(want[i], outD[i], 2 * (k + 2) * Math.ulp(1.0), mode + " double " + m + "x" + n + "x" + k);
                    if (relu) assertTrue(outF[i] >= 0 && outD[i] >= 0);
                }
            }
        }
    }

    @Test
    void reluBackwardPassesGradientWhereTheOutputIsPositive() {
        float[] y = {0f, 2f, -0f, 0.5f, 0f};
        float[] g = {1f, 2f, 3f, 4f, 5f};
        float[] dst = new float[6];
        Fused.reluBackward(4, g, 1, y, 0, dst, 2);
        assertArrayEquals(new float[] {0, 0, 0, 3, 0, 5}, dst);
        double[] dd = new double[2];
        Fused.reluBackward(2, new double[] {7, 8}, 0, new double[] {-1, 1e-300}, 0, dd, 0);
        assertArrayEquals(new double[] {0, 8}, dd);
    }

    @Test
    void sumRowsEqualsTheReferenceColumnSum() {
        Generator g = new Generator(32);
        int m = 65, n = 17, row = 20;
        double[] a = GemmOperands.random(g, 3 + m * row);
        float[] af = GemmOperands.f32(a);
        float[] ref = new float[n];
        Kernels.setMode(Kernels.Mode.REFERENCE);
        Reductions.reduce(Reductions.ReduceOp.SUM, af, new Strided(3, new int[] {m, n}, new int[] {row, 1}), new int[] {1, n}, ref);
        float[] got = new float[n];
        Fused.sumRows(m, n, af, 3, row, got, 0, false);
        assertArrayEquals(ref, got);
        float[] acc = new float[n];
        java.util.Arrays.fill(acc, 1f);
        Fused.sumRows(m, n, af, 3, row, acc, 0, true);
        for (int j = 0; j < n; j++) assertEquals(ref[j] + 1f, acc[j], 1e-6f);
    }

    @Test
    void logSoftmaxNllMatchesItsDefinitionAndGradient() {
        Generator g = new Generator(33);
        int m = 7, n = 10, row = 12;
        double[] z = GemmOperands.random(g, row * m);
        for (int i = 0; i < z.length; i++) z[i] *= 20;
        int[] t = new int[m];
        for (int i = 0; i < m; i++) t[i] = g.nextInt(n);
        double want = 0;
        double[] wantGrad = new double[m * n];
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(z[i * row + j]);
            want += (Math.log(sum) - z[i * row + t[i]]) / m;
            for (int j = 0; j < n; j++) wantGrad[i * n + j] = 0.5 * (Math.exp(z[i * row + j]) / sum - (j == t[i] ? 1 : 0)) / m;
        }
        double[] grad = new double[m * n];
        assertEquals(want, Fused.logSoftmaxNll(m, n, z, 0, row, t, grad, 0, 0.5), 1e-12);
        assertArrayEquals(wantGrad, grad, 1e-12);
        float[] gradF = new float[m * n];
        assertEquals(want, Fused.logSoftmaxNll(m, n, GemmOperands.f32(z), 0, row, t, gradF, 0, 0.5), 1e-5);
        for (int i = 0; i < m * n; i++) assertEquals(wantGrad[i], gradF[i], 1e-7);
        // Large logits must not overflow: the maximum is subtracted first.
        assertEquals(0.0, Fused.logSoftmaxNll(1, 2, new double[] {1000, 0}, 0, 2, new int[] {0}, null, 0, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Fused.logSoftmaxNll(1, 2, new double[2], 0, 2, new int[] {2}, null, 0, 1));
    }
}
