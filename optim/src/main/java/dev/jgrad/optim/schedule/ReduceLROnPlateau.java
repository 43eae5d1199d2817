package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts the learning rate when a metric stops improving, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau}.
 * Call {@link #step(double)} with the metric (e.g. validation loss) once per epoch:
 * <pre>
 * (1) if metric is better than best (see below): best ← metric, bad ← 0;  else bad ← bad + 1
 * (2) if in cooldown (cooldown counter &gt; 0): counter ← counter − 1, bad ← 0
 * (3) if bad &gt; patience: η ← max(η·factor, minLr) for every group (skipped if the change is ≤ eps),
 *                          counter ← cooldown, bad ← 0
 * </pre>
 * "Better" in mode MIN with threshold mode REL means metric &lt; best·(1 − threshold); ABS means
 * metric &lt; best − threshold; mode MAX mirrors both. The first metric is always better (best starts at ±∞).
 */
public final class ReduceLROnPlateau implements LrScheduler<ReduceLROnPlateau.State> {

    /** Whether a lower ({@code MIN}, e.g. a loss) or higher ({@code MAX}, e.g. accuracy) metric is better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value ({@code REL}) or absolute ({@code ABS}). */
    public enum ThresholdMode { REL, ABS }

    /**
     * Settings, with PyTorch's defaults from {@link #defaults()}.
     *
     * @param mode          MIN (default) or MAX
     * @param factor        η ← η·factor on a plateau (0.1); must be in [0, 1)
     * @param patience      epochs without improvement tolerated before cutting (10)
     * @param threshold     how much better counts as better (1e-4)
     * @param thresholdMode REL (default) or ABS
     * @param cooldown      epochs to wait after a cut before counting again (0)
     * @param minLr         lower bound of the learning rate (0)
     * @param eps           cuts smaller than this are skipped (1e-8)
     */
    public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                          int cooldown, double minLr, double eps) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(thresholdMode, "thresholdMode");
            if (!(factor >= 0 && factor < 1)) {
                throw new IllegalArgumentException("Invalid factor: " + factor + " (must be in [0, 1))");
            }
            EpochScheduler.atLeast("patience", patience, 0);
            EpochScheduler.nonNegative("threshold", threshold);
            EpochScheduler.atLeast("cooldown", cooldown, 0);
            EpochScheduler.nonNegative("minLr", minLr);
            EpochScheduler.nonNegative("eps", eps);
        }

        public static Options defaults() {
            return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
        }

        public Options withMode(Mode mode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withFactor(double factor) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withPatience(int patience) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withThreshold(double threshold, ThresholdMode thresholdMode) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withCooldown(int cooldown) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }

        public Options withMinLr(double minLr) {
            return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }

    /**
     * @param lastEpoch       metrics seen
     * @param best            the best metric so far (±Infinity before the first)
     * @param numBadEpochs    epochs since the last improvement
     * @param cooldownCounter epochs of cooldown left
     * @param lastLr          each group's learning rate after the latest step
     */
    public record State(int lastEpoch, double best, int numBadEpochs, int cooldownCounter, double[] lastLr) {}

    private final Optimizer<?> optimizer;
    private final Options options;
    private int lastEpoch;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private double[] lastLr;

    /** With PyTorch's defaults. */
    public ReduceLROnPlateau(Optimizer<?> optimizer) {
        this(optimizer, Options.defaults());
    }

    public ReduceLROnPlateau(Optimizer<?> optimizer, Options options) {
        this.optimizer = optimizer;
        this.options = options;
        this.best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
    }

    /** Records one epoch's metric and cuts the learning rate if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {                                   // (1)
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {                                // (2)
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > options.patience()) {                  // (3)
            for (ParamGroup<?> g : optimizer.paramGroups()) {
                double oldLr = g.lr();
                double newLr = Math.max(oldLr * options.factor(), options.minLr());
                if (oldLr - newLr > options.eps()) {
                    g.setLr(newLr);
                }
            }
            cooldownCounter = options.cooldown();
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    private boolean isBetter(double a) {
        double t = options.threshold();
        boolean rel = options.thresholdMode() == ThresholdMode.REL;
        if (options.mode() == Mode.MIN) {
            return rel ? a < best * (1.0 - t) : a < best - t;
        }
        return rel ? a > best * (t + 1.0) : a > best + t;
    }

    private double[] currentLrs() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    @Override
    public List<Double> getLastLr() {
        return Arrays.stream(lastLr).boxed().toList();
    }

    @Override
    public State stateDict() {
        return new State(lastEpoch, best, numBadEpochs, cooldownCounter, lastLr.clone());
    }

    @Override
    public void loadStateDict(State state) {
        if (state.lastLr().length != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("the saved ReduceLROnPlateau has " + state.lastLr().length
                    + " parameter groups, this one has " + optimizer.paramGroups().size());
        }
        lastEpoch = state.lastEpoch();
        best = state.best();
        numBadEpochs = state.numBadEpochs();
        cooldownCounter = state.cooldownCounter();
        lastLr = state.lastLr().clone();
    }
}
