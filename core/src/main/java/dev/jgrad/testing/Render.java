package dev.jgrad.testing;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.StringJoiner;

/** Renders counterexamples for failure messages: arrays by content, records component-wise. */
final class Render {

    /** Large tensors would otherwise drown the shrunk value that matters. */
    static final int MAX_CHARS = 2_000;

    private Render() {
    }

    static String value(Object value) {
        String s = render(value, 0);
        if (s.length() > MAX_CHARS) {
            return s.substring(0, MAX_CHARS) + "... (" + (s.length() - MAX_CHARS) + " more characters)";
        }
        return s;
    }

    private static String render(Object value, int depth) {
        if (value == null) {
            return "null";
        }
        // Cyclic or absurdly deep structures are not counterexamples anyone can read anyway.
        if (depth > 20) {
            return String.valueOf(value);
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            int n = Array.getLength(value);
            for (int i = 0; i < n && i <= MAX_CHARS; i++) {
                out.add(render(Array.get(value, i), depth + 1));
            }
            return out.toString();
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        if (value instanceof Collection<?> collection) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            for (Object element : collection) {
                out.add(render(element, depth + 1));
            }
            return out.toString();
        }
        if (type.isRecord() && !hasOwnToString(value, type)) {
            return renderRecord(value, type, depth);
        }
        return String.valueOf(value);
    }

    /**
     * Whether the record's author wrote a toString. Reflection cannot tell: javac generates one for
     * every record, so {@code getDeclaredMethod("toString")} always succeeds. The generated one is
     * specified, though ({@code Name[a=..., b=...]} with {@code String.valueOf} of each component),
     * so a toString that prints exactly that is treated as generated: a record of arrays would
     * otherwise print as {@code [D@2cac4385}.
     */
    static boolean hasOwnToString(Object value, Class<?> type) {
        StringJoiner generated = new StringJoiner(", ", type.getSimpleName() + "[", "]");
        try {
            for (RecordComponent component : type.getRecordComponents()) {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                generated.add(component.getName() + "=" + accessor.invoke(value));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
        return !generated.toString().equals(String.valueOf(value));
    }

    /** The record's own toString would print arrays as {@code [I@1b6d3586}. */
    private static String renderRecord(Object value, Class<?> type, int depth) {
        StringJoiner out = new StringJoiner(", ", type.getSimpleName() + "[", "]");
        try {
            for (RecordComponent component : type.getRecordComponents()) {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                out.add(component.getName() + "=" + render(accessor.invoke(value), depth + 1));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return String.valueOf(value);
        }
        return out.toString();
    }
}
