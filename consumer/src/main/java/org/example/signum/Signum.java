package org.example.signum;

import dev.jgrad.optim.Check;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.Probe;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Signum (Bernstein et al., "signSGD: Compressed Optimisation for Non-Convex Problems", ICML 2018, Algorithm 3):
 * SGD that steps by the sign of its momentum, so every coordinate moves by exactly γ. A user's optimizer, in its
 * own package and jar, that joins jgrad's tools through {@link SignumProvider}.
 *
 * <pre>
 * input: γ (lr), β (momentum), λ (weight decay)
 * state: m ← 0 (momentum_buffer)
 *
 * for every parameter θ whose gradient is not null:
 *   (1) g ← ∇θ f(θ)
 *   (2) if λ ≠ 0: g ← g + λθ            coupled weight decay
 *   (3) m ← βm + (1 − β)g                momentum, as an average of gradients
 *   (4) θ ← θ − γ·sign(m)
 * </pre>
 */
public final class Signum extends Optimizer<Signum.Options> {

    /** The box above as text, for {@code jgrad explain}. */
    static final String BOX = """
            input: γ (lr), β (momentum), λ (weight decay)
            state: m ← 0 (momentum_buffer)
            for every parameter θ whose gradient is not null:
              (1) g ← ∇θ f(θ)
              (2) if λ ≠ 0: g ← g + λθ            coupled weight decay
              (3) m ← βm + (1 − β)g                momentum, as an average of gradients
              (4) θ ← θ − γ·sign(m)
            """;

    /**
     * Signum's hyper-parameters.
     *
     * @param lr          γ (default 1e-4)
     * @param momentum    β (default 0.9)
     * @param weightDecay λ (default 0)
     */
    public record Options(double lr, double momentum, double weightDecay) implements OptimizerOptions<Options> {
        /** The paper's defaults for its ImageNet runs: lr 1e-4, momentum 0.9, no decay. */
        public static final Options DEFAULTS = new Options(1e-4, 0.9, 0);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.unitInterval("momentum value", momentum);
            Check.nonNegative("weight_decay value", weightDecay);
        }
    }

    public Signum(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Signum(Options defaults, List<ParamGroup<Options>> groups) {
        super("Signum", defaults, groups);
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.zeros("momentum_buffer");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), beta = o.momentum(), lambda = o.weightDecay();
        double[] m = state.f64("momentum_buffer");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];                                           // (1)
                if (lambda != 0) {
                    g = g + lambda * theta[i];                                // (2)
                }
                m[i] = beta * m[i] + (1 - beta) * g;                          // (3)
                theta[i] = theta[i] - lr * Math.signum(m[i]);                 // (4)
                probe.put("g", g).put("m", m[i]).put("theta", theta[i]);
            }
        };
    }
}
