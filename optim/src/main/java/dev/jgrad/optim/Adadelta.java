package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Adadelta: RMSprop's running average of g² in the denominator, and a running average of the squared
 * updates in the numerator, so that the step has the units of θ and needs (in the paper) no learning rate.
 * Exactly {@code torch.optim.Adadelta} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), ρ (rho), ε (eps), λ (weight decay), maximize
 * state: t ← 0, v ← 0 (square_avg), u ← 0 (acc_delta)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
 *   (4) v ← ρv + (1 − ρ)g²              running mean of g²
 *   (5) Δ ← √(u + ε) / √(v + ε) · g      RMS of past updates over RMS of gradients
 *   (6) u ← ρu + (1 − ρ)Δ²              running mean of Δ², after Δ is used
 *   (7) θ ← θ − γΔ
 * </pre>
 *
 * Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701 (2012), Algorithm 1: the paper
 * has no γ (it is 1, PyTorch's default) and the same ε inside both roots. TensorFlow's {@code Adadelta}
 * defaults to lr 0.001, ρ 0.95, ε 1e-7 (so it moves 1000 times slower than the paper unless lr = 1);
 * Optax's {@code adadelta} has ρ 0.9 and ε 1e-6, as PyTorch. Because u starts at 0, the first steps are
 * about γ·√(ε/(1 − ρ)) per coordinate: tiny (3e-3·γ with the defaults), and Adadelta warms up by itself.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code square_avg} (v), {@code acc_delta} (u).
 * float32 parameters run this float64 loop (the framework widens θ and g per chunk and rounds θ back).
 */
public final class Adadelta extends Optimizer<Adadelta.Options> {

    /**
     * Hyper-parameters of {@link Adadelta}, with PyTorch's names, defaults and checks.
     *
     * @param lr          learning rate γ, a factor on Δ (default 1.0: the paper's rule)
     * @param rho         decay rate ρ of both running averages (default 0.9)
     * @param eps         ε inside both roots (default 1e-6)
     * @param weightDecay λ of the coupled L2 penalty (default 0)
     * @param maximize    ascend the objective instead (default false)
     */
    public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1.0, rho 0.9, eps 1e-6, weight_decay 0. */
        public static final Options DEFAULTS = new Options(1.0, 0.9, 1e-6, 0, false);

        public Options {
            // PyTorch's order of checks
            Check.nonNegative("learning rate", lr);
            Check.closedUnitInterval("rho value", rho);
            Check.nonNegative("epsilon value", eps);
            Check.nonNegative("weightDecay value", weightDecay);
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public Adadelta(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public Adadelta(Options defaults, List<ParamGroup<Options>> groups) {
        super("Adadelta", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).zeros("square_avg").zeros("acc_delta");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), rho = o.rho(), eps = o.eps(), lambda = o.weightDecay();
        boolean maximize = o.maximize();
        long t = state.increment("step");                                     // (1)
        double[] v = state.f64("square_avg"), u = state.f64("acc_delta");
        probe.put("t", t);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                if (lambda != 0) { g = Math.fma(lambda, theta[i], g); }       // (3) g ← g + λθ
                v[i] = Math.fma((1 - rho) * g, g, rho * v[i]);                // (4) v ← ρv + (1 − ρ)g²
                double std = Math.sqrt(v[i] + eps);
                double delta = Math.sqrt(u[i] + eps) / std * g;               // (5) Δ ← √(u + ε) / √(v + ε) · g
                u[i] = Math.fma((1 - rho) * delta, delta, rho * u[i]);        // (6) u ← ρu + (1 − ρ)Δ²
                theta[i] = Math.fma(-lr, delta, theta[i]);                    // (7) θ ← θ − γΔ
                probe.put("g", g).put("square_avg", v[i]).put("delta", delta).put("acc_delta", u[i])
                        .put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), ρ (rho), ε (eps), λ (weight decay), maximize
            state: t ← 0, v ← 0 (square_avg), u ← 0 (acc_delta)
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if λ ≠ 0: g ← g + λθ            coupled weight decay
              (4) v ← ρv + (1 − ρ)g²              running mean of g²
              (5) Δ ← √(u + ε) / √(v + ε) · g      RMS of past updates over RMS of gradients
              (6) u ← ρu + (1 − ρ)Δ²              running mean of Δ², after Δ is used
              (7) θ ← θ − γΔ
            """;
}
