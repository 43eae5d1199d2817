package dev.jgrad.cli.mnist;

import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.TrainingListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress within an epoch: a progress bar on the terminal's standard error (steps, running loss,
 * samples/s, ETA), or, when output is not a terminal, a plain line at most every
 * {@link #PLAIN_INTERVAL_NANOS}, so logs of long epochs show life without filling up.
 */
abstract class Progress implements TrainingListener, AutoCloseable {
    /** Ten seconds between plain progress lines. */
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

    /** A bar if {@code terminal}, else plain lines on {@code err}. */
    static Progress create(boolean terminal, int totalEpochs, PrintWriter err) {
        return terminal ? new Bar(totalEpochs) : new Plain(totalEpochs, err);
    }

    /** Nothing at all, for {@code --no-progress}. */
    static Progress none() {
        return new Progress() { };
    }

    @Override
    public void close() {
    }

    static String eta(long elapsedNanos, int step, int steps) {
        long seconds = Math.round(elapsedNanos / 1e9 / step * (steps - step));
        return seconds >= 60 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60) : seconds + " s";
    }

    static double samplesPerSecond(int samples, long elapsedNanos) {
        return elapsedNanos == 0 ? 0 : samples / (elapsedNanos / 1e9);
    }

    private static final class Bar extends Progress {
        private final int totalEpochs;
        private ProgressBar bar;
        private long lastMessage;

        Bar(int totalEpochs) {
            this.totalEpochs = totalEpochs;
        }

        @Override
        public void epochStarted(int epoch, int steps, int samples) {
            close();
            bar = new ProgressBarBuilder()
                    .setTaskName("Epoch " + epoch + "/" + totalEpochs)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .clearDisplayOnFinish()
                    .build();
            lastMessage = 0;
        }

        @Override
        public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                                 long elapsedNanos) {
            bar.stepTo(step);
            if (elapsedNanos - lastMessage > 200_000_000L || step == steps) {
                lastMessage = elapsedNanos;
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %.0f samples/s", runningLoss,
                        samplesPerSecond(samplesSoFar, elapsedNanos)));
            }
        }

        @Override
        public void epochFinished(EpochMetrics metrics) {
            close();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    private static final class Plain extends Progress {
        private final int totalEpochs;
        private final PrintWriter err;
        private long lastLine;

        Plain(int totalEpochs, PrintWriter err) {
            this.totalEpochs = totalEpochs;
            this.err = err;
        }

        @Override
        public void epochStarted(int epoch, int steps, int samples) {
            lastLine = 0;
        }

        @Override
        public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                                 long elapsedNanos) {
            if (step < steps && elapsedNanos - lastLine >= PLAIN_INTERVAL_NANOS) {
                lastLine = elapsedNanos;
                err.printf(Locale.ROOT, "  epoch %d/%d: step %d/%d, loss %.4f, %.0f samples/s, ETA %s%n", epoch,
                        totalEpochs, step, steps, runningLoss, samplesPerSecond(samplesSoFar, elapsedNanos),
                        eta(elapsedNanos, step, steps));
                err.flush();
            }
        }
    }
}
