package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * SophiaG (Liu et al., "Sophia: A Scalable Stochastic Second-order Optimizer for Language Model Pre-training",
 * ICLR 2024): momentum divided by a diagonal Hessian estimate, as Newton's method would, but clipped so that no
 * coordinate moves by more than γ. Where the curvature is large the step is Newton's m/h; where it is small, or
 * negative directions would make Newton climb, the clip turns the step into signed momentum. The estimate h is
 * refreshed only every k steps (k = 10 in the paper) by a separate call, {@link #updateHessian()}, fed the
 * Gauss–Newton–Bartlett estimator's gradient. As the authors' code (Liuhong99/Sophia a7e1572, {@code SophiaG},
 * single-tensor loop).
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ρ (rho), λ (weight_decay), B (bs, the step's batch size in tokens), maximize
 * state: t ← 0 (step), m ← 0 (exp_avg), h ← 0 (hessian)
 *
 * every k steps, after the step, update_hessian() with the estimator's gradient ĝ in the parameter's grad:
 *   (H) h ← β₂h + (1 − β₂)·ĝ⊙ĝ                 GNB: ĝ = ∇ of the mean loss at labels ŷ ~ softmax(model)
 * every step, for every parameter θ whose gradient g is not null:
 *   (1) t ← t + 1;  g ← −g if maximize
 *   (2) θ ← θ·(1 − γλ)                         decoupled decay, before the step
 *   (3) m ← β₁m + (1 − β₁)g
 *   (4) r ← min(|m| / (ρ·B·h + 10⁻¹⁵), 1)       the clipped ratio; r = 1: this coordinate is clipped
 *   (5) θ ← θ − γ·sign(m)·r
 * </pre>
 *
 * Why B·ĝ⊙ĝ is a Hessian estimate: for a softmax cross-entropy loss, the Gauss–Newton matrix equals the expected
 * outer product of the gradient taken at labels sampled from the model's own prediction (Bartlett's identity);
 * with a minibatch of B examples the mean gradient's square underestimates its diagonal by 1/B, hence the B in
 * (4). Why the clip: the estimate is stale (k steps old), noisy and can be near zero; the clip bounds every step by
 * γ whatever h is, |θₜ₊₁ − (1 − γλ)θₜ| ≤ γ (a law in {@code SophiaLawsTest}), and with h = 0 Sophia is signed
 * momentum (Lion-like). Where the paper and the code differ: the paper's GNB estimator returns B·ĝ⊙ĝ; the code
 * keeps ĝ⊙ĝ in h and puts B into the step as ρ·B, adds ε = 10⁻¹⁵ to the denominator, and its lr is the paper's ρ·η
 * ("the lr here corresponds to ρ·η_t in the paper", the authors' README, which calls the two updates equivalent up
 * to a re-parameterisation). The authors' training script refreshes h after the step on iterations k − 1, 2k − 1, ...
 * The step count t is kept but not used (no bias correction). Optax has no Sophia.
 *
 * <p>B is an argument of the authors' {@code step(bs=5120)}; here it is the option {@code bs} of the group.
 * The authors' {@code capturable} (CUDA graphs) has no meaning here. State, with the authors' names:
 * {@code step}, {@code exp_avg}, {@code hessian}. A per-tensor rule only so that a trace reports the share of
 * coordinates clipped this step ({@code clip_fraction}, the authors' 1 − {@code win_rate}); float32 parameters run
 * this float64 loop.
 */
public final class SophiaG extends Optimizer<SophiaG.Options> implements HessianFed {

    /**
     * Hyper-parameters of {@link SophiaG}, with the authors' names and defaults.
     *
     * @param lr          γ (default 1e-4)
     * @param beta1       β₁ of the momentum (default 0.965)
     * @param beta2       β₂ of the Hessian estimate's average (default 0.99)
     * @param rho         ρ, the clipping scale (default 0.04)
     * @param weightDecay λ, decoupled (default 0.1)
     * @param maximize    ascend instead (default false)
     * @param bs          B, the batch size (in tokens) of the Hessian estimator (the authors' step argument; 5120)
     */
    public record Options(double lr, double beta1, double beta2, double rho, double weightDecay, boolean maximize,
                          double bs) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1e-4, 0.965, 0.99, 0.04, 0.1, false, 5120);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("rho parameter", rho);
            Check.nonNegative("weight_decay value", weightDecay);
            if (!(bs > 0)) {
                throw new IllegalArgumentException("Invalid bs: " + bs + " (must be > 0: the estimator's batch size)");
            }
        }
    }

    public SophiaG(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public SophiaG(Options defaults, List<ParamGroup<Options>> groups) {
        super("SophiaG", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;
    }

    @Override
    protected Coupling coupling() {
        return Coupling.PER_TENSOR;
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.set("step", 0).zeros("exp_avg").zeros("hessian");
    }

    /**
     * (H) for every parameter whose gradient is not null: h ← β₂h + (1 − β₂)·g⊙g, g being whatever the caller put in
     * the gradient (the estimator's). Creates the state of a parameter not stepped yet, as the authors' code does.
     */
    @Override
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public void updateHessian() {
        try (var noGrad = Autograd.noGrad()) {
            for (ParamGroup<Options> group : paramGroups()) {
                double beta2 = group.options().beta2();
                for (Tensor p : group.params()) {
                    if (p.grad() == null) {
                        continue;
                    }
                    double[] h = liveState(p, group.options()).f64("hessian");
                    double[] g = p.grad().toDoubleArray();
                    for (int i = 0; i < h.length; i++) {
                        h[i] = h[i] * beta2 + (1 - beta2) * g[i] * g[i];        // (H) h ← β₂h + (1 − β₂)ĝ⊙ĝ
                    }
                }
            }
        }
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        state.increment("step");                                                // (1) t ← t + 1
        double lr = o.lr(), beta1 = o.beta1(), shrink = 1 - lr * o.weightDecay(), scale = o.rho() * o.bs();
        boolean maximize = o.maximize();
        double[] m = state.f64("exp_avg"), h = state.f64("hessian");
        return (theta, grad, from, to) -> {
            int clipped = 0;
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                       // (1)
                theta[i] = theta[i] * shrink;                                   // (2) θ ← θ(1 − γλ)
                m[i] = m[i] * beta1 + (1 - beta1) * g;                          // (3) m ← β₁m + (1 − β₁)g
                double r = Math.min(Math.abs(m[i]) / (scale * h[i] + 1e-15), 1); // (4) r ← min(|m|/(ρBh + ε), 1)
                theta[i] = theta[i] + (-lr * Math.signum(m[i])) * r;            // (5) θ ← θ − γ·sign(m)·r
                clipped += r == 1 ? 1 : 0;
            }
            probe.put("clip_fraction", to > from ? (double) clipped / (to - from) : 0);
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ρ (rho), λ (weight_decay), B (bs, the step's batch size in tokens), maximize
            state: t ← 0 (step), m ← 0 (exp_avg), h ← 0 (hessian)
            every k steps, after the step, update_hessian() with the estimator's gradient ĝ in the parameter's grad:
              (H) h ← β₂h + (1 − β₂)·ĝ⊙ĝ                 GNB: ĝ = ∇ of the mean loss at labels ŷ ~ softmax(model)
            every step, for every parameter θ whose gradient g is not null:
              (1) t ← t + 1;  g ← −g if maximize
              (2) θ ← θ·(1 − γλ)                         decoupled decay, before the step
              (3) m ← β₁m + (1 − β₁)g
              (4) r ← min(|m| / (ρ·B·h + 10⁻¹⁵), 1)       the clipped ratio; r = 1: this coordinate is clipped
              (5) θ ← θ − γ·sign(m)·r
            """;
}
