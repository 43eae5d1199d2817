package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;

/**
 * Scales the base rate by a factor that moves linearly from {@code startFactor} to {@code endFactor}
 * over {@code totalIters} steps, then stays; with startFactor &lt; 1 and endFactor = 1 this is the usual
 * linear warm-up:
 * <pre>
 * ηₜ = η₀ · (s + (e − s) · min(t, T) / T)        s = startFactor, e = endFactor, T = totalIters
 * </pre>
 * Computed in PyTorch's chainable form: η₀·s at t = 0, then for 1 ≤ t ≤ T
 * <pre>
 * ηₜ = ηₜ₋₁ · (1 + (e − s) / (T·s + (t − 1)·(e − s)))
 * </pre>
 */
public final class LinearLR extends EpochScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5. */
    public LinearLR(Optimizer<?> optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    public LinearLR(Optimizer<?> optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("Invalid startFactor: " + startFactor + " (must be in (0, 1])");
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("Invalid endFactor: " + endFactor + " (must be in [0, 1])");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = atLeast("totalIters", totalIters, 1);
        initialStep();
    }

    @Override
    double[] chainedLrs() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) {
            for (int i = 0; i < lr.length; i++) {
                lr[i] = lr[i] * startFactor;
            }
            return lr;
        }
        if (lastEpoch > totalIters) {
            return lr;
        }
        double factor = 1.0 + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
        for (int i = 0; i < lr.length; i++) {
            lr[i] = lr[i] * factor;
        }
        return lr;
    }

    @Override
    double[] closedFormLrs() {
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) {
            lr[i] = baseLrs[i] * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters);
        }
        return lr;
    }
}
