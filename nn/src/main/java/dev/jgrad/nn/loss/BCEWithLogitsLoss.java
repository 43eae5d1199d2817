package dev.jgrad.nn.loss;

import dev.jgrad.tensor.Tensor;

import java.util.Objects;
import java.util.Optional;

/**
 * Binary cross-entropy on logits x with target probabilities y (PyTorch's {@code nn.BCEWithLogitsLoss}):
 * <pre>
 *   ℓ = −[pos_weight·y·log σ(x) + (1 − y)·log(1 − σ(x))]
 *     = (1 − y)·x + (1 + (pos_weight − 1)·y)·softplus(−x)
 *   softplus(−x) = log(1 + e^(−|x|)) + max(−x, 0)        (never exponentiates a positive number)
 * </pre>
 * The second line is PyTorch's stable form: it neither overflows for |x| large nor loses log σ(x)
 * to log 0. {@code pos_weight} (optional) broadcasts against the last dimension. Targets outside
 * [0, 1] are rejected (PyTorch accepts them silently; they are no probabilities).
 *
 * <p>∂ℓ/∂x = (1 + (pos_weight − 1)y)·σ(x) − pos_weight·y everywhere, ½ − y at x = 0 without pos_weight, as
 * PyTorch: softplus(−x) is one op ({@link SoftplusNeg}) whose derivative is −σ(−x), not the derivatives of
 * its stable pieces, whose kinks at 0 would give 1 − y there.
 */
public record BCEWithLogitsLoss(Reduction reduction, Optional<Tensor> posWeight) implements Loss {
    public BCEWithLogitsLoss {
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(posWeight, "posWeight");
    }

    /** Mean reduction, no pos_weight: PyTorch's defaults. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN, Optional.empty());
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        BinaryTargets.check("BCEWithLogitsLoss", input, target);
        Tensor softplusNeg = SoftplusNeg.apply(input);
        Tensor first = target.neg().add(1).mul(input);
        Tensor scale = posWeight.map(pw -> pw.sub(1).mul(target).add(1)).orElse(null);
        Tensor loss = scale == null ? first.add(softplusNeg) : first.add(scale.mul(softplusNeg));
        return BinaryTargets.reduce(loss, reduction);
    }
}
