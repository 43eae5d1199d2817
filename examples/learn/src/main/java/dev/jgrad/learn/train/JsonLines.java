package dev.jgrad.learn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** Writing the training logs' JSON Lines ({@link MetricsFile}, {@link HealthLog}): one object a line. */
final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** {@code v}, or null for a NaN or an infinity, which JSON cannot hold. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Appends {@code line} as one JSON object and a newline.
     *
     * @param what what the line is, for the message if it cannot be written ("cannot write WHAT as JSON")
     */
    static void append(StringBuilder sb, Map<String, Object> line, String what) {
        try {
            sb.append(JSON.writeValueAsString(line)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON", e);
        }
    }
}
