package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AutogradTest {

    private static Tensor leaf(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void productRuleAndSharedInputsAccumulate() {
        Tensor x = leaf(2, 3);
        Tensor y = x.mul(x).add(x).sum(); // Σ x² + x  →  ∂/∂x = 2x + 1
        y.backward();
        assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilCleared() {
        Tensor x = leaf(1, 2);
        x.mul(3.0).sum().backward();
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray());
        x.setGrad(null);
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
    }

    @Test
    void nonLeafGradientsAreKeptOnlyOnRequest() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2.0);
        Tensor k = x.mul(5.0).retainGrad();
        h.add(k).mul(h).sum().backward(); // L = Σ (h + k)·h
        assertNull(h.grad());
        assertArrayEquals(new double[] {2, 4}, k.grad().toDoubleArray()); // ∂L/∂k = h
        assertFalse(h.isLeaf());
        assertTrue(x.isLeaf());
    }

    @Test
    void aHundredThousandOpChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1.0);
        }
        y.backward();
        assertEquals(1.0, x.grad().item());
        assertEquals(100_001.0, y.item());
    }

    @Test
    void secondBackwardThroughAFreedGraphIsAnErrorUnlessRetained() {
        Tensor x = leaf(3);
        Tensor y = x.mul(x).sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("backward: the graph through 'sum' was already freed by an earlier backward(); "
                + "pass Graph.RETAIN to the first backward() (or in grad()'s options) to run backward twice", e.getMessage());

        Tensor z = x.mul(x).sum();
        x.setGrad(null);
        z.backward(Graph.RETAIN);
        z.backward();
        assertArrayEquals(new double[] {12}, x.grad().toDoubleArray());
    }

    @Test
    void backwardOfANonScalarNeedsAGradientOfTheSameShape() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertEquals("backward: grad can be implicitly created only for scalar outputs; got shape [3] (pass a gradient of that shape)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
        assertEquals("backward: gradient shape [2] does not match output shape [3]", e.getMessage());
        y.backward(Tensor.of(new double[] {1, 10, 100}, 3));
        assertArrayEquals(new double[] {2, 20, 200}, x.grad().toDoubleArray());
    }

    @Test
    void backwardWithoutAnythingRequiringGradIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
        assertTrue(e.getMessage().startsWith("backward: the tensor does not require grad"), e.getMessage());
    }

    @Test
    void modifyingASavedTensorBeforeBackwardIsDetected() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2.0);
        Tensor y = h.mul(h).sum();
        try (GradMode ignored = Autograd.noGrad()) {
            h.addInPlace(Tensor.ones(DType.FLOAT64, 2));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("backward: a tensor of shape [2] saved by 'mul' was modified in place after it was used "
                + "(version 1, expected 0); clone it before modifying it", e.getMessage());
    }

    @Test
    void inPlaceUpdatesOfParametersMustRunOutsideTheGraph() {
        Tensor w = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.mulInPlace(0.5));
        assertEquals("mulInPlace: a tensor that requires grad can only be modified in place inside Autograd.noGrad() "
                + "(in-place updates are not recorded in the graph)", e.getMessage());
        try (GradMode ignored = Autograd.noGrad()) {
            w.mulInPlace(0.5);
        }
        assertArrayEquals(new double[] {0.5, 1}, w.toDoubleArray());
        assertTrue(w.isLeaf());
    }

    @Test
    void noGradScopesNestAndRestore() {
        Tensor x = leaf(1);
        try (GradMode outer = Autograd.noGrad()) {
            assertFalse(x.mul(2.0).requiresGrad());
            try (GradMode inner = Autograd.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad());
            }
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void detachCutsTheGraphButSharesData() {
        Tensor x = leaf(1, 2);
        Tensor d = x.mul(3.0).detach();
        assertFalse(d.requiresGrad());
        assertNull(d.gradFn());
        Tensor y = x.mul(d).sum(); // d is a constant: ∂y/∂x = d
        y.backward();
        assertArrayEquals(new double[] {3, 6}, x.grad().toDoubleArray());
    }

    @Test
    void customOpsRecordOnlyTheEdgesThatNeedGradients() {
        Tensor x = leaf(2, 3);
        Tensor c = Tensor.of(new double[] {10, 10}, 2);
        boolean[] constantRuleRan = {false};
        Tensor out = x.mul(c).detach();
        Tensor y = Autograd.record("scale", out, List.of(c),
                Edge.of(x, g -> g.mul(c)),
                Edge.of(c, g -> { constantRuleRan[0] = true; return g.mul(x); }));
        assertEquals("scale", y.gradFn().op());
        assertEquals(1, y.gradFn().inputs().size());
        y.sum().backward();
        assertArrayEquals(new double[] {10, 10}, x.grad().toDoubleArray());
        assertFalse(constantRuleRan[0]);
    }

    @Test
    void turningOffGradOnANonLeafIsRefused() {
        Tensor y = leaf(1).mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertEquals("requiresGrad: cannot turn off grad on a non-leaf tensor (made by 'mul'); use detach()", e.getMessage());
    }
}
