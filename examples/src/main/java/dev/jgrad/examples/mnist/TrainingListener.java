package dev.jgrad.examples.mnist;

/**
 * Hears what {@link Trainer} does, for progress bars, logs and benchmarks. Every method has an
 * empty default; calls come from the training thread, between steps, so they must be quick.
 */
public interface TrainingListener {
    /** Hears nothing. */
    TrainingListener NONE = new TrainingListener() { };

    /** Epoch {@code epoch} (1-based) is about to run {@code steps} steps over {@code samples} images. */
    default void epochStarted(int epoch, int steps, int samples) {
    }

    /**
     * Step {@code step} (1-based) of {@code steps} finished.
     *
     * @param samplesSoFar training images seen so far in this epoch
     * @param runningLoss mean mini-batch loss of the epoch so far
     * @param elapsedNanos time since the epoch started
     */
    default void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                              long elapsedNanos) {
    }

    /** The epoch's training and evaluation are done (and the schedule has stepped). */
    default void epochFinished(EpochMetrics metrics) {
    }
}
