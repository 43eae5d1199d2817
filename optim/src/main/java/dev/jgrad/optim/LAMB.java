package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * LAMB (You et al., "Large Batch Optimization for Deep Learning: Training BERT in 76 minutes", ICLR 2020):
 * Adam's direction plus decoupled decay, rescaled per tensor so that its norm is a fixed fraction of the
 * parameter's — a layer-wise trust ratio. As Optax's {@code lamb}: {@code scale_by_adam} (with eps_root 0), then
 * {@code add_decayed_weights}, then {@code scale_by_trust_ratio}, then {@code scale(-lr)}.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay)
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1;  g ← ∇θ f(θ)
 *   (2) m ← (1 − β₁)g + β₁m;  v ← (1 − β₂)g² + β₂v
 *   (3) u ← m̂ / (√v̂ + ε) + λθ        m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): Adam's direction, plus the decay
 *   (4) r ← ‖θ‖ / ‖u‖                  the trust ratio (1 if either norm is 0)
 *   (5) θ ← θ − γ·r·u                  a step of norm γ‖θ‖; a tensor at 0 takes γ·u and moves
 * </pre>
 *
 * Variants: the paper's Algorithm 2 clips ‖θ‖ with a function φ (often the identity, sometimes a clamp
 * to [0, 10]) and some implementations drop Adam's bias correction or leave biases and norms out of the
 * trust ratio; Optax, and jgrad, bias-correct, use φ = identity and apply the ratio to every tensor. The
 * paper's θ ← θ − γ·φ(‖θ‖)/‖u‖·u, read literally, never moves a tensor that is 0 (a bias initialised to 0):
 * φ(0) = 0. Optax's ratio of 1 when a norm is 0 (timm's too) lets it move by γ‖u‖.
 * A per-tensor rule: the framework runs the loop once over the whole parameter. float32 parameters run
 * this float64 loop.
 */
public final class LAMB extends Optimizer<LAMB.Options> {

    /**
     * Hyper-parameters of {@link LAMB}, with Optax's names and defaults.
     *
     * @param lr          γ (default 1e-3)
     * @param beta1       β₁ (default 0.9)
     * @param beta2       β₂ (default 0.999)
     * @param eps         ε (default 1e-6)
     * @param weightDecay λ, added to the direction before the trust ratio (default 0)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay)
            implements OptimizerOptions<Options> {

        /** Optax's defaults. */
        public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-6, 0);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("weight_decay value", weightDecay);
        }
    }

    public LAMB(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public LAMB(Options defaults, List<ParamGroup<Options>> groups) {
        super("LAMB", defaults, groups);
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
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).zeros("exp_avg").zeros("exp_avg_sq");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState s, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), lambda = o.weightDecay();
        long t = s.increment("step");                                                   // (1)
        double biasCorrection1 = 1 - Math.pow(beta1, t), biasCorrection2 = 1 - Math.pow(beta2, t);
        double[] m = s.f64("exp_avg"), v = s.f64("exp_avg_sq");
        return (theta, grad, from, to) -> {
            int n = theta.length;
            double[] u = new double[n];
            double thetaSq = 0, uSq = 0;
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                m[i] = (1 - beta1) * g + beta1 * m[i];                                  // (2)
                v[i] = (1 - beta2) * (g * g) + beta2 * v[i];
                u[i] = (m[i] / biasCorrection1) / (Math.sqrt(v[i] / biasCorrection2) + eps) + lambda * theta[i]; // (3)
                thetaSq += theta[i] * theta[i];
                uSq += u[i] * u[i];
            }
            double thetaNorm = Math.sqrt(thetaSq), uNorm = Math.sqrt(uSq);
            double ratio = thetaNorm == 0 || uNorm == 0 ? 1 : thetaNorm / uNorm;          // (4)
            for (int i = 0; i < n; i++) {
                theta[i] = theta[i] + u[i] * ratio * -lr;                                // (5) θ ← θ − γ·r·u
            }
            probe.put("t", t).put("trust_ratio", ratio).put("param_norm", thetaNorm).put("update_norm", uNorm);
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay)
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1;  g ← ∇θ f(θ)
              (2) m ← (1 − β₁)g + β₁m;  v ← (1 − β₂)g² + β₂v
              (3) u ← m̂ / (√v̂ + ε) + λθ        m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ): Adam's direction, plus the decay
              (4) r ← ‖θ‖ / ‖u‖                  the trust ratio (1 if either norm is 0)
              (5) θ ← θ − γ·r·u                  a step of norm γ‖θ‖; a tensor at 0 takes γ·u and moves
            """;
}
