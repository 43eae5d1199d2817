package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;

/** The checks and the reduction both binary cross-entropy losses share. */
final class BinaryTargets {
    private BinaryTargets() {}

    static void check(String loss, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": input shape " + Shape.str(input.shape()) + " and target shape "
                    + Shape.str(target.shape()) + " differ; give one target probability per input element");
        }
        checkRange(loss, "target", target);
    }

    static void checkRange(String loss, String what, Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(loss + ": every " + what + " must be in [0, 1], got " + v);
            }
        }
    }

    static Tensor reduce(Tensor perElement, Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case SUM -> perElement.sum();
            case MEAN -> perElement.mean();
        };
    }
}
