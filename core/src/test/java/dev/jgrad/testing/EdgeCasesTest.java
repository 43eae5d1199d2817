package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Edge cases, magnitude-aware sampling, zero-size shapes and boundary shrinking of the generators. */
class EdgeCasesTest {

    private static Set<Long> bitsOf(List<Double> values) {
        return values.stream().map(Double::doubleToRawLongBits).collect(Collectors.toSet());
    }

    @Test
    void doublesMixInTheFloatingPointEdgeCasesOfTheirRange() {
        List<Double> xs = Gens.doubles(-2, 2).samples(5_000, 1);
        Set<Long> bits = bitsOf(xs);
        for (double edge : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, -1.0,
                Math.nextDown(1.0), Math.nextUp(1.0), -2, 2, Math.nextUp(-2.0), Math.nextDown(2.0)}) {
            assertTrue(bits.contains(Double.doubleToRawLongBits(edge)), "missing edge case " + edge);
        }
        assertTrue(xs.stream().allMatch(x -> x >= -2 && x <= 2));
        long edges = xs.stream().filter(x -> Arrays.stream(Gens.doubles(-2, 2).edgeCases())
                .anyMatch(e -> Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(x))).count();
        // One draw in 10 is an edge case; a uniform draw hits one with probability ~0.
        assertTrue(edges > 400 && edges < 600, edges + " edge cases in 5000 draws");
    }

    @Test
    void edgeCasesCanBeSwitchedOffAndNeverLeaveTheRange() {
        assertEquals(0, Gens.doubles(-2, 2).withoutEdgeCases().edgeCases().length);
        assertTrue(Gens.doubles(-2, 2).withoutEdgeCases().samples(2_000, 3).stream()
                .noneMatch(x -> x != 0 && Math.abs(x) < Double.MIN_NORMAL));
        // No NaN, infinity or MAX in a finite range.
        assertArrayEquals(new double[] {0.5, Math.nextUp(0.5), Math.nextDown(1.0), 1.0},
                Arrays.stream(Gens.doubles(0.5, 1).edgeCases()).sorted().toArray());
    }

    @Test
    void allDoublesIncludeNaNAndInfinities() {
        List<Double> xs = Gens.allDoubles().samples(3_000, 7);
        assertTrue(xs.stream().anyMatch(x -> Double.isNaN(x)));
        assertTrue(xs.contains(Double.POSITIVE_INFINITY));
        assertTrue(xs.contains(Double.NEGATIVE_INFINITY));
        assertTrue(xs.contains(Double.MAX_VALUE));
        assertTrue(xs.stream().anyMatch(x -> Math.abs(x) > 1e200), "log-uniform over the exponent range");
        assertTrue(xs.stream().anyMatch(x -> x != 0 && Math.abs(x) < 1e-200), "log-uniform over the exponent range");
    }

    @Test
    void wideRangesAreSampledLogUniformlyHalfTheTime() {
        List<Double> wide = Gens.doubles(-1e4, 1e4).samples(10_000, 11);
        double small = wide.stream().filter(x -> Math.abs(x) < 1).count() / 10_000.0;
        // Uniform alone: 1e-4 plus the edge cases (~0.09). Log-uniform over [1e-2, 1e4]: half of 2/6.
        assertTrue(small > 0.2 && small < 0.35, "fraction below 1: " + small);
        double uniform = Gens.doubles(-1e4, 1e4).uniformMagnitudes().withoutEdgeCases().samples(10_000, 11).stream()
                .filter(x -> Math.abs(x) < 1).count() / 10_000.0;
        assertTrue(uniform < 0.005, "uniform fraction below 1: " + uniform);
        List<Integer> ints = Gens.ints(-1_000_000, 1_000_000).samples(10_000, 5);
        assertTrue(ints.stream().filter(i -> Math.abs(i) < 10).count() > 500, "log-uniform ints");
        assertTrue(ints.contains(1) && ints.contains(-1) && ints.contains(1_000_000) && ints.contains(-1_000_000));
    }

    @Test
    void zeroSizeDimensionsAreOptInAndShrinkTowardsZero() {
        assertTrue(Gens.shapes(0, 3, 4).samples(2_000, 1).stream()
                .allMatch(s -> Arrays.stream(s).allMatch(d -> d >= 1)));
        List<int[]> shapes = Gens.shapes(1, 3, 4, ZeroSize.ALLOWED).samples(2_000, 1);
        long empty = shapes.stream().filter(s -> Shapes.numel(s) == 0).count();
        assertTrue(empty > 300 && empty < 500, empty + " empty shapes in 2000, expected about 1 in 5");
        // A property that fails on empty shapes shrinks to [0].
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("non-empty").seed(3)
                .forAll(Gens.shapes(1, 3, 4, ZeroSize.ALLOWED), s -> assertTrue(Shapes.numel(s) > 0)));
        assertArrayEquals(new int[] {0}, (int[]) f.shrunk());
        // Pairs with zero-size dimensions still broadcast, also when shrunk.
        Property.named("zero-size pairs broadcast").forAll(Gens.broadcastablePair(3, 3, ZeroSize.ALLOWED),
                p -> assertTrue(Shapes.broadcastable(p.first(), p.second())));
        assertTrue(Gens.broadcastablePair(3, 3, ZeroSize.ALLOWED).samples(500, 2).stream()
                .anyMatch(p -> Shapes.numel(p.first()) == 0));
        // Tensor data of an empty shape is empty.
        assertTrue(Gens.shapedArrays(Gens.shapes(1, 2, 3, ZeroSize.ALLOWED), -1, 1).samples(200, 4).stream()
                .anyMatch(a -> a.data().length == 0));
    }

    @Test
    void doublesShrinkToTheBoundaryWhenAsked() {
        PropertyFailure simple = assertThrows(PropertyFailure.class, () -> Property.named("x <= 2").seed(1)
                .forAll(Gens.doubles(0, 10), x -> assertTrue(x <= 2)));
        assertEquals(3.0, simple.shrunk());
        PropertyFailure boundary = assertThrows(PropertyFailure.class, () -> Property.named("x <= 2").seed(1)
                .forAll(Gens.doubles(0, 10).shrinking(DoubleShrink.TO_BOUNDARY), x -> assertTrue(x <= 2)));
        assertEquals(Math.nextUp(2.0), boundary.shrunk());
        PropertyFailure negative = assertThrows(PropertyFailure.class, () -> Property.named("x >= -1.5").seed(2)
                .forAll(Gens.doubles(-10, 10).shrinking(DoubleShrink.TO_BOUNDARY), x -> assertTrue(x >= -1.5)));
        assertEquals(Math.nextDown(-1.5), negative.shrunk());
    }

    @Test
    void integersShrinkToTheExactBoundaryByHalvingTheDistance() {
        for (int run = 0; run < 10; run++) {
            PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("i < 12345")
                    .forAll(Gens.ints(-1_000_000, 1_000_000), i -> assertTrue(i < 12_345)));
            assertEquals(12_345, f.shrunk());
        }
    }
}
