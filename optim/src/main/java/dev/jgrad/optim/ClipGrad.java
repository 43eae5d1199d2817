package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: called
 * between {@code backward()} and {@code step()}, it rewrites the gradients in place. Parameters without
 * a gradient are ignored.
 */
public final class ClipGrad {
    /** Added to the norm so an all-zero gradient does not divide by zero (PyTorch's constant). */
    static final double NORM_EPS = 1e-6;

    private ClipGrad() {}

    /** {@link #byNorm(Iterable, double, NormType, NonFinite)} with the L2 norm, ignoring non-finite norms. */
    public static double byNorm(Iterable<Tensor> params, double maxNorm) {
        return byNorm(params, maxNorm, NormType.L2, NonFinite.IGNORE);
    }

    /**
     * Rescales all gradients together so that their combined norm is at most {@code maxNorm}:
     * <pre>
     * (1) n ← ‖(‖g₁‖ₚ, ‖g₂‖ₚ, …)‖ₚ          the norm of all gradients as one vector
     * (2) c ← min(1, maxNorm / (n + 1e-6))
     * (3) gᵢ ← c·gᵢ for every gradient
     * </pre>
     * The direction of the combined gradient is kept; only its length is capped.
     *
     * @return the total norm n before clipping (0 if no parameter has a gradient)
     * @throws ArithmeticException if n is NaN or infinite and {@code nonFinite} is {@link NonFinite#ERROR}
     */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public static double byNorm(Iterable<Tensor> params, double maxNorm, NormType type, NonFinite nonFinite) {
        Check.nonNegative("maxNorm", maxNorm);
        List<Tensor> grads = gradients(params);
        if (grads.isEmpty()) {
            return 0;
        }
        double p = type.p();
        double[] norms = new double[grads.size()];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = norm(grads.get(k).toDoubleArray(), p);
        }
        double total = norm(norms, p);                                    // (1)
        if (nonFinite == NonFinite.ERROR && !Double.isFinite(total)) {
            throw new ArithmeticException("The total norm of order " + type + " for gradients is non-finite (" + total
                    + "), so it cannot be clipped; use NonFinite.IGNORE to scale the gradients by it anyway");
        }
        double coef = Math.min(maxNorm / (total + NORM_EPS), 1.0);        // (2)
        if (coef != 1.0) {                                                // multiplying by exactly 1 changes nothing
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor g : grads) {
                    g.mulInPlace(coef);                                   // (3)
                }
            }
        }
        return total;
    }

    /** Clamps every gradient element into [−clip, clip] (element-wise, so the direction may change). */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public static void byValue(Iterable<Tensor> params, double clip) {
        Check.nonNegative("clip value", clip);
        try (var noGrad = Autograd.noGrad()) {
            for (Tensor g : gradients(params)) {
                double[] v = g.toDoubleArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.min(Math.max(v[i], -clip), clip);
                }
                g.copyFrom(v);
            }
        }
    }

    private static List<Tensor> gradients(Iterable<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                out.add(p.grad());
            }
        }
        return out;
    }

    /** ‖x‖ₚ; NaN anywhere gives NaN, as in PyTorch. */
    static double norm(double[] x, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double max = 0;
            for (double v : x) {
                max = Math.max(max, Math.abs(v));                // Math.max propagates NaN
            }
            return max;
        }
        double sum = 0;
        if (p == 2) {
            for (double v : x) {
                sum += v * v;
            }
            return Math.sqrt(sum);
        }
        for (double v : x) {
            sum += Math.pow(Math.abs(v), p);
        }
        return Math.pow(sum, 1 / p);
    }
}
