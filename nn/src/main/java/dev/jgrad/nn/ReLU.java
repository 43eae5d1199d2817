package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/** max(x, 0) elementwise; no parameters. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
