package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba, 2015) as {@code torch.optim.Adam}: weight decay is a coupled L2 penalty,
 * g ← g + λθ, which then passes through the adaptive scaling.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if λ ≠ 0: g ← g + λθ             coupled L2: the decay enters m and v
 *   (4) m ← β₁m + (1 − β₁)g
 *   (5) v ← β₂v + (1 − β₂)g²
 *   (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
 *   (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
 *   (8) θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 *
 * The loop that implements it, line by line, is {@link AdamW}'s, which differs in line (3) only: this class selects
 * the coupled form, {@link WeightDecay#COUPLED_L2}.
 */
public final class Adam extends AdamW {

    /** One group with PyTorch's defaults ({@link AdamOptions#defaults()}). */
    public Adam(List<Tensor> params) {
        this(params, AdamOptions.defaults());
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public Adam(List<Tensor> params, AdamOptions options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public Adam(AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        super("Adam", WeightDecay.COUPLED_L2, defaults, groups);
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if λ ≠ 0: g ← g + λθ             coupled L2: the decay enters m and v
              (4) m ← β₁m + (1 − β₁)g
              (5) v ← β₂v + (1 − β₂)g²
              (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
              (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
              (8) θ ← θ − γ·m̂ / (√v̂ + ε)
            """;
}
