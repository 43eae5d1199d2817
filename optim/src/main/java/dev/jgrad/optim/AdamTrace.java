package dev.jgrad.optim;

/**
 * Sees every element of every Adam or AdamW update (see {@link AdamFamily#trace}); for tools that
 * print the algorithm at work. An optimizer without a trace pays one null check per element.
 */
@FunctionalInterface
public interface AdamTrace {

    void element(Row row);

    /**
     * One element after one step; names follow the algorithm box in {@link AdamFamily}.
     *
     * @param t      the parameter's step count
     * @param g      the gradient after (2) and (3): sign for maximize, plus λθ if coupled
     * @param m      first moment after (4)
     * @param v      second moment after (5) (vMax with AMSGrad)
     * @param mHat   m / (1 − β₁ᵗ), for display (the update folds it into stepSize)
     * @param vHat   v / (1 − β₂ᵗ), for display (the update folds it into denom)
     * @param denom  √v / √(1 − β₂ᵗ) + ε
     * @param decay  what weight decay did: λθ added to g (coupled) or the amount taken off θ (decoupled)
     * @param update stepSize · m / denom, the amount subtracted from θ in (8)
     * @param theta  θ after the step
     */
    record Row(int group, int param, int index, long t, double g, double m, double v, double mHat, double vHat,
               double denom, double decay, double update, double theta) {}
}
