package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

/**
 * Validated class-index targets for an input of shape {@code [N, C]} (a batch) or {@code [C]} (one
 * sample, PyTorch's unbatched form, with a 0-dimensional target).
 *
 * @param classes one class index per row; a row whose index equals {@code ignoreIndex} is ignored
 */
record ClassTargets(int rows, int classCount, int[] classes, boolean batched, int ignoreIndex) {

    boolean ignored(int row) {
        return classes[row] == ignoreIndex;
    }

    /** Rows that count: the divisor of a mean reduction. */
    int keptRows() {
        int k = 0;
        for (int i = 0; i < rows; i++) {
            if (!ignored(i)) {
                k++;
            }
        }
        return k;
    }

    static ClassTargets of(String loss, Tensor input, int[] target, int ignoreIndex) {
        boolean batched = checkInput(loss, input);
        int rows = batched ? input.size(0) : 1;
        if (target.length != rows) {
            throw batchMismatch(loss, input, batched, target.length);
        }
        return validated(loss, input, batched, target.clone(), ignoreIndex);
    }

    static ClassTargets of(String loss, Tensor input, Tensor target, int ignoreIndex) {
        boolean batched = checkInput(loss, input);
        if (batched ? target.dim() != 1 : target.dim() != 0) {
            throw new IllegalArgumentException(loss + ": for input of shape " + Shape.str(input.shape()) + " the target must have shape "
                    + (batched ? "[N]" : "[] (0-dimensional)") + " of class indices, got shape " + Shape.str(target.shape()));
        }
        int rows = batched ? input.size(0) : 1;
        if (target.numel() != rows) {
            throw batchMismatch(loss, input, batched, target.numel());
        }
        double[] v = target.toDoubleArray();
        int[] classes = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(loss + ": target values must be integral class indices, got " + v[i] + " at position " + i
                        + " (class probabilities as targets are not supported)");
            }
            classes[i] = (int) v[i];
        }
        return validated(loss, input, batched, classes, ignoreIndex);
    }

    private static boolean checkInput(String loss, Tensor input) {
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(loss + ": expected input of shape [N, C] (a batch) or [C] (one sample), got shape "
                    + Shape.str(input.shape()));
        }
        return input.dim() == 2;
    }

    private static IllegalArgumentException batchMismatch(String loss, Tensor input, boolean batched, int targets) {
        return new IllegalArgumentException(loss + ": expected input batch_size (" + (batched ? input.size(0) : 1)
                + ") to match target batch_size (" + targets + ")");
    }

    private static ClassTargets validated(String loss, Tensor input, boolean batched, int[] classes, int ignoreIndex) {
        int c = input.size(-1);
        for (int i = 0; i < classes.length; i++) {
            int t = classes[i];
            if (t != ignoreIndex && (t < 0 || t >= c)) {
                throw new IllegalArgumentException(loss + ": target " + t + " at position " + i + " is out of bounds for " + c
                        + " classes (valid: 0 to " + (c - 1) + ", or the ignore index " + ignoreIndex + ")");
            }
        }
        return new ClassTargets(classes.length, c, classes, batched, ignoreIndex);
    }
}
