package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;

/**
 * Multiplies the learning rate by γ every step:
 * <pre>
 * ηₜ = η₀ · γᵗ
 * </pre>
 * computed in chainable form: ηₜ = ηₜ₋₁·γ (so 0.1·0.9 is 0.09000000000000001, as in PyTorch).
 */
public final class ExponentialLR extends EpochScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer<?> optimizer, double gamma) {
        super(optimizer);
        this.gamma = nonNegative("gamma", gamma);
        initialStep();
    }

    @Override
    double[] chainedLrs() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) {
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
            lr[i] = lr[i] * Math.pow(gamma, lastEpoch);
        }
        return lr;
    }
}
