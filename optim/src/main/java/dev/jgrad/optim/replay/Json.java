package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON value together with where it sits in the file ({@code open_loop[2].grads[4]}), so that every
 * schema error can say exactly what is wrong and where.
 */
final class Json {
    /** A schema violation; {@link TrajectoryReplay} adds the file name and turns it into a checked exception. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    final JsonNode node;
    final String where;

    Json(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    Malformed error(String problem) {
        return new Malformed((where.isEmpty() ? "" : where + ": ") + problem);
    }

    private String child(String name) {
        return where.isEmpty() ? name : where + "." + name;
    }

    boolean has(String name) {
        return node.has(name) && !node.get(name).isMissingNode();
    }

    Json field(String name) {
        if (!node.isObject()) {
            throw error("expected an object, got " + type(node));
        }
        JsonNode v = node.get(name);
        if (v == null) {
            throw error("missing field '" + name + "'");
        }
        return new Json(v, child(name));
    }

    /** Fails on any field not in {@code known} (catches misspelt option and field names). */
    Json onlyFields(Set<String> known) {
        if (!node.isObject()) {
            throw error("expected an object, got " + type(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw error("unknown field '" + f + "' (expected " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    boolean isNull() {
        return node.isNull();
    }

    String text() {
        if (!node.isTextual()) {
            throw error("expected a string, got " + type(node));
        }
        return node.textValue();
    }

    double number() {
        if (!node.isNumber()) {
            throw error("expected a number, got " + type(node));
        }
        return node.doubleValue();
    }

    int integer() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw error("expected an integer, got " + type(node));
        }
        return node.intValue();
    }

    List<Json> array() {
        if (!node.isArray()) {
            throw error("expected an array, got " + type(node));
        }
        List<Json> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new Json(node.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    /** An array of numbers, of exactly {@code length} elements unless length is negative. */
    double[] numbers(int length) {
        List<Json> items = array();
        if (length >= 0 && items.size() != length) {
            throw error("expected " + length + " numbers, got " + items.size());
        }
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).number();
        }
        return out;
    }

    int[] integers() {
        List<Json> items = array();
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).integer();
        }
        return out;
    }

    private static String type(JsonNode n) {
        return n.isNull() ? "null" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean"
                : n.isArray() ? "an array" : n.isObject() ? "an object" : n.getNodeType().toString().toLowerCase();
    }
}
