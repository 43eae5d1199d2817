package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ranges, shrink targets and invariants of the ready-made generators, checked on shrunk values too. */
class GensTest {

    private static <T> Object shrunk(Gen<T> gen, Property.Body<? super T> falseProperty) {
        // Plenty of tries, so that properties false on a small fraction of values fail reliably.
        return assertThrows(PropertyFailure.class,
                () -> Property.named("false on purpose").tries(1000).forAll(gen, falseProperty)).shrunk();
    }

    /** Broadcast shape by NumPy rules, written independently of the harness; null if incompatible. */
    private static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                return null;
            }
        }
        return out;
    }

    @Test
    void intsStayInRangeAlsoWhenShrunk() {
        int[][] ranges = {{-5, 5}, {10, 20}, {-20, -10}, {7, 7}, {Integer.MIN_VALUE, Integer.MAX_VALUE}};
        for (int[] r : ranges) {
            ShrinkTrees.check(Gens.ints(r[0], r[1]), 100, 1,
                    x -> assertTrue(x >= r[0] && x <= r[1], () -> x + " outside " + Arrays.toString(r)));
        }
        Set<Integer> seen = new HashSet<>(Gens.ints(-3, 3).samples(500, 2));
        assertEquals(7, seen.size());
        assertThrows(IllegalArgumentException.class, () -> Gens.ints(1, 0));
    }

    @Test
    void intsShrinkTowardsZeroOrTheNearestBound() {
        assertEquals(50, shrunk(Gens.ints(-1000, 1000), x -> assertTrue(x < 50)));
        assertEquals(-50, shrunk(Gens.ints(-1000, 1000), x -> assertTrue(x > -50)));
        assertEquals(5, shrunk(Gens.ints(5, 100), x -> assertTrue(false)));
        assertEquals(-5, shrunk(Gens.ints(-100, -5), x -> assertTrue(false)));
        assertEquals(Integer.MAX_VALUE, shrunk(Gens.ints(Integer.MIN_VALUE, Integer.MAX_VALUE),
                x -> assertTrue(x < Integer.MAX_VALUE)));
    }

    @Test
    void doublesStayInRangeAlsoWhenShrunk() {
        double[][] ranges = {{-10, 10}, {2.5, 10}, {-3.7, -1.2}, {0.1, 0.1}, {-1e12, 1e12}, {1e-9, 2e-9},
            {-1e300, 1e300}};
        for (double[] r : ranges) {
            // Trees of huge values are deep, and walking them is slow; a few suffice.
            int samples = Math.abs(r[0]) > 1e100 ? 5 : 50;
            ShrinkTrees.check(Gens.doubles(r[0], r[1]), samples, 3,
                    x -> assertTrue(x >= r[0] && x <= r[1], () -> x + " outside " + Arrays.toString(r)));
        }
        assertThrows(IllegalArgumentException.class, () -> Gens.doubles(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Gens.doubles(0, Double.POSITIVE_INFINITY));
    }

    @Test
    void doublesShrinkToSimpleValues() {
        assertEquals(0.0, shrunk(Gens.doubles(-10, 10), x -> assertTrue(false)));
        assertEquals(2.5, shrunk(Gens.doubles(2.5, 10), x -> assertTrue(false)));
        assertEquals(7.0, shrunk(Gens.doubles(2.5, 10), x -> assertTrue(x < 7)));
        // Integers come before fractions: 1234.5 itself has a decimal, so 1235 is simpler.
        assertEquals(1235.0, shrunk(Gens.doubles(-1e6, 1e6), x -> assertTrue(x < 1234.5)));
        // Fewer decimals beat a smaller magnitude: -0.3 is simpler than -0.25.
        assertEquals(-0.3, shrunk(Gens.doubles(-1, 0), x -> assertTrue(x > -0.25 || x < -0.3)));
        assertEquals(0.1, shrunk(Gens.doubles(-1, 1), x -> assertTrue(x <= 0 || x >= 0.15)));
    }

    @Test
    void shrunkDoublesHaveFewDecimals() {
        Source source = new Source(12);
        Gen<Double> doubles = Gens.doubles(-100, 100);
        for (int i = 0; i < 100; i++) {
            Shrinkable<Double> root = doubles.generate(source);
            root.shrinks().limit(20).forEach(c -> assertTrue(
                    BigDecimal.valueOf(c.value()).stripTrailingZeros().scale()
                            <= Math.max(0, BigDecimal.valueOf(root.value()).stripTrailingZeros().scale()),
                    c.value() + " is not simpler than " + root.value()));
        }
    }

    @Test
    void doublesAvoidingNeverComeCloseToTheAvoidedPoints() {
        record Case(double min, double max, double[] avoid, double margin) {
        }
        List<Case> cases = List.of(
                new Case(-3, 3, new double[] {0}, 1e-3),
                new Case(-3, 3, new double[] {0, 1.5, -1.5}, 0.01),
                new Case(-1, 1, new double[] {0}, 0.5),
                new Case(0, 10, new double[] {0, 10}, 1),
                new Case(-2, 2, new double[] {0, 1}, 0.25),
                new Case(-5, 5, new double[] {-1, 0, 1}, 0),
                new Case(-5, 5, new double[] {100}, 1));
        for (Case c : cases) {
            Gen<Double> gen = Gens.doublesAvoiding(c.min(), c.max(), c.avoid(), c.margin());
            ShrinkTrees.check(gen, 40, 4, x -> {
                assertTrue(x >= c.min() && x <= c.max(), () -> x + " outside the range of " + c);
                for (double p : c.avoid()) {
                    assertTrue(Math.abs(x - p) > c.margin(), () -> x + " within the margin of " + p + " in " + c);
                }
            });
        }
        assertEquals(-1.0, shrunk(Gens.doublesAvoiding(-1, 1, new double[] {0}, 0.1), x -> assertTrue(x > 0)));
        assertEquals(1.0, shrunk(Gens.doublesAvoiding(0, 1, new double[] {0}, 0.1), x -> assertTrue(x < 0.15)));
        assertEquals(0.2, shrunk(Gens.doublesAvoiding(0, 0.9, new double[] {0}, 0.1), x -> assertTrue(x < 0.15)));
    }

    @Test
    void doublesAvoidingRejectsImpossibleRequests() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Gens.doublesAvoiding(-1, 1, new double[] {0}, 2));
        assertTrue(error.getMessage().contains("no value of [-1.0, 1.0]"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gens.doublesAvoiding(-1, 1, new double[] {0}, -1));
        assertEquals(List.of(2.0, 2.0), Gens.doublesAvoiding(2, 2, new double[] {0}, 1).samples(2, 1));
    }

    @Test
    void booleansAndElements() {
        assertEquals(Set.of(true, false), new HashSet<>(Gens.booleans().samples(50, 1)));
        assertEquals(false, shrunk(Gens.booleans(), b -> assertTrue(false)));
        Gen<String> names = Gens.elements(List.of("relu", "tanh", "sigmoid"));
        assertEquals(Set.of("relu", "tanh", "sigmoid"), new HashSet<>(names.samples(100, 1)));
        assertEquals("tanh", shrunk(names, s -> assertTrue(s.equals("relu"))));
        assertThrows(IllegalArgumentException.class, () -> Gens.elements(List.of()));
    }

    @Test
    void shapesStayWithinRankAndDimensionBoundsAlsoWhenShrunk() {
        ShrinkTrees.check(Gens.shapes(4, 5), 200, 5, shape -> {
            assertTrue(shape.length <= 4, () -> Arrays.toString(shape));
            assertTrue(Arrays.stream(shape).allMatch(d -> d >= 1 && d <= 5), () -> Arrays.toString(shape));
        });
        ShrinkTrees.check(Gens.shapes(2, 3, 4), 200, 6, shape ->
                assertTrue(shape.length >= 2 && shape.length <= 3, () -> Arrays.toString(shape)));
        Set<Integer> ranks = new HashSet<>();
        Gens.shapes(3, 2).samples(200, 1).forEach(s -> ranks.add(s.length));
        assertEquals(Set.of(0, 1, 2, 3), ranks);
        assertArrayEquals(new int[] {1, 1}, (int[]) shrunk(Gens.shapes(2, 3, 4), s -> assertTrue(false)));
        assertArrayEquals(new int[0], (int[]) shrunk(Gens.shapes(3, 4), s -> assertTrue(false)));
    }

    @Test
    void broadcastablePairsAlwaysBroadcastAlsoWhenShrunk() {
        ShrinkTrees.check(Gens.broadcastablePair(4, 5), 300, 8, p -> {
            assertNotNull(broadcastShape(p.first(), p.second()), p::toString);
            assertTrue(p.first().length <= 4 && p.second().length <= 4, p::toString);
            assertTrue(Arrays.stream(p.first()).allMatch(d -> d >= 1 && d <= 5), p::toString);
            assertTrue(Arrays.stream(p.second()).allMatch(d -> d >= 1 && d <= 5), p::toString);
        });
    }

    @Test
    void broadcastablePairsCoverTheInterestingCases() {
        List<Pair<int[], int[]>> pairs = Gens.broadcastablePair(3, 4).samples(500, 9);
        assertTrue(pairs.stream().anyMatch(p -> p.first().length != p.second().length), "different ranks");
        assertTrue(pairs.stream().anyMatch(p -> Arrays.equals(p.first(), p.second()) && p.first().length > 1),
                "equal shapes");
        assertTrue(pairs.stream().anyMatch(p -> !Arrays.equals(p.first(), p.second())
                && p.first().length == p.second().length), "same rank, broadcast dims");
        assertTrue(pairs.stream().anyMatch(p -> p.first().length == 0 || p.second().length == 0), "a scalar");
    }

    @Test
    void broadcastablePairsShrinkToTheSimplestMismatch() {
        for (int run = 0; run < 10; run++) {
            @SuppressWarnings("unchecked")
            Pair<int[], int[]> p = (Pair<int[], int[]>) shrunk(Gens.broadcastablePair(4, 5),
                    pair -> assertTrue(Arrays.equals(pair.first(), pair.second())));
            String rendered = p.toString();
            assertTrue(rendered.equals("([], [1])") || rendered.equals("([1], [])"), rendered);
        }
        for (int run = 0; run < 10; run++) {
            @SuppressWarnings("unchecked")
            Pair<int[], int[]> p = (Pair<int[], int[]>) shrunk(Gens.broadcastablePair(4, 5),
                    pair -> assertTrue(Shapes.numel(broadcastShape(pair.first(), pair.second())) < 4));
            assertNotNull(broadcastShape(p.first(), p.second()));
            assertEquals(4, Shapes.numel(broadcastShape(p.first(), p.second())), p::toString);
        }
    }

    @Test
    void doubleArraysHaveOneValuePerElementOfTheShape() {
        assertEquals(1, Gens.doubleArrays(new int[0], -1, 1).generate(new Source(1)).value().length);
        assertEquals(24, Gens.doubleArrays(new int[] {2, 3, 4}, -1, 1).generate(new Source(1)).value().length);
        Gen<int[]> shapes = Gens.shapes(3, 4);
        Gen<Pair<int[], double[]>> tensors = shapes.flatMap(s -> Gens.doubleArrays(s, -2, 2).map(d -> new Pair<>(s, d)));
        ShrinkTrees.check(tensors, 100, 10, t -> {
            assertEquals(Shapes.numel(t.first()), t.second().length, t::toString);
            assertTrue(Arrays.stream(t.second()).allMatch(x -> x >= -2 && x <= 2), t::toString);
        });
        Source source = new Source(2);
        for (int i = 0; i < 50; i++) {
            double[] data = Gens.doubleArrays(shapes, Gens.doublesAvoiding(-1, 1, new double[] {0}, 0.1))
                    .generate(source).value();
            assertTrue(Arrays.stream(data).allMatch(x -> Math.abs(x) > 0.1), Arrays.toString(data));
        }
    }
}
