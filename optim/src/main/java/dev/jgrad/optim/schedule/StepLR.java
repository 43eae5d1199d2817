package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;

/**
 * Multiplies the learning rate by γ every {@code stepSize} steps:
 * <pre>
 * ηₜ = η₀ · γ^⌊t / stepSize⌋
 * </pre>
 * computed in chainable form: ηₜ = ηₜ₋₁·γ when t is a positive multiple of stepSize, else ηₜ₋₁.
 */
public final class StepLR extends EpochScheduler {
    private final int stepSize;
    private final double gamma;

    /** PyTorch's default γ is 0.1. */
    public StepLR(Optimizer<?> optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    public StepLR(Optimizer<?> optimizer, int stepSize, double gamma) {
        super(optimizer);
        this.stepSize = atLeast("stepSize", stepSize, 1);
        this.gamma = nonNegative("gamma", gamma);
        initialStep();
    }

    @Override
    double[] chainedLrs() {
        double[] lr = groupLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
            return lr;
        }
        for (int i = 0; i < lr.length; i++) {
            lr[i] = lr[i] * gamma;
        }
        return lr;
    }

    @Override
    double[] closedFormLrs() {
        double[] lr = baseLrs.clone();
        for (int i = 0; i < lr.length; i++) {
            lr[i] = lr[i] * Math.pow(gamma, lastEpoch / stepSize);
        }
        return lr;
    }
}
