package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * The arguments of one call of a check whose parameters have names, such as a
 * {@code @PropertyTest} method's: reported as {@code a = 3, b = [1.0, 2.0]}.
 *
 * @param names  the parameter names, in order
 * @param values the values, in the same order
 */
public record Arguments(List<String> names, List<Object> values) {

    /** @throws IllegalArgumentException if there are not as many names as values */
    public Arguments {
        names = List.copyOf(names);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " values");
        }
    }

    /** The values as an array, to pass to a reflective call. */
    public Object[] toArray() {
        return values.toArray();
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ");
        for (int i = 0; i < names.size(); i++) {
            out.add(names.get(i) + " = " + Render.value(values.get(i)));
        }
        return out.toString();
    }
}
