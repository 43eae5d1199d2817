package dev.jgrad.ops;

import dev.jgrad.kernel.Kernels;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The fused Linear op against its composition x·Wᵀ + b, forward and backward, and by finite differences. */
class AffineTest {

    @Test
    void gradientsPassGradcheckWithAndWithoutBias() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 4, 5).requiresGrad(true);
        Tensor w = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3, 5).requiresGrad(true);
        Tensor b = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3).requiresGrad(true);
        GradCheck.check(in -> Affine.linear(in[0], in[1], in[2]), x, w, b);
        GradCheck.check(in -> Affine.linear(in[0], in[1], null), x, w);
        Tensor x3 = Tensor.normal(gen, 0, 1, DType.FLOAT64, 2, 2, 5).requiresGrad(true);
        GradCheck.check(in -> Affine.linear(in[0], in[1], in[2]), x3, w, b);
        Tensor x1 = Tensor.normal(gen, 0, 1, DType.FLOAT64, 5).requiresGrad(true);
        GradCheck.check(in -> Affine.linear(in[0], in[1], in[2]), x1, w, b);
    }

    @Test
    void equalsTheCompositionInFloat32WithinRoundingInBothKernelModes() {
        for (Kernels.Mode mode : Kernels.Mode.values()) {
            Kernels.Mode before = Kernels.mode();
            Kernels.setMode(mode);
            try {
                Generator gen = new Generator(5);
                int n = 37, in = 70, out = 29;
                Tensor x = Tensor.randn(gen, n, in).requiresGrad(true);
                Tensor w = Tensor.randn(gen, out, in).requiresGrad(true);
                Tensor b = Tensor.randn(gen, out).requiresGrad(true);
                Tensor g = Tensor.randn(gen, n, out);
                Tensor fused = Affine.linear(x, w, b);
                fused.backward(g);
                float[] fx = x.grad().toFloatArray(), fw = w.grad().toFloatArray(), fb = b.grad().toFloatArray();
                x.setGrad(null);
                w.setGrad(null);
                b.setGrad(null);
                Tensor composed = x.matmul(w.t()).add(b);
                composed.backward(g);
                close(composed.toFloatArray(), fused.toFloatArray(), 1e-5, mode + " forward");
                close(x.grad().toFloatArray(), fx, 1e-5, mode + " dx");
                close(w.grad().toFloatArray(), fw, 1e-5, mode + " dW");
                close(b.grad().toFloatArray(), fb, 1e-5, mode + " db");
                assertArrayEquals(new int[] {out, in}, w.grad().shape());
                assertTrue(w.grad().isContiguous(), "dW is in W's own layout");
            } finally {
                Kernels.setMode(before);
            }
        }
    }

    @Test
    void readsTransposedInputsAndStridedBiasThroughTheirStrides() {
        Generator gen = new Generator(8);
        Tensor xt = Tensor.normal(gen, 0, 1, DType.FLOAT64, 6, 4).t();     // [4, 6], column-major
        Tensor wt = Tensor.normal(gen, 0, 1, DType.FLOAT64, 6, 3).t();     // [3, 6]
        Tensor bs = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3, 2).narrow(1, 1, 1).reshape(3); // may be strided
        double[] expected = xt.matmul(wt.t()).add(bs).toDoubleArray();
        assertArrayEquals(expected, Affine.linear(xt, wt, bs).toDoubleArray(), 1e-12);
    }

    @Test
    void shapeErrorsNameAllOperands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Affine.linear(Tensor.zeros(2, 4), Tensor.zeros(3, 5), Tensor.zeros(3)));
        assertEquals("linear: input [2, 4], weight [3, 5] and bias [3] do not fit y = x·Wᵀ + b", e.getMessage());
    }

    private static void close(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
