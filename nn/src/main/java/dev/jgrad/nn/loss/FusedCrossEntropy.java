package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.ops.CrossEntropy;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Log-softmax and negative log-likelihood (with label smoothing) as one recorded op; see
 * {@link CrossEntropyLoss} for why. The loops are {@link CrossEntropy}'s, in the logits' dtype.
 */
final class FusedCrossEntropy {
    private FusedCrossEntropy() {}

    static Tensor apply(Tensor logits, ClassTargets t, Reduction reduction, double smoothing) {
        CrossEntropy.Rows rows = CrossEntropy.forward(logits, t.classes(), t.ignoreIndex(), smoothing);
        Tensor out = RowReduction.output(rows.loss(), t, reduction, logits.dtype());
        return Autograd.record("crossEntropy", out, List.of(logits), Edge.of(logits, g -> CrossEntropy.backward(logits,
                t.classes(), t.ignoreIndex(), smoothing, rows, RowReduction.rowWeights(g, t, reduction))));
    }
}
