package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019) as {@code torch.optim.AdamW}: Adam whose weight decay shrinks θ
 * directly, θ ← θ − γλθ, instead of entering the gradient.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) θ ← θ − γλθ                      decoupled: m and v never see the decay
 *       (paper mode: θ ← θ − η_tλθ, η_t = γ / initial γ)
 *   (4) m ← β₁m + (1 − β₁)g
 *   (5) v ← β₂v + (1 − β₂)g²
 *   (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
 *   (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
 *   (8) θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 *
 * The loop that implements it, line by line, is {@link AdamFamily}'s; this class only selects line (3)'s
 * decoupled form. With λ = 0 it is exactly Adam; with g = 0 it shrinks θ by exactly (1 − γλ) per step.
 *
 * <p>PyTorch's default weight decay for AdamW is 1e-2 (Adam's is 0): {@link AdamOptions#adamWDefaults()}.
 * The paper's variant, where the decay follows the schedule multiplier only, is
 * {@link WeightDecay#DECOUPLED_SCHEDULE_ONLY}; see {@link WeightDecay} for how the two differ.
 */
public final class AdamW extends AdamFamily {

    /** One group with PyTorch's defaults ({@link AdamOptions#adamWDefaults()}). */
    public AdamW(List<Tensor> params) {
        this(params, AdamOptions.adamWDefaults());
    }

    /** One group with {@code options}, decay as in PyTorch ({@link WeightDecay#DECOUPLED}). */
    public AdamW(List<Tensor> params, AdamOptions options) {
        this(options, List.of(new ParamGroup<>(params, options)), WeightDecay.DECOUPLED);
    }

    /** One group with {@code options} and the given decoupled decay. */
    public AdamW(List<Tensor> params, AdamOptions options, WeightDecay decay) {
        this(options, List.of(new ParamGroup<>(params, options)), decay);
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public AdamW(AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        this(defaults, groups, WeightDecay.DECOUPLED);
    }

    /**
     * @param decay {@link WeightDecay#DECOUPLED} (PyTorch, Optax) or {@link WeightDecay#DECOUPLED_SCHEDULE_ONLY} (paper)
     */
    public AdamW(AdamOptions defaults, List<ParamGroup<AdamOptions>> groups, WeightDecay decay) {
        super("AdamW", requireDecoupled(decay), defaults, groups);
    }

    private static WeightDecay requireDecoupled(WeightDecay decay) {
        if (decay == WeightDecay.COUPLED_L2) {
            throw new IllegalArgumentException("AdamW's weight decay must be decoupled (DECOUPLED or "
                    + "DECOUPLED_SCHEDULE_ONLY); coupled L2 is Adam");
        }
        return decay;
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) θ ← θ − γλθ                      decoupled: m and v never see the decay
                  (paper mode: θ ← θ − η_tλθ, η_t = γ / initial γ)
              (4) m ← β₁m + (1 − β₁)g
              (5) v ← β₂v + (1 − β₂)g²
              (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
              (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
              (8) θ ← θ − γ·m̂ / (√v̂ + ε)
            """;
}
