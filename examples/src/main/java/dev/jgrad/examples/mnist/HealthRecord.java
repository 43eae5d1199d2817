package dev.jgrad.examples.mnist;

import java.util.List;

/**
 * What {@code mnist --health} saw at one training step: one line of the health log.
 *
 * @param step        the optimizer step, counted from 1 over the whole run (epoch 2 starts after epoch 1's steps)
 * @param epoch       the epoch it belongs to (1-based)
 * @param loss        the step's mini-batch loss (NaN if it diverged)
 * @param lr          the learning rate of the first parameter group during the step
 * @param params      one entry per parameter, by state-dict key, in the model's order
 * @param activations one entry per ReLU-family activation layer, by module path
 */
public record HealthRecord(long step, int epoch, double loss, double lr, List<Param> params,
                           List<Activation> activations) {
    /** Copies the lists. */
    public HealthRecord {
        params = List.copyOf(params);
        activations = List.copyOf(activations);
    }

    /**
     * One parameter at one step.
     *
     * @param name          state-dict key, e.g. {@code 0.weight}
     * @param gradNorm      ‖g‖₂ of the gradient the step used (NaN if the parameter had none)
     * @param weightNorm    ‖θ‖₂ after the step
     * @param updateRatio   ‖θ_after − θ_before‖₂ / ‖θ_before‖₂ (infinite if θ_before was 0)
     * @param effectiveStep quantiles of γ/(√v̂ + ε) over the coordinates, or null if the optimizer keeps no
     *                      {@code exp_avg_sq}
     */
    public record Param(String name, double gradNorm, double weightNorm, double updateRatio,
                        Quantiles effectiveStep) {
    }

    /**
     * One activation layer at one step.
     *
     * @param name         the module's path, e.g. {@code 1}
     * @param type         its class, e.g. {@code ReLU}
     * @param deadFraction the fraction of its units whose input was ≤ 0 for every sample of the batch
     */
    public record Activation(String name, String type, double deadFraction) {
    }

    /** min, 5 %, 50 %, 95 % and max of a set of numbers (linear interpolation between order statistics). */
    public record Quantiles(double min, double p5, double p50, double p95, double max) {
        /** The quantiles of {@code values}, which this sorts in place; all NaN if it is empty. */
        public static Quantiles of(double[] values) {
            if (values.length == 0) {
                return new Quantiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            java.util.Arrays.sort(values);
            return new Quantiles(values[0], at(values, 0.05), at(values, 0.5), at(values, 0.95),
                    values[values.length - 1]);
        }

        /** numpy's default ("linear") quantile of sorted values: position q·(n − 1), interpolated. */
        static double at(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
