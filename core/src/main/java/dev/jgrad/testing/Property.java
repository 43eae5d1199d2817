package dev.jgrad.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a check against many generated values and, when it fails, reports a shrunk counterexample.
 *
 * <p>The check is ordinary test code: it fails by throwing, typically through a JUnit assertion.
 *
 * <pre>{@code
 * @Test
 * void additionCommutes() {
 *     Property.forAll(Gens.ints(-1000, 1000), Gens.ints(-1000, 1000),
 *             (a, b) -> assertEquals(a + b, b + a));
 *     Property.named("abs is non-negative").tries(500)
 *             .forAll(Gens.doubles(-1e6, 1e6), x -> assertTrue(Math.abs(x) >= 0));
 * }
 * }</pre>
 *
 * <p><b>Seeds.</b> Each run prints one line with its seed to standard output. The seed is random
 * unless set with {@link Runner#seed(long)} or, for every property of a test run, with the system
 * property {@value #SEED_PROPERTY}; a seed set in code takes precedence. The same seed replays
 * the same values exactly. Try {@code i} draws from its own stream derived from the seed, so
 * {@code seed(s).onlyTry(i)} replays one failing try alone.
 *
 * <p><b>Tries.</b> {@value #DEFAULT_TRIES} unless set with {@link Runner#tries(int)} or, as the
 * default for every property without an explicit count, with {@value #TRIES_PROPERTY}.
 *
 * <p><b>Failures.</b> The first failing value is shrunk greedily: of its candidates (see
 * {@link Shrinkable}) the first that still fails with the same exception class replaces it, until
 * none does or a step or time limit is hit. Requiring the same class keeps shrinking from sliding
 * into an unrelated error. The result is thrown as a {@link PropertyFailure}. Values passed to the
 * check must be treated as read-only, since the harness reports them afterwards. JUnit
 * assumptions inside the check count as failures; restrict the inputs with
 * {@link Gen#filter(java.util.function.Predicate)} instead.
 */
public final class Property {

    /** System property holding the seed that replays every property of a test run. */
    public static final String SEED_PROPERTY = "jgrad.pbt.seed";
    /** System property holding the number of tries for properties that do not set one. */
    public static final String TRIES_PROPERTY = "jgrad.pbt.tries";
    /** Tries per property when neither code nor {@value #TRIES_PROPERTY} says otherwise. */
    public static final int DEFAULT_TRIES = 100;

    /** A check of one value; it fails by throwing anything. */
    @FunctionalInterface
    public interface Body<T> {
        void check(T value) throws Throwable;
    }

    /** A check of two values; it fails by throwing anything. */
    @FunctionalInterface
    public interface Body2<A, B> {
        void check(A a, B b) throws Throwable;
    }

    /** A check of three values; it fails by throwing anything. */
    @FunctionalInterface
    public interface Body3<A, B, C> {
        void check(A a, B b, C c) throws Throwable;
    }

    private Property() {
    }

    /** A configurable run whose reports and seed line are labelled {@code name}. */
    public static Runner named(String name) {
        return new Runner(Objects.requireNonNull(name, "name"));
    }

    /** Checks {@code body} against values of {@code gen} with the default settings. */
    public static <T> void forAll(Gen<T> gen, Body<? super T> body) {
        new Runner(null).forAll(gen, body);
    }

    /** Checks {@code body} against independent values of {@code a} and {@code b}. */
    public static <A, B> void forAll(Gen<A> a, Gen<B> b, Body2<? super A, ? super B> body) {
        new Runner(null).forAll(a, b, body);
    }

    /** Checks {@code body} against independent values of {@code a}, {@code b} and {@code c}. */
    public static <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Body3<? super A, ? super B, ? super C> body) {
        new Runner(null).forAll(a, b, c, body);
    }

    /**
     * Settings for one property. Immutable: each setter returns a new runner. Properties run
     * through {@link Property#forAll} directly are named after the calling test method.
     */
    public static final class Runner {

        private static final Set<String> HARNESS_CLASSES = Set.of(
                Property.class.getName(), Runner.class.getName(), PropertyEngine.class.getName());

        final String name;
        final Integer tries;
        final Long seed;
        final Integer onlyTry;
        final int maxShrinkSteps;
        final Duration shrinkTimeout;

        private Runner(String name) {
            this(name, null, null, null, 1_000, Duration.ofSeconds(30));
        }

        private Runner(String name, Integer tries, Long seed, Integer onlyTry, int maxShrinkSteps, Duration shrinkTimeout) {
            this.name = name;
            this.tries = tries;
            this.seed = seed;
            this.onlyTry = onlyTry;
            this.maxShrinkSteps = maxShrinkSteps;
            this.shrinkTimeout = shrinkTimeout;
        }

        /** Number of generated values to check; overrides {@value Property#TRIES_PROPERTY}. */
        public Runner tries(int tries) {
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be positive, got " + tries);
            }
            return new Runner(name, tries, seed, onlyTry, maxShrinkSteps, shrinkTimeout);
        }

        /** Fixes the seed, e.g. to the one a failure reported; overrides {@value Property#SEED_PROPERTY}. */
        public Runner seed(long seed) {
            return new Runner(name, tries, seed, onlyTry, maxShrinkSteps, shrinkTimeout);
        }

        /**
         * Runs only try number {@code tryNumber} (1-based, as in a failure report) of the seeded
         * run, to replay one failure without the tries before it.
         */
        public Runner onlyTry(int tryNumber) {
            if (tryNumber < 1) {
                throw new IllegalArgumentException("tries are numbered from 1, got " + tryNumber);
            }
            return new Runner(name, tries, seed, tryNumber, maxShrinkSteps, shrinkTimeout);
        }

        /** How many successful shrink steps to take at most (default 1000); 0 turns shrinking off. */
        public Runner maxShrinkSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("maxShrinkSteps must be >= 0, got " + steps);
            }
            return new Runner(name, tries, seed, onlyTry, steps, shrinkTimeout);
        }

        /** How long shrinking may take at most (default 30 s); the best value so far is reported. */
        public Runner shrinkTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shrinkTimeout must not be negative, got " + timeout);
            }
            return new Runner(name, tries, seed, onlyTry, maxShrinkSteps, timeout);
        }

        /** Checks {@code body} against values of {@code gen}. */
        public <T> void forAll(Gen<T> gen, Body<? super T> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Objects.requireNonNull(gen, "gen"), body);
        }

        /** Checks {@code body} against independent values of {@code a} and {@code b}, reported as a {@link Pair}. */
        public <A, B> void forAll(Gen<A> a, Gen<B> b, Body2<? super A, ? super B> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Gen.zip(a, b), p -> body.check(p.first(), p.second()));
        }

        /** Checks {@code body} against independent values of three generators, reported as a {@link Triple}. */
        public <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Body3<? super A, ? super B, ? super C> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Gen.zip(a, b, c),
                    t -> body.check(t.first(), t.second(), t.third()));
        }

        private String displayName() {
            if (name != null) {
                return name;
            }
            return StackWalker.getInstance().walk(frames -> frames
                    .filter(f -> !HARNESS_CLASSES.contains(f.getClassName()))
                    .findFirst()
                    .map(f -> simpleName(f.getClassName()) + "." + enclosingMethod(f.getMethodName()))
                    .orElse("property"));
        }

        /** Inside {@code assertThrows(..., () -> Property.forAll(...))} the caller is javac's {@code lambda$test$0}. */
        private static String enclosingMethod(String methodName) {
            if (methodName.startsWith("lambda$")) {
                int end = methodName.lastIndexOf('$');
                if (end > "lambda$".length()) {
                    return methodName.substring("lambda$".length(), end);
                }
            }
            return methodName;
        }

        private static String simpleName(String className) {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }
}
