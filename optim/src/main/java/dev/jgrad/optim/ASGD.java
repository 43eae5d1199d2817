package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * ASGD, averaged stochastic gradient descent: SGD with a slowly decaying step size, plus the running average
 * ax of the iterates from step t₀ on, which is the estimate to use (the iterate θ itself keeps jumping).
 * Exactly {@code torch.optim.ASGD} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), λ (lambd), α (alpha), t₀ (t0), w (weight decay), maximize
 * state: t ← 0, η ← γ (eta), μ ← 1 (mu), ax ← 0
 *
 * for every parameter θ whose gradient is not null:
 *   (1) t ← t + 1
 *   (2) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (3) if w ≠ 0: g ← g + wθ            coupled weight decay
 *   (4) θ ← θ·(1 − λη)                   the decay term of the original's λ‖θ‖²/2 regulariser
 *   (5) θ ← θ − ηg                       an SGD step with the current η
 *   (6) ax ← ax + μ(θ − ax) if μ ≠ 1, else ax ← θ
 *   (7) η ← γ / (1 + λγt)^α              the step size for the next step
 *   (8) μ ← 1 / max(1, t − t₀)           averaging weight for the next step
 * </pre>
 *
 * Polyak &amp; Juditsky, "Acceleration of Stochastic Approximation by Averaging", SIAM J. Control Optim. 30(4)
 * (1992); the schedule and the decay term (4) are Bottou's, "Stochastic Gradient Descent Tricks" (2012),
 * section 5.3, where λ is the regularisation strength and t₀ the step at which averaging starts. Because
 * μ at step t is computed at step t − 1, ax equals θ up to step t₀ + 2 and from then on is the mean of
 * θ over the steps t₀ + 2, ..., t. PyTorch's default t₀ = 1e6 means that in most runs ax is never an
 * average, just a copy of θ. Elsewhere averaging is usually a wrapper around any optimizer instead.
 *
 * <p>State, with PyTorch's names: {@code step} (t), {@code eta} (η), {@code mu} (μ) and {@code ax}. η and μ
 * are per parameter because t is. float32 parameters run this float64 loop (the framework widens θ and g
 * per chunk and rounds θ back).
 */
public final class ASGD extends Optimizer<ASGD.Options> {

    /**
     * Hyper-parameters of {@link ASGD}, with PyTorch's names, defaults and checks.
     *
     * @param lr          learning rate γ, the first η (default 1e-2)
     * @param lambd       decay term λ (default 1e-4)
     * @param alpha       power α of the η schedule (default 0.75)
     * @param t0          the step after which averaging starts (default 1e6)
     * @param weightDecay w of the coupled L2 penalty (default 0)
     * @param maximize    ascend the objective instead (default false)
     */
    public record Options(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize)
            implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weight_decay 0. */
        public static final Options DEFAULTS = new Options(1e-2, 1e-4, 0.75, 1e6, 0, false);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("weightDecay value", weightDecay);
            // PyTorch checks only the two above; a negative or NaN λ, α or t₀ makes η or μ NaN or negative
            Check.nonNegative("lambd value", lambd);
            Check.nonNegative("alpha value", alpha);
            Check.nonNegative("t0 value", t0);
        }

        /** The same options with another t₀. */
        public Options withT0(double t0) {
            return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
        }
    }

    /** One group with {@code options} (which also become the defaults for later groups). */
    public ASGD(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public ASGD(Options defaults, List<ParamGroup<Options>> groups) {
        super("ASGD", defaults, groups);
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("step", 0).set("eta", o.lr()).set("mu", 1).zeros("ax");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), lambd = o.lambd(), w = o.weightDecay();
        boolean maximize = o.maximize();
        long t = state.increment("step");                                     // (1)
        double eta = state.get("eta"), mu = state.get("mu");                  // this step's η and μ
        double shrink = 1 - lambd * eta;
        double[] ax = state.f64("ax");
        state.set("eta", lr / Math.pow(1 + lambd * lr * t, o.alpha()));      // (7) η ← γ / (1 + λγt)^α
        state.set("mu", 1 / Math.max(1, t - o.t0()));                         // (8) μ ← 1 / max(1, t − t₀)
        probe.put("t", t).put("eta", eta).put("mu", mu);
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (2)
                if (w != 0) { g = Math.fma(w, theta[i], g); }                 // (3) g ← g + wθ
                theta[i] = theta[i] * shrink;                                 // (4) θ ← θ·(1 − λη)
                theta[i] = Math.fma(-eta, g, theta[i]);                       // (5) θ ← θ − ηg
                if (mu != 1) { ax[i] = ax[i] + (theta[i] - ax[i]) * mu; }     // (6) ax ← ax + μ(θ − ax)
                else { ax[i] = theta[i]; }                                    //     or ax ← θ
                probe.put("g", g).put("theta", theta[i]).put("ax", ax[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), λ (lambd), α (alpha), t₀ (t0), w (weight decay), maximize
            state: t ← 0, η ← γ (eta), μ ← 1 (mu), ax ← 0
            for every parameter θ whose gradient is not null:
              (1) t ← t + 1
              (2) g ← ∇θ f(θ)                      if maximize: g ← −g
              (3) if w ≠ 0: g ← g + wθ            coupled weight decay
              (4) θ ← θ·(1 − λη)                   the decay term of the original's λ‖θ‖²/2 regulariser
              (5) θ ← θ − ηg                       an SGD step with the current η
              (6) ax ← ax + μ(θ − ax) if μ ≠ 1, else ax ← θ
              (7) η ← γ / (1 + λγt)^α              the step size for the next step
              (8) μ ← 1 / max(1, t − t₀)           averaging weight for the next step
            """;
}
