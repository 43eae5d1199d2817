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
 * state: t ← 0, m ← 0, v ← 0, vMax ← 0
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
 * <p>The loop below is the float64 update. A float32 parameter keeps float32 m and v and runs the
 * same lines in float32 ({@link AdamKernels}, statement for statement the same, each result rounded
 * to float), which is what PyTorch does for float32 parameters and what lets the update run 16
 * lanes to a vector; its results match PyTorch's float32 trajectories.
 */
public abstract sealed class AdamFamily extends Optimizer<AdamOptions, AdamState> permits Adam, AdamW {
    private final WeightDecay decay;
    private AdamTrace trace;

    AdamFamily(String name, WeightDecay decay, AdamOptions defaults, List<ParamGroup<AdamOptions>> groups) {
        super(name, defaults, groups);
        this.decay = decay;
    }

    /**
     * Reports every element of every update to {@code trace}; null turns tracing off. Traces see the
     * float64 loop, so a traced optimizer needs float64 parameters ({@link #step()} refuses others).
     */
    public final void trace(AdamTrace trace) {
        this.trace = trace;
    }

    @Override
    public final WeightDecay weightDecay() {
        return decay;
    }

    @Override
    final AdamState newState(Tensor param, AdamOptions options) {
        return new AdamState(param.numel(), param.dtype(), options.amsgrad());
    }

    @Override
    final AdamState adopt(ParamState saved, Tensor param) {
        return ((AdamState) saved).castTo(param.dtype());
    }

    @Override
    final Class<AdamState> stateClass() {
        return AdamState.class;
    }

    @Override
    final boolean traced() {
        return trace != null;
    }

    @Override
    final boolean traceable(Tensor param) {
        return param.dtype() == DType.FLOAT64;
    }

    /** Step (1) and the numbers of steps (3) and (7) that are the same for every element. */
    private record PerStep(long t, double l2, double shrink, double biasCorrection1, double biasCorrection2,
                           double stepSize, double biasCorrection2Sqrt) {}

    private PerStep perStep(ParamGroup<AdamOptions> group, AdamState s) {
        AdamOptions o = group.options();
        double lr = o.lr(), lambda = o.weightDecay();
        if (o.amsgrad()) s.ensureVMax();                                          // AMSGrad switched on mid-training
        double l2 = decay.gradientCoefficient(lambda);                             // λ for Adam, 0 for AdamW
        double shrink = decay.shrinkFactor(lr, lambda, group.scheduleMultiplier()); // 1 for Adam, 1 − γλ for AdamW
        long t = ++s.t;                                                            // (1)
        double biasCorrection1 = 1 - Math.pow(o.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(o.beta2(), t);
        double stepSize = lr / biasCorrection1;                                    // (7)
        return new PerStep(t, l2, shrink, biasCorrection1, biasCorrection2, stepSize, Math.sqrt(biasCorrection2));
    }

    @Override
    final ElementLoop update(ParamGroup<AdamOptions> group, AdamState s, int numel, int groupIndex, int paramIndex) {
        AdamOptions o = group.options();
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps();
        boolean maximize = o.maximize();
        PerStep k = perStep(group, s);
        double[] m = s.m, v = s.v, vMax = o.amsgrad() ? s.vMax : null;
        long t = k.t();
        double l2 = k.l2(), shrink = k.shrink(), stepSize = k.stepSize(), biasCorrection2Sqrt = k.biasCorrection2Sqrt();
        double biasCorrection1 = k.biasCorrection1(), biasCorrection2 = k.biasCorrection2();
        AdamTrace trace = this.trace;
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                          // (2)
                if (l2 != 0) g = Math.fma(l2, theta[i], g);                        // (3) Adam:  g ← g + λθ
                double before = theta[i];
                theta[i] = theta[i] * shrink;                                      // (3) AdamW: θ ← θ·(1 − γλ)
                m[i] = Math.fma(1 - beta1, g, beta1 * m[i]);                       // (4) m ← β₁m + (1 − β₁)g
                v[i] = Math.fma((1 - beta2) * g, g, beta2 * v[i]);                 // (5) v ← β₂v + (1 − β₂)g²
                double vUsed = v[i];
                if (vMax != null) vUsed = vMax[i] = Math.max(vMax[i], v[i]);       // (6)
                double denom = Math.sqrt(vUsed) / biasCorrection2Sqrt + eps;       // (7) √v̂ + ε
                double update = stepSize * m[i] / denom;                           //     γ·m̂ / (√v̂ + ε)
                theta[i] = theta[i] - update;                                      // (8)
                if (trace != null) {
                    double decayTerm = l2 != 0 ? l2 * before : before - before * shrink;
                    trace.element(new AdamTrace.Row(groupIndex, paramIndex, i, t, g, m[i], vUsed, m[i] / biasCorrection1,
                            vUsed / biasCorrection2, denom, decayTerm, update, theta[i]));
                }
            }
        };
    }

    /**
     * A float32 parameter: the loop's constants rounded to float, as PyTorch rounds a Python scalar
     * that meets a float32 tensor, and the element loop in float ({@link AdamKernels}).
     */
    @Override
    final FloatLoop updateFloat32(ParamGroup<AdamOptions> group, AdamState s, int numel, int groupIndex, int paramIndex) {
        AdamOptions o = group.options();
        float[] m = s.m32, v = s.v32;
        PerStep k = perStep(group, s);
        float[] vMax = o.amsgrad() ? s.vMax32 : null;
        var c = new AdamKernels.Coefficients((float) k.shrink(), (float) k.l2(), o.maximize(), (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()), (float) k.biasCorrection2Sqrt(),
                (float) o.eps(), (float) k.stepSize());
        return (theta, thetaOff, grad, gradOff, from, to) -> AdamKernels.step(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
    }
}
