package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019) as {@code torch.optim.AdamW}: Adam whose weight decay shrinks θ
 * directly, θ ← θ − γλθ, instead of entering the gradient. The algorithm and its line-by-line
 * implementation are in {@link AdamFamily}; this class only selects line (3)'s decoupled form.
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
}
