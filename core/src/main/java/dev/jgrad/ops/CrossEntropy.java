package dev.jgrad.ops;

import dev.jgrad.tensor.Tensor;

/**
 * Cross-entropy of logits against class indices, the loops of {@code nn.loss.CrossEntropyLoss}'s
 * fused op, in the logits' dtype. For a row z with target y, C classes and label smoothing ε,
 * with lse = log Σⱼ e^{zⱼ} computed as m + log Σⱼ e^{zⱼ − m} (m the row maximum, so exp never
 * overflows and log pₖ = zₖ − lse is never −∞ for a finite logit):
 * <pre>
 *   loss  = (1 − ε)·(lse − z_y) + (ε/C)·Σₖ(lse − zₖ)
 *   ∂loss/∂zₖ = pₖ − (1 − ε)·[k = y] − ε/C,   pₖ = e^{zₖ − lse}
 * </pre>
 * One pass over the logits forward (keeping m and Σ per row), one backward; rows whose target is
 * the ignore index get loss and gradient 0. The arithmetic is in double for both dtypes.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** The forward's row losses and, per row, m and Σⱼ e^{zⱼ − m} for the backward. */
    public record Rows(double[] loss, double[] stats) {}

    /** Row losses of {@code logits} ({@code [N, C]}, or {@code [C]} as one row) against one index per row. */
    public static Rows forward(Tensor logits, int[] target, int ignoreIndex, double smoothing) {
        Tensor z = logits.isContiguous() ? logits : logits.contiguous();
        int rows = target.length;
        Rows r = new Rows(new double[rows], new double[2 * rows]);
        K.crossEntropy(z, rows, target, ignoreIndex, smoothing, r.loss(), r.stats());
        return r;
    }

    /**
     * ∂L/∂logits, in the logits' dtype and shape, where {@code rowWeights[i]} is ∂L/∂loss of row i
     * (the output's gradient times the reduction's factor).
     */
    public static Tensor backward(Tensor logits, int[] target, int ignoreIndex, double smoothing, Rows forward,
                                  double[] rowWeights) {
        Tensor z = logits.isContiguous() ? logits : logits.contiguous();
        return K.crossEntropyBackward(z, target.length, target, ignoreIndex, smoothing, forward.stats(), rowWeights);
    }
}
