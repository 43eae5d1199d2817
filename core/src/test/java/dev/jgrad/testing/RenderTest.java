package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counterexamples print by content: records component by component, arrays element by element. */
class RenderTest {

    record Gradients(String name, double[] values, int[][] shape) {
    }

    record Labelled(double[] values) {
        @Override
        public String toString() {
            return "custom " + values.length;
        }
    }

    @Test
    void recordsWithGeneratedToStringPrintTheirComponents() {
        // javac gives every record a toString, so "does it declare one" is always yes; the
        // generated one prints arrays as [D@2cac4385.
        Gradients g = new Gradients("w", new double[] {1.5, -0.0}, new int[][] {{2}, {3, 4}});
        assertEquals("Gradients[name=\"w\", values=[1.5, -0.0], shape=[[2], [3, 4]]]", Render.value(g));
        assertEquals("custom 2", Render.value(new Labelled(new double[] {1, 2})));
        assertEquals("[Gradients[name=\"a\", values=[], shape=[]]]",
                Render.value(List.of(new Gradients("a", new double[0], new int[0][]))));
    }

    @Test
    void failureReportsShowRecordComponents() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.named("records").seed(1)
                .forAll(Gens.doubleArrays(Gens.shapes(1, 1, 3), -1, 1).map(v -> new Gradients("g", v, new int[][] {})),
                        g -> assertTrue(g.values().length < 2)));
        assertFalse(f.getMessage().contains("[D@"), f.getMessage());
        assertTrue(f.getMessage().contains("shrunk:       Gradients[name=\"g\", values=[0.0, 0.0], shape=[]]"),
                f.getMessage());
    }

    @Test
    void namedArgumentsPrintAsAssignments() {
        Arguments args = new Arguments(List.of("a", "xs"), Arrays.asList(3, new double[] {1, 2}));
        assertEquals("a = 3, xs = [1.0, 2.0]", args.toString());
        assertThrows(IllegalArgumentException.class, () -> new Arguments(List.of("a"), List.of()));
    }
}
