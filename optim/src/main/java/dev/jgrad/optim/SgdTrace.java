package dev.jgrad.optim;

/**
 * Sees every element of every SGD update (see {@link SGD#trace}); for tools that print the algorithm
 * at work. An SGD without a trace pays one null check per element.
 */
@FunctionalInterface
public interface SgdTrace {

    void element(Row row);

    /**
     * One element after one step.
     *
     * @param g     the gradient after (1) and (2): sign for maximize, plus λθ
     * @param b     the momentum buffer after (4)/(5), NaN without momentum
     * @param d     the direction that multiplies γ in (7)
     * @param theta θ after the step
     */
    record Row(int group, int param, int index, double g, double b, double d, double theta) {}
}
