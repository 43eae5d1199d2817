package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * GELU in PyTorch's default (exact) form, x·Φ(x) with Φ the standard normal CDF,
 * Φ(x) = ½(1 + erf(x/√2)). ∂/∂x = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
 *
 * <p>A scalar loop (no kernel): erf has no pointwise kernel, and the layer is not on the default
 * MNIST path, so the reference loop is also the only path.
 */
public final class Gelu {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Gelu() {}

    /** x·Φ(x), elementwise; differentiable. */
    public static Tensor gelu(Tensor x) {
        double[] v = x.contiguous().toDoubleArray();
        double[] y = new double[v.length];
        double[] dy = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double cdf = 0.5 * (1 + erf(v[i] * INV_SQRT2));
            y[i] = v[i] * cdf;
            dy[i] = cdf + v[i] * INV_SQRT_2PI * Math.exp(-0.5 * v[i] * v[i]);
        }
        Tensor out = Tensor.of(y, x.dtype(), x.shape());
        Tensor slope = Tensor.of(dy, x.dtype(), x.shape());
        return Autograd.record("gelu", out, List.of(slope), Edge.of(x, g -> g.mul(slope)));
    }

    /**
     * The error function. For |z| &lt; 2.5 the series erf z = (2/√π)·e^(−z²)·Σ 2ⁿz^(2n+1)/(1·3···(2n+1)),
     * whose terms are all positive (no cancellation); beyond, 1 − erfc z with Laplace's continued
     * fraction erfc z = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))), 40 levels (converged to
     * the last bit for z ≥ 2.5, checked against Commons Math in the tests). The series alone loses
     * about ten bits near |z| = 6, where its sum grows like e^(z²).
     */
    public static double erf(double z) {
        if (Double.isNaN(z)) {
            return z;
        }
        double a = Math.abs(z);
        if (a >= 2.5) {
            double t = a;
            for (int n = 40; n >= 1; n--) {
                t = a + 0.5 * n / t;
            }
            return Math.copySign(1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * t), z);
        }
        double term = a;
        double sum = a;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum, z);
    }
}
