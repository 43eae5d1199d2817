package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Tensor;

/** A differentiable loss of a model's output against a target. */
@FunctionalInterface
public interface Loss {
    /**
     * The loss; differentiable in {@code input}. For classification losses {@code target} holds
     * class indices as integral values (jgrad has only float dtypes).
     */
    Tensor apply(Tensor input, Tensor target);
}
