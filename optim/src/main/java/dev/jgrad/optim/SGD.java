package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and coupled weight decay,
 * exactly as {@code torch.optim.SGD} (PyTorch 1.13, single-tensor implementation).
 *
 * <pre>
 * input: γ (lr), μ (momentum), τ (dampening), λ (weight decay), nesterov, maximize
 * state: b (momentum_buffer), absent until the first step with momentum
 *
 * for every parameter θ whose gradient is not null:
 *   (1) g ← ∇θ f(θ)                      if maximize: g ← −g
 *   (2) if λ ≠ 0: g ← g + λθ            coupled weight decay: the L2 penalty's gradient
 *   (3) d ← g                            the step direction, without momentum
 *       if μ ≠ 0:
 *   (4)     if b is absent: b ← g        first step: no dampening
 *   (5)     else:           b ← μb + (1 − τ)g
 *   (6)     d ← g + μb if nesterov, else d ← b
 *   (7) θ ← θ − γd
 * </pre>
 *
 * PyTorch's momentum differs from Sutskever et al.'s v ← μv + γg, θ ← θ − v: here γ multiplies the
 * buffer at (7), so changing γ mid-training changes the step at once rather than gradually.
 *
 * <p>Every {@code a + α·b} is one fused multiply-add ({@link Math#fma}), as in PyTorch's CPU kernels,
 * so that results match PyTorch's bit for bit, not just to rounding error.
 */
public final class SGD extends Optimizer<SgdOptions> {

    /** One group with {@code options} (which also become the defaults for later groups). */
    public SGD(List<Tensor> params, SgdOptions options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** Several groups, each with its own options; {@code defaults} is for {@link #addParamGroup(List)}. */
    public SGD(SgdOptions defaults, List<ParamGroup<SgdOptions>> groups) {
        super("SGD", defaults, groups);
    }

    @Override
    protected void initState(ParamState state, SgdOptions options) {
        // momentum_buffer is absent until the first step with momentum, as in PyTorch
    }

    @Override
    protected ElementLoop update(ParamGroup<SgdOptions> group, ParamState state, Probe probe) {
        SgdOptions o = group.options();
        double lr = o.lr(), mu = o.momentum(), tau = o.dampening(), lambda = o.weightDecay();
        boolean maximize = o.maximize(), nesterov = o.nesterov();
        boolean first = !state.has("momentum_buffer");
        if (mu != 0 && first) {
            state.zeros("momentum_buffer");
        }
        double[] b = mu != 0 ? state.f64("momentum_buffer") : null;
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = maximize ? -grad[i] : grad[i];                     // (1)
                if (lambda != 0) {
                    g = Math.fma(lambda, theta[i], g);                        // (2) g ← g + λθ
                }
                double d = g;                                                 // (3)
                if (mu != 0) {
                    if (first) {
                        b[i] = g;                                             // (4)
                    } else {
                        b[i] = Math.fma(1 - tau, g, mu * b[i]);               // (5) b ← μb + (1 − τ)g
                    }
                    d = nesterov ? Math.fma(mu, b[i], g) : b[i];              // (6) g + μb, or b
                }
                theta[i] = Math.fma(-lr, d, theta[i]);                        // (7) θ ← θ − γd
                probe.put("g", g).put("b", mu != 0 ? b[i] : Double.NaN).put("d", d).put("theta", theta[i]);
            }
        };
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), μ (momentum), τ (dampening), λ (weight decay), nesterov, maximize
            state: b (momentum_buffer), absent until the first step with momentum
            for every parameter θ whose gradient is not null:
              (1) g ← ∇θ f(θ)                      if maximize: g ← −g
              (2) if λ ≠ 0: g ← g + λθ            coupled weight decay: the L2 penalty's gradient
              (3) d ← g                            the step direction, without momentum
                  if μ ≠ 0:
              (4)     if b is absent: b ← g        first step: no dampening
              (5)     else:           b ← μb + (1 − τ)g
              (6)     d ← g + μb if nesterov, else d ← b
              (7) θ ← θ − γd
            """;
}
