package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Adagrad: each coordinate's step is divided by the root of the sum of all its squared gradients so far,
 * so coordinates that have seen large gradients take small steps and rarely-updated ones keep large steps.
 * Exactly {@code torch.optim.Adagrad} (PyTorch 1.13, single-tensor implementation, dense gradients).
 *
 * <pre>
 * input: γ (lr), η (lr_decay), λ (weight decay), s₀ (initial_accumulator_value), ε (eps), maximize
 * state: t ← 0, s ← s₀ (sum)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
 *   (4) γₜ ← γ / (1 + (t − 1)η)          PyTorch's lr_decay (clr); the paper has none
 *   (5) s ← s + g²                       the sum of every squared gradient
 *   (6) θ ← θ − γₜ·g / (√s + ε)          ε outside the root
 * </pre>
 *
 * Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic
 * Optimization", JMLR 12 (2011), diagonal version: θ ← θ − η·g / (δ + √Σg²), with δ outside the root
 * as in PyTorch (the paper has no decay of η and no starting value for the sum). TensorFlow's
 * {@code Adagrad} starts the accumulator at 0.1 and has ε = 1e-7; Optax's {@code adagrad} starts it at
 * 0.1 and puts ε (1e-7) inside the root: g / √(s + ε). PyTorch starts at 0 with ε = 1e-10 outside.
 *
 * <p>Since s never decreases, the per-coordinate step size γₜ / (√s + ε) never grows: Adagrad's steps
 * shrink for good, which is what RMSprop and Adadelta replace with a running average. State, with
 * PyTorch's names: {@code step} (t), {@code sum} (s). PyTorch creates both when the optimizer is built;
 * here they appear at the parameter's first step with a gradient, with the same values. float32
 * parameters run this float64 loop (the framework widens θ and g per chunk and rounds θ back).
 */
public final class Adagrad extends Optimizer<Adagrad.Options> {

    /**
     * Hyper-parameters of {@link Adagrad}, with PyTorch's names, defaults and checks.
     *
     * @param lr                      learning rate γ (default 1e-2)
     * @param lrDecay                 η in γₜ = γ / (1 + (t − 1)η) (default 0)
     * @param weightDecay             λ of the coupled L2 penalty (default 0)
     * @param initialAccumulatorValue the value s starts at (default 0)
     * @param eps                     ε added to √s (default 1e-10)
     * @param maximize                ascend the objective instead (default false)
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                          boolean maximize) implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1e-2, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10. */
        public static final Options DEFAULTS = new Options(1e-2, 0, 0, 0, 1e-10, false);

        public Options {
            // PyTorch's order of checks
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("lrDecay value", lrDecay);
            Check.nonNegative("weightDecay value", weightDecay);
            Check.nonNegative("initialAccumulatorValue value", initialAccumulatorValue);
            Check.nonNegative("epsilon value", eps);
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public Adagrad(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public Adagrad(Options defaults, List<ParamGroup<Options>> groups) {
        super("Adagrad", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        double[] start = new double[s.numel()];
        Arrays.fill(start, o.initialAccumulatorValue());
        s.set("step", 0).put("sum", start);
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lambda = o.weightDecay(), eps = o.eps();
        boolean maximize = o.maximize();
        long t = state.increment("step");                                     // (1)
        double clr = o.lr() / (1 + (t - 1) * o.lrDecay());                    // (4) γₜ
        double[] s = state.f64("sum");
        probe.put("t", t).put("clr", clr);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                if (lambda != 0) { g = Math.fma(lambda, theta[i], g); }       // (3) g ← g + λθ
                s[i] = Math.fma(g, g, s[i]);                                  // (5) s ← s + g²
                double std = Math.sqrt(s[i]) + eps;                           // (6) √s + ε
                theta[i] = theta[i] + -clr * g / std;                         //     θ ← θ − γₜ·g / (√s + ε)
                probe.put("g", g).put("sum", s[i]).put("std", std).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), η (lr_decay), λ (weight decay), s₀ (initial_accumulator_value), ε (eps), maximize
            state: t ← 0, s ← s₀ (sum)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
              (4) γₜ ← γ / (1 + (t − 1)η)          PyTorch's lr_decay (clr); the paper has none
              (5) s ← s + g²                       the sum of every squared gradient
              (6) θ ← θ − γₜ·g / (√s + ε)          ε outside the root
            """;
}
