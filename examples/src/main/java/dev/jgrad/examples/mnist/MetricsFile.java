package dev.jgrad.examples.mnist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code --metrics FILE}: one JSON object per epoch, one per line (JSON Lines), e.g.
 * <pre>
 * {"epoch":1,"train_loss":0.61,"test_loss":0.33,"test_accuracy":90.15,"train_seconds":4.2,"samples_per_second":1904.8,"learning_rate":0.001}
 * </pre>
 * The whole history is rewritten (atomically) after every epoch, so the file is always complete
 * and a resumed run's file also holds the epochs before the resume.
 */
public final class MetricsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFile() {
    }

    /** The lines for {@code history}. */
    public static String format(List<EpochMetrics> history) {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : history) {
            try {
                sb.append(JSON.writeValueAsString(m)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write epoch metrics as JSON", e);
            }
        }
        return sb.toString();
    }

    /**
     * Replaces {@code file} with the lines for {@code history}.
     *
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, List<EpochMetrics> history) {
        AtomicFile.writeString(file, format(history));
    }
}
