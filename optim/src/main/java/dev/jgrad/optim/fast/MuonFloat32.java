package dev.jgrad.optim.fast;

import dev.jgrad.optim.Optimizer.FloatLoop;
import dev.jgrad.optim.Probe;
import dev.jgrad.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * Muon's steps for a float32 parameter, kept apart from the float64 reference loop in {@link dev.jgrad.optim.Muon}:
 * the same lines with a float32 momentum buffer and every result rounded to float, the Newton–Schulz iteration run
 * on a float32 tensor (PyTorch computes in the parameter's dtype).
 */
public final class MuonFloat32 {
    private MuonFloat32() {}

    /** The singular values of an n × p row-major matrix, ascending (for the trace). */
    @FunctionalInterface
    public interface SingularValues {
        double[] of(double[] matrix, int n, int p);
    }

    /**
     * The loop over one n × p parameter.
     *
     * @param mu            μ
     * @param nesterov      whether (2) looks ahead
     * @param shrink        1 − γλ, line (7)
     * @param step          −γ′, line (8)
     * @param b             momentum_buffer, updated in place
     * @param orthogonalise lines (3)–(5) on an n × p tensor
     */
    public static FloatLoop loop(int n, int p, float mu, boolean nesterov, float shrink, float step, float[] b,
                                 UnaryOperator<Tensor> orthogonalise, SingularValues singularValues, Probe probe) {
        return (theta, thetaOff, grad, gradOff, from, to) -> {
            float[] u = new float[n * p];
            for (int i = 0; i < n * p; i++) {
                float g = grad[gradOff + i];
                b[i] = Math.fma(1 - mu, g - b[i], b[i]);                           // (1)
                u[i] = nesterov ? Math.fma(mu - 1, b[i] - g, b[i]) : b[i];          // (2)
            }
            float[] orth = orthogonalise.apply(Tensor.of(u, n, p)).toFloatArray(); // (3)–(5)
            if (!probe.off()) {
                double[] sv = singularValues.of(Tensor.of(orth, n, p).toDoubleArray(), n, p);
                probe.put("o_sigma_min", sv[0]).put("o_sigma_max", sv[sv.length - 1]);
            }
            for (int i = 0; i < n * p; i++) {
                int k = thetaOff + i;
                theta[k] = theta[k] * shrink;                                      // (7)
                theta[k] = Math.fma(step, orth[i], theta[k]);                      // (8)
            }
        };
    }
}
