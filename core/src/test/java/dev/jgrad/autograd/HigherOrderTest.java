package dev.jgrad.autograd;

import dev.jgrad.ops.Affine;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** grad(), graph creation, the functional API, gradcheck's new modes, hooks, and their error messages. */
class HigherOrderTest {
    private static Tensor t(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void secondAndThirdDerivativesOfACube() {
        Tensor x = t(2.0, -1.0);
        Tensor y = x.pow(3).sum();
        Tensor g = Autograd.grad(y, GradOptions.CREATE_GRAPH, x).get(0);        // 3x²
        assertArrayEquals(new double[] {12, 3}, g.toDoubleArray(), 1e-12);
        Tensor g2 = Autograd.grad(g.sum(), GradOptions.CREATE_GRAPH, x).get(0);  // 6x
        assertArrayEquals(new double[] {12, -6}, g2.toDoubleArray(), 1e-12);
        Tensor g3 = Autograd.grad(g2.sum(), x).get(0);                           // 6
        assertArrayEquals(new double[] {6, 6}, g3.toDoubleArray(), 1e-12);
        assertNull(x.grad(), "grad() does not touch .grad");
    }

    @Test
    void backwardWithCreateGraphAccumulatesDifferentiableGradients() {
        Tensor x = t(3.0);
        x.mul(x).mul(x).sum().backward();
        Autograd.backward(x.mul(x).mul(x).sum(), null, Graph.RETAIN, CreateGraph.YES);
        assertTrue(x.grad().requiresGrad());
        assertArrayEquals(new double[] {54}, x.grad().toDoubleArray(), 1e-12); // 27 + 27, summed out of place
        Tensor gg = Autograd.grad(x.grad().sum(), x).get(0);
        assertArrayEquals(new double[] {18}, gg.toDoubleArray(), 1e-12); // d(3x²)/dx, the first grad is constant
    }

    @Test
    void fusedBackwardsGiveTheSameNumbersWhenRecorded() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 4, 3).requiresGrad(true);
        Tensor w = Tensor.normal(gen, 0, 1, DType.FLOAT64, 5, 3).requiresGrad(true);
        Tensor b = Tensor.normal(gen, 0, 1, DType.FLOAT64, 5).requiresGrad(true);
        Tensor u = Tensor.normal(gen, 0, 1, DType.FLOAT64, 4, 5);
        List<UnaryOperator<Tensor>> fs = List.of(
                h -> h.relu(),
                h -> h.amax(1, KeepDim.KEEP).expand(4, 5),
                h -> h.max(0, KeepDim.KEEP).values().expand(4, 5),
                h -> h.narrow(1, 1, 3).exp().sum(1, KeepDim.KEEP).expand(4, 5),
                h -> h.indexSelect(1, 0, 4, 4, 2, 1));
        for (UnaryOperator<Tensor> f : fs) {
            List<Tensor> in = List.of(x, w, b);
            List<Tensor> fast = Autograd.grad(List.of(f.apply(Affine.linear(x, w, b))), in, List.of(u), GradOptions.DEFAULT);
            List<Tensor> rec = Autograd.grad(List.of(f.apply(Affine.linear(x, w, b))), in, List.of(u), GradOptions.CREATE_GRAPH);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(fast.get(k).toDoubleArray(), rec.get(k).toDoubleArray(), 0.0, "input " + k);
            }
        }
    }

    @Test
    void functionalAgreesWithClosedForms() {
        // f(x) = Σ x₀²·x₁ ... on a 2-vector: f = x0² x1, ∇ = (2 x0 x1, x0²), H = [[2x1, 2x0], [2x0, 0]]
        Functional.Fn f = in -> in[0].narrow(0, 0, 1).pow(2).mul(in[0].narrow(0, 1, 1)).sum();
        Tensor x = Tensor.of(new double[] {3, 5}, 2);
        assertArrayEquals(new double[] {10, 6, 6, 0}, Functional.hessian(f, x).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {2, 2}, Functional.hessian(f, x).shape());
        Tensor v = Tensor.of(new double[] {1, -1}, 2);
        assertArrayEquals(new double[] {4, 6}, Functional.hvp(f, x, v, CreateGraph.NO).toDoubleArray(), 1e-12);
        Functional.Fn g = in -> in[0].mul(in[0]);
        Tensor jf = Functional.jacobian(g, x, Functional.Mode.FORWARD);
        assertArrayEquals(new double[] {6, 0, 0, 10}, jf.toDoubleArray(), 1e-12);
        Functional.Jvp r = Functional.jvp(g, List.of(x), List.of(v), CreateGraph.NO);
        assertArrayEquals(new double[] {9, 25}, r.output().toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, -10}, r.jvp().toDoubleArray(), 1e-12);
        assertTrue(!r.jvp().requiresGrad() && !x.requiresGrad(), "results detached, inputs untouched");
    }

    @Test
    void hvpWithGraphCreationIsDifferentiableAgain() {
        Tensor x = t(2.0);
        Tensor hv = Functional.hvp(in -> in[0].pow(4).sum(), x, Tensor.of(new double[] {1}, 1), CreateGraph.YES); // 12x²
        assertArrayEquals(new double[] {48}, hv.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {48}, Autograd.grad(hv.sum(), x).get(0).toDoubleArray(), 1e-12); // 24x
    }

    @Test
    void gradOfANonScalarNeedsGradOutputs() {
        Tensor x = t(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.mul(2), x));
        assertEquals("grad: output 0: grad can be implicitly created only for scalar outputs; got shape [2] "
                + "(pass a gradient of that shape)", e.getMessage());
    }

    @Test
    void anInputOutsideTheGraphIsRefusedUnlessAllowed() {
        Tensor x = t(1, 2), unused = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(x.sum(), GradOptions.DEFAULT.with(Graph.RETAIN), x, unused));
        assertEquals("grad: input 1 of shape [3] is not part of the graph of the outputs (they do not depend on it); "
                + "pass AllowUnused.YES to get null for it", e.getMessage());
        List<Tensor> g = Autograd.grad(x.sum(), GradOptions.DEFAULT.with(AllowUnused.YES), x, unused);
        assertNull(g.get(1));
        assertArrayEquals(new double[] {1, 1}, g.get(0).toDoubleArray(), 0);
        Tensor constant = Tensor.zeros(DType.FLOAT64, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.sum(), x, constant));
        assertTrue(e.getMessage().startsWith("grad: input 1 of shape [2] does not require grad"), e.getMessage());
    }

    @Test
    void doubleBackwardThroughAGradientComputedWithoutGraphCreation() {
        Tensor x = t(1, 2);
        Tensor g = Autograd.grad(x.pow(3).sum(), x).get(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(g.sum(), x));
        assertEquals("grad: output 0: the tensor does not require grad and has no grad_fn (shape []; call "
                + "requiresGrad(true) on a leaf it depends on; if it is itself a gradient, compute that gradient with "
                + "CreateGraph.YES to differentiate it again)", e.getMessage());
        Tensor y = x.pow(3).sum();
        Autograd.grad(y, x);
        IllegalStateException freed = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x));
        assertTrue(freed.getMessage().contains("'sum' was already freed by an earlier backward(); pass Graph.RETAIN"), freed.getMessage());
    }

    @Test
    void tangentsOfTheWrongShapeOrDtype() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Functional.Fn f = in -> in[0].exp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.jvp(f, List.of(x), List.of(Tensor.zeros(DType.FLOAT64, 3)), CreateGraph.NO));
        assertEquals("jvp: tangent 0 has shape [3] float64 but input 0 has [2] float64 (they must match in shape and dtype)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.jvp(f, List.of(x), List.of(Tensor.zeros(DType.FLOAT32, 2)), CreateGraph.NO));
        assertEquals("jvp: tangent 0 has shape [2] float32 but input 0 has [2] float64 (they must match in shape and dtype)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Functional.hvp(in -> in[0].sum(), x, Tensor.zeros(DType.FLOAT64, 1), CreateGraph.NO));
        assertEquals("hvp: vector has shape [1] float64 but the input has [2] float64 (they must match in shape and dtype)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.hessian(f, x));
        assertTrue(e.getMessage().startsWith("hessian: the function must return one element, got shape [2]"));
    }

    @Test
    void hooksSeeAndReplaceGradientsAndAreRemoved() {
        Tensor x = t(1, 2);
        double[] seen = new double[2];
        Tensor h = x.mul(3);
        RemovableHandle watch = h.registerHook(g -> {
            g.copyTo(seen);
            return null;
        });
        RemovableHandle doubling = x.registerHook(g -> g.mul(2));
        h.sum().backward();
        assertArrayEquals(new double[] {1, 1}, seen, 0);
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubleArray(), 0);
        watch.remove();
        doubling.remove();
        doubling.remove(); // twice is harmless
        x.setGrad(null);
        seen[0] = -1;
        x.mul(3).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray(), 0);
        assertEquals(-1, seen[0]);
        assertTrue(!TensorHooks.any(), "no hook left registered");
    }

    @Test
    void aHookReturningAWrongShapeIsRefusedNamingTheTensor() {
        Tensor x = t(1, 2);
        Tensor h = x.mul(3);
        try (RemovableHandle bad = h.registerHook(g -> g.sum())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.sum().backward());
            assertEquals("hook: a hook on the output of 'mul' [2] returned a gradient [] float64; it must return one of the "
                    + "tensor's shape and dtype, [2] float64 (or null to keep the gradient)", e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.zeros(2).registerHook(g -> g));
        assertTrue(e.getMessage().startsWith("registerHook: cannot register a hook on a tensor of shape [2] that does not"));
    }

    @Test
    void fastModeAndForwardModeCatchAWrongRule() {
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1}, 3).requiresGrad(true);
        GradCheck.Fn right = in -> in[0].tanh().mul(in[0]);
        GradCheck.check(GradCheck.Tolerance.DEFAULT, GradCheck.Mode.FAST, right, x);
        GradCheck.checkForward(right, x);
        GradCheck.gradgradcheck(right, x);
        GradCheck.Fn wrong = in -> wrongSquare(in[0]);
        AssertionError fast = assertThrows(AssertionError.class,
                () -> GradCheck.check(GradCheck.Tolerance.DEFAULT, GradCheck.Mode.FAST, wrong, x));
        assertTrue(fast.getMessage().startsWith("gradcheck (fast mode): projection uᵀJv mismatch for input 0 (shape [3]): analytic"),
                fast.getMessage());
        AssertionError fwd = assertThrows(AssertionError.class, () -> GradCheck.checkForward(wrong, x));
        assertTrue(fwd.getMessage().startsWith("gradcheck (forward mode): Jacobian mismatch for input 0 (shape [3]), element [0]"),
                fwd.getMessage());
    }

    @Test
    void gradgradcheckCatchesASecondDerivativeTheFirstCheckMisses() {
        Tensor x = Tensor.of(new double[] {0.3, -0.7}, 2).requiresGrad(true);
        // x² with a backward whose first derivative is right but is a constant for the next pass
        GradCheck.Fn once = in -> {
            Tensor a = in[0];
            Tensor out = a.detach().mul(a.detach());
            return Autograd.record("onceSquare", out, List.of(a), Edge.of(a, g -> g.mul(a.detach()).mul(2)));
        };
        GradCheck.check(once, x);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.gradgradcheck(once, x));
        assertTrue(e.getMessage().startsWith("gradgradcheck: the gradient of input 0 (shape [2]) for a random output "
                + "gradient (input 1): gradcheck: Jacobian mismatch for input 0 (shape [2]), element [0]"), e.getMessage());
    }

    /** x² recorded with the wrong derivative 3x. */
    private static Tensor wrongSquare(Tensor a) {
        Tensor out = a.detach().mul(a.detach());
        return Autograd.record("wrongSquare", out, List.of(a), Edge.of(a, g -> g.mul(a).mul(3)));
    }
}
