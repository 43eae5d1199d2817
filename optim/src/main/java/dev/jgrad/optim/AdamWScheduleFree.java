package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Schedule-Free AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled, Cutkosky, "The Road Less Scheduled",
 * NeurIPS 2024), as the authors' {@code AdamWScheduleFreeReference} (facebookresearch/schedule_free): no
 * learning-rate schedule to choose, because the weights that are evaluated, x, are an average of the iterates
 * z, and the gradient is taken at an interpolation y between the two.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), warm-up steps T, r, p (weight_lr_power),
 *        decay_at_z, μ (inner_momentum)
 * group state: k ← 0, Σw ← 0 (weight_sum), γmax ← −1 (lr_max), γₜ (scheduled_lr)
 * state: z ← θ, x ← θ, y ← θ, v ← 0 (exp_avg_sq), m ← 0 (exp_avg, only if μ ≠ 0)
 *
 * once per group and step, with or without gradients (t = k + 1):
 *   (1) γₜ ← γ·min(1, t/T)                   linear warm-up (none when T = 0)
 *   (2) γmax ← max(γmax, γₜ)
 *   (3) wₜ ← t^r · γmax^p                     the weight of this step in the average
 *   (4) Σw ← Σw + wₜ
 *   (5) c ← wₜ / Σw                            c_{t+1}; k ← k + 1
 * for every parameter θ (= y) whose gradient is not null:
 *   (6) g ← ∇f(y)
 *   (7) if λ ≠ 0: z ← z − γₜλ·(decay_at_z ? z : y)
 *   (8) v ← β₂v + (1 − β₂)g²
 *   (9) denom ← √(v / (1 − β₂ᵗ)) + ε
 *  (10) u ← g;   if μ ≠ 0: m ← μm + (1 − μ)g,  u ← m / (1 − μᵗ)
 *  (11) z ← z − γₜ·u / denom                   AdamW without momentum, on z
 *  (12) x ← (1 − c)·x + c·z                    x is the c-weighted average of z₁ … zₜ
 *  (13) y ← β₁·x + (1 − β₁)·z                  where the next gradient is taken
 *  (14) θ ← y
 * </pre>
 *
 * With T = 0, r = 0 and a constant γ every wₜ is γᵖ, so c = 1/t and x is the plain mean of the z's; during a
 * warm-up (p = 2) the early, small-γ iterates weigh less. β₁ does the job of Adam's momentum: y leans towards
 * x, the slow average, by β₁ = 0.9. The parameter holds y while training; {@link #eval()} puts x in it for
 * evaluation and {@link #train()} puts y back ({@link ScheduleFree}).
 *
 * <p><b>The paper, the authors' code and Optax.</b> The paper's Algorithm 1 is this box with μ = 0 and no
 * r or decay_at_z options. The authors' reference class keeps x, y and z (three buffers; their production
 * {@code AdamWScheduleFree} keeps two and recovers x from y and z); it starts in eval mode and refuses
 * {@code step()} until {@code train()} is called, while their {@code SGDScheduleFreeReference} starts in train
 * mode. jgrad starts both in train mode (before the first step x = y = z = θ, so nothing is skipped). The
 * reference class also computes {@code max(lr, eps)} and then overwrites it (no effect, left out). Optax's
 * {@code contrib.schedule_free_adamw} chains {@code scale_by_rms} (bias-corrected, ε outside the root),
 * {@code add_decayed_weights} and the learning rate, so z ← z − γₜ(g/denom + λy): the decay acts at y, like
 * the default here, but it has no r, no decay_at_z and no inner momentum, its warm-up schedule starts at 0
 * ({@code warmup_constant_schedule(init_value=0)}) and it recovers x as (y − (1 − β₁)z)/β₁, which needs
 * β₁ &gt; 0.
 *
 * <p>Defaults are the authors': lr 0.0025, betas (0.9, 0.999), eps 1e-8, no decay, no warm-up, r 0,
 * weight_lr_power 2. A float32 parameter runs this float64 loop with float64 state; θ is y rounded to float.
 */
public final class AdamWScheduleFree extends ScheduleFreeOptimizer<AdamWScheduleFree.Options> {

    /**
     * Hyper-parameters of {@link AdamWScheduleFree}, with the authors' names and defaults.
     *
     * @param lr            γ (default 0.0025)
     * @param beta1         β₁, the interpolation of y between x and z (default 0.9)
     * @param beta2         β₂ of the second moment (default 0.999)
     * @param eps           ε, outside the root (default 1e-8)
     * @param weightDecay   λ, applied to z at y (or at z) and scaled by γₜ (default 0)
     * @param warmupSteps   T, steps of linear warm-up (default 0)
     * @param r             power of t in the averaging weight (default 0)
     * @param weightLrPower power of γmax in the averaging weight (default 2)
     * @param decayAtZ      decay z at z instead of at y (default false)
     * @param innerMomentum μ, a bias-corrected momentum inside the AdamW step (default 0: none)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, int warmupSteps,
                          double r, double weightLrPower, boolean decayAtZ, double innerMomentum)
            implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(0.0025, 0.9, 0.999, 1e-8, 0, 0, 0, 2, false, 0);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("epsilon value", eps);
            Check.nonNegative("weight_decay value", weightDecay);
            Check.nonNegative("warmup_steps value", warmupSteps);
            Check.unitInterval("inner_momentum value", innerMomentum);
        }
    }

    public AdamWScheduleFree(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public AdamWScheduleFree(Options defaults, List<ParamGroup<Options>> groups) {
        super("AdamWScheduleFree", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.zeros("exp_avg_sq");   // z, x and y start at θ: see update
        if (options.innerMomentum() != 0) {
            state.zeros("exp_avg");
        }
    }

    @Override
    Weighting weighting(Options o) {
        return new Weighting(o.lr(), o.warmupSteps(), o.r(), o.weightLrPower());
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = lrT(group), c = c(), beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), mu = o.innerMomentum();
        double decay = lr * o.weightDecay();
        double t = group.state().get("k");
        double biasCorrection2 = 1 - Math.pow(beta2, t), biasCorrection1 = 1 - Math.pow(mu, t);
        boolean first = declareSequences(state), decayAtZ = o.decayAtZ();
        if (mu != 0 && !state.has("exp_avg")) {
            state.zeros("exp_avg");
        }
        double[] z = state.f64("z"), x = state.f64("x"), y = state.f64("y"), v = state.f64("exp_avg_sq");
        double[] m = mu != 0 ? state.f64("exp_avg") : null;
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                if (first) {
                    z[i] = x[i] = y[i] = theta[i];                                 // z = x = y = θ at the first step
                }
                double g = grad[i];                                                // (6)
                if (decay != 0) {
                    z[i] = Math.fma(-decay, decayAtZ ? z[i] : y[i], z[i]);             // (7) z ← z − γₜλ·y (or z)
                }
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                 // (8) v ← β₂v + (1 − β₂)g²
                double denom = Math.sqrt(v[i] / biasCorrection2) + eps;            // (9) √(v / (1 − β₂ᵗ)) + ε
                double u = g;                                                      // (10)
                if (m != null) {
                    m[i] = Math.fma(1 - mu, g, mu * m[i]);
                    u = m[i] / biasCorrection1;
                }
                z[i] = z[i] + -lr * u / denom;                                     // (11) z ← z − γₜ·u / denom
                x[i] = Math.fma(c, z[i], x[i] * (1 - c));                          // (12) x ← (1 − c)x + cz
                y[i] = Math.fma(1 - beta1, z[i], x[i] * beta1);                    // (13) y ← β₁x + (1 − β₁)z
                theta[i] = y[i];                                                   // (14)
                probe.put("g", g).put("v", v[i]).put("denom", denom).put("z", z[i]).put("x", x[i]).put("y", y[i]);
            }
        };
    }

    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), warm-up steps T, r, p (weight_lr_power),
                   decay_at_z, μ (inner_momentum)
            group state: k ← 0, Σw ← 0 (weight_sum), γmax ← −1 (lr_max), γₜ (scheduled_lr)
            state: z ← θ, x ← θ, y ← θ, v ← 0 (exp_avg_sq), m ← 0 (exp_avg, only if μ ≠ 0)
            once per group and step, with or without gradients (t = k + 1):
              (1) γₜ ← γ·min(1, t/T)                   linear warm-up (none when T = 0)
              (2) γmax ← max(γmax, γₜ)
              (3) wₜ ← t^r · γmax^p                     the weight of this step in the average
              (4) Σw ← Σw + wₜ
              (5) c ← wₜ / Σw                            c_{t+1}; k ← k + 1
            for every parameter θ (= y) whose gradient is not null:
              (6) g ← ∇f(y)
              (7) if λ ≠ 0: z ← z − γₜλ·(decay_at_z ? z : y)
              (8) v ← β₂v + (1 − β₂)g²
              (9) denom ← √(v / (1 − β₂ᵗ)) + ε
             (10) u ← g;   if μ ≠ 0: m ← μm + (1 − μ)g,  u ← m / (1 − μᵗ)
             (11) z ← z − γₜ·u / denom                   AdamW without momentum, on z
             (12) x ← (1 − c)·x + c·z                    x is the c-weighted average of z₁ … zₜ
             (13) y ← β₁·x + (1 − β₁)·z                  where the next gradient is taken
             (14) θ ← y
            """;
}
