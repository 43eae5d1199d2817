package dev.jgrad.examples.mnist;

/**
 * Passes every event on to another listener and remembers the last step that finished, so that an
 * error thrown inside a step (anomaly detection's) can name the epoch and the step it happened in.
 */
final class StepTracker implements TrainingListener {
    private TrainingListener inner = TrainingListener.NONE;
    private int epoch;
    private int lastStep;

    /** Forwards to {@code listener} from now on; returns this. */
    StepTracker around(TrainingListener listener) {
        inner = listener;
        return this;
    }

    @Override
    public void epochStarted(int epoch, int steps, int samples) {
        this.epoch = epoch;
        lastStep = 0;
        inner.epochStarted(epoch, steps, samples);
    }

    @Override
    public void stepLoss(int epoch, int step, double loss) {
        inner.stepLoss(epoch, step, loss);
    }

    @Override
    public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss, long elapsedNanos) {
        lastStep = step;
        inner.stepFinished(epoch, step, steps, samplesSoFar, runningLoss, elapsedNanos);
    }

    @Override
    public void epochFinished(EpochMetrics metrics) {
        inner.epochFinished(metrics);
    }

    /** "epoch 3, step 17": where the step now running is. */
    String current() {
        return "epoch " + epoch + ", step " + (lastStep + 1);
    }
}
