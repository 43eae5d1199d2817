package dev.jgrad.optim;

/**
 * Where an update loop reports the named numbers of its algorithm box, so that a trace can show them.
 * The framework passes {@link #OFF} unless a {@link dev.jgrad.optim.engine.Trace} is attached; then it runs the
 * loop one element at a time, so each {@code put} made inside the loop belongs to the element being updated,
 * and each {@code put} made before the loop (trust ratios, bias corrections) belongs to the parameter; a
 * {@code put} in {@code updateGroup} belongs to the group.
 *
 * <pre>{@code
 * probe.put("m", m[i]).put("denom", denom);   // costs nothing with Probe.OFF: the JIT removes the call
 * }</pre>
 */
@FunctionalInterface
public interface Probe {

    /** Records {@code value} under {@code name}, the box's name for it; returns this probe. */
    Probe put(String name, double value);

    /** Whether nothing listens (the loop may then take a fast path that reports nothing). */
    default boolean off() {
        return this == OFF;
    }

    /** The probe of an untraced step: ignores everything. */
    Probe OFF = Off.INSTANCE;

    /** The one probe that ignores everything. */
    enum Off implements Probe {
        INSTANCE;

        @Override
        public Probe put(String name, double value) {
            return this;
        }
    }
}
