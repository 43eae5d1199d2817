package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Lion (Chen et al., "Symbolic Discovery of Optimization Algorithms", 2023), as the authors' PyTorch code:
 * only the sign of an interpolated momentum is used, so every coordinate moves by exactly γ (plus the decay),
 * and there is one moment where Adam keeps two.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), λ (weight decay), maximize
 * state: m ← 0 (exp_avg)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (2) θ ← θ·(1 − γλ)                   decoupled decay, as AdamW's
 *   (3) c ← β₁m + (1 − β₁)g              the direction: momentum interpolated with g
 *   (4) θ ← θ − γ·sign(c)
 *   (5) m ← β₂m + (1 − β₂)g              the momentum, with a slower β₂
 * </pre>
 *
 * Two betas for two jobs: β₁ = 0.9 mixes the current gradient into the direction, β₂ = 0.99 makes the
 * momentum long-lived. Because |sign(c)| = 1, Lion's steps are larger than Adam's at the same γ; the paper
 * advises a γ 3–10 times smaller and a λ as many times larger (default lr 1e-4). float32 parameters run this
 * float64 loop.
 */
public final class Lion extends Optimizer<Lion.Options> {

    /**
     * Hyper-parameters of {@link Lion}, with the authors' names and defaults.
     *
     * @param lr          γ (default 1e-4)
     * @param beta1       β₁ of the direction (default 0.9)
     * @param beta2       β₂ of the momentum (default 0.99)
     * @param weightDecay λ, decoupled (default 0)
     * @param maximize    ascend instead (default false)
     */
    public record Options(double lr, double beta1, double beta2, double weightDecay, boolean maximize)
            implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1e-4, 0.9, 0.99, 0, false);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("weightDecay value", weightDecay);
        }
    }

    public Lion(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Lion(Options defaults, List<ParamGroup<Options>> groups) {
        super("Lion", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.zeros("exp_avg");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), shrink = 1 - lr * o.weightDecay();
        boolean maximize = o.maximize();
        double[] m = state.f64("exp_avg");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (1)
                theta[i] = theta[i] * shrink;                                 // (2) θ ← θ·(1 − γλ)
                double c = m[i] * beta1 + g * (1 - beta1);                    // (3) c ← β₁m + (1 − β₁)g
                theta[i] = Math.fma(-lr, Math.signum(c), theta[i]);           // (4) θ ← θ − γ·sign(c)
                m[i] = Math.fma(1 - beta2, g, beta2 * m[i]);                  // (5) m ← β₂m + (1 − β₂)g
                probe.put("g", g).put("c", c).put("m", m[i]).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), λ (weight decay), maximize
            state: m ← 0 (exp_avg)
            for every parameter θ whose gradient is not null:
              (1) g ← ∇θ f(θ)                      if maximize: g ← −g
              (2) θ ← θ·(1 − γλ)                   decoupled decay, as AdamW's
              (3) c ← β₁m + (1 − β₁)g              the direction: momentum interpolated with g
              (4) θ ← θ − γ·sign(c)
              (5) m ← β₂m + (1 − β₂)g              the momentum, with a slower β₂
            """;
}
