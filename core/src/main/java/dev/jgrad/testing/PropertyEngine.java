package dev.jgrad.testing;

import java.security.SecureRandom;
import java.util.Iterator;

/** The run-shrink-report loop behind {@link Property}. */
final class PropertyEngine {

    private static final SecureRandom SEEDS = new SecureRandom();

    private PropertyEngine() {
    }

    private enum SeedOrigin {
        RANDOM("random"), SYSTEM_PROPERTY("from -D" + Property.SEED_PROPERTY), CODE("set in code");

        final String label;

        SeedOrigin(String label) {
            this.label = label;
        }
    }

    private record Shrunk<T>(Shrinkable<T> value, Throwable failure, int steps, String stopReason) {
    }

    static <T> void run(Property.Runner settings, String name, Gen<T> gen, Property.Body<? super T> body) {
        SeedOrigin origin;
        long seed;
        String seedProperty = System.getProperty(Property.SEED_PROPERTY);
        if (settings.seed != null) {
            origin = SeedOrigin.CODE;
            seed = settings.seed;
        } else if (seedProperty != null && !seedProperty.isBlank()) {
            origin = SeedOrigin.SYSTEM_PROPERTY;
            seed = parseLong(Property.SEED_PROPERTY, seedProperty);
        } else {
            origin = SeedOrigin.RANDOM;
            // Non-negative, so the replay flag can be pasted without a leading minus sign.
            seed = SEEDS.nextLong() & Long.MAX_VALUE;
        }
        int tries = settings.tries != null ? settings.tries : defaultTries();
        int first = settings.onlyTry != null ? settings.onlyTry : 1;
        int last = settings.onlyTry != null ? settings.onlyTry : tries;

        System.out.println("[jgrad.pbt] " + name + ": seed=" + seed + " (" + origin.label + "), tries=" + tries
                + (settings.onlyTry != null ? ", only try " + settings.onlyTry : "")
                + (origin == SeedOrigin.CODE ? "" : "; replay with -D" + Property.SEED_PROPERTY + "=" + seed));

        for (int tryNumber = first; tryNumber <= last; tryNumber++) {
            long trySeed = Source.trySeed(seed, tryNumber);
            Shrinkable<T> sample;
            try {
                sample = gen.generate(new Source(trySeed));
            } catch (RuntimeException e) {
                throw new IllegalStateException("Property '" + name + "' could not generate a value on try "
                        + tryNumber + " (seed " + seed + "): " + e.getMessage(), e);
            }
            Throwable failure = evaluate(body, sample.value());
            if (failure != null) {
                Shrunk<T> shrunk = shrink(settings, sample, failure, body);
                // Regenerated rather than reused, in case the check mutated the value it was given.
                T original = gen.generate(new Source(trySeed)).value();
                throw failure(name, seed, origin, tryNumber, tries, original, shrunk);
            }
        }
    }

    private static int defaultTries() {
        String value = System.getProperty(Property.TRIES_PROPERTY);
        if (value == null || value.isBlank()) {
            return Property.DEFAULT_TRIES;
        }
        long tries = parseLong(Property.TRIES_PROPERTY, value);
        if (tries < 1 || tries > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("-D" + Property.TRIES_PROPERTY + " must be a positive int, got " + value);
        }
        return (int) tries;
    }

    private static long parseLong(String property, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + " must be an integer, got '" + value + "'", e);
        }
    }

    /** Runs the check; returns what it threw, or null if it passed. */
    private static <T> Throwable evaluate(Property.Body<? super T> body, T value) {
        try {
            body.check(value);
            return null;
        } catch (OutOfMemoryError e) {
            // Not a verdict on the value: the report itself would likely fail too.
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Greedy descent: move to the first candidate that fails the same way, and start over from
     * its candidates. Ends at a value none of whose candidates fails, or at a limit.
     */
    private static <T> Shrunk<T> shrink(Property.Runner settings, Shrinkable<T> start, Throwable startFailure,
                                        Property.Body<? super T> body) {
        long deadline = System.nanoTime() + settings.shrinkTimeout.toNanos();
        Class<?> failureType = startFailure.getClass();
        Shrinkable<T> current = start;
        Throwable currentFailure = startFailure;
        int steps = 0;
        search:
        while (true) {
            if (steps >= settings.maxShrinkSteps) {
                return new Shrunk<>(current, currentFailure, steps, "step limit of " + settings.maxShrinkSteps);
            }
            Iterator<Shrinkable<T>> candidates = current.shrinks().iterator();
            while (true) {
                if (System.nanoTime() - deadline > 0) {
                    return new Shrunk<>(current, currentFailure, steps, "time limit of " + settings.shrinkTimeout);
                }
                Shrinkable<T> candidate;
                T value;
                try {
                    if (!candidates.hasNext()) {
                        break search;
                    }
                    candidate = candidates.next();
                    value = candidate.value();
                } catch (RuntimeException e) {
                    // A broken shrinker must not hide the failure already found.
                    break search;
                }
                Throwable failure = evaluate(body, value);
                if (failure != null && failure.getClass() == failureType) {
                    current = candidate;
                    currentFailure = failure;
                    steps++;
                    continue search;
                }
            }
        }
        return new Shrunk<>(current, currentFailure, steps, null);
    }

    private static <T> PropertyFailure failure(String name, long seed, SeedOrigin origin, int tryNumber, int tries,
                                               T original, Shrunk<T> shrunk) {
        Object shrunkValue = shrunk.value().value();
        String replay = origin == SeedOrigin.CODE
                ? "the seed is set in code, so rerunning replays it; this try alone: .onlyTry(" + tryNumber + ")"
                : "-D" + Property.SEED_PROPERTY + "=" + seed + " (whole run), or in code .seed(" + seed
                        + "L).onlyTry(" + tryNumber + ") (this try alone)";
        String message = "Property '" + name + "' failed on try " + tryNumber + " of " + tries
                + " (seed " + seed + ", " + origin.label + ")\n"
                + "  original:     " + Render.value(original) + "\n"
                + "  shrunk:       " + Render.value(shrunkValue) + "\n"
                + "  shrink steps: " + shrunk.steps()
                + (shrunk.stopReason() != null ? " (stopped at the " + shrunk.stopReason() + ")" : "") + "\n"
                + "  failure:      " + shrunk.failure() + "\n"
                + "  replay:       " + replay;
        return new PropertyFailure(message, shrunk.failure(), name, seed, tryNumber, original, shrunkValue,
                shrunk.steps());
    }
}
