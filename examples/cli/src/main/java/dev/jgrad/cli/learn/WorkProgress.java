package dev.jgrad.cli.learn;

import dev.jgrad.learn.train.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows that a long learning-tool command is working: a line on standard error at most every
 * {@link #intervalNanos} (10 s), with how far it is and how long it has left, as the mnist command's
 * plain progress does. Steps may be counted from several threads (race and wd-sweep train runs in
 * parallel). A command shorter than the interval prints nothing.
 */
final class WorkProgress {
    /** Time between lines; tests shorten it. */
    static volatile long intervalNanos = 10_000_000_000L;

    private final PrintWriter err;
    private final String task;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long last = start;

    /**
     * @param task  the command, e.g. "lr-find"
     * @param total the steps the whole command takes
     * @param unit  what a step is, e.g. "steps"
     */
    WorkProgress(PrintWriter err, String task, long total, String unit) {
        this.err = err;
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    /** Training steps of {@code runs} runs of {@code epochs} epochs over {@code images} in batches of {@code batch}. */
    static long steps(long runs, int epochs, int images, int batch) {
        int b = Math.max(1, Math.min(batch, images));
        return runs * epochs * ((images + (long) b - 1) / b);
    }

    /** Counts every training step a {@link dev.jgrad.learn.train.Trainer} takes. */
    TrainingListener steps() {
        return new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                                     long elapsedNanos) {
                step();
            }
        };
    }

    /** One more step done; prints a line if the last one is {@link #intervalNanos} old. */
    void step() {
        long count = done.incrementAndGet();
        long now = System.nanoTime();
        synchronized (this) {
            if (count >= total || now - last < intervalNanos) {
                return;
            }
            last = now;
            long left = Math.round((now - start) / 1e9 / count * (total - count));
            err.printf(Locale.ROOT, "  %s: %,d of %,d %s (%.0f%%), about %s left%n", task, count, total, unit,
                    100.0 * count / total, left >= 60 ? left / 60 + " min " + left % 60 + " s" : left + " s");
            err.flush();
        }
    }
}
