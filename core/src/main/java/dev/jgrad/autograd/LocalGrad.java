package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

/**
 * One input's share of an op's backward: given ∂L/∂out, return ∂L/∂input (already summed back to the
 * input's shape when the op broadcast it). Runs with gradient recording off, except in a backward pass
 * with {@link CreateGraph#YES}: then the ops a rule uses are recorded, so a rule written with ops is
 * differentiable as it stands, and a rule that calls a kernel directly checks
 * {@link Autograd#isGradEnabled()} and takes a path made of ops (see {@code Functions.relu}).
 */
@FunctionalInterface
public interface LocalGrad {
    Tensor apply(Tensor gradOutput);
}
