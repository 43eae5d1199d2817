package dev.jgrad.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown when a property is falsified. The message says which try failed, the seed and how to
 * replay it, the original and the shrunk counterexample, and the failure of the shrunk one, which
 * is also the {@linkplain #getCause() cause}.
 *
 * <p>For the two- and three-argument forms of {@code forAll} the counterexamples are a
 * {@link Pair} or a {@link Triple} of the arguments.
 */
public final class PropertyFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** What went wrong with the property. */
    public enum Kind {
        /** A value fails the check; {@link #shrunk()} is the simplest one found. */
        FALSIFIED,
        /** A value failed, but the shrunk one passed when run again: the check is not deterministic. */
        FLAKY,
        /** More values were discarded ({@code assume}, {@code filter}) than the run's budget allows. */
        TOO_MANY_DISCARDS
    }

    private final Kind kind;
    private final transient Map<String, Double> statistics;

    private final String propertyName;
    private final long seed;
    private final int tryNumber;
    private final transient Object original;
    private final transient Object shrunk;
    private final int shrinkSteps;

    PropertyFailure(String message, Throwable cause, Kind kind, String propertyName, long seed, int tryNumber,
                    Object original, Object shrunk, int shrinkSteps, Map<String, Double> statistics) {
        super(message, cause);
        this.kind = kind;
        this.statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        this.propertyName = propertyName;
        this.seed = seed;
        this.tryNumber = tryNumber;
        this.original = original;
        this.shrunk = shrunk;
        this.shrinkSteps = shrinkSteps;
    }

    /** Falsified, flaky, or too many discards. */
    public Kind kind() {
        return kind;
    }

    /** Fraction of the tries before the failure that carried each {@link Property#label label}. */
    public Map<String, Double> statistics() {
        return statistics;
    }

    /** The name the property ran under. */
    public String propertyName() {
        return propertyName;
    }

    /** The seed of the run; setting it again replays the run. */
    public long seed() {
        return seed;
    }

    /** The 1-based number of the failing try (0 for an explicit example, an enumerated value or a discard failure). */
    public int tryNumber() {
        return tryNumber;
    }

    /** The first value that failed. */
    public Object original() {
        return original;
    }

    /** The simplest failing value shrinking found. */
    public Object shrunk() {
        return shrunk;
    }

    /** How many times shrinking replaced the counterexample by a simpler one. */
    public int shrinkSteps() {
        return shrinkSteps;
    }
}
