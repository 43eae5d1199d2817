package dev.jgrad.optim;

import dev.jgrad.kernel.AdamKernels;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adam and AdamW: one algorithm, one loop, and a {@link WeightDecay} that decides which of the two
 * weight-decay lines of step (3) is active. Matches {@code torch.optim.Adam} and {@code torch.optim.AdamW}
 * (PyTorch 1.13, single-tensor implementation) operation for operation.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), ε (eps), λ (weight decay), amsgrad, maximize
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), vMax ← 0 (max_exp_avg_sq)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) Adam  (coupled L2):   if λ ≠ 0: g ← g + λθ
 *       AdamW (decoupled):    θ ← θ·(1 − γλ)           i.e. θ ← θ − γλθ   (paper: θ ← θ·(1 − η_tλ))
 *   (4) m ← β₁m + (1 − β₁)g               first moment: running mean of g
 *   (5) v ← β₂v + (1 − β₂)g²              second moment: running mean of g²
 *   (6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below
 *   (7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)    bias correction: m and v start at 0
 *       computed as  stepSize ← γ / (1 − β₁ᵗ)   and   denom ← √v / √(1 − β₂ᵗ) + ε  (= √v̂ + ε)
 *   (8) θ ← θ − stepSize·m / denom          = θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 *
 * Why (7) is computed that way: stepSize and √(1 − β₂ᵗ) are one number per parameter, so PyTorch folds
 * them out of the per-element work. The results differ from the textbook form only in the last bits;
 * computing them in PyTorch's order, with a fused multiply-add ({@link Math#fma}, one rounding) wherever
 * PyTorch's CPU kernels use one (every {@code a + α·b}), is what makes jgrad's trajectories match
 * PyTorch's bit for bit on the recorded reference cases. (1 − βᵗ uses {@link Math#pow}, which agrees
 * there with the C library's pow that PyTorch calls; {@link StrictMath#pow} differs in the last bit
 * for some t.)
 * At t = 1, m̂ = g and v̂ = g², so the first step is −γ·g/(|g| + ε): about γ per element, whatever the
 * gradient's scale.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code exp_avg} (m), {@code exp_avg_sq} (v) and, with
 * AMSGrad, {@code max_exp_avg_sq} (vMax). The step count is per parameter: a step in which the parameter
 * had no gradient does not count, so bias correction stays right for parameters that are only sometimes used.
 *
 * <p>Two loops, the same lines: {@link #update} in float64 (what the reference trajectories check bit for
 * bit) and {@link #updateFloat32} in float32 for float32 parameters, with float32 m and v, every line
 * rounded to float, which is what PyTorch does for float32 parameters. The float32 loop has a Vector API
 * twin, {@link AdamKernels}, that runs 16 lanes at a time and is tested to give the same bits; it runs
 * whenever nobody traces the step.
 */
public abstract sealed class AdamFamily extends Optimizer<AdamOptions> permits Adam, AdamW {
    private final WeightDecay decay;

    AdamFamily(String name, WeightDecay decay, AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        super(name, defaults, groups);
        this.decay = decay;
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
        if (options.amsgrad()) s.zeros("max_exp_avg_sq");
    }

    /** Step (1) and the numbers of steps (3) and (7) that are the same for every element. */
    private record PerStep(double l2, double shrink, double biasCorrection1, double biasCorrection2,
                           double stepSize, double biasCorrection2Sqrt) {}

    private PerStep perStep(ParamGroup<AdamOptions> group, ParamState s, Probe probe) {
        AdamOptions o = group.options();
        double lr = o.lr(), lambda = o.weightDecay();
        if (o.amsgrad() && !s.has("max_exp_avg_sq")) s.zeros("max_exp_avg_sq");  // AMSGrad switched on mid-training
        double l2 = decay.gradientCoefficient(lambda);                             // λ for Adam, 0 for AdamW
        double shrink = decay.shrinkFactor(lr, lambda, group.scheduleMultiplier()); // 1 for Adam, 1 − γλ for AdamW
        long t = s.increment("step");                                              // (1)
        double biasCorrection1 = 1 - Math.pow(o.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(o.beta2(), t);
        double stepSize = lr / biasCorrection1;                                    // (7)
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
                if (l2 != 0) g = Math.fma(l2, theta[i], g);                        // (3) Adam:  g ← g + λθ
                theta[i] = theta[i] * shrink;                                      // (3) AdamW: θ ← θ·(1 − γλ)
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                       // (4) m ← β₁m + (1 − β₁)g
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                 // (5) v ← β₂v + (1 − β₂)g²
                double vUsed = v[i];
                if (vMax != null) vUsed = vMax[i] = Math.max(vMax[i], v[i]);       // (6)
                double denom = Math.sqrt(vUsed) / biasCorrection2Sqrt + eps;       // (7) √v̂ + ε
                double update = stepSize * m[i] / denom;                           //     γ·m̂ / (√v̂ + ε)
                theta[i] = theta[i] - update;                                      // (8)
                probe.put("g", g).put("m", m[i]).put("v", vUsed).put("mHat", m[i] / biasCorrection1)
                        .put("vHat", vUsed / biasCorrection2).put("denom", denom).put("update", update)
                        .put("theta", theta[i]);
            }
        };
    }

    /**
     * The same lines in float32: the loop's constants rounded to float, as PyTorch rounds a Python scalar
     * that meets a float32 tensor, and every result rounded to float.
     */
    @Override
    protected final FloatLoop updateFloat32(ParamGroup<AdamOptions> group, ParamState s, Probe probe) {
        AdamOptions o = group.options();
        PerStep k = perStep(group, s, probe);
        float[] m = s.f32("exp_avg"), v = s.f32("exp_avg_sq"), vMax = o.amsgrad() ? s.f32("max_exp_avg_sq") : null;
        var c = new AdamKernels.Coefficients((float) k.shrink(), (float) k.l2(), o.maximize(), (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()), (float) k.biasCorrection2Sqrt(),
                (float) o.eps(), (float) k.stepSize());
        float biasCorrection1 = (float) k.biasCorrection1(), biasCorrection2 = (float) k.biasCorrection2();
        FloatLoop loop = (theta, thetaOff, grad, gradOff, from, to) -> {
            for (int i = from; i < to; i++) {
                float g = c.maximize() ? -grad[gradOff + i] : grad[gradOff + i];           // (2)
                float th = theta[thetaOff + i];
                if (c.l2() != 0) g = Math.fma(c.l2(), th, g);                                // (3) Adam:  g ← g + λθ
                th = th * c.shrink();                                                        // (3) AdamW: θ ← θ·(1 − γλ)
                m[i] = Math.fma(c.oneMinusBeta1(), g, c.beta1() * m[i]);                     // (4) m ← β₁m + (1 − β₁)g
                v[i] = Math.fma(c.oneMinusBeta2() * g, g, c.beta2() * v[i]);                 // (5) v ← β₂v + (1 − β₂)g²
                float vUsed = v[i];
                if (vMax != null) vUsed = vMax[i] = Math.max(vMax[i], v[i]);                 // (6)
                float denom = (float) Math.sqrt(vUsed) / c.biasCorrection2Sqrt() + c.eps();  // (7) √v̂ + ε
                float update = c.stepSize() * m[i] / denom;                                  //     γ·m̂ / (√v̂ + ε)
                theta[thetaOff + i] = th - update;                                           // (8)
                probe.put("g", g).put("m", m[i]).put("v", vUsed).put("mHat", m[i] / biasCorrection1)
                        .put("vHat", vUsed / biasCorrection2).put("denom", denom).put("update", update)
                        .put("theta", theta[thetaOff + i]);
            }
        };
        if (!probe.off() || !AdamKernels.vectorized()) return loop;
        return (theta, thetaOff, grad, gradOff, from, to) -> {       // the fast path: whole vectors, same bits
            int done = AdamKernels.step(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
            loop.run(theta, thetaOff, grad, gradOff, done, to);       // the tail
        };
    }

    /** The float32 loop as the scalar reference, for tests that compare the fast path with it. */
    FloatLoop scalarFloat32(ParamGroup<AdamOptions> group, ParamState s) {
        return updateFloat32(group, s, (name, value) -> Probe.OFF);
    }
}
