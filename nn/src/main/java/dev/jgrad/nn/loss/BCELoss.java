package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Tensor;

import java.util.Objects;

/**
 * Binary cross-entropy on probabilities p (PyTorch's {@code nn.BCELoss}):
 * ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)]. The clamp at −100 is PyTorch's: it
 * keeps ℓ finite at p = 0 or 1. ∂ℓ/∂p = (p − y)/max(p(1 − p), ε) with PyTorch's ε = 1e-12 (a float), so the
 * gradient is finite at p = 0 or 1 too, ≈ ∓1e12 for the wrong target; ∂ℓ/∂y = log(1 − p) − log p (see
 * {@link BinaryCrossEntropy}). Inputs and targets outside [0, 1] are rejected (PyTorch rejects such inputs
 * too). Prefer {@link BCEWithLogitsLoss} after a sigmoid: it is stable for large logits.
 */
public record BCELoss(Reduction reduction) implements Loss {
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
        return BinaryTargets.reduce(BinaryCrossEntropy.apply(input, target), reduction);
    }
}
