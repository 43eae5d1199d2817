package dev.jgrad.learn;

import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;

/**
 * Times a race run to its target test accuracy: checks the test split every {@link #CHECK_STEPS} steps, and after
 * every epoch, until the run first reaches the target, then stops checking. A check evaluates at the current
 * weights (Schedule-Free's x) without recording gradients or drawing random numbers, so the run trains exactly as
 * it would unchecked. The seconds it reports are training time only: the checks' own time is left out, of the time
 * to target and of the epoch's seconds.
 */
final class TargetWatch implements TrainingListener {
    /**
     * Steps between checks: on the bundled 8 000 digits in batches of 64, five checks an epoch (1 600 digits apart).
     * Checking stops at the target, so a run that reaches it early pays for few.
     */
    static final int CHECK_STEPS = 25;

    private final Trainer trainer;
    private final double target;
    private long stepsBefore;        // steps of the epochs before this one
    private long trainedBefore;      // training nanoseconds of the epochs before this one
    private long epochTrained;       // training nanoseconds of this epoch so far
    private long epochChecks;        // nanoseconds this epoch spent in checks
    private int epochSteps;
    private Race.Reached reached;

    /** Watches {@code trainer} for {@code target} (a fraction of the test images; NaN: watch nothing). */
    TargetWatch(Trainer trainer, double target) {
        this.trainer = trainer;
        this.target = target;
    }

    @Override
    public void epochStarted(int epoch, int steps, int samples) {
        stepsBefore += epochSteps;
        trainedBefore += epochTrained;
        epochSteps = steps;
        epochTrained = 0;
        epochChecks = 0;
    }

    @Override
    public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss, long elapsedNanos) {
        epochTrained = elapsedNanos - epochChecks;
        if (watching() && step % CHECK_STEPS == 0 && step < steps) {   // the last step's check is the epoch's own
            long start = System.nanoTime();
            double accuracy = trainer.evaluate(trainer.data().test()).accuracy();
            epochChecks += System.nanoTime() - start;
            seen(accuracy, step);
        }
    }

    @Override
    public void epochFinished(EpochMetrics metrics) {
        if (watching()) {
            seen(metrics.testAccuracy(), epochSteps);
        }
    }

    /** When the run reached the target; null if it has not. */
    Race.Reached reached() {
        return reached;
    }

    /** Nanoseconds the current (or last) epoch spent in checks. */
    long epochCheckNanos() {
        return epochChecks;
    }

    private boolean watching() {
        return reached == null && !Double.isNaN(target);
    }

    private void seen(double accuracyPercent, int step) {
        if (accuracyPercent + 1e-9 >= 100 * target) {
            reached = new Race.Reached(stepsBefore + step, (trainedBefore + epochTrained) / 1e9);
        }
    }
}
