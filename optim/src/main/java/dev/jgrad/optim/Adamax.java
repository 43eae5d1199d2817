package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adamax: Adam with the root mean square of g replaced by an exponentially weighted infinity norm, the
 * running maximum of |g|, which needs no bias correction. Exactly {@code torch.optim.Adamax} (PyTorch 1.13,
 * single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), maximize
 * state: t ← 0, m ← 0 (exp_avg), u ← 0 (exp_inf)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
 *   (4) m ← β₁m + (1 − β₁)g               first moment, as in Adam
 *   (5) u ← max(β₂u, |g| + ε)             weighted infinity norm; ε inside the max
 *   (6) γₜ ← γ / (1 − β₁ᵗ)                bias correction of m only
 *   (7) θ ← θ − γₜ·m / u
 * </pre>
 *
 * Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 2 (section 7.1):
 * the paper has u ← max(β₂u, |g|) and no ε; PyTorch adds ε to |g| inside the max, so u ≥ ε always and
 * ε is not added to a decayed u. Optax's {@code adamax} does the same, max(β₂u, |g| + ε) (its
 * {@code update_infinity_moment}); TensorFlow's (Keras) {@code Adamax} keeps the paper's max(β₂u, |g|) and
 * adds ε at the division, m̂ / (u + ε), with ε 1e-7 and lr 1e-3. PyTorch's defaults are the paper's: lr 2e-3, betas (0.9, 0.999), ε 1e-8. With a constant
 * gradient g, u = |g| + ε from the first step on, so each step is about γ: as Adam's first step.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code exp_avg} (m), {@code exp_inf} (u). float32
 * parameters run this float64 loop (the framework widens θ and g per chunk and rounds θ back).
 */
public final class Adamax extends Optimizer<Adamax.Options> {

    /**
     * Hyper-parameters of {@link Adamax}, with PyTorch's names, defaults and checks.
     *
     * @param lr          learning rate γ (default 2e-3)
     * @param beta1       decay rate β₁ of the first moment m (default 0.9)
     * @param beta2       decay rate β₂ of the infinity norm u (default 0.999)
     * @param eps         ε added to |g| inside the max (default 1e-8)
     * @param weightDecay λ of the coupled L2 penalty (default 0)
     * @param maximize    ascend the objective instead (default false)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0. */
        public static final Options DEFAULTS = new Options(2e-3, 0.9, 0.999, 1e-8, 0, false);

        public Options {
            // PyTorch's order of checks
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("weightDecay value", weightDecay);
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public Adamax(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public Adamax(Options defaults, List<ParamGroup<Options>> groups) {
        super("Adamax", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).zeros("exp_avg").zeros("exp_inf");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), lambda = o.weightDecay();
        boolean maximize = o.maximize();
        long t = state.increment("step");                                     // (1)
        double clr = o.lr() / (1 - Math.pow(beta1, t));                       // (6) γₜ ← γ / (1 − β₁ᵗ)
        double[] m = state.f64("exp_avg"), u = state.f64("exp_inf");
        probe.put("t", t).put("clr", clr);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                if (lambda != 0) { g = Math.fma(lambda, theta[i], g); }       // (3) g ← g + λθ
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                  // (4) m ← β₁m + (1 − β₁)g
                u[i] = Math.max(beta2 * u[i], Math.abs(g) + eps);             // (5) u ← max(β₂u, |g| + ε)
                theta[i] = theta[i] + -clr * m[i] / u[i];                     // (7) θ ← θ − γₜ·m / u
                probe.put("g", g).put("exp_avg", m[i]).put("exp_inf", u[i]).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), maximize
            state: t ← 0, m ← 0 (exp_avg), u ← 0 (exp_inf)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
              (4) m ← β₁m + (1 − β₁)g               first moment, as in Adam
              (5) u ← max(β₂u, |g| + ε)             weighted infinity norm; ε inside the max
              (6) γₜ ← γ / (1 − β₁ᵗ)                bias correction of m only
              (7) θ ← θ − γₜ·m / u
            """;
}
