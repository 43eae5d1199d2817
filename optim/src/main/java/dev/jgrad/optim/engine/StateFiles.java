package dev.jgrad.optim.engine;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.optim.OptimizerState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON checkpoints of optimizer and schedule state ({@link OptimizerState} in PyTorch's names, format 2,
 * see {@link StateJson}; the {@code *.State} records of the schedules). Doubles are written in Java's round-trip decimal form, so a loaded state is
 * bit-identical to the saved one and resumed training continues exactly; NaN and ±Infinity (which
 * JSON numbers cannot express) are written as the strings "NaN", "Infinity", "-Infinity".
 */
public final class StateFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StateFiles() {}

    /** {@code state} as JSON text. */
    public static String toJson(Object state) {
        try {
            return JSON.writeValueAsString(state instanceof OptimizerState o ? StateJson.write(o) : state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + state.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Parses what {@link #toJson} wrote. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            if (type == OptimizerState.class) {
                return type.cast(StateJson.read(JSON.readTree(json)));
            }
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + describe(e), e);
        }
    }

    /**
     * A JSON reading error in the file's words: where (line and column, or the field) and what was
     * expected, without Jackson's class names, settings and backticks ("set DeserializationFeature...").
     */
    public static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return "not JSON (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            String msg = String.valueOf(m.getOriginalMessage());
            String what;
            if (msg.startsWith("Cannot map `null`")) {
                what = "is null, expected a number";
            } else if (msg.startsWith("Missing required creator property")) {
                what = "is missing";
            } else if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
                what = "has the wrong type (expected " + typeName(mi.getTargetType()) + ")";
            } else {
                what = "is not valid";
            }
            return "field '" + path + "' " + what;
        }
        return "not valid";
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    /**
     * Writes {@code state} to {@code file} with {@link AtomicFile} (temporary file, fsync, rename,
     * fsync of the directory), so a crash mid-write leaves the previous checkpoint intact.
     */
    public static void save(Path file, Object state) {
        try {
            AtomicFile.writeString(file, toJson(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + AtomicFile.reason(e), e);
        }
    }

    /** Reads a state written by {@link #save}. */
    public static <T> T load(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFile.reason(e), e);
        }
        try {
            return fromJson(text, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
