package dev.jgrad.optim;

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW}, with PyTorch's names, defaults and checks.
 * How {@code weightDecay} acts depends on the optimizer, not on this record: see {@link WeightDecay}.
 *
 * @param lr          learning rate γ (default 1e-3)
 * @param beta1       decay rate β₁ of the first-moment average m (default 0.9)
 * @param beta2       decay rate β₂ of the second-moment average v (default 0.999)
 * @param eps         ε added to the denominator √v̂ (default 1e-8)
 * @param weightDecay λ (default 0 for Adam, 1e-2 for AdamW, as in PyTorch)
 * @param amsgrad     divide by the running maximum of v instead of v (default false)
 * @param maximize    ascend the objective instead of descending it (default false)
 */
public record AdamOptions(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean maximize) implements OptimizerOptions<AdamOptions> {

    public AdamOptions {
        // Same order as PyTorch's checks, so the first bad value is the one reported.
        Check.nonNegative("learning rate", lr);
        Check.nonNegative("epsilon value", eps);
        Check.unitInterval("beta parameter at index 0", beta1);
        Check.unitInterval("beta parameter at index 1", beta2);
        Check.nonNegative("weightDecay value", weightDecay);
    }

    /** {@code torch.optim.Adam}'s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0. */
    public static AdamOptions defaults() {
        return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /** {@code torch.optim.AdamW}'s defaults: as Adam's but weight decay 1e-2. */
    public static AdamOptions adamWDefaults() {
        return defaults().withWeightDecay(1e-2);
    }

    @Override
    public AdamOptions withLr(double lr) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamOptions withBetas(double beta1, double beta2) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamOptions withEps(double eps) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamOptions withWeightDecay(double weightDecay) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamOptions withAmsgrad(boolean amsgrad) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public AdamOptions withMaximize(boolean maximize) {
        return new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }
}
