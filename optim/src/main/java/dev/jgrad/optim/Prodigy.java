package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prodigy (Mishchenko, Defazio, "Prodigy: An Expeditiously Adaptive Parameter-Free Learner", ICML 2024), as
 * the authors' code (konstmish/prodigy, {@code prodigyopt/prodigy.py}): Adam whose step size is d·γ, where d
 * estimates D = ‖θ₀ − θ*‖, the distance to the solution, from how far the iterates have already travelled
 * against the gradients. d starts tiny (d₀ = 1e-6) and only grows; γ stays 1 unless the estimate overshoots.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), β₃ (beta3, default √β₂), ε (eps), λ (weight decay), decouple,
 *        use_bias_correction, safeguard_warmup, d₀ (d0), d_coef, growth_rate, slice_p
 * group state: k ← 0, d ← d₀, d_max ← d₀, r ← 0 (d_numerator), d_denom, d_hat   (shared by all groups)
 * state: step ← 0, s ← 0, θ₀ (p0), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
 *
 * once per step, over every parameter θ whose gradient is not null (γ = the largest group lr):
 *   (1) ρ ← √(1 − β₂ᵏ⁺¹)/(1 − β₁ᵏ⁺¹) if use_bias_correction, else 1;   dγ ← d·γ·ρ
 *   (2) g ← ∇θ f(θ);  if λ ≠ 0 and not decouple: g ← g + λθ
 *   (3) δ ← δ + (d/d₀)·dγ·⟨g, θ₀ − θ⟩                     how far θ moved against g, weighted by the step size
 *   (4) m ← β₁m + d(1 − β₁)g;   v ← β₂v + d²(1 − β₂)g²      Adam's moments, of d·g
 *   (5) s ← β₃s + (d/d₀)·dγ·g         (safeguard_warmup: (d/d₀)·d·g)
 *   (6) d_denom ← Σ|s| over all parameters
 *   (7) if d_denom = 0: stop here (no step, k unchanged)
 *   (8) r ← β₃r + δ;   d̂ ← d_coef·r / d_denom              the estimate of D
 *   (9) if d = d₀: d ← max(d, d̂)
 *  (10) d_max ← max(d_max, d̂);   d ← min(d_max, d·growth_rate)
 * then for every parameter θ whose gradient is not null:
 *  (11) step ← step + 1;   denom ← √v + d·ε
 *  (12) if λ ≠ 0 and decouple: θ ← θ − λ·dγ·θ
 *  (13) θ ← θ − dγ·m / denom        (β₁ = 0: θ ← θ − dγ·d·g / denom);   k ← k + 1
 * </pre>
 *
 * (3) and (8) are the paper's numerator Σ dᵢ·γᵢ⟨gᵢ, θ₀ − θᵢ⟩ kept as an EMA with β₃, (5)–(6) its denominator
 * ‖Σ dᵢγᵢgᵢ‖₁: on a convex problem the ratio is a lower bound on D. d never decreases, so a step size once
 * reached is never taken back. (13) uses the old dγ but the new d inside m's denominator ε.
 *
 * <p><b>The paper, the authors' code and Optax.</b> The paper's Algorithm (Adam form) has no max with d_max
 * and no growth_rate. In the authors' code growth_rate caps d's growth per step <i>except</i> on the step that
 * first leaves d₀, where line (9) lets d jump straight to d̂ (checked: with growth_rate 1.02, d grew by 1.62×
 * on that step). The code keeps d in every group but reads group 0's, takes γ as the largest group lr and
 * refuses groups whose lr is neither that nor 0; a group with lr 0 skips (3)–(5) but still steps with its old
 * m. It adds λθ to the caller's gradient tensor in place (jgrad does not) and keeps θ₀ as a scalar 0 for an
 * all-zero parameter (jgrad keeps zeros). Optax's {@code contrib.prodigy} always bias-corrects, has no d_max,
 * growth_rate or line (9) (d ← max(d, d̂) every step), does not stop when the denominator is 0, and decays
 * weights as the decoupled form here.
 *
 * <p>Defaults are the authors': lr 1.0, betas (0.9, 0.999), beta3 None (√β₂), eps 1e-8, no decay, decouple,
 * no bias correction, no safeguard, d0 1e-6, d_coef 1.0, growth_rate ∞, slice_p 1. A float32 parameter runs
 * these float64 loops.
 */
public final class Prodigy extends Optimizer<Prodigy.Options> {

