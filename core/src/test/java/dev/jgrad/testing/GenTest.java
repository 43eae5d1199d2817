package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The combinators of {@link Gen} and how they keep shrinking intact. */
class GenTest {

    private static <T> Object shrunk(Gen<T> gen, Property.Body<? super T> falseProperty) {
        // Plenty of tries, so that properties false on a small fraction of values fail reliably.
        return assertThrows(PropertyFailure.class,
                () -> Property.named("false on purpose").tries(1000).forAll(gen, falseProperty)).shrunk();
    }

    @Test
    void samplesAreDeterministicPerSeed() {
        Gen<List<Integer>> lists = Gen.listOf(Gens.ints(-100, 100), 0, 8);
        assertEquals(lists.samples(50, 99), lists.samples(50, 99));
        assertTrue(!lists.samples(50, 99).equals(lists.samples(50, 100)));
    }

    @Test
    void mapKeepsShrinking() {
        Gen<Integer> evens = Gens.ints(0, 1000).map(i -> 2 * i);
        assertEquals(100, shrunk(evens, x -> assertTrue(x < 100)));
    }

    @Test
    void filterNeverShrinksToRejectedValues() {
        Gen<Integer> odds = Gens.ints(-1000, 1000).filter(i -> i % 2 != 0);
        ShrinkTrees.check(odds, 50, 1, x -> assertTrue(x % 2 != 0, "even value " + x));
        // Filtering only removes candidates, so the shrunk value is a local minimum (e.g. 103,
        // whose remaining candidates 91 and 97 pass), not necessarily the smallest odd number.
        int shrunk = (Integer) shrunk(odds, x -> assertTrue(x < 100));
        assertTrue(shrunk >= 101 && shrunk % 2 != 0, "got " + shrunk);
    }

    @Test
    void filterGivesUpWithAClearMessage() {
        Gen<Integer> impossible = Gens.ints(0, 10).filter(x -> x > 10);
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> impossible.generate(new Source(1)));
        assertTrue(error.getMessage().startsWith("Gen.filter gave up: the predicate rejected all 100 values"),
                error.getMessage());
        assertTrue(error.getMessage().contains("last rejected: "), error.getMessage());

