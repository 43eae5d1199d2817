package dev.jgrad.learn.train;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * Writing the training logs' JSON Lines ({@link MetricsFile}, {@link HealthLog}): one object a line. A NaN or an
 * infinity, which JSON cannot hold, is written as {@code null} wherever it stands (a record's component, a map's
 * value), so the writers hand their numbers over as they are.
 */
final class JsonLines {
    private static final FiniteOrNull FINITE_OR_NULL = new FiniteOrNull();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new SimpleModule("finite-or-null")
            .addSerializer(Double.class, FINITE_OR_NULL).addSerializer(double.class, FINITE_OR_NULL));

    private JsonLines() {
    }

    /** {@code value} (a record, a map) as a JSON object, to add fields to. */
    static ObjectNode object(Object value) {
        return JSON.valueToTree(value);
    }

    /**
     * Appends {@code line} as one JSON object and a newline.
     *
     * @param what what the line is, for the message if it cannot be written ("cannot write WHAT as JSON")
     */
    static void append(StringBuilder sb, Object line, String what) {
        try {
            sb.append(JSON.writeValueAsString(line)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON", e);
        }
    }

    /** A double as a JSON number, or {@code null} if it is NaN or infinite (Jackson's own default writes "NaN"). */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
