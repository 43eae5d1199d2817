package dev.jgrad.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

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
 * default for every property without an explicit count, with {@value #TRIES_PROPERTY}. A generator
 * with at most that many values (a boolean, {@code ints(0, 3)}, a pair of them) is enumerated
 * instead: every value once.
 *
 * <p><b>Order of a run.</b> First the {@linkplain Runner#example explicit examples}, then, for a
 * randomly seeded run, the try that failed last time (stored under {@code target/jgrad-pbt}), then the
 * generated tries. {@link #assume} inside the check, and values {@link Gen#filter} rejects, are
 * discarded rather than counted; more than {@link Runner#maxDiscardRatio} discards per try fails the
 * run.
 *
 * <p><b>Failures.</b> The first failing value is shrunk greedily: of its candidates (see
 * {@link Shrinkable}) the first that still fails with the same exception class replaces it, until
 * none does or a step or time limit is hit. Requiring the same class keeps shrinking from sliding
 * into an unrelated error. The shrunk value is then run once more: if it passes, the property is
 * reported as flaky. The result is thrown as a {@link PropertyFailure}. Values passed to the
 * check must be treated as read-only, since the harness reports them afterwards. An interrupt, and
 * JUnit's own aborts ({@code Assumptions.assumeTrue}, {@code @Timeout}), propagate untouched.
 */
public final class Property {

    /** System property holding the seed that replays every property of a test run. */
    public static final String SEED_PROPERTY = "jgrad.pbt.seed";
    /** System property holding the number of tries for properties that do not set one. */
    public static final String TRIES_PROPERTY = "jgrad.pbt.tries";
    /** System property holding the failure database's directory, or {@code none} to switch it off. */
    public static final String DATABASE_PROPERTY = "jgrad.pbt.database";
    /** System property that, set to {@code true}, prints every run's statistics. */
    public static final String STATISTICS_PROPERTY = "jgrad.pbt.statistics";
    /** Tries per property when neither code nor {@value #TRIES_PROPERTY} says otherwise. */
    public static final int DEFAULT_TRIES = 100;
    /** Discards allowed per try when the runner does not set {@link Runner#maxDiscardRatio}. */
    public static final int DEFAULT_MAX_DISCARD_RATIO = 10;

    private static final ThreadLocal<Runner> DEFAULTS = new ThreadLocal<>();

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

    /** Closes a {@link #withDefaults} scope. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private Property() {
    }

    /** A configurable run whose reports and seed line are labelled {@code name}. */
    public static Runner named(String name) {
        Objects.requireNonNull(name, "name");
        return base().with(r -> r.name = name);
    }

    /** Checks {@code body} against values of {@code gen} with the default settings. */
    public static <T> void forAll(Gen<T> gen, Body<? super T> body) {
        base().forAll(gen, body);
    }

    /** Checks {@code body} against independent values of {@code a} and {@code b}. */
    public static <A, B> void forAll(Gen<A> a, Gen<B> b, Body2<? super A, ? super B> body) {
        base().forAll(a, b, body);
    }

    /** Checks {@code body} against independent values of {@code a}, {@code b} and {@code c}. */
    public static <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Body3<? super A, ? super B, ? super C> body) {
        base().forAll(a, b, c, body);
    }

    /**
     * Discards the current try unless {@code condition} holds: inside a check, the rest of it is
     * skipped and the try does not count. Outside a property it throws an {@link IllegalStateException}.
     */
    public static void assume(boolean condition) {
        if (!condition) {
            throw new Discarded(Discarded.Cause.ASSUME, "an assume(false)");
        }
    }

    /**
     * Counts the current try under {@code label} in the run's statistics (a try may carry several
     * labels). Printed with the report on failure, and after the run when asked for with
     * {@link Runner#printStatistics()} or {@code -D}{@value #STATISTICS_PROPERTY}{@code =true}. Ignored
     * outside a property and while shrinking.
     */
    public static void label(String label) {
        Statistics.record(Objects.requireNonNull(label, "label"));
    }

    /** {@link #label(String) label(label)} if {@code condition} holds. */
    public static void classify(boolean condition, String label) {
        if (condition) {
            label(label);
        }
    }

    /**
     * Makes {@code defaults} the starting point of every property run on this thread until the scope
     * is closed, e.g. the tries and seed of a {@code @PropertyTest} annotation. Settings in code
     * still win; the defaults' name, if any, names unnamed properties.
     */
    public static Scope withDefaults(Runner defaults) {
        Objects.requireNonNull(defaults, "defaults");
        Runner previous = DEFAULTS.get();
        DEFAULTS.set(defaults);
        return () -> {
            if (previous == null) {
                DEFAULTS.remove();
            } else {
                DEFAULTS.set(previous);
            }
        };
    }

    /** A runner with nothing set, to configure {@link #withDefaults}. */
    public static Runner defaults() {
        return new Runner();
    }

    private static Runner base() {
        Runner defaults = DEFAULTS.get();
        return defaults != null ? defaults : new Runner();
    }

    /**
     * Settings for one property. Immutable: each setter returns a new runner. Properties run
     * through {@link Property#forAll} directly are named after the calling test method.
     */
    public static final class Runner {

        private static final Set<String> HARNESS_CLASSES = Set.of(
                Property.class.getName(), Runner.class.getName(), PropertyEngine.class.getName());

        // Written only on fresh copies inside with(...), so a Runner never changes once returned.
        String name;
        Integer tries;
        Long seed;
        Integer onlyTry;
        int maxShrinkSteps = 1_000;
        Duration shrinkTimeout = Duration.ofSeconds(30);
        int maxDiscardRatio = DEFAULT_MAX_DISCARD_RATIO;
        Duration deadline;
        List<List<Object>> examples = List.of();
        Path database;
        boolean databaseOff;
        boolean printStatistics;

        private Runner() {
        }

        private Runner with(Consumer<Runner> change) {
            Runner copy = new Runner();
            copy.name = name;
            copy.tries = tries;
            copy.seed = seed;
            copy.onlyTry = onlyTry;
            copy.maxShrinkSteps = maxShrinkSteps;
            copy.shrinkTimeout = shrinkTimeout;
            copy.maxDiscardRatio = maxDiscardRatio;
            copy.deadline = deadline;
            copy.examples = examples;
            copy.database = database;
            copy.databaseOff = databaseOff;
            copy.printStatistics = printStatistics;
            change.accept(copy);
            return copy;
        }

        /** The same settings under another name. */
        public Runner named(String newName) {
            Objects.requireNonNull(newName, "name");
            return with(r -> r.name = newName);
        }

        /** Number of generated values to check; overrides {@value Property#TRIES_PROPERTY}. */
        public Runner tries(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("tries must be positive, got " + count);
            }
            return with(r -> r.tries = count);
        }

        /** Fixes the seed, e.g. to the one a failure reported; overrides {@value Property#SEED_PROPERTY}. */
        public Runner seed(long value) {
            return with(r -> r.seed = value);
        }

        /**
         * Runs only try number {@code tryNumber} (1-based, as in a failure report) of the seeded
         * run, to replay one failure without the tries before it.
         */
        public Runner onlyTry(int tryNumber) {
            if (tryNumber < 1) {
                throw new IllegalArgumentException("tries are numbered from 1, got " + tryNumber);
            }
            return with(r -> r.onlyTry = tryNumber);
        }

        /** How many successful shrink steps to take at most (default 1000); 0 turns shrinking off. */
        public Runner maxShrinkSteps(int steps) {
            if (steps < 0) {
                throw new IllegalArgumentException("maxShrinkSteps must be >= 0, got " + steps);
            }
            return with(r -> r.maxShrinkSteps = steps);
        }

        /** How long shrinking may take at most (default 30 s); the best value so far is reported. */
        public Runner shrinkTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("shrinkTimeout must not be negative, got " + timeout);
            }
            return with(r -> r.shrinkTimeout = timeout);
        }

        /**
         * How many discarded values ({@link Property#assume}, {@link Gen#filter}) the run may see per
         * try, in total (default {@value Property#DEFAULT_MAX_DISCARD_RATIO}): a run of 100 tries fails
         * once it has discarded more than 1000 values, saying what discarded them.
         */
        public Runner maxDiscardRatio(int ratio) {
            if (ratio < 0) {
                throw new IllegalArgumentException("maxDiscardRatio must be >= 0, got " + ratio);
            }
            return with(r -> r.maxDiscardRatio = ratio);
        }

        /**
         * A try that passes but takes longer than {@code limit} fails with {@link DeadlineExceeded}
         * (and is shrunk like any failure). Measured after the fact: a hanging check still needs
         * JUnit's {@code @Timeout}, whose interrupt the harness lets through.
         */
        public Runner deadline(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, got " + limit);
            }
            return with(r -> r.deadline = limit);
        }

        /**
         * An explicit case, run before any generated one on every run, never shrunk: the arguments
         * of one call of the check (one for {@code forAll(gen, body)}, two for the two-generator
         * form, ...). Call it again for more examples.
         */
        public Runner example(Object... arguments) {
            List<Object> call = Arrays.asList(arguments.clone());
            List<List<Object>> more = new ArrayList<>(examples);
            more.add(call);
            return with(r -> r.examples = List.copyOf(more));
        }

        /**
         * Where failing tries are stored and replayed from (default {@code target/jgrad-pbt}, or
         * {@code -D}{@value Property#DATABASE_PROPERTY}); a run seeded in code or by
         * {@code -D}{@value Property#SEED_PROPERTY} neither reads nor writes it.
         */
        public Runner database(Path directory) {
            Objects.requireNonNull(directory, "directory");
            return with(r -> {
                r.database = directory;
                r.databaseOff = false;
            });
        }

        /** Neither replays nor stores failing tries. */
        public Runner withoutDatabase() {
            return with(r -> r.databaseOff = true);
        }

        /** Prints the {@link Property#label labels}' distribution after the run, not only on failure. */
        public Runner printStatistics() {
            return with(r -> r.printStatistics = true);
        }

        /** Checks {@code body} against values of {@code gen}. */
        public <T> void forAll(Gen<T> gen, Body<? super T> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Objects.requireNonNull(gen, "gen"), body,
                    1, args -> uncheckedArg(args, 0));
        }

        /** Checks {@code body} against independent values of {@code a} and {@code b}, reported as a {@link Pair}. */
        public <A, B> void forAll(Gen<A> a, Gen<B> b, Body2<? super A, ? super B> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Gen.zip(a, b), p -> body.check(p.first(), p.second()),
                    2, args -> new Pair<>(uncheckedArg(args, 0), uncheckedArg(args, 1)));
        }

        /** Checks {@code body} against independent values of three generators, reported as a {@link Triple}. */
        public <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, Body3<? super A, ? super B, ? super C> body) {
            Objects.requireNonNull(body, "body");
            PropertyEngine.run(this, displayName(), Gen.zip(a, b, c),
                    t -> body.check(t.first(), t.second(), t.third()),
                    3, args -> new Triple<>(uncheckedArg(args, 0), uncheckedArg(args, 1), uncheckedArg(args, 2)));
        }

        /** Examples are untyped; a wrong type fails the example's check with a ClassCastException. */
        @SuppressWarnings("unchecked")
        private static <T> T uncheckedArg(List<Object> args, int index) {
            return (T) args.get(index);
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
