package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * softplus(−x) = log(1 + e^(−x)) = −log σ(x), the term of {@link BCEWithLogitsLoss} that needs care, as one op.
 * <pre>
 *   forward   softplus(−x) = log1p(e^(−|x|)) + max(−x, 0)      (never exponentiates a positive number)
 *   backward  ∂/∂x = −σ(−x) = σ(x) − 1                          (−½ at x = 0)
 * </pre>
 * As one op because the stable forward is built from |x| and max(−x, 0), whose derivatives at 0 are
 * conventions (0 for both), and composed they would give ∂/∂x = 0 at x = 0 instead of −½: the loss's gradient
 * would be 1 − y there, where PyTorch (and calculus) have σ(0) − y = ½ − y. The backward is written with tensor
 * ops, so second derivatives work. Arithmetic in double, output in the input's dtype.
 */
final class SoftplusNeg {
    private SoftplusNeg() {
    }

    static Tensor apply(Tensor x) {
        double[] v = x.toDoubleArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log1p(Math.exp(-Math.abs(v[i]))) + Math.max(-v[i], 0);
        }
        Tensor y = Tensor.of(out, x.dtype(), x.shape());
        return Autograd.record("softplusNeg", y, List.of(x), Edge.of(x, g -> g.mul(x.sigmoid().sub(1))));
    }
}
