package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Runs, reports and replays of {@link Property}, mostly through properties that are false on purpose. */
class PropertyTest {

    private static final Gen<List<Integer>> LISTS = Gen.listOf(Gens.ints(0, 1000), 0, 10);

    private static int sum(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).sum();
    }

    private static PropertyFailure sumBelow100(Property.Runner runner) {
        return assertThrows(PropertyFailure.class,
                () -> runner.forAll(LISTS, list -> assertTrue(sum(list) < 100, "sum is " + sum(list))));
    }

    @Test
    void falseListPropertyShrinksToTheSingleElementList100() {
        PropertyFailure failure = sumBelow100(Property.named("sum below 100").seed(2024));
        assertEquals(List.of(100), failure.shrunk());
        assertTrue(sum(castList(failure.original())) >= 100);
        assertTrue(failure.shrinkSteps() > 0);
    }

    @Test
    void falseListPropertyAlwaysShrinksToSumExactly100WithoutZeros() {
        // Greedy shrinking can stop at e.g. [60, 40], but never above 100 or with a removable 0:
        // any such list still has a failing candidate.
        for (long s = 1; s <= 30; s++) {
            long seed = s;
            List<Integer> shrunk = castList(sumBelow100(Property.named("sum below 100").seed(seed)).shrunk());
            assertEquals(100, sum(shrunk), "seed " + seed + ": " + shrunk);
            assertFalse(shrunk.contains(0), "seed " + seed + ": " + shrunk);
        }
        List<Integer> shrunk = castList(sumBelow100(Property.named("sum below 100, random seed")).shrunk());
        assertEquals(100, sum(shrunk), shrunk::toString);
    }

    @Test
    void falseDoublePropertyShrinksToOneTenth() {
        for (int run = 0; run < 20; run++) {
            PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.named("x*x >= x").tries(1000)
                    .forAll(Gens.doubles(-10, 10), x -> assertTrue(x * x >= x, "x = " + x)));
            double original = (Double) failure.original();
            assertTrue(original > 0 && original < 1, "original " + original);
            assertEquals(0.1, (Double) failure.shrunk());
        }
    }

    @Test
    void falseShapePropertyShrinksToShapeThree() {
        for (int run = 0; run < 20; run++) {
            PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.named("fewer than 3 elements")
                    .forAll(Gens.shapes(4, 5), shape -> assertTrue(Shapes.numel(shape) < 3)));
            assertTrue(Shapes.numel((int[]) failure.original()) >= 3);
            assertEquals("[3]", Render.value(failure.shrunk()));
            assertTrue(failure.getMessage().contains("shrunk:       [3]\n"), failure.getMessage());
        }
    }

    @Test
    void reportSaysWhatFailedAndHowToReplayIt() {
        PropertyFailure failure = sumBelow100(Property.named("sum below 100").seed(2024));
        String message = failure.getMessage();
        assertEquals("sum below 100", failure.propertyName());
        assertEquals(2024, failure.seed());
        assertTrue(message.startsWith("Property 'sum below 100' failed on try " + failure.tryNumber() + " of 100"), message);
        assertTrue(message.contains("seed 2024"), message);
        assertTrue(message.contains("original:     " + failure.original()), message);
        assertTrue(message.contains("shrunk:       [100]"), message);
        assertTrue(message.contains("shrink steps: " + failure.shrinkSteps()), message);
        assertTrue(message.contains("sum is 100"), message);
        assertTrue(message.contains(".onlyTry(" + failure.tryNumber() + ")"), message);
        AssertionFailedError cause = assertInstanceOf(AssertionFailedError.class, failure.getCause());
        assertTrue(cause.getMessage().startsWith("sum is 100"), cause.getMessage());

        PropertyFailure randomSeeded = sumBelow100(Property.named("random seed"));
        assertTrue(randomSeeded.getMessage().contains("-Djgrad.pbt.seed=" + randomSeeded.seed()), randomSeeded.getMessage());
    }

    @Test
    void arraysAndPairsAreRenderedByContent() {
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.named("arrays")
                .forAll(Gens.shapes(3, 4), Gens.shapes(3, 4), (a, b) -> assertTrue(a.length + b.length < 3)));
        assertInstanceOf(Pair.class, failure.shrunk());
        assertFalse(failure.getMessage().contains("[I@"), failure.getMessage());
        @SuppressWarnings("unchecked")
        Pair<int[], int[]> shrunk = (Pair<int[], int[]>) failure.shrunk();
        assertEquals(3, shrunk.first().length + shrunk.second().length);
        assertTrue(failure.getMessage().matches("(?s).*shrunk: +\\(\\[(1(, 1)*)?], \\[(1(, 1)*)?]\\)\n.*"),
                failure.getMessage());
    }

    @Test
    void seedSetInCodeReplaysTheSameCounterexample() {
        Gen<Integer> ints = Gens.ints(0, 1000);
        Property.Body<Integer> below900 = x -> assertTrue(x < 900);
        PropertyFailure first = assertThrows(PropertyFailure.class,
                () -> Property.named("below 900").tries(1000).forAll(ints, below900));
        PropertyFailure replay = assertThrows(PropertyFailure.class,
                () -> Property.named("below 900").tries(1000).seed(first.seed()).forAll(ints, below900));
        assertEquals(first.tryNumber(), replay.tryNumber());
        assertEquals(first.original(), replay.original());
        assertEquals(900, replay.shrunk());
    }

    @Test
    void seedSystemPropertyReplaysTheSameCounterexample() {
        Gen<List<Integer>> lists = Gen.listOf(Gens.ints(-50, 50), 1, 6);
        Property.Body<List<Integer>> noFortyTwo = list -> assertFalse(list.stream().anyMatch(x -> x > 42));
        PropertyFailure first = assertThrows(PropertyFailure.class, () -> Property.forAll(lists, noFortyTwo));
        PropertyFailure replay = withSystemProperty(Property.SEED_PROPERTY, Long.toString(first.seed()),
                () -> assertThrows(PropertyFailure.class, () -> Property.forAll(lists, noFortyTwo)));
        assertEquals(first.seed(), replay.seed());
        assertEquals(first.tryNumber(), replay.tryNumber());
        assertEquals(first.original(), replay.original());
        assertEquals(List.of(43), replay.shrunk());
        assertTrue(replay.getMessage().contains("from -Djgrad.pbt.seed"), replay.getMessage());

        // A seed set in code is more specific than the one for the whole test run.
        long other = first.seed() + 1;
        AtomicReference<List<Integer>> seenFirst = new AtomicReference<>();
        withSystemProperty(Property.SEED_PROPERTY, Long.toString(first.seed()), () -> {
            Property.named("code seed").seed(other).tries(1).forAll(lists, seenFirst::set);
            return null;
        });
        AtomicReference<List<Integer>> expected = new AtomicReference<>();
        Property.named("code seed").seed(other).tries(1).forAll(lists, expected::set);
        assertEquals(expected.get(), seenFirst.get());
    }

    @Test
    void onlyTryReplaysTheFailingTryAlone() {
        Gen<Integer> ints = Gens.ints(0, 1000);
        Property.Body<Integer> below900 = x -> assertTrue(x < 900);
        PropertyFailure first = assertThrows(PropertyFailure.class,
                () -> Property.named("below 900").seed(77).forAll(ints, below900));
        List<Integer> seen = new ArrayList<>();
        PropertyFailure replay = assertThrows(PropertyFailure.class, () -> Property.named("below 900")
                .seed(77).onlyTry(first.tryNumber()).maxShrinkSteps(0).forAll(ints, x -> {
                    seen.add(x);
                    below900.check(x);
                }));
        // The failing value runs twice: once in its try, once more to rule out a flaky check.
        assertEquals(List.of(first.original()), seen.stream().distinct().toList());
        assertEquals(first.tryNumber(), replay.tryNumber());
    }

    @Test
    void truePropertiesRunTheConfiguredNumberOfTries() {
        AtomicInteger count = new AtomicInteger();
        Property.named("counted").tries(37).forAll(Gens.ints(-500, 500), x -> count.incrementAndGet());
        assertEquals(37, count.get());

        count.set(0);
        withSystemProperty(Property.TRIES_PROPERTY, null, () -> {
            Property.forAll(Gens.ints(0, 1000), b -> count.incrementAndGet());
            return null;
        });
        assertEquals(Property.DEFAULT_TRIES, count.get());

        count.set(0);
        withSystemProperty(Property.TRIES_PROPERTY, "250", () -> {
            Property.forAll(Gens.ints(0, 100), Gens.ints(0, 100), (a, b) -> count.incrementAndGet());
            return null;
        });
        assertEquals(250, count.get());

        count.set(0);
        withSystemProperty(Property.TRIES_PROPERTY, "250", () -> {
            Property.named("explicit wins").tries(12).forAll(Gens.ints(0, 100), x -> count.incrementAndGet());
            return null;
        });
        assertEquals(12, count.get());
    }

    @Test
    void printsOneSeedLinePerRun() {
        String out = captureStdout(() -> Property.named("quiet").tries(5).forAll(Gens.ints(0, 99), b -> { }));
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.matches("\\[jgrad.pbt] quiet: seed=(\\d+) \\(random\\), tries=5; replay with -Djgrad.pbt.seed=\\1\\R"), out);

        String fixed = captureStdout(() -> Property.named("fixed").seed(31337).tries(5)
                .forAll(Gens.ints(0, 99), b -> { }));
        assertTrue(fixed.contains("seed=31337 (set in code)"), fixed);
    }

    @Test
    void unnamedPropertiesAreNamedAfterTheCallingTest() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Property.forAll(Gens.ints(0, 10), x -> fail("always")));
        assertEquals("PropertyTest.unnamedPropertiesAreNamedAfterTheCallingTest", failure.propertyName());
    }

    @Test
    void shrinkingStaysWithTheOriginalKindOfFailure() {
        Set<Class<?>> seen = new HashSet<>();
        for (long s = 1; s <= 20; s++) {
            long seed = s;
            PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.named("two bugs")
                    .seed(seed).forAll(Gens.ints(0, 1000), x -> {
                        if (x >= 500) {
                            throw new IllegalArgumentException("big bug at " + x);
                        }
                        assertTrue(x < 100, "small bug");
                    }));
            int original = (Integer) failure.original();
            assertEquals(original >= 500 ? 500 : 100, failure.shrunk(), "seed " + seed);
            assertEquals(original >= 500 ? IllegalArgumentException.class : AssertionFailedError.class,
                    failure.getCause().getClass());
            seen.add(failure.getCause().getClass());
        }
        assertEquals(2, seen.size(), "both kinds of original failure should occur among the seeds");
    }

    @Test
    void shrinkingRespectsTheStepLimit() {
        PropertyFailure none = sumBelow100(Property.named("no shrinking").seed(5).maxShrinkSteps(0));
        assertEquals(0, none.shrinkSteps());
        assertEquals(none.original(), none.shrunk());
        assertTrue(none.getMessage().contains("step limit of 0"), none.getMessage());

        PropertyFailure three = sumBelow100(Property.named("three steps").seed(5).maxShrinkSteps(3));
        assertEquals(3, three.shrinkSteps());
    }

    @Test
    void twoAndThreeArgumentFormsShrinkEveryArgument() {
        PropertyFailure two = assertThrows(PropertyFailure.class, () -> Property.named("pair")
                .forAll(Gens.ints(0, 100), Gens.ints(0, 100), (a, b) -> assertTrue(a < 10 || b < 10)));
        assertEquals(new Pair<>(10, 10), two.shrunk());

        PropertyFailure three = assertThrows(PropertyFailure.class, () -> Property.named("triple")
                .forAll(Gens.ints(0, 20), Gens.ints(0, 20), Gens.ints(0, 20),
                        (a, b, c) -> assertTrue(a < 5 || b < 6 || c < 7)));
        assertEquals(new Triple<>(5, 6, 7), three.shrunk());
        assertTrue(three.getMessage().contains("shrunk:       (5, 6, 7)"), three.getMessage());
    }

    @Test
    void generatorFailuresNameThePropertyAndSeed() {
        Gen<Integer> broken = source -> {
            throw new ArithmeticException("broken generator");
        };
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Property.named("impossible")
                .seed(9).forAll(broken, x -> { }));
        assertTrue(error.getMessage().contains("'impossible'"), error.getMessage());
        assertTrue(error.getMessage().contains("seed 9"), error.getMessage());
        assertTrue(error.getMessage().contains("broken generator"), error.getMessage());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Property.named("x").tries(0));
        assertThrows(IllegalArgumentException.class, () -> Property.named("x").onlyTry(0));
        assertThrows(IllegalArgumentException.class, () -> Property.named("x").maxShrinkSteps(-1));
        assertThrows(IllegalArgumentException.class, () -> withSystemProperty(Property.SEED_PROPERTY, "abc",
                () -> {
                    Property.forAll(Gens.booleans(), b -> { });
                    return null;
                }));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> castList(Object value) {
        return (List<Integer>) value;
    }

    private interface Action<R> {
        R run();
    }

    private static <R> R withSystemProperty(String key, String value, Action<R> action) {
        String previous = System.getProperty(key);
        try {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
            return action.run();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    /** What {@code action} prints to standard output. */
    static String captureStdout(Runnable action) {
        PrintStream previous = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            System.setOut(previous);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
