package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * RAdam (Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", ICLR 2020): Adam with its
 * adaptive step switched off until enough gradients have been seen to trust v, and then rectified, exactly as
 * {@code torch.optim.RAdam} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay)
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1;  g ← ∇θ f(θ);  if λ ≠ 0: g ← g + λθ
 *   (2) m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
 *   (3) m̂ ← m / (1 − β₁ᵗ)
 *   (4) ρ∞ ← 2/(1 − β₂) − 1;  ρₜ ← ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)      the length of the approximated moving average
 *   (5) if ρₜ &gt; 5:  r ← √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))     the variance rectification
 *                   θ ← θ − γ·m̂·√(1 − β₂ᵗ)/(√v + ε)·r
 *   (6) else:       θ ← θ − γ·m̂                                 SGD with momentum
 * </pre>
 *
 * Rectification against warm-up: the paper's point is that Adam's adaptive step has a large variance in
 * the first steps, which practitioners tame with a learning-rate warm-up; RAdam instead computes when v is
 * trustworthy (ρₜ &gt; 5: for β₂ = 0.999 from step 6 on) and scales the adaptive step by r ∈ (0, 1), which
 * behaves like an automatic warm-up. It is not a schedule: a warm-up still changes γ, RAdam leaves γ alone.
 * float32 parameters run this float64 loop.
 */
public final class RAdam extends Optimizer<RAdam.Options> {

    /**
     * Hyper-parameters of {@link RAdam}, with PyTorch's names and defaults.
     *
     * @param lr          γ (default 1e-3)
     * @param beta1       β₁ (default 0.9)
     * @param beta2       β₂ (default 0.999)
     * @param eps         ε (default 1e-8)
     * @param weightDecay λ, coupled (default 0)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults. */
        public static final Options DEFAULTS = new Options(1e-3, 0.9, 0.999, 1e-8, 0);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("weight_decay value", weightDecay);
        }
    }

    public RAdam(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public RAdam(Options defaults, List<ParamGroup<Options>> groups) {
        super("RAdam", defaults, groups);
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
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;                                            // (4)
        double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / biasCorrection2;
        boolean rectified = rhoT > 5.;
        double rect = rectified ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 1;
        double bc2Sqrt = Math.sqrt(biasCorrection2);
        probe.put("t", t).put("rho_t", rhoT).put("rect", rectified ? rect : Double.NaN);
        double[] m = s.f64("exp_avg"), v = s.f64("exp_avg_sq");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = lambda != 0 ? Math.fma(lambda, theta[i], grad[i]) : grad[i];   // (1) g ← g + λθ
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                              // (2)
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);
                double mHat = m[i] / biasCorrection1;                                     // (3)
                if (rectified) {
                    double adaptiveLr = bc2Sqrt / (Math.sqrt(v[i]) + eps);                // (5)
                    theta[i] = theta[i] - mHat * lr * adaptiveLr * rect;
                } else {
                    theta[i] = theta[i] - mHat * lr;                                      // (6)
                }
                probe.put("g", g).put("m", m[i]).put("v", v[i]).put("mHat", mHat).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay)
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1;  g ← ∇θ f(θ);  if λ ≠ 0: g ← g + λθ
              (2) m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
              (3) m̂ ← m / (1 − β₁ᵗ)
              (4) ρ∞ ← 2/(1 − β₂) − 1;  ρₜ ← ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ)      the length of the approximated moving average
              (5) if ρₜ > 5:  r ← √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))     the variance rectification
                              θ ← θ − γ·m̂·√(1 − β₂ᵗ)/(√v + ε)·r
              (6) else:       θ ← θ − γ·m̂                                 SGD with momentum
            """;
}
