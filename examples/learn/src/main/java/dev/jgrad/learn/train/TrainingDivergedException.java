package dev.jgrad.learn.train;

/**
 * Training produced a non-finite loss (NaN or infinity) or non-finite weights: the run cannot
 * recover, so {@link Trainer} stops at once. The CLI prints the message as one line and exits with
 * 4; a checkpoint on disk still holds the last epoch that ended with finite weights.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final EpochMetrics measured;
    private final int step;

    /**
     * @param epoch the 1-based epoch that diverged
     * @param step the 1-based step whose loss was not finite ({@code steps} when the weights were
     *     found non-finite after the epoch)
     * @param steps steps per epoch
     * @param what what was not finite, e.g. "the loss is NaN"
     * @param trainSeconds training time of the epoch until the step
     * @param learningRate the learning rate of the epoch
     */
    public TrainingDivergedException(int epoch, int step, int steps, String what, double trainSeconds,
                                     double learningRate) {
        this("training diverged at epoch " + epoch + ", step " + step + " of " + steps + ": " + what,
                new EpochMetrics(epoch, Double.NaN, Double.NaN, Double.NaN, trainSeconds, Double.NaN, learningRate),
                step);
    }

    private TrainingDivergedException(String message, EpochMetrics measured, int step) {
        super(message);
        this.measured = measured;
        this.step = step;
    }

    /** The same failure with {@code hint} appended to the message. */
    public TrainingDivergedException withHint(String hint) {
        TrainingDivergedException e = new TrainingDivergedException(getMessage() + "; " + hint, measured, step);
        e.initCause(this);
        return e;
    }

    /** The 1-based epoch that diverged. */
    public int epoch() {
        return measured.epoch();
    }

    /** The 1-based step of {@link #epoch()} at which it was noticed. */
    public int step() {
        return step;
    }

    /**
     * What the epoch measured before it diverged: its training time until then and its learning rate. The losses,
     * the accuracy and the speed, which it never reached, are NaN ({@link MetricsFile} writes them as null).
     */
    public EpochMetrics measured() {
        return measured;
    }
}
