package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A hook registered in try-with-resources acts inside the block only (found by mutation testing:
 * nothing checked that closing the handle removes the hook).
 */
class HookHandleCloseTest {

    private static double[] gradOfSquare(Tensor x) {
        x.setGrad(null);
        x.mul(x).sum().backward();
        return x.grad().toDoubleArray();
    }

    @Test
    void closingTheHandleRemovesTheHook() {
        Tensor x = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        try (RemovableHandle ignored = x.registerHook(g -> g.mul(10))) {
            assertArrayEquals(new double[] {20, -40}, gradOfSquare(x), 0);
        }
        assertArrayEquals(new double[] {2, -4}, gradOfSquare(x), 0);
    }
}
