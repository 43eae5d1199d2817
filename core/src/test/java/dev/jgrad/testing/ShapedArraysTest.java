package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Shape-then-data generation, and the data-keeping shrinking that tensor generators rely on. */
class ShapedArraysTest {

    private static final List<Integer> SIX = List.of(0, 1, 2, 3, 4, 5);

    private static Object shrunk(Gen<ShapedArray> gen, Property.Body<ShapedArray> falseProperty) {
        return assertThrows(PropertyFailure.class,
                () -> Property.named("false on purpose").tries(1000).forAll(gen, falseProperty)).shrunk();
    }

    private static boolean anyAbove(ShapedArray a, double limit) {
        return Arrays.stream(a.data()).anyMatch(x -> x > limit);
    }

    @Test
    void projectionsAreTheSlicesWindowsAndReshapesOfTheData() {
        int[] shape = {2, 3};
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5)),
                ShapedArrays.projections(shape, SIX, new int[] {3}).collect(Collectors.toList()));
        assertEquals(List.of(List.of(0, 3), List.of(1, 4), List.of(2, 5)),
                ShapedArrays.projections(shape, SIX, new int[] {2}).collect(Collectors.toList()));
        assertEquals(List.of(List.of(0, 1, 3, 4), List.of(1, 2, 4, 5)),
                ShapedArrays.projections(shape, SIX, new int[] {2, 2}).collect(Collectors.toList()));
        assertEquals(List.of(SIX), ShapedArrays.projections(shape, SIX, new int[] {6}).collect(Collectors.toList()));
        assertEquals(List.of(), ShapedArrays.projections(shape, SIX, new int[] {1, 2}).collect(Collectors.toList()));
        assertEquals(List.of(), ShapedArrays.projections(shape, SIX, new int[] {4}).collect(Collectors.toList()));
    }

    @Test
    void dataMatchesTheShapeAndRangeAlsoWhenShrunk() {
        Gen<ShapedArray> gen = Gens.shapedArrays(Gens.shapes(1, 3, 4), -2, 2);
        ShrinkTrees.check(gen, 60, 1, a -> {
            assertTrue(a.shape().length >= 1 && a.shape().length <= 3, a::toString);
            assertEquals(Shapes.numel(a.shape()), a.data().length, a::toString);
            assertTrue(Arrays.stream(a.data()).allMatch(x -> x >= -2 && x <= 2), a::toString);
        });
    }

    @Test
    void aFailingValueSurvivesWhileTheShapeShrinks() {
        // The culprit can sit anywhere; slicing keeps it, so the tensor still shrinks to a scalar.
        for (int run = 0; run < 10; run++) {
            assertEquals(new ShapedArray(new int[0], new double[] {1.0}),
                    shrunk(Gens.shapedArrays(Gens.shapes(3, 4), -1, 1), a -> assertTrue(!anyAbove(a, 0.9))));
        }
        assertEquals(new ShapedArray(new int[] {1, 1}, new double[] {1.0}),
                shrunk(Gens.shapedArrays(Gens.shapes(2, 2, 4), -1, 1), a -> assertTrue(!anyAbove(a, 0.9))));
    }

    @Test
    void shapeShrinksBeforeValuesWhenOnlyTheShapeMatters() {
        assertEquals(new ShapedArray(new int[] {3}, new double[] {0, 0, 0}),
                shrunk(Gens.shapedArrays(Gens.shapes(4, 5), -1, 1), a -> assertTrue(a.data().length < 3)));
    }

    @Test
    void valuesAreRenderedNestedAndComparedByContent() {
        ShapedArray matrix = new ShapedArray(new int[] {2, 2}, new double[] {1, 2, 3, 4});
        assertEquals("shape [2, 2]: [[1.0, 2.0], [3.0, 4.0]]", matrix.toString());
        assertEquals("shape []: 5.0", new ShapedArray(new int[0], new double[] {5}).toString());
        assertEquals(new ShapedArray(new int[] {2, 2}, new double[] {1, 2, 3, 4}), matrix);
        assertEquals(new ShapedArray(new int[] {2, 2}, new double[] {1, 2, 3, 4}).hashCode(), matrix.hashCode());
        assertNotEquals(new ShapedArray(new int[] {4}, new double[] {1, 2, 3, 4}), matrix);
        assertThrows(IllegalArgumentException.class, () -> new ShapedArray(new int[] {2, 2}, new double[3]));
    }

    @Test
    void doubleArraysFromShapesReturnJustTheData() {
        Gen<double[]> data = Gens.doubleArrays(Gens.shapes(2, 3), -1, 1);
        Gen<ShapedArray> shaped = Gens.shapedArrays(Gens.shapes(2, 3), -1, 1);
        assertEquals(shaped.samples(20, 4).stream().map(a -> Arrays.toString(a.data())).collect(Collectors.toList()),
                data.samples(20, 4).stream().map(Arrays::toString).collect(Collectors.toList()));
    }
}
