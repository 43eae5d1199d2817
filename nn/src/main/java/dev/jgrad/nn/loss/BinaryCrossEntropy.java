package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * {@link BCELoss}'s per-element loss as one op, with PyTorch 1.13's forward and backward (ATen's
 * {@code binary_cross_entropy} and its backward), so the gradient is PyTorch's also where the logs are clamped:
 * <pre>
 *   forward   ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)]
 *   ∂ℓ/∂p     = (p − y) / max(p·(1 − p), ε)        ε = 1e-12 as a float (9.99999996e-13), PyTorch's EPSILON
 *   ∂ℓ/∂y     = log(1 − p) − log p                 not clamped: ±∞ at p = 0 or 1, as PyTorch
 * </pre>
 * At p = 0 with y = 1 the loss is 100 and ∂ℓ/∂p = −1/ε ≈ −1.0e12 (finite, where the clamped logs' own
 * derivatives would give 0·∞ = NaN). Inside (0, 1) ∂ℓ/∂p is the derivative of the forward, except where
 * p·(1 − p) &lt; ε. Both gradients are written with tensor ops, so second derivatives work.
 */
final class BinaryCrossEntropy {
    private static final double LOG_FLOOR = -100;
    /** PyTorch's {@code EPSILON}, a {@code float} 1e-12 in ATen's Loss.cpp. */
    static final double EPSILON = 1e-12f;

    private BinaryCrossEntropy() {
    }

    static Tensor apply(Tensor p, Tensor y) {
        double[] pv = p.toDoubleArray();
        double[] yv = y.toDoubleArray();
        double[] out = new double[pv.length];
        for (int i = 0; i < pv.length; i++) {
            double logP = Math.max(Math.log(pv[i]), LOG_FLOOR);
            double log1mP = Math.max(Math.log(1 - pv[i]), LOG_FLOOR);
            out[i] = -(yv[i] * logP + (1 - yv[i]) * log1mP);
        }
        Tensor loss = Tensor.of(out, p.dtype(), p.shape());
        return Autograd.record("binaryCrossEntropy", loss, List.of(p, y),
                Edge.of(p, g -> g.mul(p.sub(y).div(p.mul(p.neg().add(1)).maximum(
                        Tensor.scalar(EPSILON, p.dtype()))))),
                Edge.of(y, g -> g.mul(p.neg().add(1).log().sub(p.log()))));
    }
}
