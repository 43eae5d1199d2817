package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Assumptions and the discard budget, aborts, the failure database, examples, statistics,
 * enumeration, flakiness, deadlines.
 */
class RunFeaturesTest {

    @Test
    void assumeDiscardsTheTryWithoutCountingIt() {
        AtomicInteger checked = new AtomicInteger();
        Property.named("even only").tries(50).forAll(Gens.ints(0, 1_000_000), x -> {
            Property.assume(x % 2 == 0);
            assertEquals(0, x % 2);
            checked.incrementAndGet();
        });
        assertEquals(50, checked.get());
        // Shrinking never lands on a discarded value.
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("even below 100").seed(4)
                .forAll(Gens.ints(0, 1_000_000), x -> {
                    Property.assume(x % 2 == 0);
                    assertTrue(x < 100);
                }));
        assertEquals(100, f.shrunk());
    }

    @Test
    void aFilterOrAssumptionRejectingMostValuesFailsEveryRunTheSameWay() {
        // A 95% filter: about 1900 rejections per 100 tries, against a budget of 1000. Before, the
        // run failed only when 100 rejections came in a row (a few runs in ten).
        for (long s = 1; s <= 20; s++) {
            long seed = s;
            PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("95% filter")
                    .seed(seed).tries(100)
                    .forAll(Gens.ints(0, 999).filter(x -> x % 20 == 7), x -> { }));
            assertEquals(PropertyFailure.Kind.TOO_MANY_DISCARDS, f.kind());
            assertTrue(f.getMessage().contains("rejected by Gen.filter"), f.getMessage());
        }
        PropertyFailure assumed = assertThrows(PropertyFailure.class, () -> Property.named("95% assume")
                .seed(1).tries(100)
                .forAll(Gens.ints(0, 999), x -> Property.assume(x % 20 == 7)));
        assertTrue(assumed.getMessage().matches("(?s).*\\(0 rejected by Gen.filter, 10\\d\\d by Property.assume\\).*"),
                assumed.getMessage());
        // Half rejected is fine, on every seed; a larger budget admits the 95% filter.
        for (long seed = 1; seed <= 20; seed++) {
            Property.named("50% filter").seed(seed).tries(100)
                    .forAll(Gens.ints(0, 999).filter(x -> x % 2 == 1), x -> { });
        }
        Property.named("95% filter, budget 100").seed(1).tries(100).maxDiscardRatio(100)
                .forAll(Gens.ints(0, 999).filter(x -> x % 20 == 7), x -> assertEquals(7, x % 20));
    }

    @Test
    void junitAbortsAndInterruptsPropagateUntouched() {
        AtomicInteger calls = new AtomicInteger();
        TestAbortedException abort = new TestAbortedException("not on this machine");
        TestAbortedException thrown = assertThrows(TestAbortedException.class, () -> Property.named("aborts")
                .forAll(Gens.ints(0, 1000), x -> {
                    calls.incrementAndGet();
                    throw abort;
                }));
        assertSame(abort, thrown);
        assertEquals(1, calls.get(), "an abort is not shrunk");
        assertThrows(TestAbortedException.class, () -> Property.named("assumption")
                .forAll(Gens.ints(0, 1000), x -> Assumptions.assumeTrue(x < 0)));

        InterruptedException interrupt = new InterruptedException("stop");
        Throwable t = assertThrows(InterruptedException.class, () -> Property.named("interrupted")
                .forAll(Gens.ints(0, 1000), x -> {
                    throw interrupt;
                }));
        assertSame(interrupt, t);
        try {
            IllegalStateException io = new IllegalStateException("I/O failed because of the interrupt");
            assertSame(io, assertThrows(IllegalStateException.class, () -> Property.named("flag set")
                    .forAll(Gens.ints(0, 1000), x -> {
                        Thread.currentThread().interrupt();
                        throw io;
                    })));
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailingTryIsStoredAndReplayedFirstUntilItPasses(@TempDir Path dir) throws Exception {
        Property.Runner runner = Property.named("database demo").database(dir);
        List<Integer> firstValues = new ArrayList<>();
        PropertyFailure first = assertThrows(PropertyFailure.class, () -> runner.forAll(Gens.ints(0, 100_000), x -> {
            firstValues.add(x);
            assertTrue(x < 90_000);
        }));
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        String stored = Files.readString(file);
        assertTrue(stored.contains("seed=" + first.seed()) && stored.contains("try=" + first.tryNumber()), stored);

        // The next (randomly seeded) run checks the stored try first, and reports it with its seed.
        List<Integer> secondValues = new ArrayList<>();
        PropertyFailure second = assertThrows(PropertyFailure.class, () -> runner.forAll(Gens.ints(0, 100_000), x -> {
            secondValues.add(x);
            assertTrue(x < 90_000);
        }));
        assertEquals(first.original(), secondValues.get(0));
        assertEquals(first.seed(), second.seed());
        assertTrue(second.getMessage().contains("stored by an earlier failing run"), second.getMessage());

        // Once the bug is fixed the entry goes away.
        runner.forAll(Gens.ints(0, 100_000), x -> assertTrue(x <= 100_000));
        assertFalse(Files.exists(file));
        // Runs seeded in code neither read nor write it.
        assertThrows(PropertyFailure.class, () -> runner.seed(5).forAll(Gens.ints(0, 100_000), x -> fail()));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void explicitExamplesRunFirstAndFailUnshrunk() {
        List<Integer> seen = new ArrayList<>();
        Property.named("examples").example(-7).example(123_456).tries(3)
                .forAll(Gens.ints(0, 1000), x -> seen.add(x));
        assertEquals(List.of(-7, 123_456), seen.subList(0, 2));
        assertEquals(5, seen.size());

        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("pair example")
                .example(3, 4).forAll(Gens.ints(0, 2), Gens.ints(0, 2), (a, b) -> assertTrue(a + b < 7)));
        assertEquals(new Pair<>(3, 4), f.shrunk());
        assertTrue(f.getMessage().startsWith("Property 'pair example' failed on explicit example 1 of 1\n"),
                f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Property.named("wrong arity").example(1, 2)
                .forAll(Gens.ints(0, 2), x -> { }));
    }

    @Test
    void labelsAreCountedAndReported() {
        String out = PropertyTest.captureStdout(() -> Property.named("labelled").seed(1).tries(1000).printStatistics()
                .forAll(Gens.ints(0, 9_999), x -> {
                    Property.classify(x % 2 == 0, "even");
                    Property.label(x < 5_000 ? "low" : "high");
                }));
        assertTrue(out.matches("(?s).*labelled: statistics: .*% even.*\\(of 1000 tries\\)\\R"), out);
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("labelled failure").seed(2)
                .tries(1000).forAll(Gens.ints(0, 9_999), x -> {
                    Property.label(x % 2 == 0 ? "even" : "odd");
                    assertTrue(x < 9_990);
                }));
        double even = f.statistics().get("even");
        assertTrue(even > 0.3 && even < 0.7, "even: " + even);
        assertTrue(f.getMessage().contains("  statistics:   "), f.getMessage());
    }

    @Test
    void smallDomainsAreEnumerated() {
        List<Boolean> bools = new ArrayList<>();
        Property.named("boolean").forAll(Gens.booleans(), bools::add);
        assertEquals(List.of(false, true), bools);
        List<Pair<Integer, Boolean>> pairs = new ArrayList<>();
        Property.named("pairs").forAll(Gens.ints(0, 3), Gens.booleans(), (i, b) -> pairs.add(new Pair<>(i, b)));
        assertEquals(8, pairs.size());
        assertEquals(8, pairs.stream().distinct().count());
        AtomicInteger mapped = new AtomicInteger();
        Property.named("mapped, filtered, picked").forAll(Gens.ints(0, 9).filter(i -> i % 3 == 0).map(i -> i * 2),
                Gen.oneOf("a", "b"), (i, s) -> mapped.incrementAndGet());
        assertEquals(8, mapped.get());
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("enumerated failure")
                .forAll(Gens.ints(0, 50), i -> assertTrue(i < 40)));
        assertEquals(40, f.shrunk());
        assertTrue(f.getMessage().contains("failed on value 41 of 51 (all values enumerated)"), f.getMessage());
        // More values than tries: random again.
        AtomicInteger random = new AtomicInteger();
        Property.named("wide").tries(10).forAll(Gens.ints(0, 50), i -> random.incrementAndGet());
        assertEquals(10, random.get());
    }

    @Test
    void aCheckThatFailsOnlySometimesIsReportedAsFlaky() {
        AtomicInteger calls = new AtomicInteger();
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("third call fails").seed(1)
                .forAll(Gens.ints(0, 1000), x -> assertTrue(calls.incrementAndGet() != 3)));
        assertEquals(PropertyFailure.Kind.FLAKY, f.kind());
        assertTrue(f.getMessage().startsWith("Property 'third call fails' is flaky: try 3 of"), f.getMessage());
        PropertyFailure real = assertThrows(PropertyFailure.class, () -> Property.named("deterministic").seed(1)
                .forAll(Gens.ints(0, 1000), x -> assertTrue(x < 500)));
        assertEquals(PropertyFailure.Kind.FALSIFIED, real.kind());
    }

    @Test
    void aTryOverTheDeadlineFailsAndShrinksToASmallSlowInput() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("slow for big n").seed(1)
                .deadline(Duration.ofMillis(20)).forAll(Gens.ints(0, 1000), n -> {
                    if (n >= 300) {
                        Thread.sleep(30);
                    }
                }));
        DeadlineExceeded cause = assertInstanceOf(DeadlineExceeded.class, f.getCause());
        assertEquals(300, f.shrunk());
        assertTrue(cause.took().compareTo(cause.deadline()) > 0);
        assertThrows(IllegalArgumentException.class, () -> Property.named("x").deadline(Duration.ZERO));
    }

    @Test
    void withDefaultsScopesSettingsToPropertiesStartedInside() {
        AtomicInteger count = new AtomicInteger();
        try (Property.Scope ignored = Property.withDefaults(Property.defaults().tries(7).named("scoped")
                .withoutDatabase())) {
            Property.forAll(Gens.ints(0, 1000), x -> count.incrementAndGet());
            PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.forAll(Gens.ints(0, 1000),
                    x -> fail()));
            assertEquals("scoped", f.propertyName());
        }
        assertEquals(7, count.get());
        count.set(0);
        Property.named("after").forAll(Gens.ints(0, 1000), x -> count.incrementAndGet());
        assertEquals(Integer.getInteger(Property.TRIES_PROPERTY, Property.DEFAULT_TRIES), count.get());
    }
}
