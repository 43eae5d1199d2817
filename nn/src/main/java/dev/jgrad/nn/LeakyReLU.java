package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * x where x &gt; 0, else slope·x (PyTorch's {@code nn.LeakyReLU}, default slope 0.01). The local
 * derivative is 1 or slope; at x = 0 it is slope, as PyTorch's backward.
 */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be finite, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor x) {
        // The factor (1 where x > 0, else slope) is a constant of the graph, so the gradient is g·factor.
        Tensor factor = x.detach().gt(0).to(x.dtype()).mul(1 - negativeSlope).add(negativeSlope);
        return x.mul(factor);
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}
