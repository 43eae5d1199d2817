package dev.jgrad.learn.train;

import dev.jgrad.io.AtomicFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code --metrics FILE}: one JSON object per epoch, one per line (JSON Lines), e.g. (wrapped here)
 * <pre>
 * {"epoch":1,"train_loss":0.61,"test_loss":0.33,"test_accuracy":90.15,"train_seconds":4.2,
 *  "samples_per_second":1904.8,"learning_rate":0.001,"diverged":false}
 * </pre>
 * The whole history is rewritten (atomically) after every epoch, so the file is always complete
 * and a resumed run's file also holds the epochs before the resume. Every value is a JSON number
 * or {@code null} (a NaN or infinity, which JSON cannot hold, is written as {@code null}), and
 * {@code diverged} is a boolean: when training diverged, a last line for the epoch that did has
 * {@code "diverged":true}, {@code "step"} (where it was noticed) and null losses and accuracy.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    /** The lines for {@code history}. */
    public static String format(List<EpochMetrics> history) {
        return format(history, null);
    }

    /**
     * The lines for {@code history}, then one for the epoch that diverged (if {@code diverged} is not null): what it
     * {@linkplain TrainingDivergedException#measured measured}, null for what it did not, and the step where it
     * diverged.
     */
    public static String format(List<EpochMetrics> history, TrainingDivergedException diverged) {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : history) {
            JsonLines.append(sb, JsonLines.object(m).put("diverged", false), "epoch metrics");
        }
        if (diverged != null) {
            JsonLines.append(sb, JsonLines.object(diverged.measured()).put("diverged", true)
                    .put("step", diverged.step()), "epoch metrics");
        }
        return sb.toString();
    }

    /**
     * Replaces {@code file} with the lines for {@code history}.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, List<EpochMetrics> history) {
        write(file, history, null);
    }

    /** Replaces {@code file} with the lines for {@code history} and the diverged epoch (may be null). */
    public static void write(Path file, List<EpochMetrics> history, TrainingDivergedException diverged) {
        AtomicFile.replace(file, format(history, diverged).getBytes(StandardCharsets.UTF_8));
    }
}
