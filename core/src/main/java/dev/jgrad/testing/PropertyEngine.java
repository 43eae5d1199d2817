package dev.jgrad.testing;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The run-shrink-report loop behind {@link Property}. */
final class PropertyEngine {

    private static final SecureRandom SEEDS = new SecureRandom();

    private PropertyEngine() {
    }

    enum SeedOrigin {
        RANDOM("random"), SYSTEM_PROPERTY("from -D" + Property.SEED_PROPERTY), CODE("set in code"),
        DATABASE("stored by an earlier failing run");

        final String label;

        SeedOrigin(String label) {
            this.label = label;
        }
    }

    private record Shrunk<T>(Shrinkable<T> value, Throwable failure, int steps, String stopReason) {
    }

    /** Where the failing value came from, for the report's first line and its replay hint. */
    private record Where(String what, long seed, SeedOrigin origin, int tryNumber) {
    }

    /** The discards of a run, by cause, against its budget. */
    private static final class Discards {
        int assumed;
        int filtered;

        int total() {
            return assumed + filtered;
        }

        void add(Discarded d) {
            if (d.cause == Discarded.Cause.ASSUME) {
                assumed++;
            } else {
                filtered++;
            }
        }
    }

    static <T> void run(Property.Runner settings, String name, Gen<T> gen, Property.Body<? super T> body,
                        int arity, Function<List<Object>, T> fromArguments) {
        int tries = settings.tries != null ? settings.tries : defaultTries();
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
        runExamples(settings, name, body, arity, fromArguments);
        if (settings.onlyTry == null) {
            Optional<List<Shrinkable<T>>> all = gen.exhaustive(tries);
            if (all.isPresent()) {
                runExhaustive(settings, name, all.get(), body);
                return;
            }
        }
        System.out.println("[jgrad.pbt] " + name + ": seed=" + seed + " (" + origin.label + "), tries=" + tries
                + (settings.onlyTry != null ? ", only try " + settings.onlyTry : "")
                + (origin == SeedOrigin.CODE ? "" : "; replay with -D" + Property.SEED_PROPERTY + "=" + seed));

        Optional<FailureDatabase> database = origin == SeedOrigin.RANDOM && settings.onlyTry == null
                ? FailureDatabase.of(settings) : Optional.empty();
        if (database.isPresent()) {
            replayStored(settings, name, gen, body, tries, database.get());
        }

        Statistics statistics = new Statistics();
        Discards discards = new Discards();
        long budget = (long) settings.maxDiscardRatio * tries;
        int passed = 0;
        int first = settings.onlyTry != null ? settings.onlyTry : 1;
        int last = settings.onlyTry != null ? settings.onlyTry : Integer.MAX_VALUE;
        for (int tryNumber = first; tryNumber <= last && passed < tries; tryNumber++) {
            Trial.checkInterrupted(name);
            Source source = new Source(Source.trySeed(seed, tryNumber));
            Shrinkable<T> sample = null;
            Trial trial = null;
            try {
                sample = gen.generate(source);
            } catch (Discarded d) {
                trial = new Trial(null, d);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Property '" + name + "' could not generate a value on try "
                        + tryNumber + " (seed " + seed + "): " + e.getMessage(), e);
            } finally {
                discards.filtered += source.rejected;
            }
            if (sample != null) {
                statistics.beginTry();
                try {
                    trial = Trial.of(body, sample.value(), settings.deadline);
                } finally {
                    statistics.endTry(trial != null && trial.discard() == null);
                }
            }
            if (trial.discard() != null) {
                discards.add(trial.discard());
            } else if (trial.failure() != null) {
                int failed = tryNumber;
                database.ifPresent(db -> db.save(name, new FailureDatabase.Entry(seed, failed)));
                throw report(settings, name, gen, body, sample, trial.failure(),
                        new Where("try " + tryNumber + " of " + tries, seed, origin, tryNumber), statistics);
            } else {
                passed++;
            }
            if (discards.total() > budget) {
                throw tooManyDiscards(name, seed, origin, passed, tries, discards, settings.maxDiscardRatio);
            }
        }
        printStatistics(settings, name, statistics);
    }

    private static void printStatistics(Property.Runner settings, String name, Statistics statistics) {
        if (!statistics.isEmpty() && (settings.printStatistics || Boolean.getBoolean(Property.STATISTICS_PROPERTY))) {
            System.out.println("[jgrad.pbt] " + name + ": statistics: " + statistics.summary());
        }
    }

    /** Explicit examples: run first, as given, never shrunk. */
    private static <T> void runExamples(Property.Runner settings, String name, Property.Body<? super T> body,
                                        int arity, Function<List<Object>, T> fromArguments) {
        int count = settings.examples.size();
        for (int k = 0; k < count; k++) {
            List<Object> arguments = settings.examples.get(k);
            if (arguments.size() != arity) {
                throw new IllegalArgumentException("Property '" + name + "': example " + (k + 1) + " has "
                        + arguments.size() + " arguments, but the check takes " + arity);
            }
            T value = fromArguments.apply(arguments);
            Trial trial = Trial.of(body, value, settings.deadline);
            if (trial.failure() != null) {
                Where where = new Where("explicit example " + (k + 1) + " of " + count, 0, null, 0);
                throw report(settings.maxShrinkSteps(0), name, null, body, Shrinkable.of(value), trial.failure(),
                        where, new Statistics());
            }
        }
    }

    /** A generator with at most {@code tries} values: each once, in order, no seed needed. */
    private static <T> void runExhaustive(Property.Runner settings, String name, List<Shrinkable<T>> all,
                                          Property.Body<? super T> body) {
        System.out.println("[jgrad.pbt] " + name + ": all " + all.size() + " values (exhaustive)");
        Statistics statistics = new Statistics();
        for (int i = 0; i < all.size(); i++) {
            Trial.checkInterrupted(name);
            statistics.beginTry();
            Trial trial;
            try {
                trial = Trial.of(body, all.get(i).value(), settings.deadline);
            } finally {
                statistics.endTry(true);
            }
            if (trial.failure() != null) {
                Where where = new Where("value " + (i + 1) + " of " + all.size() + " (all values enumerated)", 0,
                        null, 0);
                throw report(settings, name, null, body, all.get(i), trial.failure(), where, statistics);
            }
        }
        printStatistics(settings, name, statistics);
    }

    /** The try a previous run stored: fails again (reported with its own seed) or is forgotten. */
    private static <T> void replayStored(Property.Runner settings, String name, Gen<T> gen,
                                         Property.Body<? super T> body, int tries, FailureDatabase database) {
        Optional<FailureDatabase.Entry> stored = database.load(name);
        if (stored.isEmpty()) {
            return;
        }
        FailureDatabase.Entry entry = stored.get();
        Shrinkable<T> sample;
        try {
            sample = gen.generate(new Source(Source.trySeed(entry.seed(), entry.tryNumber())));
        } catch (RuntimeException e) {
            database.delete(name); // the generator changed; the entry means nothing now
            return;
        }
        Trial trial = Trial.of(body, sample.value(), settings.deadline);
        if (trial.failure() == null) {
            database.delete(name);
            return;
        }
        System.out.println("[jgrad.pbt] " + name + ": the stored failure (seed=" + entry.seed() + ", try "
                + entry.tryNumber() + ") fails again");
        throw report(settings, name, gen, body, sample, trial.failure(), new Where("try " + entry.tryNumber()
                + " of " + tries, entry.seed(), SeedOrigin.DATABASE, entry.tryNumber()), new Statistics());
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

    /**
     * Greedy descent: move to the first candidate that fails the same way, and start over from
     * its candidates. Ends at a value none of whose candidates fails, or at a limit. Discarded
     * candidates ({@link Property#assume}) do not count as failing.
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
                Trial.checkInterrupted("shrinking");
                Throwable failure = Trial.of(body, value, settings.deadline).failure();
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

    /** Shrinks, re-runs the shrunk value (flaky if it passes now) and builds the report. */
    private static <T> PropertyFailure report(Property.Runner settings, String name, Gen<T> gen,
                                              Property.Body<? super T> body, Shrinkable<T> sample,
                                              Throwable failure, Where where, Statistics statistics) {
        Shrunk<T> shrunk = shrink(settings, sample, failure, body);
        Object shrunkValue = shrunk.value().value();
        boolean flaky = Trial.of(body, shrunk.value().value(), settings.deadline).failure() == null;
        // Regenerated rather than reused, in case the check mutated the value it was given.
        Object original = gen != null
                ? gen.generate(new Source(Source.trySeed(where.seed(), where.tryNumber()))).value()
                : sample.value();
        String replay;
        if (where.origin() == null) {
            replay = "it runs first on every run";
        } else if (where.origin() == SeedOrigin.CODE) {
            replay = "the seed is set in code, so rerunning replays it; this try alone: .onlyTry(" + where.tryNumber()
                    + ")";
        } else {
            replay = "-D" + Property.SEED_PROPERTY + "=" + where.seed() + " (whole run), or in code .seed("
                    + where.seed() + "L).onlyTry(" + where.tryNumber() + ") (this try alone)";
        }
        String head = flaky
                ? "Property '" + name + "' is flaky: " + where.what() + " failed, but the shrunk value passed when run "
                        + "again (does the check depend on time, order or state it does not reset?)"
                : "Property '" + name + "' failed on " + where.what();
        String seedPart = where.origin() == null ? "" : " (seed " + where.seed() + ", " + where.origin().label + ")";
        String message = head + seedPart + "\n"
                + "  original:     " + Render.value(original) + "\n"
                + "  shrunk:       " + Render.value(shrunkValue) + "\n"
                + "  shrink steps: " + shrunk.steps()
                + (shrunk.stopReason() != null ? " (stopped at the " + shrunk.stopReason() + ")" : "") + "\n"
                + "  failure:      " + shrunk.failure() + "\n"
                + (statistics.isEmpty() ? "" : "  statistics:   " + statistics.summary() + "\n")
                + "  replay:       " + replay;
        return new PropertyFailure(message, shrunk.failure(),
                flaky ? PropertyFailure.Kind.FLAKY : PropertyFailure.Kind.FALSIFIED, name, where.seed(),
                where.tryNumber(), original, shrunkValue, shrunk.steps(), statistics.fractions());
    }

    private static PropertyFailure tooManyDiscards(String name, long seed, SeedOrigin origin, int passed, int tries,
                                                   Discards discards, int ratio) {
        String message = "Property '" + name + "' discarded too many values: " + discards.total()
                + " discarded (" + discards.filtered + " rejected by Gen.filter, " + discards.assumed
                + " by Property.assume) against " + passed + " of " + tries + " tries checked (seed " + seed + ", "
                + origin.label + "); at most " + ratio + " discards per try are allowed. Generate valid values "
                + "directly (a narrower range, map, flatMap) instead of discarding most of them, or raise "
                + ".maxDiscardRatio(...) if this rate is expected.";
        return new PropertyFailure(message, null, PropertyFailure.Kind.TOO_MANY_DISCARDS, name, seed, 0, null, null,
                0, Map.of());
    }
}
