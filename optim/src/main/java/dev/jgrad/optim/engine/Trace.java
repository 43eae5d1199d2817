package dev.jgrad.optim.engine;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.Probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sees every number an optimizer's update reports through its {@link Probe}, one {@link Row} per
 * element of every updated parameter (plus one per parameter for per-tensor numbers); for tools that
 * print the algorithm at work. Attach with {@link Optimizer#trace(Trace)}.
 */
@FunctionalInterface
public interface Trace {

    void row(Row row);

    /**
     * What one element's update reported in one step, in the order the loop reported it.
     *
     * @param group  the parameter group's index
     * @param param  the parameter's index in its group, or -1 for the numbers of the whole group (reported by
     *               {@code updateGroup})
     * @param index  the element's flat index, or -1 for the numbers of the whole parameter
     * @param values name to value, in the box's names (a float32 loop's values widened to double)
     */
    record Row(int group, int param, int index, Map<String, Double> values) {
        public Row {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The value reported as {@code name}, or NaN if the loop did not report it this step. */
        public double get(String name) {
            Double v = values.get(name);
            return v == null ? Double.NaN : v;
        }
    }
}
