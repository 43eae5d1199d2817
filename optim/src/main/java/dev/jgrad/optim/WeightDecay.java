package dev.jgrad.optim;

/**
 * The three ways an optimizer can apply a weight decay λ, and the one line each changes in the update.
 *
 * <p>Coupled L2 adds the penalty's gradient to g, so the decay is rescaled by Adam's 1/(√v̂ + ε) like
 * the rest of the gradient: weights with large gradients are barely decayed. Decoupled decay shrinks θ
 * directly, outside the adaptive update, which is the point of AdamW (Loshchilov &amp; Hutter,
 * "Decoupled Weight Decay Regularization", ICLR 2019).
 *
 * <p>Where PyTorch and the paper differ: the paper's Algorithm 2 (line 12) writes
 * θ ← θ − η_t(α·m̂/(√v̂ + ε) + λθ), where α is the base learning rate and η_t the schedule multiplier,
 * so the decay is scaled by η_t only. PyTorch (and Optax) scale it by the full learning rate:
 * θ ← θ − γλθ with γ = η_t·α. With γ = 1e-3, PyTorch's λ = 1e-2 is the paper's λ = 1e-5. Both are here so
 * they can be compared; {@link #DECOUPLED} is the default, as in PyTorch.
 */
public enum WeightDecay {
    /** Adam and SGD: g ← g + λθ (L2 penalty (λ/2)‖θ‖² folded into the gradient). */
    COUPLED_L2,
    /** AdamW as in PyTorch and Optax: θ ← θ − γλθ, computed as θ·(1 − γλ) like PyTorch. */
    DECOUPLED,
    /** AdamW as in the paper: θ ← θ − η_tλθ with η_t = γ / initial γ (1 without a schedule). */
    DECOUPLED_SCHEDULE_ONLY;

    /** The coefficient of θ added to g: λ when coupled, else 0. */
    double gradientCoefficient(double lambda) {
        return this == COUPLED_L2 ? lambda : 0;
    }

    /** The factor θ is multiplied by before the update: 1 when coupled, else 1 − γλ or 1 − η_tλ. */
    double shrinkFactor(double lr, double lambda, double scheduleMultiplier) {
        return switch (this) {
            case COUPLED_L2 -> 1;
            case DECOUPLED -> 1 - lr * lambda;
            case DECOUPLED_SCHEDULE_ONLY -> 1 - scheduleMultiplier * lambda;
        };
    }
}
