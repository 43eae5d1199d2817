package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Rprop (resilient backpropagation): only the sign of each gradient coordinate is used; each coordinate has
 * its own step size, which grows by η₊ while the sign stays the same and shrinks by η₋ when it flips.
 * Exactly {@code torch.optim.Rprop} (PyTorch 1.13, single-tensor implementation), which is the iRprop⁻
 * variant: after a sign flip the gradient is forgotten (no step, no backtracking).
 *
 * <pre>
 * input: γ (lr), η₋, η₊ (etas), Δmin, Δmax (step_sizes), maximize
 * state: t ← 0, gPrev ← 0 (prev), Δ ← γ (step_size)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) s ← sign(g·gPrev)
 *   (4) η ← η₊ if s = 1,  η₋ if s = −1,  1 if s = 0
 *   (5) Δ ← clamp(ηΔ, Δmin, Δmax)         grow while the sign holds, shrink when it flips
 *   (6) if η = η₋: g ← 0                  after a flip: no step now, and no flip seen next time
 *   (7) θ ← θ − sign(g)·Δ                 only the sign of g matters
 *   (8) gPrev ← g
 * </pre>
 *
 * Riedmiller &amp; Braun, "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP
 * Algorithm", ICNN 1993 (full-batch; Δ₀ = 0.1, η₋ = 0.5, η₊ = 1.2, Δmax = 50, Δmin = 1e-6); the
 * original backtracks (undoes the last step) after a flip, which Igel &amp; Hüsken (2000) call Rprop⁺;
 * PyTorch, like this class, is iRprop⁻. PyTorch starts every Δ at the learning rate γ (default 0.01, not
 * the paper's 0.1), so γ here is Δ₀ and nothing else. Optax's {@code rprop} is iRprop⁻ too, with Δ₀ as its
 * required learning rate; Keras has no Rprop. Rprop is meant for full-batch gradients: with noisy
 * minibatch gradients the signs flip at random and Δ shrinks to Δmin.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code prev} (gPrev), {@code step_size} (Δ). float32
 * parameters run this float64 loop (the framework widens θ and g per chunk and rounds θ back).
 */
public final class Rprop extends Optimizer<Rprop.Options> {

    /**
     * Hyper-parameters of {@link Rprop}, with PyTorch's names, defaults and checks.
     *
     * @param lr        learning rate γ: every step size starts at it (default 1e-2)
     * @param eta1      η₋, the factor by which a step size shrinks after a sign flip (default 0.5)
     * @param eta2      η₊, the factor by which it grows while the sign holds (default 1.2)
     * @param stepSize1 Δmin, the smallest step size (default 1e-6)
     * @param stepSize2 Δmax, the largest step size (default 50)
     * @param maximize  ascend the objective instead (default false)
     */
    public record Options(double lr, double eta1, double eta2, double stepSize1, double stepSize2, boolean maximize)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1e-2, etas (0.5, 1.2), step_sizes (1e-6, 50). */
        public static final Options DEFAULTS = new Options(1e-2, 0.5, 1.2, 1e-6, 50, false);

        public Options {
            Check.nonNegative("learning rate", lr);
            if (!(0 < eta1 && eta1 < 1 && 1 < eta2)) {
                throw new IllegalArgumentException("Invalid eta values: " + eta1 + ", " + eta2
                        + " (must be 0 < etaminus < 1 < etaplus)");
            }
            // PyTorch does not check step_sizes; a NaN or an empty range would silently freeze or break every Δ
            if (!(0 <= stepSize1 && stepSize1 <= stepSize2)) {
                throw new IllegalArgumentException("Invalid step_sizes values: " + stepSize1 + ", " + stepSize2
                        + " (must be 0 <= min <= max)");
            }
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public Rprop(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public Rprop(Options defaults, List<ParamGroup<Options>> groups) {
        super("Rprop", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        double[] start = new double[s.numel()];
        Arrays.fill(start, o.lr());
        s.set("step", 0).zeros("prev").put("step_size", start);
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double etaMinus = o.eta1(), etaPlus = o.eta2(), min = o.stepSize1(), max = o.stepSize2();
        boolean maximize = o.maximize();
        long t = state.increment("step");                                     // (1)
        double[] prev = state.f64("prev"), delta = state.f64("step_size");
        probe.put("t", t);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                double s = Math.signum(g * prev[i]);                          // (3) s ← sign(g·gPrev)
                double eta = s > 0 ? etaPlus : s < 0 ? etaMinus : s == 0 ? 1 : s;  // (4) (NaN stays NaN)
                delta[i] = Math.min(Math.max(eta * delta[i], min), max);      // (5) Δ ← clamp(ηΔ, Δmin, Δmax)
                if (eta == etaMinus) { g = 0; }                               // (6)
                theta[i] = Math.fma(-Math.signum(g), delta[i], theta[i]);     // (7) θ ← θ − sign(g)·Δ
                prev[i] = g;                                                  // (8)
                probe.put("g", g).put("eta", eta).put("step_size", delta[i]).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), η₋, η₊ (etas), Δmin, Δmax (step_sizes), maximize
            state: t ← 0, gPrev ← 0 (prev), Δ ← γ (step_size)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) s ← sign(g·gPrev)
              (4) η ← η₊ if s = 1,  η₋ if s = −1,  1 if s = 0
              (5) Δ ← clamp(ηΔ, Δmin, Δmax)         grow while the sign holds, shrink when it flips
              (6) if η = η₋: g ← 0                  after a flip: no step now, and no flip seen next time
              (7) θ ← θ − sign(g)·Δ                 only the sign of g matters
              (8) gPrev ← g
            """;
}
