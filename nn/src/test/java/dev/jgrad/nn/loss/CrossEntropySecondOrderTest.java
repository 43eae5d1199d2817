package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.HigherOrder;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside {@code Autograd.higherOrder()} cross-entropy is composed of ops: same value and gradient as
 * the fused op, and a correct second derivative (the fused op's would be zero).
 */
class CrossEntropySecondOrderTest {
    private static final int[] TARGET = {2, 0, -100, 1};

    private static List<CrossEntropyLoss> losses() {
        return List.of(new CrossEntropyLoss(), new CrossEntropyLoss().withReduction(Reduction.SUM),
                new CrossEntropyLoss().withReduction(Reduction.NONE), new CrossEntropyLoss().withLabelSmoothing(0.2));
    }

    @Test
    void compositeMatchesFusedInValueAndGradient() {
        for (DType dtype : DType.values()) {
            for (CrossEntropyLoss loss : losses()) {
                Tensor x = Tensor.normal(new Generator(3), 0, 2, dtype, 4, 3).requiresGrad(true);
                Tensor u = Tensor.normal(new Generator(4), 0, 1, dtype, loss.reduction() == Reduction.NONE ? new int[] {4} : new int[0]);
                Tensor fused = loss.apply(x, TARGET);
                assertEquals("crossEntropy", fused.gradFn().op());
                Tensor composite;
                try (HigherOrder scope = Autograd.higherOrder()) {
                    composite = loss.apply(x, TARGET);
                }
                assertTrue(!composite.gradFn().op().equals("crossEntropy"));
                double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
                assertArrayEquals(fused.toDoubleArray(), composite.toDoubleArray(), tol, loss + " " + dtype);
                Tensor gf = Autograd.grad(List.of(fused), List.of(x), List.of(u), GradOptions.DEFAULT).get(0);
                Tensor gc = Autograd.grad(List.of(composite), List.of(x), List.of(u), GradOptions.CREATE_GRAPH).get(0);
                assertArrayEquals(gf.toDoubleArray(), gc.toDoubleArray(), tol, loss + " " + dtype);
            }
        }
    }

    @Test
    void secondDerivativesAreRight() {
        Tensor x = Tensor.normal(new Generator(7), 0, 1, DType.FLOAT64, 4, 3).requiresGrad(true);
        for (CrossEntropyLoss loss : losses()) {
            GradCheck.gradgradcheck(in -> loss.apply(in[0], TARGET), x);
        }
        // The Hessian of the mean loss of one row is (diag p − p pᵀ) / 1, known in closed form.
        Tensor row = Tensor.of(new double[] {0.5, -1, 2}, 1, 3);
        double[] h = Functional.hessian(in -> new CrossEntropyLoss().apply(in[0], 1), row).toDoubleArray();
        double[] p = row.softmax(1).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((i == j ? p[i] : 0) - p[i] * p[j], h[i * 3 + j], 1e-12);
            }
        }
    }

    @Test
    void nllLossRecordsADifferentiableBackwardWithTheSameNumbers() {
        for (DType dtype : DType.values()) {
            for (Reduction r : Reduction.values()) {
                NLLLoss nll = new NLLLoss().withReduction(r);
                Tensor x = Tensor.normal(new Generator(5), 0, 1, dtype, 4, 3).requiresGrad(true);
                Tensor u = Tensor.normal(new Generator(6), 0, 1, dtype, r == Reduction.NONE ? new int[] {4} : new int[0]);
                Tensor fast = Autograd.grad(List.of(nll.apply(x.logSoftmax(1), TARGET)), List.of(x), List.of(u),
                        GradOptions.DEFAULT).get(0);
                Tensor rec = Autograd.grad(List.of(nll.apply(x.logSoftmax(1), TARGET)), List.of(x), List.of(u),
                        GradOptions.CREATE_GRAPH).get(0);
                assertArrayEquals(fast.toDoubleArray(), rec.toDoubleArray(), 0.0, r + " " + dtype);
                assertTrue(rec.requiresGrad());
            }
        }
        Tensor x = Tensor.normal(new Generator(8), 0, 1, DType.FLOAT64, 4, 3).requiresGrad(true);
        for (Reduction r : Reduction.values()) {
            NLLLoss nll = new NLLLoss().withReduction(r);
            GradCheck.gradgradcheck(in -> nll.apply(in[0].logSoftmax(1), TARGET), x);
            GradCheck.checkForward(in -> nll.apply(in[0].logSoftmax(1), TARGET), x);
            GradCheck.checkForward(in -> new CrossEntropyLoss().withReduction(r).apply(in[0], TARGET), x);
        }
    }
}
