package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * AdEMAMix (Pagliardini, Ablin, Grangier, "The AdEMAMix Optimizer: Better, Faster, Older", 2024), as the
 * authors' PyTorch code (apple/ml-ademamix, {@code pytorch/ademamix.py}): AdamW whose numerator mixes two
 * momenta, a fast one (β₁ = 0.9, bias-corrected, as Adam's) and a slow one (β₃ = 0.9999, a memory of ~10 000
 * steps, not bias-corrected) weighted by α. Old gradients stay useful far longer than Adam's β₁ lets them.
 *
 * <pre>
 * input: γ (lr), β₁, β₂, β₃ (betas), α (alpha), T_α (alpha_warmup), T_β₃ (beta3_warmup), ε (eps),
 *        λ (weight decay)
 * state: t ← 0 (step), m₁ ← 0 (exp_avg_fast), m₂ ← 0 (exp_avg_slow), v ← 0 (exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1;  g ← ∇θ f(θ)
 *   (2) αₜ ← α·min(1, t/T_α)                                   linear warm-up of α from 0
 *   (3) β₃ₜ ← h⁻¹((1 − a)·h(β₁) + a·h(β₃)), a = min(1, t/T_β₃)   warm-up of β₃ from β₁, linear in
 *           h(β) = ln(0.5)/ln(β + 1e-8) − 1,  h⁻¹(τ) = 0.5^(1/(τ+1))   the half-life h
 *   (4) m₁ ← β₁m₁ + (1 − β₁)g                                  the fast momentum (m₁ ← g when β₁ = 0)
 *   (5) m₂ ← β₃ₜm₂ + (1 − β₃ₜ)g                                the slow momentum
 *   (6) v ← β₂v + (1 − β₂)g²
 *   (7) denom ← √v / √(1 − β₂ᵗ) + ε
 *   (8) u ← (m₁/(1 − β₁ᵗ) + αₜ·m₂) / denom
 *   (9) θ ← θ − γ·(u + λθ)                                      decoupled decay, as AdamW's
 * </pre>
 *
 * With α = 0 the slow momentum has no say and this is AdamW (θ − γλθ − γ·m̂/(√v̂ + ε)), up to rounding. A
 * slow β₃ without warm-up makes the first steps unstable (m₂ is tiny, then swamps m₁ once it has grown), which
 * is what the two warm-ups are for; the paper sets both to the length of training.
 *
 * <p><b>The paper, the authors' code and Optax.</b> The paper's Algorithm 1 is this box. The authors' code
 * evaluates the warm-ups at the step count after incrementing it (t = 1 on the first step); Optax's
 * {@code contrib.ademamix} takes β₃ and α as schedules evaluated at the count before incrementing (0 on the
 * first step), so with the same warm-up lengths its first slow momentum uses β₃ = β₁ exactly and α = 0. Optax's
 * default α is 5.0 (the authors' PyTorch default is 2.0) and it puts an optional ε inside the root. The authors'
 * code has no {@code maximize} and no AMSGrad; neither has jgrad's.
 *
 * <p>Defaults are the authors': lr 1e-3, betas (0.9, 0.999, 0.9999), alpha 2.0, no warm-ups, eps 1e-8, no decay.
 * A float32 parameter runs this float64 loop.
 */
public final class AdEMAMix extends Optimizer<AdEMAMix.Options> {

    /**
     * Hyper-parameters of {@link AdEMAMix}, with the authors' names and defaults.
     *
     * @param lr          γ (default 1e-3)
     * @param beta1       β₁ of the fast momentum (default 0.9)
     * @param beta2       β₂ of the second moment (default 0.999)
     * @param beta3       β₃ of the slow momentum (default 0.9999)
     * @param alpha       α, the weight of the slow momentum (default 2.0)
     * @param beta3Warmup T_β₃, steps over which β₃ grows from β₁ (null: none, the default)
     * @param alphaWarmup T_α, steps over which α grows from 0 (null: none, the default)
     * @param eps         ε, outside the root (default 1e-8)
     * @param weightDecay λ, decoupled (default 0)
     */
    public record Options(double lr, double beta1, double beta2, double beta3, double alpha, Integer beta3Warmup,
                          Integer alphaWarmup, double eps, double weightDecay) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 0.9999, 2.0, null, null, 1e-8, 0);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.unitInterval("beta parameter at index 2", beta3);
            Check.nonNegative("weight_decay value", weightDecay);
            Check.nonNegative("alpha value", alpha);
            positive("beta3_warmup", beta3Warmup);
            positive("alpha_warmup", alphaWarmup);
        }

        private static void positive(String what, Integer steps) {
            if (steps != null && steps <= 0) {
                throw new IllegalArgumentException("Invalid " + what + " value: " + steps + " (must be > 0, or None)");
            }
        }
    }

    public AdEMAMix(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public AdEMAMix(Options defaults, List<ParamGroup<Options>> groups) {
        super("AdEMAMix", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.set("step", 0);
        if (options.beta1() != 0) {
            state.zeros("exp_avg_fast");   // the authors keep None when β₁ = 0
        }
        state.zeros("exp_avg_slow").zeros("exp_avg_sq");
    }

    /** h(β) = ln(0.5)/ln(β + 1e-8) − 1, the half-life of an EMA with rate β, in steps. */
    private static double halfLife(double beta) {
        return Math.log(0.5) / Math.log(beta + 1e-8) - 1;
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), lambda = o.weightDecay(), eps = o.eps(), beta1 = o.beta1(), beta2 = o.beta2();
        long t = state.increment("step");                                                       // (1)
        double biasCorrection1 = 1 - Math.pow(beta1, t), biasCorrection2 = 1 - Math.pow(beta2, t);
        double alpha = o.alpha(), beta3 = o.beta3();
        if (o.alphaWarmup() != null && t < o.alphaWarmup()) {                                   // (2)
            alpha = t / (double) o.alphaWarmup() * o.alpha();
        }
        if (o.beta3Warmup() != null && t < o.beta3Warmup()) {                                   // (3)
            double a = t / (double) o.beta3Warmup();
            beta3 = Math.pow(0.5, 1 / ((1.0 - a) * halfLife(beta1) + a * halfLife(o.beta3()) + 1));
        }
        if (beta1 != 0 && !state.has("exp_avg_fast")) {
            state.zeros("exp_avg_fast");
        }
        double[] m1 = beta1 != 0 ? state.f64("exp_avg_fast") : null;
        double[] m2 = state.f64("exp_avg_slow"), v = state.f64("exp_avg_sq");
        double alphaT = alpha, beta3T = beta3, biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        probe.put("t", t).put("alpha_t", alphaT).put("beta3_t", beta3T);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double fast = g;
                if (m1 != null) {
                    fast = m1[i] = Math.fma(1 - beta1, g, beta1 * m1[i]);                      // (4)
                }
                m2[i] = Math.fma(1 - beta3T, g, beta3T * m2[i]);                                // (5)
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                              // (6)
                double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;                     // (7)
                double u = (fast / biasCorrection1 + alphaT * m2[i]) / denom;                   // (8)
                u = Math.fma(lambda, theta[i], u);                                              // (9) u + λθ
                theta[i] = theta[i] + -lr * u;                                                  //     θ − γ·(u + λθ)
                probe.put("g", g).put("m1", fast).put("m2", m2[i]).put("v", v[i]).put("denom", denom)
                        .put("u", u).put("theta", theta[i]);
            }
        };
    }

    static final String BOX = """
            input: γ (lr), β₁, β₂, β₃ (betas), α (alpha), T_α (alpha_warmup), T_β₃ (beta3_warmup), ε (eps),
                   λ (weight decay)
            state: t ← 0 (step), m₁ ← 0 (exp_avg_fast), m₂ ← 0 (exp_avg_slow), v ← 0 (exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1;  g ← ∇θ f(θ)
              (2) αₜ ← α·min(1, t/T_α)                                   linear warm-up of α from 0
              (3) β₃ₜ ← h⁻¹((1 − a)·h(β₁) + a·h(β₃)), a = min(1, t/T_β₃)   warm-up of β₃ from β₁, linear in
                      h(β) = ln(0.5)/ln(β + 1e-8) − 1,  h⁻¹(τ) = 0.5^(1/(τ+1))   the half-life h
              (4) m₁ ← β₁m₁ + (1 − β₁)g                                  the fast momentum (m₁ ← g when β₁ = 0)
              (5) m₂ ← β₃ₜm₂ + (1 − β₃ₜ)g                                the slow momentum
              (6) v ← β₂v + (1 − β₂)g²
              (7) denom ← √v / √(1 − β₂ᵗ) + ε
              (8) u ← (m₁/(1 − β₁ᵗ) + αₜ·m₂) / denom
              (9) θ ← θ − γ·(u + λθ)                                      decoupled decay, as AdamW's
            """;
}
