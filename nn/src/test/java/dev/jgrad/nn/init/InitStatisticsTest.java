package dev.jgrad.nn.init;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each initializer's samples against the distribution its Javadoc states: mean and variance within
 * five standard errors (a false alarm is a ~1e-6 event, and the seeds are fixed), and the whole
 * distribution by a Kolmogorov–Smirnov test (Commons Math).
 */
class InitStatisticsTest {
    /** Weight shapes [out, in, ...]: tiny, the MNIST MLP's two layers, wide, and a conv kernel. */
    private static final int[][] SHAPES = {{5, 3}, {16, 784}, {10, 16}, {64, 256}, {7, 2, 3, 3}};
    private static final int SAMPLES = 60_000;
    private static final double Z = 5;

    @Test
    void kaimingUniformAndNormalHaveVarianceGainSquaredOverFan() {
        for (int[] shape : SHAPES) {
            Fans f = Init.fans(Tensor.zeros(shape));
            for (FanMode mode : FanMode.values()) {
                int fan = f.get(mode);
                double reluStd = Math.sqrt(2.0) / Math.sqrt(fan);
                check("kaimingUniform relu " + mode, shape, new UniformRealDistribution(-Math.sqrt(3) * reluStd, Math.sqrt(3) * reluStd),
                        (t, g) -> Init.kaimingUniform(t, 0, mode, Nonlinearity.RELU, g));
                double leakyStd = Math.sqrt(2.0 / (1 + 0.2 * 0.2)) / Math.sqrt(fan);
                check("kaimingNormal leaky 0.2 " + mode, shape, new NormalDistribution(0, leakyStd),
                        (t, g) -> Init.kaimingNormal(t, 0.2, mode, Nonlinearity.LEAKY_RELU, g));
            }
            // nn.Linear's weight: a = √5 gives bound exactly 1/√fan_in.
            double bound = 1 / Math.sqrt(f.fanIn());
            check("kaimingUniform a=√5", shape, new UniformRealDistribution(-bound, bound),
                    (t, g) -> Init.kaimingUniform(t, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, g));
        }
    }

    @Test
    void xavierHasVarianceGainSquaredTimesTwoOverFanSum() {
        for (int[] shape : SHAPES) {
            Fans f = Init.fans(Tensor.zeros(shape));
            double gain = 5.0 / 3.0;
            double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
            check("xavierUniform", shape, new UniformRealDistribution(-Math.sqrt(3) * std, Math.sqrt(3) * std),
                    (t, g) -> Init.xavierUniform(t, gain, g));
            check("xavierNormal", shape, new NormalDistribution(0, std), (t, g) -> Init.xavierNormal(t, gain, g));
        }
    }

    @Test
    void plainUniformAndNormal() {
        check("uniform", new int[] {300}, new UniformRealDistribution(-0.5, 2), (t, g) -> Init.uniform(t, -0.5, 2, g));
        check("normal", new int[] {300}, new NormalDistribution(3, 0.25), (t, g) -> Init.normal(t, 3, 0.25, g));
    }

    @Test
    void truncatedNormalMatchesTheTruncatedDistribution() {
        double[][] cases = {{0, 1, -2, 2}, {0, 1, 0.5, 3}, {0.02, 0.02, -0.04, 0.04}, {1, 2, -1, 1}};
        for (double[] c : cases) {
            RealDistribution dist = truncatedNormal(c[0], c[1], c[2], c[3]);
            check("truncNormal " + Arrays.toString(c), new int[] {16, 16}, dist,
                    (t, g) -> Init.truncNormal(t, c[0], c[1], c[2], c[3], g));
        }
    }

    /** Draws SAMPLES values by re-initializing a tensor of {@code shape} and compares them with {@code dist}. */
    private static void check(String what, int[] shape, RealDistribution dist, InitCall init) {
        Generator gen = new Generator(what.hashCode());
        Tensor t = Tensor.zeros(DType.FLOAT64, shape);
        double[] all = new double[SAMPLES];
        SummaryStatistics stats = new SummaryStatistics();
        int filled = 0;
        while (filled < SAMPLES) {
            init.accept(t, gen);
            double[] v = t.toDoubleArray();
            for (int i = 0; i < v.length && filled < SAMPLES; i++) {
                all[filled++] = v[i];
                stats.addValue(v[i]);
            }
        }
        double mean = dist.getNumericalMean(), var = dist.getNumericalVariance();
        // Var(s²) ≈ (μ₄ − σ⁴)/n; μ₄ = 3σ⁴ for a normal (an upper bound for the lighter-tailed truncated one), 1.8σ⁴ for a uniform.
        double kurtosis = dist instanceof UniformRealDistribution ? 1.8 : 3.0;
        double meanBound = Z * Math.sqrt(var / SAMPLES);
        double varBound = Z * var * Math.sqrt((kurtosis - 1) / SAMPLES);
        assertEquals(mean, stats.getMean(), meanBound, what + " " + Arrays.toString(shape) + ": mean");
        assertEquals(var, stats.getVariance(), varBound, what + " " + Arrays.toString(shape) + ": variance");
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(dist, all);
        assertTrue(p > 1e-4, what + " " + Arrays.toString(shape) + ": Kolmogorov–Smirnov p-value " + p);
    }

    @FunctionalInterface
    private interface InitCall {
        void accept(Tensor t, Generator g);
    }

    /** N(mean, std²) conditioned on [a, b]: cdf (Φ(z) − Φ(α))/Z with the standard moments of the truncated normal. */
    static RealDistribution truncatedNormal(double mean, double std, double a, double b) {
        NormalDistribution phi = new NormalDistribution(0, 1);
        double alpha = (a - mean) / std, beta = (b - mean) / std;
        double z = phi.cumulativeProbability(beta) - phi.cumulativeProbability(alpha);
        double dA = phi.density(alpha), dB = phi.density(beta);
        double m = mean + std * (dA - dB) / z;
        double v = std * std * (1 + (alpha * dA - beta * dB) / z - Math.pow((dA - dB) / z, 2));
        return new AbstractRealDistribution(null) {
            @Override
            public double density(double x) {
                return x < a || x > b ? 0 : phi.density((x - mean) / std) / (std * z);
            }

            @Override
            public double cumulativeProbability(double x) {
                if (x <= a) {
                    return 0;
                }
                if (x >= b) {
                    return 1;
                }
                return (phi.cumulativeProbability((x - mean) / std) - phi.cumulativeProbability(alpha)) / z;
            }

            @Override
            public double getNumericalMean() {
                return m;
            }

            @Override
            public double getNumericalVariance() {
                return v;
            }

            @Override
            public double getSupportLowerBound() {
                return a;
            }

            @Override
            public double getSupportUpperBound() {
                return b;
            }

            @Override
            @SuppressWarnings("deprecation")
            public boolean isSupportLowerBoundInclusive() {
                return true;
            }

            @Override
            @SuppressWarnings("deprecation")
            public boolean isSupportUpperBoundInclusive() {
                return true;
            }

            @Override
            public boolean isSupportConnected() {
                return true;
            }
        };
    }

}
