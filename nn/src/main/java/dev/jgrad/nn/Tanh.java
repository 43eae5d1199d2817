package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/** tanh x elementwise (PyTorch's {@code nn.Tanh}); no parameters. */
public final class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
