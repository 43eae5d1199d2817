package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/** σ(x) = 1/(1 + e⁻ˣ) elementwise (PyTorch's {@code nn.Sigmoid}); no parameters. */
public final class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
