package dev.jgrad.testing;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradCheckTest {

    /** x² with a deliberately wrong backward (3x instead of 2x), to prove gradcheck can fail. */
    private static Tensor badSquare(Tensor x) {
        Tensor out = x.mul(x).detach();
        return Autograd.record("badSquare", out, List.of(x), Edge.of(x, g -> g.mul(x).mul(3)));
    }

    @Test
    void acceptsCorrectGradients() {
        Tensor x = Tensor.of(new double[] {0.5, -1.5, 2}, 3).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad(true);
        assertDoesNotThrow(() -> GradCheck.check(in -> in[0].matmul(in[1]).tanh(), x, y));
    }

    @Test
    void reportsTheInputElementAndBothValuesOfAWrongGradient() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {0.5, -1.0, 2.0, 4.0}, 2, 2).requiresGrad(true);
        AssertionError e = assertThrows(AssertionError.class,
                () -> GradCheck.check(in -> in[0].sum().add(badSquare(in[1]).sum()), a, x));
        // d(x²)/dx at x = 0.5 is 1; the wrong rule says 3·0.5 = 1.5.
        assertTrue(e.getMessage().startsWith("gradcheck: Jacobian mismatch for input 1 (shape [2, 2]), element [0, 0], output element 0: "
                + "analytic 1.5 vs numeric 0.99999"), e.getMessage());
    }

    @Test
    void refusesFloat32InputsWithAnExplanation() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(in -> in[0].exp(), x));
        assertTrue(e.getMessage().startsWith("gradcheck: input 0 is float32; central differences need float64"), e.getMessage());
        assertTrue(e.getMessage().contains("to(DType.FLOAT64)"));
    }

    @Test
    void leavesInputsAsTheyWere() {
        double[] v = {0.3, 0.7};
        Tensor x = Tensor.of(v, DType.FLOAT64, 2).requiresGrad(true);
        GradCheck.check(in -> in[0].exp().sum(), x);
        assertArrayEquals(v, x.toDoubleArray());
        assertNull(x.grad());
    }
}
