package dev.jgrad.learn.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
        private static final double[] LEVELS = {0, 0.05, 0.5, 0.95, 1};

        /**
         * The quantiles of {@code values}, which this reorders; all NaN if it is empty or holds a NaN. numpy's
         * default ("linear"): the quantile q is at position q·(n − 1) of the sorted values, interpolated between
         * its two neighbours.
         */
        public static Quantiles of(double[] values) {
            int n = values.length;
            for (double v : values) {
                if (Double.isNaN(v)) {
                    n = 0;
                    break;
                }
            }
            if (n == 0) {
                return new Quantiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            // The order statistics needed, ascending; each is selected in what lies above the previous one.
            // Selection instead of a sort: 392 000 values (the 784 × 500 weight) take about 10 ms instead of 25-30 ms
            // (measured on a loaded 2-core machine); the sort dominated a health record.
            TreeSet<Integer> ranks = new TreeSet<>();
            for (double q : LEVELS) {
                int lo = (int) Math.floor(q * (n - 1));
                ranks.add(lo);
                ranks.add(Math.min(lo + 1, n - 1));
            }
            Map<Integer, Double> stat = new HashMap<>();
            int from = 0;
            for (int k : ranks) {
                stat.put(k, select(values, from, n, k));
                from = k + 1;
            }
            double[] out = new double[LEVELS.length];
            for (int i = 0; i < LEVELS.length; i++) {
                double pos = LEVELS[i] * (n - 1);
                int lo = (int) Math.floor(pos);
                double a = stat.get(lo);
                double b = stat.get(Math.min(lo + 1, n - 1));
                out[i] = pos == lo ? a : a + (pos - lo) * (b - a);
            }
            return new Quantiles(out[0], out[1], out[2], out[3], out[4]);
        }

        /**
         * Rearranges {@code a[from, to)} so that {@code a[k]} is the value the sorted range would have there, with
         * nothing larger before it and nothing smaller after it (Hoare's quickselect, median-of-three pivot).
         */
        static double select(double[] a, int from, int to, int k) {
            int lo = from;
            int hi = to - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                double pivot = median(a[lo], a[mid], a[hi]);
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (a[i] < pivot) {
                        i++;
                    }
                    while (a[j] > pivot) {
                        j--;
                    }
                    if (i <= j) {
                        double t = a[i];
                        a[i] = a[j];
                        a[j] = t;
                        i++;
                        j--;
                    }
                }
                if (k <= j) {
                    hi = j;
                } else if (k >= i) {
                    lo = i;
                } else {
                    break; // a[j + 1 .. i − 1] all equal the pivot
                }
            }
            return a[k];
        }

        private static double median(double a, double b, double c) {
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }
}
