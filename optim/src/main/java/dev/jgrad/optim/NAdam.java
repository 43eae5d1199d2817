package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * NAdam (Dozat, "Incorporating Nesterov Momentum into Adam", 2016): Adam whose step looks ahead with the next
 * step's momentum, exactly as {@code torch.optim.NAdam} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), ψ (momentum_decay)
 * state: t ← 0 (step), Π ← 1 (mu_product), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1;  g ← ∇θ f(θ);  if λ ≠ 0: g ← g + λθ
 *   (2) μₜ ← β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ ← β₁(1 − ½·0.96^((t+1)ψ))     the momentum schedule
 *   (3) Π ← Π·μₜ
 *   (4) m ← β₁m + (1 − β₁)g
 *   (5) v ← β₂v + (1 − β₂)g²
 *   (6) denom ← √(v / (1 − β₂ᵗ)) + ε
 *   (7) θ ← θ − γ(1 − μₜ)/(1 − Π) · g/denom − γμₜ₊₁/(1 − Π·μₜ·μₜ₊₁) · m/denom      (PyTorch 1.13: μₜ twice)
 * </pre>
 *
 * The two terms of (7) are Nesterov's look-ahead: the current gradient with this step's weight, and the
 * momentum with the next step's. Where PyTorch and the paper differ: Dozat's paper warms the momentum up
 * with μₜ = β₁(1 − ½·0.96^(t/250)), i.e. ψ = 1/250 = 0.004, which PyTorch exposes as momentum_decay; the
 * bias correction by the product Π of all μ's (rather than 1 − β₁ᵗ) is the paper's, as is the schedule.
 * PyTorch 1.13 multiplies μₜ into the look-ahead product twice (Π·μₜ·μₜ₊₁, where Π already holds μₜ; the paper
 * and PyTorch 2.0 onwards have Π·μₜ₊₁); jgrad follows 1.13, whose numbers it is checked against.
 * float32 parameters run this float64 loop.
 */
public final class NAdam extends Optimizer<NAdam.Options> {

    /**
     * Hyper-parameters of {@link NAdam}, with PyTorch's names and defaults.
     *
     * @param lr            γ (default 2e-3)
     * @param beta1         β₁ (default 0.9)
     * @param beta2         β₂ (default 0.999)
     * @param eps           ε (default 1e-8)
     * @param weightDecay   λ, coupled (default 0)
     * @param momentumDecay ψ of the μₜ schedule (default 4e-3)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults. */
        public static final Options DEFAULTS = new Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.nonNegative("weight_decay value", weightDecay);
            Check.nonNegative("momentum_decay value", momentumDecay);
        }
    }

    public NAdam(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public NAdam(Options defaults, List<ParamGroup<Options>> groups) {
        super("NAdam", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).set("mu_product", 1).zeros("exp_avg").zeros("exp_avg_sq");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState s, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), lambda = o.weightDecay();
        long t = s.increment("step");                                                   // (1)
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double mu = beta1 * (1. - 0.5 * Math.pow(0.96, t * o.momentumDecay()));          // (2)
        double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay()));
        double muProduct = s.get("mu_product") * mu;                                      // (3)
        s.set("mu_product", muProduct);
        double muProductNext = muProduct * mu * muNext;                                  // (7) PyTorch 1.13: μₜ twice
        double gradCoef = -lr * (1. - mu) / (1. - muProduct);                              // (7)
        double momentumCoef = (-lr * muNext) / (1. - muProductNext);
        probe.put("t", t).put("mu", mu).put("mu_next", muNext).put("mu_product", muProduct);
        double[] m = s.f64("exp_avg"), v = s.f64("exp_avg_sq");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = lambda != 0 ? Math.fma(lambda, theta[i], grad[i]) : grad[i];   // (1) g ← g + λθ
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                              // (4)
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                        // (5)
                double denom = Math.sqrt(v[i] / biasCorrection2) + eps;                   // (6)
                theta[i] = theta[i] + gradCoef * g / denom;                               // (7) the gradient's term
                theta[i] = theta[i] + momentumCoef * m[i] / denom;                        //     the momentum's term
                probe.put("g", g).put("m", m[i]).put("v", v[i]).put("denom", denom).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), ψ (momentum_decay)
            state: t ← 0 (step), Π ← 1 (mu_product), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1;  g ← ∇θ f(θ);  if λ ≠ 0: g ← g + λθ
              (2) μₜ ← β₁(1 − ½·0.96^(tψ)),  μₜ₊₁ ← β₁(1 − ½·0.96^((t+1)ψ))     the momentum schedule
              (3) Π ← Π·μₜ
              (4) m ← β₁m + (1 − β₁)g
              (5) v ← β₂v + (1 − β₂)g²
              (6) denom ← √(v / (1 − β₂ᵗ)) + ε
              (7) θ ← θ − γ(1 − μₜ)/(1 − Π) · g/denom − γμₜ₊₁/(1 − Π·μₜ·μₜ₊₁) · m/denom      (PyTorch 1.13: μₜ twice)
            """;
}
