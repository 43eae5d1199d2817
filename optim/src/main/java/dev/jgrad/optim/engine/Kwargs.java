package dev.jgrad.optim.engine;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Options records to and from PyTorch's keyword arguments, by naming convention alone: a component
 * {@code weightDecay} is the keyword {@code weight_decay}; components {@code beta1, beta2} (a common stem
 * and the digits 1, 2, ...) are the tuple {@code betas} ({@code eps1, eps2} are {@code eps}); an enum is its
 * lower-case name, and its constant {@code NONE} is None (null). Values are {@link Number}, {@link Boolean},
 * {@link String}, null, or a {@link List} of them for a tuple.
 */
public final class Kwargs {
    private Kwargs() {}

    /** One keyword: its name and the record components it fills (one, or a tuple's). */
    private record Key(String name, List<RecordComponent> components) {}

    /** The keywords of an options record type, in component order. */
    public static List<String> names(Class<?> type) {
        return keys(type).stream().map(Key::name).toList();
    }

    /**
     * How many record components the keyword {@code keyword} fills: 2 for {@code betas} from {@code beta1, beta2},
     * 1 for a plain component, 0 if the record has no such keyword.
     */
    public static int arity(Class<?> type, String keyword) {
        return keys(type).stream().filter(k -> k.name().equals(keyword)).mapToInt(k -> k.components().size())
                .findFirst().orElse(0);
    }

    private static List<Key> keys(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getSimpleName() + " must be a record to serve as optimizer options");
        }
        List<Key> keys = new ArrayList<>();
        RecordComponent[] cs = type.getRecordComponents();
        for (int i = 0; i < cs.length; ) {
            String stem = stem(cs[i].getName(), 1);
            int k = i;
            while (stem != null && k < cs.length && stem.equals(stem(cs[k].getName(), k - i + 1))) {
                k++;
            }
            if (k - i >= 2) {
                keys.add(new Key(snake(stem) + (stem.endsWith("s") ? "" : "s"), List.of(cs).subList(i, k)));
                i = k;
            } else {
                keys.add(new Key(snake(cs[i].getName()), List.of(cs[i])));
                i++;
            }
        }
        return keys;
    }

    /** {@code name} minus the digit {@code index}, or null if it does not end so. */
    private static String stem(String name, int index) {
        String suffix = Integer.toString(index);
        return name.endsWith(suffix) && name.length() > suffix.length()
                && !Character.isDigit(name.charAt(name.length() - suffix.length() - 1))
                ? name.substring(0, name.length() - suffix.length()) : null;
    }

    /** {@code weightDecay} is {@code weight_decay}; digits followed by a letter start a word: {@code precondition1d}
     *  is SOAP's {@code precondition_1d} (a trailing digit, as in {@code beta1}, does not). */
    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([0-9]+[a-z])", "$1_$2").replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }

    /** The keyword arguments of {@code options}, in component order. */
    public static Map<String, Object> of(Object options) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Key key : keys(options.getClass())) {
            List<Object> values = new ArrayList<>();
            for (RecordComponent c : key.components()) {
                values.add(encode(read(c, options)));
            }
            out.put(key.name(), values.size() == 1 ? values.get(0) : values);
        }
        return out;
    }

    /**
     * A record of {@code type}: {@code defaults} with the given keywords replaced.
     *
     * @throws IllegalArgumentException naming an unknown keyword (with the known ones), a value of the wrong
     *                                  type, or what the record's own checks reject
     */
    public static <O> O read(Class<O> type, O defaults, Map<String, ?> kwargs, String optimizer) {
        List<Key> keys = keys(type);
        Map<String, Key> byName = new LinkedHashMap<>();
        for (Key k : keys) {
            byName.put(k.name(), k);
        }
        for (String name : kwargs.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for " + optimizer + " (known: "
                        + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
            }
        }
        RecordComponent[] cs = type.getRecordComponents();
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            args[i] = read(cs[i], defaults);
        }
        int at = 0;
        for (Key k : keys) {
            if (kwargs.containsKey(k.name())) {
                Object v = kwargs.get(k.name());
                List<?> parts = k.components().size() == 1 ? Arrays.asList(v) : tuple(optimizer, k, v);
                for (int j = 0; j < parts.size(); j++) {
                    args[at + j] = decode(optimizer, k.name(), k.components().get(j).getType(), parts.get(j));
                }
            }
            at += k.components().size();
        }
        return construct(type, args);
    }

    /** {@code options} with one component replaced (the canonical constructor validates it). */
    public static <O> O with(Object options, String component, Object value) {
        RecordComponent[] cs = options.getClass().getRecordComponents();
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            args[i] = cs[i].getName().equals(component) ? value : read(cs[i], options);
        }
        @SuppressWarnings("unchecked") // the record's own class
        Class<O> type = (Class<O>) options.getClass();
        return construct(type, args);
    }

    private static List<?> tuple(String optimizer, Key k, Object v) {
        if (!(v instanceof List<?> l) || l.size() != k.components().size()) {
            throw new IllegalArgumentException("option '" + k.name() + "' of " + optimizer + " must be a list of "
                    + k.components().size() + " values, got " + show(v));
        }
        return l;
    }

    private static Object encode(Object v) {
        if (v instanceof Enum<?> e) {
            return e.name().equals("NONE") ? null : e.name().toLowerCase(Locale.ROOT);
        }
        return v;
    }

    private static Object decode(String optimizer, String name, Class<?> type, Object v) {
        String bad = "option '" + name + "' of " + optimizer + " must be ";
        if (type == double.class || type == Double.class) {
            if (v == null && type == Double.class) {
                return null;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException(bad + "a number, got " + show(v));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            if (v == null && !type.isPrimitive()) {
                return null;
            }
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return type == int.class || type == Integer.class ? (Object) n.intValue() : (Object) n.longValue();
            }
            throw new IllegalArgumentException(bad + "a whole number, got " + show(v));
        }
        if (type == boolean.class || type == Boolean.class) {
            if (v instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(bad + "true or false, got " + show(v));
        }
        if (type == String.class) {
            if (v == null || v instanceof String) {
                return v;
            }
            throw new IllegalArgumentException(bad + "a string, got " + show(v));
        }
        if (type.isEnum()) {
            List<String> known = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                Object spelled = encode(c);
                known.add(String.valueOf(spelled));
                if (v == null ? spelled == null : v.equals(spelled)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(bad + "one of " + known + ", got " + show(v));
        }
        throw new IllegalArgumentException("option '" + name + "' of " + optimizer + " has type " + type.getSimpleName()
                + ", which keyword arguments cannot express");
    }

    private static String show(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName()
                    + " (options records must be public)", e);
        }
    }

    private static <O> O construct(Class<O> type, Object[] args) {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<O> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName() + " (options records must be public)", e);
        }
    }
}
