package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A user op whose backward forgets to undo a broadcast (no {@code Reduce.sumTo}) returns a gradient
 * of the wrong shape. The error names the op and its input shapes, not only the leaf it reached.
 */
class GradientShapeErrorTest {

    /** x + b for a scalar b, with b's gradient left at the output's shape: the classic missing sumTo. */
    private static Tensor addScalarForgettingSumTo(Tensor x, Tensor b) {
        Tensor out = x.detach().add(b.detach());
        return Autograd.record("myAddScalar", out, List.of(), Edge.of(x, g -> g), Edge.of(b, g -> g));
    }

    @Test
    void aGradientOfTheWrongShapeNamesTheOpAndItsInputs() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, 3).requiresGrad(true);
        Tensor b = Tensor.scalar(0.5, DType.FLOAT64).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> addScalarForgettingSumTo(x, b).sum().backward());
        assertEquals("backward of 'myAddScalar': the gradient for input 1 is [3] float64 but that input is [] float64 "
                + "(the op's inputs: [3], []). Its local backward must return a gradient of its input's shape and "
                + "dtype; if the op broadcasts, reduce the incoming gradient with Reduce.sumTo(g, input.shape()).",
                e.getMessage());
        assertNull(b.grad(), "nothing half-accumulated into the scalar");
    }

    @Test
    void aGradientOfTheWrongDtypeIsCaughtTheSameWay() {
        Tensor x = Tensor.of(new double[] {1, 2}, DType.FLOAT32, 2).requiresGrad(true);
        Tensor y = Autograd.record("toDouble", x.detach().to(DType.FLOAT64), List.of(), Edge.of(x, g -> g));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals(true, e.getMessage().startsWith("backward of 'toDouble': the gradient for input 0 is [2] float64 "
                + "but that input is [2] float32"), e.getMessage());
    }
}