        Gen<Integer> strict = Gens.ints(0, 1_000_000).filter(x -> x == 7, 3);
        IllegalStateException three = assertThrows(IllegalStateException.class, () -> strict.generate(new Source(1)));
        assertTrue(three.getMessage().contains("rejected all 3 values"), three.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gens.ints(0, 1).filter(x -> true, 0));
    }

    @Test
    void flatMapShrinksTheShapeBeforeTheValues() {
        Gen<Pair<int[], double[]>> tensors = Gens.shapes(4, 5)
                .flatMap(shape -> Gens.doubleArrays(shape, -1, 1).map(data -> new Pair<>(shape, data)));
        @SuppressWarnings("unchecked")
        Pair<int[], double[]> shrunk = (Pair<int[], double[]>) shrunk(tensors,
                t -> assertTrue(t.second().length < 3));
        assertArrayEquals(new int[] {3}, shrunk.first());
        assertArrayEquals(new double[] {0, 0, 0}, shrunk.second());
    }

    @Test
    void flatMapKeepsLeadingValuesWhenTheShapeShrinks() {
        Gen<Pair<int[], double[]>> tensors = Gens.shapes(1, 3, 4)
                .flatMap(shape -> Gens.doubleArrays(shape, -1, 1).map(data -> new Pair<>(shape, data)));
        Source source = new Source(3);
        for (int i = 0; i < 50; i++) {
            Shrinkable<Pair<int[], double[]>> root = tensors.generate(source);
            double[] data = root.value().second();
            List<Pair<int[], double[]>> smallerShapes = root.shrinks().map(Shrinkable::value)
                    .filter(p -> !Arrays.equals(p.first(), root.value().first()))
                    .collect(Collectors.toList());
            for (Pair<int[], double[]> candidate : smallerShapes) {
                double[] prefix = Arrays.copyOf(data, candidate.second().length);
                assertArrayEquals(prefix, candidate.second(), "shape " + Arrays.toString(candidate.first()));
            }
        }
    }

    @Test
    void flatMapSkipsCandidatesWhoseInnerValueCannotBeGenerated() {
        // The outer value starts at 3 or more but shrinks towards 0; below 3 the inner filter
        // can never succeed, so those candidates must be dropped rather than break shrinking.
        Gen<Integer> counts = source -> Shrinkable.unfold(source.nextInt(3, 20), n -> NumberShrinking.towards(n, 0));
        Gen<Pair<Integer, Integer>> gen = counts.flatMap(
                n -> Gens.ints(0, 100).filter(x -> n >= 3 || x < 0).map(x -> new Pair<>(n, x)));
        ShrinkTrees.check(gen, 20, 5, p -> assertTrue(p.first() >= 3, p::toString));
        assertEquals(new Pair<>(3, 0), shrunk(gen, p -> assertTrue(false)));
    }

    @Test
    void constantOneOfAndChoose() {
        assertEquals(List.of("a", "a", "a"), Gen.constant("a").samples(3, 1));
        assertEquals(0, Gen.constant("a").generate(new Source(1)).shrinks().count());

        Gen<String> letters = Gen.oneOf("x", "y", "z");
        assertEquals(Set.of("x", "y", "z"), new HashSet<>(letters.samples(200, 1)));
        assertEquals("x", shrunk(letters, s -> assertTrue(s.equals("q"))));

        Gen<Integer> mixed = Gen.choose(Gens.ints(0, 9), Gens.ints(100, 109), Gen.constant(-1));
        Set<Integer> kinds = mixed.samples(300, 2).stream().map(x -> x < 0 ? 2 : x >= 100 ? 1 : 0)
                .collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2), kinds);
        assertEquals(0, shrunk(mixed, x -> assertTrue(x > 1000)));
        assertThrows(IllegalArgumentException.class, Gen::choose);
    }

    @Test
    void zipShrinksBothComponents() {
        Gen<Pair<Integer, Integer>> pairs = Gen.zip(Gens.ints(0, 100), Gens.ints(0, 100));
        assertEquals(new Pair<>(10, 10), shrunk(pairs, p -> assertTrue(p.first() < 10 || p.second() < 10)));
        Gen<Triple<Integer, Boolean, String>> triples = Gen.zip(Gens.ints(0, 50), Gens.booleans(), Gen.oneOf("a", "b"));
        assertEquals(new Triple<>(0, false, "a"), shrunk(triples, t -> assertTrue(false)));
        assertEquals(7, shrunk(Gen.zip(Gens.ints(0, 9), Gens.ints(0, 9), Integer::sum), s -> assertTrue(s < 7)));
    }

    @Test
    void listsRespectTheirSizeBoundsWhileShrinking() {
        Gen<List<Integer>> lists = Gen.listOf(Gens.ints(-5, 5), 2, 6);
        ShrinkTrees.check(lists, 50, 7, list -> assertTrue(list.size() >= 2 && list.size() <= 6, list::toString));
        assertEquals(List.of(0, 0), shrunk(lists, list -> assertTrue(false)));
        assertEquals(List.of(3), shrunk(Gen.listOf(Gens.ints(0, 9), 0, 20), list -> assertTrue(!list.contains(3))));
        assertThrows(IllegalArgumentException.class, () -> Gen.listOf(Gens.booleans(), 3, 2));
    }

    @Test
    void arraysShrinkLikeLists() {
        Gen<int[]> ints = Gen.intArray(Gens.ints(0, 9), 1, 4);
        ShrinkTrees.check(ints, 30, 8, a -> assertTrue(a.length >= 1 && a.length <= 4));
        assertArrayEquals(new int[] {5}, (int[]) shrunk(ints, a -> assertTrue(Arrays.stream(a).max().orElse(0) < 5)));
        Gen<double[]> doubles = Gen.doubleArray(Gens.doubles(-1, 1), 3, 3);
        assertArrayEquals(new double[] {0, 0, 0}, (double[]) shrunk(doubles, a -> assertTrue(false)));
    }

    @Test
    void noShrinkAndCustomShrinkers() {
        Gen<Integer> fixed = Gens.ints(50, 100).noShrink();
        assertEquals(0, fixed.generate(new Source(4)).shrinks().count());

        Gen<Integer> tens = Gens.ints(0, 100).withShrinker(x -> x >= 10 ? Stream.of(x - 10) : Stream.empty());
        int shrunkValue = (Integer) shrunk(tens, x -> assertTrue(x < 20));
        assertTrue(shrunkValue >= 20 && shrunkValue < 30, "got " + shrunkValue);
    }
}
