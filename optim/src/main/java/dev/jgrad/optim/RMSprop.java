package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * RMSprop: divide the gradient by the root of a running mean of its square, optionally centred (subtract
 * the square of the running mean of g, an estimate of the variance) and with heavy-ball momentum on the
 * scaled gradient. Exactly {@code torch.optim.RMSprop} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), α (alpha), ε (eps), λ (weight decay), μ (momentum), centered, maximize
 * state: t ← 0, v ← 0 (square_avg), ḡ ← 0 (grad_avg, if centered), b ← 0 (momentum_buffer, if μ ≠ 0)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
 *   (4) v ← αv + (1 − α)g²              running mean of g²
 *   (5) if centered: ḡ ← αḡ + (1 − α)g,  avg ← √(v − ḡ²) + ε
 *       else:                            avg ← √v + ε        ε outside the root
 *   (6) if μ ≠ 0: b ← μb + g / avg,  θ ← θ − γb
 *   (7) else:      θ ← θ − γ·g / avg
 * </pre>
 *
 * Hinton, Srivastava &amp; Swersky, "Neural Networks for Machine Learning", lecture 6e (2012): the unpublished
 * original, without ε, centring or momentum; the centred form with momentum is Graves, "Generating Sequences
 * With Recurrent Neural Networks", arXiv:1308.0850 (2013), eq. (38)–(41), which puts ε inside the root.
 * Where the others differ: Keras 3 (and tf.keras from TF 2.11) puts ε inside the root, √(v + ε); tf.keras up to
 * 2.10 outside without momentum, inside with it (lr 1e-3, ρ 0.9, ε 1e-7 in all); Optax's {@code rmsprop} inside
 * by default ({@code eps_in_sqrt=True}; False is PyTorch's form), with decay 0.9, ε 1e-8, v from initial_scale.
 * PyTorch's α = 0.99 averages over about 100 steps. Since v starts at 0, the first step is about
 * γ·g / (0.1|g|) = 10γ per element (α = 0.99): 10 times the learning rate.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code square_avg} (v), {@code grad_avg} (ḡ) and
 * {@code momentum_buffer} (b). float32 parameters run this float64 loop (the framework widens θ and g
 * per chunk and rounds θ back).
 */
public final class RMSprop extends Optimizer<RMSprop.Options> {

    /**
     * Hyper-parameters of {@link RMSprop}, with PyTorch's names, defaults and checks.
     *
     * @param lr          learning rate γ (default 1e-2)
     * @param alpha       decay rate α of the running means (default 0.99)
     * @param eps         ε added to the root, outside it (default 1e-8)
     * @param weightDecay λ of the coupled L2 penalty (default 0)
     * @param momentum    μ of the momentum buffer (default 0: none)
     * @param centered    divide by the root of the variance estimate v − ḡ² instead of v (default false)
     * @param maximize    ascend the objective instead (default false)
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                          boolean maximize) implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, not centered. */
        public static final Options DEFAULTS = new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);

        public Options {
            // PyTorch's order of checks
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("epsilon value", eps);
            Check.nonNegative("momentum value", momentum);
            Check.nonNegative("weightDecay value", weightDecay);
            Check.nonNegative("alpha value", alpha);
        }

        /** The same options with another α. */
        public Options withAlpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public RMSprop(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public RMSprop(Options defaults, List<ParamGroup<Options>> groups) {
        super("RMSprop", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).zeros("square_avg");
        if (o.momentum() > 0) { s.zeros("momentum_buffer"); }
        if (o.centered()) { s.zeros("grad_avg"); }
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), alpha = o.alpha(), eps = o.eps(), lambda = o.weightDecay(), mu = o.momentum();
        boolean maximize = o.maximize(), centered = o.centered();
        if (mu > 0 && !state.has("momentum_buffer")) { state.zeros("momentum_buffer"); } // switched on mid-training
        if (centered && !state.has("grad_avg")) { state.zeros("grad_avg"); }
        long t = state.increment("step");                                     // (1)
        double[] v = state.f64("square_avg");
        double[] gBar = centered ? state.f64("grad_avg") : null, b = mu > 0 ? state.f64("momentum_buffer") : null;
        probe.put("t", t);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                if (lambda != 0) { g = Math.fma(lambda, theta[i], g); }       // (3) g ← g + λθ
                v[i] = Math.fma((1 - alpha) * g, g, alpha * v[i]);            // (4) v ← αv + (1 − α)g²
                double avg;
                if (centered) {
                    gBar[i] = Math.fma(1 - alpha, g, alpha * gBar[i]);        // (5) ḡ ← αḡ + (1 − α)g
                    avg = Math.sqrt(Math.fma(-gBar[i], gBar[i], v[i])) + eps; //     √(v − ḡ²) + ε
                } else {
                    avg = Math.sqrt(v[i]) + eps;                              //     √v + ε
                }
                if (b != null) {
                    b[i] = mu * b[i] + g / avg;                               // (6) b ← μb + g / avg
                    theta[i] = Math.fma(-lr, b[i], theta[i]);                 //     θ ← θ − γb
                } else {
                    theta[i] = theta[i] + -lr * g / avg;                      // (7) θ ← θ − γ·g / avg
                }
                probe.put("g", g).put("square_avg", v[i]).put("grad_avg", centered ? gBar[i] : Double.NaN)
                        .put("avg", avg).put("momentum_buffer", b != null ? b[i] : Double.NaN).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), α (alpha), ε (eps), λ (weight decay), μ (momentum), centered, maximize
            state: t ← 0, v ← 0 (square_avg), ḡ ← 0 (grad_avg, if centered), b ← 0 (momentum_buffer, if μ ≠ 0)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
              (4) v ← αv + (1 − α)g²              running mean of g²
              (5) if centered: ḡ ← αḡ + (1 − α)g,  avg ← √(v − ḡ²) + ε
                  else:                            avg ← √v + ε        ε outside the root
              (6) if μ ≠ 0: b ← μb + g / avg,  θ ← θ − γb
              (7) else:      θ ← θ − γ·g / avg
            """;
}
