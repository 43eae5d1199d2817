package dev.jgrad.autograd;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** When the engine may keep a gradient a rule returned instead of copying it, and when it must not. */
class GradientOwnershipTest {

    @Test
    void aGradientTheRuleCreatedBecomesTheLeafsGradientWithoutACopy() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor[] made = new Tensor[1];
        Tensor y = Autograd.record("double", x.detach().mul(2), List.of(), Edge.of(x, g -> made[0] = g.mul(2)));
        y.sum().backward();
        assertSame(made[0], x.grad());
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void aTensorTheRuleHeldBeforeBackwardIsCopied() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor held = Tensor.full(5, x.dtype(), 3);
        Tensor y = Autograd.record("constGrad", x.detach().mul(2), List.of(), Edge.of(x, g -> held));
        y.sum().backward();
        assertNotSame(held, x.grad());
        x.grad().mulInPlace(10);
        assertArrayEquals(new double[] {5, 5, 5}, held.toDoubleArray(), "the rule's tensor is untouched");
    }

    @Test
    void oneGradientHandedToTwoLeavesGivesEachItsOwnCopy() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2).requiresGrad(true);
        Tensor g = Tensor.of(new float[] {3, 4}, 2);
        a.add(b).backward(g); // add's backward returns g itself for both inputs
        assertNotSame(a.grad().storage(), b.grad().storage());
        assertNotSame(g.storage(), a.grad().storage());
        a.grad().mulInPlace(2);
        assertArrayEquals(new double[] {3, 4}, b.grad().toDoubleArray());
        assertArrayEquals(new double[] {3, 4}, g.toDoubleArray());
    }

    @Test
    void aLeafUsedTwiceSumsItsGradientsAndAnExistingGradientIsAddedTo() {
        Generator gen = new Generator(2);
        Tensor x = Tensor.randn(gen, 4, 3).requiresGrad(true);
        Tensor w = Tensor.randn(gen, 3, 3);
        x.matmul(w).add(x.mul(3)).sum().backward();
        double[] first = x.grad().toDoubleArray();
        Tensor kept = x.grad();
        x.matmul(w).add(x.mul(3)).sum().backward();
        assertSame(kept, x.grad(), "the second backward adds into the gradient the leaf has");
        double[] twice = x.grad().toDoubleArray();
        for (int i = 0; i < first.length; i++) {
            assertEquals(2 * first[i], twice[i], 1e-5);
        }
        // Each element: row sum of W plus 3.
        double[] rowSums = w.sum(1).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(rowSums[j] + 3, first[i * 3 + j], 1e-5);
            }
        }
    }

    @Test
    void reluBackwardPassesTheGradientWhereTheOutputIsPositive() {
        Tensor x = Tensor.of(new float[] {-2, 0, 1.5f, -0f, 3}, 5).requiresGrad(true);
        x.relu().backward(Tensor.of(new float[] {10, 20, 30, 40, 50}, 5));
        assertArrayEquals(new double[] {0, 0, 30, 0, 50}, x.grad().toDoubleArray());
        Tensor y = Tensor.of(new double[] {-1, 2, 3, -4}, 2, 2).requiresGrad(true);
        y.t().relu().backward(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)); // a transposed input
        assertArrayEquals(new double[] {0, 3, 2, 0}, y.grad().toDoubleArray());
    }
}
