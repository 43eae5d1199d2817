package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adan (Xie, Zhou, Li, Lin, Yan, "Adan: Adaptive Nesterov Momentum Algorithm for Faster Optimizing Deep
 * Models", TPAMI 2024), as the authors' PyTorch code (sail-sg/Adan, {@code _single_tensor_adan}, i.e.
 * {@code foreach=False}): Adam plus a momentum of gradient differences, which estimates the Nesterov
 * look-ahead gradient without computing a gradient anywhere but at θ.
 *
 * <pre>
 * input: γ (lr), β₁, β₂, β₃ (betas), ε (eps), λ (weight decay), max_grad_norm, no_prox
 * group state: t ← 0 (step)
 * state: m ← 0 (exp_avg), d ← 0 (exp_avg_diff), n ← 0 (exp_avg_sq), −g_prev ← −κg₁ (neg_pre_grad)
 *
 * once per step:
 *   (1) κ ← min(1, max_grad_norm / (‖(all g)‖ + ε)) if max_grad_norm &gt; 0, else 1
 * once per group and step, with or without gradients:
 *   (2) t ← t + 1
 * for every parameter θ whose gradient is not null:
 *   (3) g ← κ·∇θ f(θ)
 *   (4) at the parameter's first gradient: g_prev ← g  so the first difference is 0
 *   (5) Δ ← g − g_prev
 *   (6) m ← β₁m + (1 − β₁)g                              Adam's momentum
 *   (7) d ← β₂d + (1 − β₂)Δ                              the momentum of differences
 *   (8) n ← β₃n + (1 − β₃)(g + β₂Δ)²                     second moment of the look-ahead gradient
 *   (9) denom ← √n / √(1 − β₃ᵗ) + ε
 *  (10) if no_prox: θ ← θ·(1 − γλ)
 *  (11) θ ← θ − γ/(1 − β₁ᵗ)·m/denom − γβ₂/(1 − β₂ᵗ)·d/denom
 *  (12) if not no_prox: θ ← θ / (1 + γλ)                the proximal form of the decay (the paper's)
 *  (13) g_prev ← g
 * </pre>
 *
 * g + β₂Δ is g_t + β₂(g_t − g_{t−1}): the first-order extrapolation of the gradient one step ahead, which is
 * what Nesterov's method evaluates. Take β₂ = 0 and λ = 0: d no longer enters θ, n is the EMA of g² with β₃,
 * and Adan is Adam with betas (β₁, β₃), step for step.
 *
 * <p><b>The paper, the authors' code and Optax.</b> The paper writes each β as the weight of the new term
 * (β₁ = 0.02, β₂ = 0.08, β₃ = 0.01); the code, as here, writes 1 − β (0.98, 0.92, 0.99), and the README says
 * so. The code bias-corrects m, d and n and counts t per group (a parameter without a gradient on some step
 * still ages); it takes max_grad_norm from the optimizer's defaults and ε from the last group, and scales the
 * caller's gradient tensors in place (jgrad leaves them alone). Optax's {@code adan} documents the paper's
 * form but keeps the code's defaults (b2 = 0.92) and weights the difference by 1 − b2 = 0.08 where the code
 * uses β₂ = 0.92; it applies the decay as AdamW does (this class's no_prox form), not the proximal one.
 *
 * <p>Defaults are the authors': lr 1e-3, betas (0.98, 0.92, 0.99), eps 1e-8, no decay, no clipping, proximal
 * decay. A float32 parameter runs this float64 loop.
 */
public final class Adan extends Optimizer<Adan.Options> {

    /**
     * Hyper-parameters of {@link Adan}, with the authors' names and defaults.
     *
     * @param lr          γ (default 1e-3)
     * @param beta1       β₁ of the momentum (default 0.98)
     * @param beta2       β₂ of the momentum of differences (default 0.92)
     * @param beta3       β₃ of the second moment (default 0.99)
     * @param eps         ε, outside the root (default 1e-8)
     * @param weightDecay λ (default 0)
     * @param maxGradNorm clip the global gradient norm to this (default 0: no clipping); read from the defaults
     * @param noProx      decay as AdamW, θ·(1 − γλ) before the step, instead of θ/(1 + γλ) after (default false)
     */
    public record Options(double lr, double beta1, double beta2, double beta3, double eps, double weightDecay,
                          double maxGradNorm, boolean noProx) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1e-3, 0.98, 0.92, 0.99, 1e-8, 0, 0, false);

        public Options {
            Check.nonNegative("Max grad norm", maxGradNorm);
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            Check.unitInterval("beta parameter at index 2", beta3);
            Check.nonNegative("weight_decay value", weightDecay);
        }
    }

    private double kappa = 1;

    public Adan(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Adan(Options defaults, List<ParamGroup<Options>> groups) {
        super("Adan", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;   // proximal θ/(1 + γλ) by default, θ·(1 − γλ) with no_prox: never through g
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.zeros("exp_avg").zeros("exp_avg_sq").zeros("exp_avg_diff").zeros("neg_pre_grad");
    }

    @Override
    protected void initFromGradient(ParamState state, Options options, double[] grad) {
        double k = clipFactor();
        double[] negated = new double[grad.length];
        for (int i = 0; i < grad.length; i++) {
            negated[i] = grad[i] * -k;                                                    // (4) −g_prev ← −κg
        }
        state.put("neg_pre_grad", negated);
    }

    @Override
    protected void initGroupState(ParamState group, Options options) {
        group.set("step", 0);
    }

    @Override
    protected void updateGroup(ParamGroup<Options> group, List<ParamState> states, Probe probe) {
        if (group == paramGroups().get(0)) {
            kappa = clipFactor();                                                         // (1)
        }
        probe.put("t", group.state().increment("step")).put("kappa", kappa);              // (2)
    }

    /** κ = min(1, max_grad_norm / (‖all gradients‖ + ε)), with the defaults' max_grad_norm and the last group's ε. */
    private double clipFactor() {
        if (!(defaults().maxGradNorm() > 0)) {
            return 1;
        }
        double sumSquares = 0;
        for (ParamGroup<Options> g : paramGroups()) {
            for (Tensor p : g.params()) {
                if (p.grad() != null) {
                    for (double x : p.grad().toDoubleArray()) {
                        sumSquares += x * x;
                    }
                }
            }
        }
        double eps = paramGroups().get(paramGroups().size() - 1).options().eps();
        return Math.min(defaults().maxGradNorm() / (Math.sqrt(sumSquares) + eps), 1.0);
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), beta1 = o.beta1(), beta2 = o.beta2(), beta3 = o.beta3(), eps = o.eps(), kappa = this.kappa;
        double t = group.state().get("step");
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double stepSizeDiff = lr * beta2 / (1 - Math.pow(beta2, t));
        double biasCorrection3Sqrt = Math.sqrt(1 - Math.pow(beta3, t));
        double shrink = o.noProx() ? 1 - lr * o.weightDecay() : 1, prox = o.noProx() ? 1 : 1 + lr * o.weightDecay();
        double[] m = state.f64("exp_avg"), d = state.f64("exp_avg_diff"), n = state.f64("exp_avg_sq");
        double[] negPrev = state.f64("neg_pre_grad");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i] * kappa;                                      // (3)
                double diff = negPrev[i] + g;                                    // (5) Δ ← g − g_prev
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                     // (6)
                d[i] = Math.fma(1 - beta2, diff, beta2 * d[i]);                  // (7)
                double ahead = beta2 * diff + g;                                 //     g + β₂Δ
                n[i] = Math.fma((1 - beta3) * ahead, ahead, beta3 * n[i]);       // (8)
                double denom = Math.sqrt(n[i]) / biasCorrection3Sqrt + eps;      // (9)
                double th = theta[i] * shrink;                                   // (10)
                th = th - stepSize * m[i] / denom;                               // (11)
                th = th - stepSizeDiff * d[i] / denom;
                theta[i] = th / prox;                                            // (12)
                negPrev[i] = -g;                                                 // (13)
                probe.put("g", g).put("diff", diff).put("m", m[i]).put("d", d[i]).put("n", n[i])
                        .put("denom", denom).put("theta", theta[i]);
            }
        };
    }

    static final String BOX = """
            input: γ (lr), β₁, β₂, β₃ (betas), ε (eps), λ (weight decay), max_grad_norm, no_prox
            group state: t ← 0 (step)
            state: m ← 0 (exp_avg), d ← 0 (exp_avg_diff), n ← 0 (exp_avg_sq), −g_prev ← −κg₁ (neg_pre_grad)
            once per step:
              (1) κ ← min(1, max_grad_norm / (‖(all g)‖ + ε)) if max_grad_norm > 0, else 1
            once per group and step, with or without gradients:
              (2) t ← t + 1
            for every parameter θ whose gradient is not null:
              (3) g ← κ·∇θ f(θ)
              (4) at the parameter's first gradient: g_prev ← g  so the first difference is 0
              (5) Δ ← g − g_prev
              (6) m ← β₁m + (1 − β₁)g                              Adam's momentum
              (7) d ← β₂d + (1 − β₂)Δ                              the momentum of differences
              (8) n ← β₃n + (1 − β₃)(g + β₂Δ)²                     second moment of the look-ahead gradient
              (9) denom ← √n / √(1 − β₃ᵗ) + ε
             (10) if no_prox: θ ← θ·(1 − γλ)
             (11) θ ← θ − γ/(1 − β₁ᵗ)·m/denom − γβ₂/(1 − β₂ᵗ)·d/denom
             (12) if not no_prox: θ ← θ / (1 + γλ)                the proximal form of the decay (the paper's)
             (13) g_prev ← g
            """;
}
