package dev.jgrad.optim;

/**
 * What the two Schedule-Free optimizers ({@link AdamWScheduleFree}, {@link SGDScheduleFree}) add to the
 * optimizer contract: two sets of weights, and a switch between them.
 *
 * <p>Schedule-Free keeps three sequences per parameter: z (the base optimizer's iterate), x (the weighted
 * average of the z's: the weights to evaluate and to ship) and y = β·x + (1 − β)·z (an interpolation:
 * where the gradient is taken). During training the parameter holds y; for evaluation it must hold x.
 * Calling {@link #eval()} before measuring test loss or accuracy (or saving weights to ship) and
 * {@link #train()} before the next step is part of the method, as {@code model.eval()} is part of
 * dropout. Forgetting {@link #eval()} measures y, which is a worse model than x; forgetting
 * {@link #train()} makes {@code step()} refuse to run.
 */
public interface ScheduleFree {

    /** Which sequence the parameters hold. */
    enum Mode {
        /** The parameters hold y, where gradients are taken; {@code step()} runs. */
        TRAIN,
        /** The parameters hold x, the average to evaluate; {@code step()} refuses to run. */
        EVAL
    }

    /** Puts y into every parameter that has state (the authors' {@code optimizer.train()}). */
    void train();

    /** Puts x into every parameter that has state (the authors' {@code optimizer.eval()}). */
    void eval();

    /** The current mode; a new optimizer starts in {@link Mode#TRAIN}. */
    Mode mode();
}
