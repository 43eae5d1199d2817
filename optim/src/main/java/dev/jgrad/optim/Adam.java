package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba, 2015) as {@code torch.optim.Adam}: weight decay is a coupled L2 penalty,
 * g ← g + λθ, which then passes through the adaptive scaling. The algorithm and its line-by-line
 * implementation are in {@link AdamFamily}; {@link AdamW} differs in line (3) only.
 */
public final class Adam extends AdamFamily {

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
}
