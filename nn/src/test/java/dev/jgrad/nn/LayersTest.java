package dev.jgrad.nn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayersTest {
    private final Generator gen = new Generator(17);

    /** y[n][o] = Σᵢ x[n][i]·W[o][i] + b[o], by loops. */
    private static double[] affine(double[] x, int rows, double[] w, double[] b, int in, int out) {
        double[] y = new double[rows * out];
        for (int n = 0; n < rows; n++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    s += x[n * in + i] * w[o * in + i];
                }
                y[n * out + o] = s;
            }
        }
        return y;
    }

    @Test
    void linearComputesXTimesWeightTransposedPlusBiasWithPyTorchsLayout() {
        Linear lin = new Linear(5, 3, Bias.WITH, DType.FLOAT64, gen);
        assertArrayEquals(new int[] {3, 5}, lin.weight().shape());
        assertArrayEquals(new int[] {3}, lin.bias().orElseThrow().shape());
        double[] w = lin.weight().toDoubleArray(), b = lin.bias().orElseThrow().toDoubleArray();

        Tensor x2 = Tensor.normal(gen, 0, 1, DType.FLOAT64, 4, 5);
        assertArrayEquals(affine(x2.toDoubleArray(), 4, w, b, 5, 3), lin.forward(x2).toDoubleArray(), 1e-14);

        Tensor x3 = Tensor.normal(gen, 0, 1, DType.FLOAT64, 2, 3, 5);
        Tensor y3 = lin.forward(x3);
        assertArrayEquals(new int[] {2, 3, 3}, y3.shape());
        assertArrayEquals(affine(x3.toDoubleArray(), 6, w, b, 5, 3), y3.toDoubleArray(), 1e-14);

        Tensor x1 = Tensor.normal(gen, 0, 1, DType.FLOAT64, 5);
        assertArrayEquals(new int[] {3}, lin.forward(x1).shape());
        assertArrayEquals(affine(x1.toDoubleArray(), 1, w, b, 5, 3), lin.forward(x1).toDoubleArray(), 1e-14);
    }

    @Test
    void linearWithoutBiasHasOnlyAWeight() {
        Linear lin = new Linear(4, 2, Bias.WITHOUT, DType.FLOAT64, gen);
        assertTrue(lin.bias().isEmpty());
        assertEquals(List.of("weight"), List.copyOf(lin.namedParameters().keySet()));
        Tensor x = Tensor.normal(gen, 0, 1, DType.FLOAT64, 3, 4);
        assertArrayEquals(affine(x.toDoubleArray(), 3, lin.weight().toDoubleArray(), null, 4, 2), lin.forward(x).toDoubleArray(), 1e-14);
    }

    @Test
    void linearDefaultInitIsUniformWithinOneOverSqrtFanIn() {
        Linear lin = new Linear(100, 50, gen);
        double bound = 1 / Math.sqrt(100);
        for (double v : lin.weight().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v);
        }
        for (double v : lin.bias().orElseThrow().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "bias " + v);
        }
        assertArrayEquals(lin.weight().toFloatArray(), new Linear(100, 50, new Generator(17)).weight().toFloatArray());
        assertFalse(Arrays.equals(lin.weight().toFloatArray(), new Linear(100, 50, new Generator(18)).weight().toFloatArray()));
    }

    @Test
    void wrongInputWidthNamesTheLayerAndBothSizes() {
        Sequential model = new Sequential(new Linear(784, 16, gen), new ReLU(), new Linear(16, 10, gen));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(8, 783)));
        assertEquals("Linear layer '0' (in_features=784, out_features=16, bias=True) expects 784 input features in the last dimension, "
                + "got an input with 783 features (shape [8, 783])", e.getMessage());
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2, gen).forward(Tensor.scalar(1)));
        assertEquals("Linear layer (in_features=3, out_features=2, bias=True) expects 3 input features in the last dimension, "
                + "got a 0-dimensional input (shape [])", alone.getMessage());
    }

    @Test
    void wrongInputDtypeIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(3, 2, gen).forward(Tensor.zeros(DType.FLOAT64, 1, 3)));
        assertEquals("Linear layer (in_features=3, out_features=2, bias=True) has float32 parameters but the input is float64; "
                + "convert the input with to(DType)", e.getMessage());
    }

    @Test
    void reluZeroesNegatives() {
        assertArrayEquals(new double[] {0, 0, 2}, new ReLU().forward(Tensor.of(new double[] {-1, 0, 2}, 3)).toDoubleArray());
    }

    @Test
    void flattenMergesTheChosenDimensions() {
        Tensor x = Tensor.arange(120).reshape(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).forward(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 4, 5}, new Flatten(2, 2).forward(x).shape());
        assertArrayEquals(x.toDoubleArray(), new Flatten().forward(x).toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Flatten(2, 1).forward(x));
        assertEquals("Flatten: start dimension 2 comes after end dimension 1 for an input of shape [2, 3, 4, 5]", e.getMessage());
    }

    @Test
    void constructorRejectsNegativeSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(-1, 2, gen));
        assertEquals("Linear: feature counts must be >= 0, got in_features=-1, out_features=2", e.getMessage());
    }
}
