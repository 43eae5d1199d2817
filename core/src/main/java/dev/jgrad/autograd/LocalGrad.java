package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

/**
 * One input's share of an op's backward: given ∂L/∂out, return ∂L/∂input (already summed back to the
 * input's shape when the op broadcast it). Runs with gradient recording off.
 */
@FunctionalInterface
public interface LocalGrad {
    Tensor apply(Tensor gradOutput);
}
