package dev.jgrad.nn.loss;

import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Tensor;

/**
 * Cross-entropy composed of differentiable ops, for graphs that will be differentiated twice (inside
 * {@code Autograd.higherOrder()}): the fused op's backward is a kernel, not ops, so a Hessian through
 * it would be silently zero. Same definition as {@link CrossEntropyLoss}, written as
 * <pre>
 *   loss_i = −Σₖ W_ik · log p_ik,   W_ik = (1 − ε)·[k = y_i] + ε/C   (0 for an ignored row)
 * </pre>
 * with log p from {@code logSoftmax} (stable, as the fused op). Its gradient is the fused op's,
 * p − W row by row (Σₖ W_ik = 1), tested to agree.
 */
final class CompositeCrossEntropy {
    private CompositeCrossEntropy() {}

    static Tensor apply(Tensor logits, ClassTargets t, Reduction reduction, double smoothing) {
        int c = t.classCount();
        double[] w = new double[t.rows() * c];
        for (int i = 0; i < t.rows(); i++) {
            if (t.ignored(i)) {
                continue;
            }
            for (int k = 0; k < c; k++) {
                w[i * c + k] = smoothing / c;
            }
            w[i * c + t.classes()[i]] += 1 - smoothing;
        }
        Tensor weights = Tensor.of(w, logits.dtype(), logits.shape());
        Tensor rowLoss = logits.logSoftmax(-1).mul(weights).sum(-1, KeepDim.DROP).neg();
        return switch (reduction) {
            case NONE -> rowLoss;
            case SUM -> rowLoss.sum();
            case MEAN -> rowLoss.sum().div(t.keptRows());
        };
    }
}
