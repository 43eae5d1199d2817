package dev.jgrad.nn.loss;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Log-softmax and negative log-likelihood (with label smoothing) as one recorded op; see
 * {@link CrossEntropyLoss} for why. Arithmetic is in double for both dtypes.
 */
final class FusedCrossEntropy {
    private FusedCrossEntropy() {}

    static Tensor apply(Tensor logits, ClassTargets t, Reduction reduction, double smoothing) {
        double[] x = logits.toDoubleArray();
        int c = t.classCount();
        double[] probs = new double[x.length];
        double[] rowLoss = new double[t.rows()];
        for (int i = 0; i < t.rows(); i++) {
            if (t.ignored(i)) continue;
            int o = i * c;
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) m = Math.max(m, x[o + k]);
            double s = 0;
            for (int k = 0; k < c; k++) {
                probs[o + k] = Math.exp(x[o + k] - m);
                s += probs[o + k];
            }
            for (int k = 0; k < c; k++) probs[o + k] /= s;
            double lse = m + Math.log(s);
            double loss = (1 - smoothing) * (lse - x[o + t.classes()[i]]);
            // Skipped at ε = 0 rather than multiplied by 0: a −∞ logit makes the sum infinite and 0·∞ is NaN.
            if (smoothing > 0) {
                double uniform = 0;
                for (int k = 0; k < c; k++) uniform += lse - x[o + k];
                loss += smoothing / c * uniform;
            }
            rowLoss[i] = loss;
        }
        Tensor out = RowReduction.output(rowLoss, t, reduction, logits.dtype());
        return Autograd.record("crossEntropy", out, List.of(), Edge.of(logits, g -> {
            double[] w = RowReduction.rowWeights(g, t, reduction);
            double[] dx = new double[probs.length];
            for (int i = 0; i < t.rows(); i++) {
                if (t.ignored(i)) continue;
                int o = i * c;
                // ∂loss_i/∂x_ik = p_ik − (1 − ε)·[k = y_i] − ε/C: the softmax minus the smoothed one-hot target.
                for (int k = 0; k < c; k++) dx[o + k] = w[i] * (probs[o + k] - smoothing / c);
                dx[o + t.classes()[i]] -= w[i] * (1 - smoothing);
            }
            return Tensor.of(dx, logits.dtype(), logits.shape());
        }));
    }
}
