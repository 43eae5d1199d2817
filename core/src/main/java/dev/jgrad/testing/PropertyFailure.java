package dev.jgrad.testing;

/**
 * Thrown when a property is falsified. The message says which try failed, the seed and how to
 * replay it, the original and the shrunk counterexample, and the failure of the shrunk one, which
 * is also the {@linkplain #getCause() cause}.
 *
 * <p>For the two- and three-argument forms of {@code forAll} the counterexamples are a
 * {@link Pair} or a {@link Triple} of the arguments.
 */
public final class PropertyFailure extends AssertionError {

    private final String propertyName;
    private final long seed;
    private final int tryNumber;
    private final transient Object original;
    private final transient Object shrunk;
    private final int shrinkSteps;

    PropertyFailure(String message, Throwable cause, String propertyName, long seed, int tryNumber,
                    Object original, Object shrunk, int shrinkSteps) {
        super(message, cause);
        this.propertyName = propertyName;
        this.seed = seed;
        this.tryNumber = tryNumber;
        this.original = original;
        this.shrunk = shrunk;
        this.shrinkSteps = shrinkSteps;
    }

    /** The name the property ran under. */
    public String propertyName() {
        return propertyName;
    }

    /** The seed of the run; setting it again replays the run. */
    public long seed() {
        return seed;
    }

    /** The 1-based number of the failing try. */
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
