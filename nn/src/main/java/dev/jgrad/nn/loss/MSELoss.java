package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Mean squared error, PyTorch's {@code nn.MSELoss}: (input − target)² elementwise, then reduced.
 * Differentiable in both arguments. Unlike PyTorch, which warns and broadcasts, shapes must be
 * equal: a broadcast here is almost always a bug (e.g. {@code [N]} against {@code [N, 1]} silently
 * compares every prediction with every target).
 */
public record MSELoss(Reduction reduction) implements Loss {
    public MSELoss {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** Mean reduction, PyTorch's default. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("MSELoss: input shape " + Shape.str(input.shape()) + " and target shape "
                    + Shape.str(target.shape()) + " differ; reshape one so they match element for element");
        }
        Tensor diff = input.sub(target);
        Tensor squared = diff.mul(diff);
        return switch (reduction) {
            case NONE -> squared;
            case SUM -> squared.sum();
            case MEAN -> squared.mean();
        };
    }
}
