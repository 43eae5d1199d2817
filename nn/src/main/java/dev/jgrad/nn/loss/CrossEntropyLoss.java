package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Cross-entropy of raw scores (logits) against class indices, PyTorch's {@code nn.CrossEntropyLoss}:
 * for a row x with target y and C classes, with log pₖ = xₖ − log Σⱼ exp(xⱼ),
 * <pre>
 *   loss = (1 − ε)·(−log p_y) + (ε/C)·Σₖ(−log pₖ)
 * </pre>
 * where ε is the label smoothing (0 gives the plain negative log-likelihood of the target).
 * Rows whose target equals {@code ignoreIndex} contribute nothing, and a mean divides by the number
 * of rows that are not ignored.
 *
 * <p>Why one fused op instead of {@code logSoftmax} followed by NLL, or softmax followed by log:
 * <ul>
 *   <li>Stability: log of a softmax probability that rounded to 0 is −∞ (in float32 that happens for
 *       a logit ~104 below the maximum), and its gradient 1/p is ∞; computing log pₖ directly as
 *       xₖ − m − log Σ exp(xⱼ − m), with m the row maximum, never leaves the finite range and never
 *       overflows exp.</li>
 *   <li>A simple, exact backward: ∂loss/∂xₖ = pₖ − (1 − ε)·[k = y] − ε/C, the softmax minus the
 *       smoothed one-hot target, bounded in [−1, 1] whatever the logits.</li>
 *   <li>One pass over the logits and no intermediate N×C tensors in the graph (a composed version
 *       records several ops and keeps their outputs alive until backward).</li>
 * </ul>
 * Inputs are float32 or float64; the arithmetic is done in double either way. Inside
 * {@link Autograd#higherOrder()} (Hessians, forward mode) the loss is composed of differentiable ops
 * instead, with the same values, so that it can be differentiated twice.
 *
 * @param reduction      how per-row losses combine (default {@code MEAN})
 * @param ignoreIndex    a target value whose rows are skipped (default −100, PyTorch's)
 * @param labelSmoothing ε in [0, 1] (default 0)
 */
public record CrossEntropyLoss(Reduction reduction, int ignoreIndex, double labelSmoothing) implements Loss {
    /** PyTorch's default ignore index: a value no class index has. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    public CrossEntropyLoss {
        Objects.requireNonNull(reduction, "reduction");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
    }

    /** Mean reduction, ignore index −100, no label smoothing: PyTorch's defaults. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, DEFAULT_IGNORE_INDEX, 0.0);
    }

    public CrossEntropyLoss withReduction(Reduction r) {
        return new CrossEntropyLoss(r, ignoreIndex, labelSmoothing);
    }

    public CrossEntropyLoss withIgnoreIndex(int index) {
        return new CrossEntropyLoss(reduction, index, labelSmoothing);
    }

    public CrossEntropyLoss withLabelSmoothing(double epsilon) {
        return new CrossEntropyLoss(reduction, ignoreIndex, epsilon);
    }

    /** The loss of {@code logits} ({@code [N, C]} or {@code [C]}) against one class index per row. */
    public Tensor apply(Tensor logits, int... target) {
        return apply(logits, ClassTargets.of("CrossEntropyLoss", logits, target, ignoreIndex));
    }

    /** As {@link #apply(Tensor, int...)}, with the class indices as integral values in a tensor ({@code [N]}, or {@code []} for one sample). */
    @Override
    public Tensor apply(Tensor logits, Tensor target) {
        return apply(logits, ClassTargets.of("CrossEntropyLoss", logits, target, ignoreIndex));
    }

    /** The fused op, or inside {@link Autograd#higherOrder()} the composite one that can be differentiated twice. */
    private Tensor apply(Tensor logits, ClassTargets targets) {
        if (Autograd.isHigherOrder() && logits.requiresGrad() && Autograd.isGradEnabled()) {
            return CompositeCrossEntropy.apply(logits, targets, reduction, labelSmoothing);
        }
        return FusedCrossEntropy.apply(logits, targets, reduction, labelSmoothing);
    }
}
