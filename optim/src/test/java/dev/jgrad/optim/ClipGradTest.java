package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClipGradTest {

    private static Tensor withGrad(double... g) {
        Tensor p = Tensor.zeros(DType.FLOAT64, g.length).requiresGrad(true);
        p.setGrad(Tensor.of(g, g.length));
        return p;
    }

    @Test
    void byNormScalesAllGradientsTogetherAndReturnsTheNormBefore() {
        Tensor a = withGrad(3, 4), b = withGrad(12), none = Tensor.zeros(1).requiresGrad(true);
        double total = ClipGrad.byNorm(List.of(a, b, none), 6.5);
        assertEquals(13, total, 1e-15);
        double c = 6.5 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * c, 4 * c}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {12 * c}, b.grad().toDoubleArray(), 1e-15);
        assertNull(none.grad());
    }

    @Test
    void byNormLeavesSmallGradientsBitForBit() {
        Tensor a = withGrad(0.1, -0.2);
        assertEquals(Math.sqrt(0.05), ClipGrad.byNorm(List.of(a), 1), 1e-16);
        assertArrayEquals(new double[] {0.1, -0.2}, a.grad().toDoubleArray(), 0.0);
    }

    @Test
    void infinityAndPNormsAreSupported() {
        assertEquals(12, ClipGrad.byNorm(List.of(withGrad(3, -4), withGrad(-12)), 100, NormType.INF, NonFinite.ERROR));
        assertEquals(19, ClipGrad.byNorm(List.of(withGrad(3, -4), withGrad(-12)), 100, NormType.p(1), NonFinite.ERROR),
                1e-13);
    }

    @Test
    void nonFiniteNormsFailOnRequestAndLeaveTheGradientsAlone() {
        Tensor a = withGrad(1, Double.NaN);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> ClipGrad.byNorm(List.of(a), 1, NormType.L2, NonFinite.ERROR));
        assertEquals("The total norm of order 2.0 for gradients is non-finite (NaN), so it cannot be clipped; use "
                + "NonFinite.IGNORE to scale the gradients by it anyway", e.getMessage());
        assertEquals(1, a.grad().toDoubleArray()[0]);
        Tensor b = withGrad(1, Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, ClipGrad.byNorm(List.of(b), 1));
        assertArrayEquals(new double[] {0, Double.NaN}, b.grad().toDoubleArray(), "inf · 0 is NaN, as in PyTorch");
    }

    @Test
    void noGradientsMeansNormZero() {
        assertEquals(0, ClipGrad.byNorm(List.of(Tensor.zeros(2).requiresGrad(true)), 1));
    }

    @Test
    void byValueClampsElementwise() {
        Tensor a = withGrad(-3, 0.5, 2, Double.NaN);
        ClipGrad.byValue(List.of(a), 1);
        assertArrayEquals(new double[] {-1, 0.5, 1, Double.NaN}, a.grad().toDoubleArray());
    }
}
