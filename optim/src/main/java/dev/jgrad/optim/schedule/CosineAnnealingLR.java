package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;

/**
 * Cosine annealing from the base rate η₀ down to η_min over T_max steps (SGDR without restarts,
 * Loshchilov &amp; Hutter 2017):
 * <pre>
 * ηₜ = η_min + (η₀ − η_min) · (1 + cos(π·t / T_max)) / 2
 * </pre>
 * Past T_max the cosine simply continues, so the rate climbs back to η₀ at 2·T_max, as in PyTorch.
 * Computed in PyTorch's chainable form:
 * <pre>
 * ηₜ = η_min + (ηₜ₋₁ − η_min) · (1 + cos(π·t/T_max)) / (1 + cos(π·(t−1)/T_max))
 * </pre>
 * except where the denominator is 0 (t − 1 an odd multiple of T_max), where it adds
 * (η₀ − η_min)·(1 − cos(π/T_max))/2 instead.
 */
public final class CosineAnnealingLR extends EpochScheduler {
    private final int tMax;
    private final double etaMin;

    /** η_min = 0. */
    public CosineAnnealingLR(Optimizer<?> optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    public CosineAnnealingLR(Optimizer<?> optimizer, int tMax, double etaMin) {
        super(optimizer);
        this.tMax = atLeast("tMax", tMax, 1);
        this.etaMin = nonNegative("etaMin", etaMin);
        initialStep();
    }

    @Override
    double[] chainedLrs() {
        double[] lr = groupLrs();
        if (lastEpoch == 0) {
            return lr;
        }
        if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lr.length; i++) {
                lr[i] = lr[i] + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            }
            return lr;
        }
        for (int i = 0; i < lr.length; i++) {
            lr[i] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                    * (lr[i] - etaMin) + etaMin;
        }
        return lr;
    }

    @Override
    double[] closedFormLrs() {
        double[] lr = new double[baseLrs.length];
        for (int i = 0; i < lr.length; i++) {
            lr[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
        }
        return lr;
    }
}
