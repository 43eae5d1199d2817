package dev.jgrad.nn.init;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gains in {@link Init}'s Javadoc are for, measured on deep stacks of square layers (fixed seeds):
 * ReLU halves the second moment E[x²] (not the variance), which gain √2 makes up for; SELU keeps its fixed
 * point with gain 1 (LINEAR, as PyTorch advises for self-normalizing nets), not with its gain 3/4.
 */
class InitGainsTest {
    private static final int WIDTH = 256, BATCH = 64, DEPTH = 10;
    private static final double SELU_LAMBDA = 1.0507009873554805, SELU_ALPHA = 1.6732632423543772;

    @Test
    void reluHalvesTheSecondMomentNotTheVariance() {
        Generator gen = new Generator(11);
        int n = 400_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double r = Math.max(0, gen.nextGaussian());
            sum += r;
            sumSq += r * r;
        }
        double secondMoment = sumSq / n, variance = secondMoment - (sum / n) * (sum / n);
        assertEquals(0.5, secondMoment, 0.005, "E[relu(x)²] for x ~ N(0, 1)");
        assertEquals(0.5 - 1 / (2 * Math.PI), variance, 0.005, "Var[relu(x)]: about 0.34, not 0.5");
    }

    @Test
    void gainSqrt2KeepsTheSecondMomentThroughReluLayers() {
        assertEquals(1, secondMomentGrowth(Nonlinearity.RELU, x -> Math.max(0, x)), 0.3, "gain √2");
        double linear = secondMomentGrowth(Nonlinearity.LINEAR, x -> Math.max(0, x));
        assertEquals(Math.pow(0.5, DEPTH - 1), linear, 0.5 * Math.pow(0.5, DEPTH - 1), "gain 1 halves it per layer");
    }

    @Test
    void seluKeepsItsFixedPointWithGainOneNotWithThreeQuarters() {
        DoubleUnaryOperator selu = x -> x > 0 ? SELU_LAMBDA * x : SELU_LAMBDA * SELU_ALPHA * Math.expm1(x);
        double linear = secondMomentGrowth(Nonlinearity.LINEAR, selu);
        assertEquals(1, linear, 0.15, "LINEAR (gain 1): SELU's fixed point keeps the scale");
        double seluGain = secondMomentGrowth(Nonlinearity.SELU, selu);
        assertTrue(seluGain < 0.25, "gain 3/4 shrinks the scale layer by layer: " + seluGain);
    }

    /**
     * E[y²] of the last layer's pre-activations y = Wx over the first layer's, for x₀ ~ N(0, 1) through DEPTH
     * Kaiming-normal layers (the first layer's input is not an activation's output, so it is the reference).
     */
    private static double secondMomentGrowth(Nonlinearity nonlinearity, DoubleUnaryOperator activation) {
        Generator gen = new Generator(7);
        double[][] x = new double[BATCH][WIDTH];
        for (double[] row : x) {
            for (int j = 0; j < WIDTH; j++) {
                row[j] = gen.nextGaussian();
            }
        }
        double first = 0, secondMoment = 0;
        for (int layer = 0; layer < DEPTH; layer++) {
            Tensor w = Init.kaimingNormal(Tensor.zeros(DType.FLOAT64, WIDTH, WIDTH), 0, FanMode.FAN_IN, nonlinearity, gen);
            double[] weights = w.toDoubleArray();
            double[][] next = new double[BATCH][WIDTH];
            secondMoment = 0;
            for (int b = 0; b < BATCH; b++) {
                for (int o = 0; o < WIDTH; o++) {
                    double y = 0;
                    for (int i = 0; i < WIDTH; i++) {
                        y += weights[o * WIDTH + i] * x[b][i];
                    }
                    secondMoment += y * y;
                    next[b][o] = activation.applyAsDouble(y);
                }
            }
            secondMoment /= BATCH * WIDTH;
            first = layer == 0 ? secondMoment : first;
            x = next;
        }
        return secondMoment / first;
    }
}
