package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Binary cross-entropy on probabilities p (PyTorch's {@code nn.BCELoss}):
 * ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)]. The clamp at −100 is PyTorch's: it
 * keeps ℓ finite at p = 0 or 1. ∂ℓ/∂p = (p − y)/(p(1 − p)) where the logs are not clamped, else
 * the clamped term contributes 0. Inputs and targets outside [0, 1] are rejected (PyTorch rejects
 * such inputs too). Prefer {@link BCEWithLogitsLoss} after a sigmoid: it is stable for large logits.
 */
public record BCELoss(Reduction reduction) implements Loss {
    private static final double LOG_FLOOR = -100;

    public BCELoss {
        Objects.requireNonNull(reduction, "reduction");
    }

    /** Mean reduction, PyTorch's default. */
    public BCELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        BinaryTargets.check("BCELoss", input, target);
        BinaryTargets.checkRange("BCELoss", "input", input);
        Tensor logP = input.log().clamp(LOG_FLOOR, Double.MAX_VALUE);
        Tensor log1mP = input.neg().add(1).log().clamp(LOG_FLOOR, Double.MAX_VALUE);
        Tensor loss = target.mul(logP).add(target.neg().add(1).mul(log1mP)).neg();
        return BinaryTargets.reduce(loss, reduction);
    }
}
