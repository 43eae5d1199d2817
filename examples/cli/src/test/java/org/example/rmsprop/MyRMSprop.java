package org.example.rmsprop;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.Probe;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * RMSprop (Hinton, 2012) as {@code torch.optim.RMSprop} without momentum or centering.
 *
 * <pre>
 * input: γ (lr), α (alpha), ε (eps), λ (weight decay)
 * state: t ← 0 (step), v ← 0 (square_avg)
 *
 * for every parameter θ whose gradient is not null:
 *   (0) t ← t + 1
 *   (1) g ← ∇θ f(θ) + λθ
 *   (2) v ← αv + (1 − α)g²
 *   (3) θ ← θ − γ·g / (√v + ε)
 * </pre>
 */
public final class MyRMSprop extends Optimizer<MyRMSprop.Options> {

    /** PyTorch's keyword arguments, in camelCase: lr, alpha, eps, weight_decay. */
    public record Options(double lr, double alpha, double eps, double weightDecay) implements OptimizerOptions<Options> {
        public static final Options DEFAULTS = new Options(0.01, 0.99, 1e-8, 0);
    }

    public MyRMSprop(Options defaults, List<ParamGroup<Options>> groups) {
        super("MyRMSprop", defaults, groups);
    }

    public MyRMSprop(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    @Override
    protected void initState(ParamState state, Options options) {
        state.set("step", 0).zeros("square_avg");
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        double lr = o.lr(), alpha = o.alpha(), eps = o.eps(), lambda = o.weightDecay();
        state.increment("step");                                        // (0) t ← t + 1
        double[] v = state.f64("square_avg");
        return (theta, grad, from, to) -> {
            for (int i = from; i < to; i++) {
                double g = Math.fma(lambda, theta[i], grad[i]);         // (1) g ← ∇θ f(θ) + λθ
                v[i] = Math.fma((1 - alpha) * g, g, alpha * v[i]);      // (2) v ← αv + (1 − α)g²
                theta[i] = theta[i] - lr * g / (Math.sqrt(v[i]) + eps); // (3) θ ← θ − γ·g / (√v + ε)
                probe.put("g", g).put("v", v[i]).put("theta", theta[i]);
            }
        };
    }
}
