package dev.jgrad.nn;

import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Linear followed by a ReLU in a Sequential runs fused, with the values and gradients of the two in turn. */
class SequentialFusionTest {

    @Test
    void linearThenReluGivesTheSameBitsAsTheLayersOneByOne() {
        Generator gen = new Generator(5);
        Sequential model = new Sequential(new Linear(20, 16, gen), new ReLU(), new Linear(16, 3, gen), new ReLU());
        Tensor x = Tensor.randn(gen, 9, 20);
        Tensor g = Tensor.randn(gen, 9, 3);

        Tensor fused = model.forward(x);
        fused.backward(g);
        List<float[]> fusedGrads = model.parameters().stream().map(p -> p.grad().toFloatArray()).toList();
        model.zeroGrad();

        Tensor stepwise = x;
        for (Module layer : model.layers()) stepwise = layer.forward(stepwise);
        stepwise.backward(g);
        assertArrayEquals(stepwise.toFloatArray(), fused.toFloatArray());
        List<Tensor> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).grad().toFloatArray(), fusedGrads.get(i), "gradient of parameter " + i);
        }
        assertEquals("linearRelu", fused.gradFn().op());
        assertEquals("relu", stepwise.gradFn().op());
    }
}
