package dev.jgrad.learn.train;

import java.util.Objects;

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
     * Step {@code step} (1-based) had mini-batch loss {@code loss} (possibly not finite: the step that
     * diverged is reported too, before training stops). Called right before {@link #stepFinished}.
     */
    default void stepLoss(int epoch, int step, double loss) {
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

    /** Tells {@code first}, then {@code second}, of every event. */
    static TrainingListener both(TrainingListener first, TrainingListener second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        return new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int steps, int samples) {
                first.epochStarted(epoch, steps, samples);
                second.epochStarted(epoch, steps, samples);
            }

            @Override
            public void stepLoss(int epoch, int step, double loss) {
                first.stepLoss(epoch, step, loss);
                second.stepLoss(epoch, step, loss);
            }

            @Override
            public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                                     long elapsedNanos) {
                first.stepFinished(epoch, step, steps, samplesSoFar, runningLoss, elapsedNanos);
                second.stepFinished(epoch, step, steps, samplesSoFar, runningLoss, elapsedNanos);
            }

            @Override
            public void epochFinished(EpochMetrics metrics) {
                first.epochFinished(metrics);
                second.epochFinished(metrics);
            }
        };
    }
}