    /**
     * Hyper-parameters of {@link Prodigy}, with the authors' names and defaults.
     *
     * @param lr                γ, a multiplier of the estimated step size (default 1.0)
     * @param beta1             β₁ (default 0.9)
     * @param beta2             β₂ (default 0.999)
     * @param eps               ε, scaled by d in the denominator (default 1e-8)
     * @param beta3             β₃ of the estimate's EMAs (default null: √β₂)
     * @param weightDecay       λ (default 0)
     * @param decouple          decay as AdamW (default true) or as an L2 gradient term
     * @param useBiasCorrection Adam's bias correction, folded into dγ (default false)
     * @param safeguardWarmup   leave γ out of s (default false)
     * @param d0                the initial estimate d₀ (default 1e-6)
     * @param dCoef             multiplies d̂ (default 1.0)
     * @param growthRate        the largest factor d may grow by per step, once it has left d₀ (default ∞)
     * @param sliceP            use every sliceP-th element for the estimate (default 1: all)
     */
    public record Options(double lr, double beta1, double beta2, double eps, Double beta3, double weightDecay,
                          boolean decouple, boolean useBiasCorrection, boolean safeguardWarmup, double d0, double dCoef,
                          double growthRate, int sliceP) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1.0, 0.9, 0.999, 1e-8, null, 0, true, false, false, 1e-6,
                1.0, Double.POSITIVE_INFINITY, 1);

        public Options {
            Check.positive("d0 value", d0);
            Check.nonNegative("learning rate", lr);
            Check.positive("epsilon value", eps);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            if (beta3 != null) {
                Check.unitInterval("beta3 value", beta3);
            }
            Check.nonNegative("weight_decay value", weightDecay);
            if (!(growthRate >= 1)) {
                throw new IllegalArgumentException("Invalid growth_rate value: " + growthRate + " (must be >= 1)");
            }
            if (sliceP < 1) {
                throw new IllegalArgumentException("Invalid slice_p value: " + sliceP + " (must be >= 1)");
            }
        }
    }

    private double dlr;
    private boolean skipped;
    /** θ and g of each parameter as doubles, reused step after step (no allocation per step). */
    private final Map<Tensor, double[][]> scratch = new IdentityHashMap<>();

    public Prodigy(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Prodigy(Options defaults, List<ParamGroup<Options>> groups) {
        super("Prodigy", defaults, groups);
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;   // the default; decouple = false turns it into an L2 term (line (2))
    }

    @Override
    protected void initState(ParamState state, Options options) {
        int sliced = (state.numel() + options.sliceP() - 1) / options.sliceP();
        state.set("step", 0).zeros("s", sliced).zeros("p0", sliced);   // p0 ← θ at the first step: see updateGroup
        if (options.beta1() > 0) {
            state.zeros("exp_avg");
        }
        state.zeros("exp_avg_sq");
    }

    @Override
    protected void initGroupState(ParamState group, Options options) {
        group.set("d", options.d0()).set("d_max", options.d0()).set("d_numerator", 0.0).set("k", 0);
    }

    /**
     * Lines (1)–(10), once per step, over the parameters of every group (d is one number for all of them): run
     * when the first group is stepped. The other groups only count k.
     */
    @Override
    protected void updateGroup(ParamGroup<Options> group, List<ParamState> states, Probe probe) {
        List<ParamGroup<Options>> groups = paramGroups();
        if (group != groups.get(0)) {
            if (!skipped) {
                group.state().increment("k");
            }
            return;
        }
        ParamState first = group.state();
        Options o0 = group.options();
        double beta1 = o0.beta1(), beta2 = o0.beta2(), beta3 = o0.beta3() != null ? o0.beta3() : Math.sqrt(beta2);
        double k = first.get("k"), d = first.get("d"), dMax = first.get("d_max");
        double lr = groups.stream().mapToDouble(ParamGroup::lr).max().orElseThrow();
        double rho = o0.useBiasCorrection()
                ? Math.pow(1 - Math.pow(beta2, k + 1), 0.5) / (1 - Math.pow(beta1, k + 1)) : 1;
        dlr = d * lr * rho;                                                                     // (1)
        double numerator = first.get("d_numerator") * beta3, delta = 0, denom = 0;
        for (ParamGroup<Options> g : groups) {
            Options o = g.options();
            if (o.lr() != lr && o.lr() != 0) {
                throw new IllegalStateException("Prodigy: setting different lr values in different parameter groups"
                        + " is only supported for values of 0 (group lr " + o.lr() + ", largest " + lr + ")");
            }
            double d0 = o.d0(), lambda = !o.decouple() ? o.weightDecay() : 0;
            int slice = o.sliceP();
            for (Tensor p : g.params()) {
                if (p.grad() == null) {
                    continue;
                }
                double[][] copies = scratch.computeIfAbsent(p, q -> new double[2][q.numel()]);
                double[] theta = copies[0], grad = copies[1];
                p.copyTo(theta);
                p.grad().copyTo(grad);
                ParamState s = liveState(p, o);
                double[] p0 = s.f64("p0"), sum = s.f64("s"), v = s.f64("exp_avg_sq");
                if (s.get("step") == 0) {
                    for (int j = 0; j < p0.length; j++) {
                        p0[j] = theta[j * slice];                                                 // θ₀
                    }
                }
                if (o.lr() <= 0) {
                    continue;
                }
                double[] m = beta1 > 0 ? s.f64("exp_avg") : null;
                double dot = 0, weight = (d / d0) * (o.safeguardWarmup() ? d : dlr);
                for (int i = 0; i < grad.length; i++) {
                    double gi = lambda != 0 ? Math.fma(lambda, theta[i], grad[i]) : grad[i];     // (2)
                    if (m != null) {
                        m[i] = Math.fma(d * (1 - beta1), gi, beta1 * m[i]);                     // (4)
                    }
                    v[i] = Math.fma(d * d * (1 - beta2) * gi, gi, beta2 * v[i]);
                    if (i % slice == 0) {
                        int j = i / slice;
                        dot = Math.fma(gi, p0[j] - theta[i], dot);   // one rounding per term, as BLAS's ddot
                        sum[j] = Math.fma(weight, gi, beta3 * sum[j]);                           // (5)
                    }
                }
                delta += (d / d0) * dlr * dot;                                                   // (3)
                for (double x : sum) {
                    denom += Math.abs(x);                                                        // (6)
                }
            }
        }
        skipped = denom == 0;                                                                    // (7)
        if (skipped) {
            return;
        }
        double dHat = d;
        if (lr > 0) {
            numerator = numerator + delta;                                                       // (8)
            dHat = o0.dCoef() * numerator / denom;
            if (d == o0.d0()) {
                d = Math.max(d, dHat);                                                           // (9)
            }
            dMax = Math.max(dMax, dHat);                                                         // (10)
            d = Math.min(dMax, d * o0.growthRate());
        }
        for (ParamGroup<Options> g : groups) {
            g.state().set("d_numerator", numerator).set("d_denom", denom).set("d", d).set("d_max", dMax)
                    .set("d_hat", dHat);
        }
        first.increment("k");
        probe.put("d", d).put("d_hat", dHat).put("dlr", dlr);
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double d = group.state().get("d"), stepDlr = dlr, eps = o.eps();
        double decay = o.decouple() ? o.weightDecay() : 0, l2 = o.decouple() ? 0 : o.weightDecay();
        if (skipped) {
            return (theta, grad, from, to) -> { };                                                // (7): no step
        }
        state.increment("step");                                                                 // (11)
        double[] m = o.beta1() > 0 ? state.f64("exp_avg") : null, v = state.f64("exp_avg_sq");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double denom = Math.sqrt(v[i]) + d * eps;                                        // (11)
                double g = l2 != 0 ? Math.fma(l2, theta[i], grad[i]) : grad[i];
                if (decay != 0) {
                    theta[i] = Math.fma(-decay * stepDlr, theta[i], theta[i]);                  // (12)
                }
                if (m != null) {
                    theta[i] = theta[i] + -stepDlr * m[i] / denom;                               // (13)
                } else {
                    theta[i] = theta[i] + -stepDlr * d * g / denom;
                }
                probe.put("g", g).put("m", m != null ? m[i] : Double.NaN).put("v", v[i]).put("denom", denom)
                        .put("theta", theta[i]);
            }
        };
    }

    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), β₃ (beta3, default √β₂), ε (eps), λ (weight decay), decouple,
                   use_bias_correction, safeguard_warmup, d₀ (d0), d_coef, growth_rate, slice_p
            group state: k ← 0, d ← d₀, d_max ← d₀, r ← 0 (d_numerator), d_denom, d_hat   (shared by all groups)
            state: step ← 0, s ← 0, θ₀ (p0), m ← 0 (exp_avg), v ← 0 (exp_avg_sq)
            once per step, over every parameter θ whose gradient is not null (γ = the largest group lr):
              (1) ρ ← √(1 − β₂ᵏ⁺¹)/(1 − β₁ᵏ⁺¹) if use_bias_correction, else 1;   dγ ← d·γ·ρ
              (2) g ← ∇θ f(θ);  if λ ≠ 0 and not decouple: g ← g + λθ
              (3) δ ← δ + (d/d₀)·dγ·⟨g, θ₀ − θ⟩                     how far θ moved against g, weighted by the step size
              (4) m ← β₁m + d(1 − β₁)g;   v ← β₂v + d²(1 − β₂)g²      Adam's moments, of d·g
              (5) s ← β₃s + (d/d₀)·dγ·g         (safeguard_warmup: (d/d₀)·d·g)
              (6) d_denom ← Σ|s| over all parameters
              (7) if d_denom = 0: stop here (no step, k unchanged)
              (8) r ← β₃r + δ;   d̂ ← d_coef·r / d_denom              the estimate of D
              (9) if d = d₀: d ← max(d, d̂)
             (10) d_max ← max(d_max, d̂);   d ← min(d_max, d·growth_rate)
            then for every parameter θ whose gradient is not null:
             (11) step ← step + 1;   denom ← √v + d·ε
             (12) if λ ≠ 0 and decouple: θ ← θ − λ·dγ·θ
             (13) θ ← θ − dγ·m / denom        (β₁ = 0: θ ← θ − dγ·d·g / denom);   k ← k + 1
            """;
}
