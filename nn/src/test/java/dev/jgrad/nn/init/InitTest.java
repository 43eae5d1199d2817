package dev.jgrad.nn.init;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    /** Every random initializer, as (tensor, generator) → tensor. */
    private static final List<BiFunction<Tensor, Generator, Tensor>> RANDOM = List.of(
            (t, g) -> Init.uniform(t, -1, 1, g),
            (t, g) -> Init.normal(t, 0, 1, g),
            (t, g) -> Init.truncNormal(t, 0, 1, -2, 2, g),
            (t, g) -> Init.xavierUniform(t, 1, g),
            (t, g) -> Init.xavierNormal(t, 1, g),
            (t, g) -> Init.kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, g),
            (t, g) -> Init.kaimingNormal(t, 0, FanMode.FAN_OUT, Nonlinearity.RELU, g));

    @Test
    void theSameSeedGivesTheSameTensorAndAnotherSeedAnother() {
        for (int k = 0; k < RANDOM.size(); k++) {
            var init = RANDOM.get(k);
            double[] a = init.apply(Tensor.zeros(DType.FLOAT64, 8, 6), new Generator(42)).toDoubleArray();
            double[] b = init.apply(Tensor.zeros(DType.FLOAT64, 8, 6), new Generator(42)).toDoubleArray();
            double[] c = init.apply(Tensor.zeros(DType.FLOAT64, 8, 6), new Generator(43)).toDoubleArray();
            assertArrayEquals(a, b, "initializer " + k);
            assertFalse(Arrays.equals(a, c), "initializer " + k);
        }
    }

    @Test
    void parametersThatRequireGradCanBeInitializedAndStayLeaves() {
        Tensor p = Tensor.zeros(4, 3).requiresGrad(true);
        assertSame(p, Init.kaimingUniform(p, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new Generator(1)));
        assertTrue(p.isLeaf());
        assertTrue(p.requiresGrad());
        assertTrue(Arrays.stream(p.toDoubleArray()).allMatch(v -> v != 0 && Math.abs(v) <= 1 / Math.sqrt(3)));
    }

    @Test
    void constantsZerosOnes() {
        assertArrayEquals(new double[] {2.5, 2.5}, Init.constant(Tensor.zeros(DType.FLOAT64, 2), 2.5).toDoubleArray());
        assertArrayEquals(new double[] {0, 0}, Init.zeros(Tensor.ones(DType.FLOAT64, 2)).toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, Init.ones(Tensor.zeros(DType.FLOAT64, 2)).toDoubleArray());
    }

    @Test
    void gainsFollowPyTorchsTable() {
        // torch.nn.init.calculate_gain: 1, 5/3, √2, √(2/(1 + slope²)) with default slope 0.01, 3/4.
        for (Nonlinearity n : List.of(Nonlinearity.LINEAR, Nonlinearity.CONV1D, Nonlinearity.CONV2D, Nonlinearity.CONV3D,
                Nonlinearity.CONV_TRANSPOSE1D, Nonlinearity.CONV_TRANSPOSE2D, Nonlinearity.CONV_TRANSPOSE3D, Nonlinearity.SIGMOID)) {
            assertEquals(1.0, Init.calculateGain(n), n.toString());
        }
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.2 * 0.2)), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2));
        assertEquals(Math.sqrt(2.0 / 6), Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-16);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU, 0.5), "param only matters for leaky ReLU");
    }

    @Test
    void fansOfLinearAndConvolutionWeights() {
        assertEquals(new Fans(784, 16), Init.fans(Tensor.zeros(16, 784)));
        assertEquals(new Fans(2 * 9, 7 * 9), Init.fans(Tensor.zeros(7, 2, 3, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(5)));
        assertEquals("fans: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape [5])", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(Tensor.zeros(5), 1, new Generator(1)));
    }

    @Test
    void zeroElementTensorsAreLeftAlone() {
        Generator gen = new Generator(1);
        for (var init : RANDOM) {
            assertEquals(0, init.apply(Tensor.zeros(0, 5), gen).numel());
        }
        assertEquals(0, Init.xavierNormal(Tensor.zeros(0, 0), 1, gen).numel());
    }

    @Test
    void truncatedNormalStaysInsideItsBoundsAndRefusesHopelessIntervals() {
        double[] v = Init.truncNormal(Tensor.zeros(DType.FLOAT64, 5000), 0, 1, -0.1, 0.3, new Generator(3)).toDoubleArray();
        assertTrue(Arrays.stream(v).allMatch(x -> x >= -0.1 && x <= 0.3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.truncNormal(Tensor.zeros(2), 0, 1, 10, 11, new Generator(3)));
        assertEquals("truncNormal: 10000 draws from N(0.0, 1.0²) in a row fell outside [10.0, 11.0]; "
                + "the interval holds too little probability for rejection sampling", e.getMessage());
    }

    @Test
    void badArgumentsAreReported() {
        Generator gen = new Generator(1);
        assertEquals("uniform: need finite low <= high, got low 1.0 and high 0.0",
                assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(1), 1, 0, gen)).getMessage());
        assertEquals("normal: need a finite mean and a finite std >= 0, got mean 0.0 and std -1.0",
                assertThrows(IllegalArgumentException.class, () -> Init.normal(Tensor.zeros(1), 0, -1, gen)).getMessage());
        assertEquals("truncNormal: need a <= b, got a 1.0 and b -1.0",
                assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(Tensor.zeros(1), 0, 1, 1, -1, gen)).getMessage());
    }
}
