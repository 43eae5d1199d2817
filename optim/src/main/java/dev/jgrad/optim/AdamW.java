package dev.jgrad.optim;

import dev.jgrad.kernel.AdamKernels;
import dev.jgrad.optim.fast.AdamFloat32;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019) as {@code torch.optim.AdamW}: Adam whose weight decay shrinks θ
 * directly, θ ← θ − γλθ, instead of entering the gradient. Matches PyTorch 1.13's single-tensor implementation
 * ({@code _single_tensor_adamw}) operation for operation.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) θ ← θ − γλθ                      decoupled: m and v never see the decay
 *       (paper mode: θ ← θ − η_tλθ, η_t = γ / initial γ)
 *   (4) m ← β₁m + (1 − β₁)g
 *   (5) v ← β₂v + (1 − β₂)g²
 *   (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
 *   (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
 *   (8) θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 *
 * {@link Adam} is this rule with line (3) coupled, g ← g + λθ, so that the decay passes through m and v; the loop
 * below serves both, and {@link WeightDecay} decides which form of line (3) is active. With λ = 0 AdamW is exactly
 * Adam; with g = 0 it shrinks θ by exactly (1 − γλ) per step.
 *
 * <p>How (7) and (8) are computed: 1 − β₁ᵗ and √(1 − β₂ᵗ) are one number per parameter, so PyTorch folds them
 * out of the per-element work, as stepSize = γ / (1 − β₁ᵗ) and denom = √v / √(1 − β₂ᵗ) + ε (= √v̂ + ε). The
 * results differ from the textbook form only in the last bits; computing them in PyTorch's order, with a fused
 * multiply-add ({@link Math#fma}, one rounding) wherever PyTorch's CPU kernels use one (every {@code a + α·b}), is
 * what makes jgrad's trajectories match PyTorch's bit for bit on the recorded reference cases. (1 − βᵗ uses
 * {@link Math#pow}, which agrees there with the C library's pow that PyTorch calls; {@link StrictMath#pow} differs
 * in the last bit for some t.) At t = 1, m̂ = g and v̂ = g², so the first step is −γ·g/(|g| + ε): about γ per
 * element, whatever the gradient's scale.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code exp_avg} (m), {@code exp_avg_sq} (v) and, with
 * AMSGrad, {@code max_exp_avg_sq} (vMax). The step count is per parameter: a step in which the parameter had no
 * gradient does not count, so bias correction stays right for parameters that are only sometimes used.
 *
 * <p>PyTorch's default weight decay for AdamW is 1e-2 (Adam's is 0): {@link AdamOptions#adamWDefaults()}. The
 * paper's variant, where the decay follows the schedule multiplier only, is
 * {@link WeightDecay#DECOUPLED_SCHEDULE_ONLY}. float32 parameters keep float32 m and v and run the same lines in
 * float32, as PyTorch does: {@link AdamFloat32}, a Vector API kernel tested to give the scalar loop's bits.
 */
public sealed class AdamW extends Optimizer<AdamOptions> permits Adam {
    private final WeightDecay decay;

    /** One group with PyTorch's defaults ({@link AdamOptions#adamWDefaults()}). */
    public AdamW(List<Tensor> params) {
        this(params, AdamOptions.adamWDefaults());
    }

    /** One group with {@code options}, decay as in PyTorch ({@link WeightDecay#DECOUPLED}). */
    public AdamW(List<Tensor> params, AdamOptions options) {
        this(options, List.of(new ParamGroup<>(params, options)), WeightDecay.DECOUPLED);
    }

    /** One group with {@code options} and the given decoupled decay. */
    public AdamW(List<Tensor> params, AdamOptions options, WeightDecay decay) {
        this(options, List.of(new ParamGroup<>(params, options)), decay);
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public AdamW(AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        this(defaults, groups, WeightDecay.DECOUPLED);
    }

    /**
     * @param decay {@link WeightDecay#DECOUPLED} (PyTorch, Optax) or {@link WeightDecay#DECOUPLED_SCHEDULE_ONLY} (paper)
     */
    public AdamW(AdamOptions defaults, List<ParamGroup<AdamOptions>> groups, WeightDecay decay) {
        this("AdamW", requireDecoupled(decay), defaults, groups);
    }

    /** {@link Adam}'s: the same rule under another name, with line (3) coupled. */
    AdamW(String name, WeightDecay decay, AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        super(name, defaults, groups);
        this.decay = decay;
    }

    private static WeightDecay requireDecoupled(WeightDecay decay) {
        if (decay == WeightDecay.COUPLED_L2) {
            throw new IllegalArgumentException("AdamW's weight decay must be decoupled (DECOUPLED or "
                    + "DECOUPLED_SCHEDULE_ONLY); coupled L2 is Adam");
        }
        return decay;
    }

    @Override
    public final WeightDecay weightDecay() {
        return decay;
    }

    @Override
    protected final DType stateDtype(Tensor param) {
        return param.dtype();
    }

    @Override
    protected final void initState(ParamState s, AdamOptions options) {
        s.set("step", 0).zeros("exp_avg").zeros("exp_avg_sq");
        if (options.amsgrad()) {
            s.zeros("max_exp_avg_sq");
        }
    }

    /** Step (1) and the numbers of lines (3), (7) and (8) that are the same for every element. */
    private record PerStep(double l2, double shrink, double biasCorrection1, double biasCorrection2,
                           double stepSize, double biasCorrection2Sqrt) {}

    private PerStep perStep(ParamGroup<AdamOptions> group, ParamState s, Probe probe) {
        AdamOptions o = group.options();
        double lr = o.lr(), lambda = o.weightDecay();
        if (o.amsgrad() && !s.has("max_exp_avg_sq")) {
            s.zeros("max_exp_avg_sq");                                           // AMSGrad switched on mid-training
        }
        double l2 = decay.gradientCoefficient(lambda);                             // λ for Adam, 0 for AdamW
        double shrink = decay.shrinkFactor(lr, lambda, group.scheduleMultiplier()); // 1 for Adam, 1 − γλ for AdamW
        long t = s.increment("step");                                              // (1)
        double biasCorrection1 = 1 - Math.pow(o.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(o.beta2(), t);
        double stepSize = lr / biasCorrection1;                                    // (7) folded into γ
        probe.put("t", t);
        return new PerStep(l2, shrink, biasCorrection1, biasCorrection2, stepSize, Math.sqrt(biasCorrection2));
    }

    @Override
    protected final ElementLoop update(ParamGroup<AdamOptions> group, ParamState s, Probe probe) {
        AdamOptions o = group.options();
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps();
        boolean maximize = o.maximize();
        PerStep k = perStep(group, s, probe);
        double[] m = s.f64("exp_avg"), v = s.f64("exp_avg_sq"), vMax = o.amsgrad() ? s.f64("max_exp_avg_sq") : null;
        double l2 = k.l2(), shrink = k.shrink(), stepSize = k.stepSize(), biasCorrection2Sqrt = k.biasCorrection2Sqrt();
        double biasCorrection1 = k.biasCorrection1(), biasCorrection2 = k.biasCorrection2();
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                          // (2)
                if (l2 != 0) {
                    g = Math.fma(l2, theta[i], g);                                 // (3) Adam:  g ← g + λθ
                }
                theta[i] = theta[i] * shrink;                                      // (3) AdamW: θ ← θ·(1 − γλ)
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                       // (4) m ← β₁m + (1 − β₁)g
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                 // (5) v ← β₂v + (1 − β₂)g²
                double vUsed = v[i];
                if (vMax != null) {
                    vUsed = vMax[i] = Math.max(vMax[i], v[i]);                     // (6)
                }
                double denom = Math.sqrt(vUsed) / biasCorrection2Sqrt + eps;       // (8) √v̂ + ε, (7) folded in
                double update = stepSize * m[i] / denom;                           //     γ·m̂ / (√v̂ + ε)
                theta[i] = theta[i] - update;                                      // (8)
                probe.put("g", g).put("m", m[i]).put("v", v[i]).put("mHat", m[i] / biasCorrection1)
                        .put("vHat", vUsed / biasCorrection2).put("denom", denom).put("update", update)
                        .put("theta", theta[i]);
                if (vMax != null) {
                    probe.put("vMax", vUsed);
                }
            }
        };
    }

    /** The same lines in float32, every result rounded to float: {@link AdamFloat32}. */
    @Override
    protected final FloatLoop updateFloat32(ParamGroup<AdamOptions> group, ParamState s, Probe probe) {
        AdamOptions o = group.options();
        PerStep k = perStep(group, s, probe);
        var c = new AdamKernels.Coefficients((float) k.shrink(), (float) k.l2(), o.maximize(), (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()), (float) k.biasCorrection2Sqrt(),
                (float) o.eps(), (float) k.stepSize());
        return AdamFloat32.loop(c, (float) k.biasCorrection1(), (float) k.biasCorrection2(), s.f32("exp_avg"),
                s.f32("exp_avg_sq"), o.amsgrad() ? s.f32("max_exp_avg_sq") : null, probe);
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) θ ← θ − γλθ                      decoupled: m and v never see the decay
                  (paper mode: θ ← θ − η_tλθ, η_t = γ / initial γ)
              (4) m ← β₁m + (1 − β₁)g
              (5) v ← β₂v + (1 − β₂)g²
              (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
              (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)
              (8) θ ← θ − γ·m̂ / (√v̂ + ε)
            """;
}
