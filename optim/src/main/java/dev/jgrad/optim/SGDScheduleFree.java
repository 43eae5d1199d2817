package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Schedule-Free SGD (Defazio et al., "The Road Less Scheduled", NeurIPS 2024), as the authors'
 * {@code SGDScheduleFreeReference} (facebookresearch/schedule_free): plain gradient steps on z, the
 * evaluated weights x a running average of the z's, and the gradient taken at y, between the two. The
 * interpolation replaces momentum; the averaging replaces the decaying schedule.
 *
 * <pre>
 * input: γ (lr), β (momentum), λ (weight decay), warm-up steps T, r, p (weight_lr_power)
 * group state: k ← 0, Σw ← 0 (weight_sum), γmax ← −1 (lr_max), γₜ (scheduled_lr)
 * state: z ← θ, x ← θ, y ← θ
 *
 * once per group and step, with or without gradients (t = k + 1):
 *   (1) γₜ ← γ·min(1, t/T)                   linear warm-up (none when T = 0)
 *   (2) γmax ← max(γmax, γₜ)
 *   (3) wₜ ← t^r · γmax^p                     the weight of this step in the average
 *   (4) Σw ← Σw + wₜ
 *   (5) c ← wₜ / Σw                            c_{t+1}; k ← k + 1
 * for every parameter θ (= y) whose gradient is not null:
 *   (6) g ← ∇f(y)
 *   (7) if λ ≠ 0: g ← g + λy                   L2 at y, where the gradient was taken
 *   (8) z ← z − γₜg                            the SGD step, on z
 *   (9) x ← (1 − c)·x + c·z                    x is the c-weighted average of z₁ … zₜ
 *  (10) y ← β·x + (1 − β)·z
 *  (11) θ ← y
 * </pre>
 *
 * With β = 0 this is SGD on z with x its (weighted) Polyak average; with β = 1 it is the primal averaging
 * form of momentum (gradients taken at the average itself). The paper's point is that β = 0.9 in between,
 * with a constant γ, matches a tuned linear-decay schedule without knowing the training length. The parameter
 * holds y while training; {@link #eval()} puts x in it and {@link #train()} puts y back ({@link ScheduleFree}).
 *
 * <p><b>The paper, the authors' code and Optax.</b> The paper's SGD form is lines (8)–(10) with c = 1/(t + 1).
 * The authors' reference class adds λy to the gradient tensor in place (the caller's {@code p.grad} changes);
 * jgrad leaves the gradient alone. Optax's {@code contrib.schedule_free_sgd} chains
 * {@code add_decayed_weights} and {@code sgd} under {@code schedule_free}: the same decay at y, no r, a warm-up
 * schedule from 0, and x recovered as (y − (1 − β)z)/β, which needs β &gt; 0 (the authors also refuse β = 0).
 *
 * <p>Defaults are the authors': lr 1.0, momentum 0.9, no decay, no warm-up, r 0, weight_lr_power 2. A float32
 * parameter runs this float64 loop with float64 state; θ is y rounded to float.
 */
public final class SGDScheduleFree extends ScheduleFreeOptimizer<SGDScheduleFree.Options> {

    /**
     * Hyper-parameters of {@link SGDScheduleFree}, with the authors' names and defaults.
     *
     * @param lr            γ (default 1.0)
     * @param momentum      β, the interpolation of y between x and z, in (0, 1) (default 0.9)
     * @param weightDecay   λ, an L2 penalty at y (default 0)
     * @param warmupSteps   T, steps of linear warm-up (default 0)
     * @param r             power of t in the averaging weight (default 0)
     * @param weightLrPower power of γmax in the averaging weight (default 2)
     */
    public record Options(double lr, double momentum, double weightDecay, int warmupSteps, double r,
                          double weightLrPower) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(1.0, 0.9, 0, 0, 0, 2);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("weight_decay value", weightDecay);
            if (!(momentum > 0 && momentum < 1)) {
                throw new IllegalArgumentException("Invalid momentum: " + momentum + " (must be in (0, 1))");
            }
            Check.nonNegative("warmup_steps value", warmupSteps);
        }
    }

    public SGDScheduleFree(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public SGDScheduleFree(Options defaults, List<ParamGroup<Options>> groups) {
        super("SGDScheduleFree", defaults, groups);
    }

    @Override
    protected void initState(ParamState state, Options options) {
        // z, x and y start at θ: see update
    }

    @Override
    Weighting weighting(Options o) {
        return new Weighting(o.lr(), o.warmupSteps(), o.r(), o.weightLrPower());
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = lrT(group), c = c(), beta = o.momentum(), lambda = o.weightDecay();
        boolean first = declareSequences(state);
        double[] z = state.f64("z"), x = state.f64("x"), y = state.f64("y");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                if (first) {
                    z[i] = x[i] = y[i] = theta[i];                                 // z = x = y = θ at the first step
                }
                double g = grad[i];                                                // (6)
                if (lambda != 0) {
                    g = Math.fma(lambda, y[i], g);                                 // (7) g ← g + λy
                }
                z[i] = Math.fma(-lr, g, z[i]);                                     // (8) z ← z − γₜg
                x[i] = Math.fma(c, z[i], x[i] * (1 - c));                          // (9) x ← (1 − c)x + cz
                y[i] = Math.fma(1 - beta, z[i], x[i] * beta);                      // (10) y ← βx + (1 − β)z
                theta[i] = y[i];                                                   // (11)
                probe.put("g", g).put("z", z[i]).put("x", x[i]).put("y", y[i]);
            }
        };
    }

    static final String BOX = """
            input: γ (lr), β (momentum), λ (weight decay), warm-up steps T, r, p (weight_lr_power)
            group state: k ← 0, Σw ← 0 (weight_sum), γmax ← −1 (lr_max), γₜ (scheduled_lr)
            state: z ← θ, x ← θ, y ← θ
            once per group and step, with or without gradients (t = k + 1):
              (1) γₜ ← γ·min(1, t/T)                   linear warm-up (none when T = 0)
              (2) γmax ← max(γmax, γₜ)
              (3) wₜ ← t^r · γmax^p                     the weight of this step in the average
              (4) Σw ← Σw + wₜ
              (5) c ← wₜ / Σw                            c_{t+1}; k ← k + 1
            for every parameter θ (= y) whose gradient is not null:
              (6) g ← ∇f(y)
              (7) if λ ≠ 0: g ← g + λy                   L2 at y, where the gradient was taken
              (8) z ← z − γₜg                            the SGD step, on z
              (9) x ← (1 − c)·x + c·z                    x is the c-weighted average of z₁ … zₜ
             (10) y ← β·x + (1 − β)·z
             (11) θ ← y
            """;
}
