package dev.jgrad.nn;

import dev.jgrad.ops.Gelu;
import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * GELU(x) = x·Φ(x) (PyTorch's {@code nn.GELU}); by default exact (erf), optionally the tanh form
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))). No parameters.
 */
public final class GELU extends Module {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private final GeluApproximation approximate;

    /** The exact form, PyTorch's default. */
    public GELU() {
        this(GeluApproximation.NONE);
    }

    public GELU(GeluApproximation approximate) {
        this.approximate = Objects.requireNonNull(approximate, "approximate");
    }

    @Override
    public Tensor forward(Tensor x) {
        if (approximate == GeluApproximation.NONE) {
            return Gelu.gelu(x);
        }
        Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI);
        return x.mul(0.5).mul(inner.tanh().add(1));
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (approximate == GeluApproximation.NONE ? "none" : "tanh") + "'";
    }
}
