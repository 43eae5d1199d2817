package dev.jgrad.nn.init;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.function.DoubleSupplier;

/**
 * Parameter initializers, PyTorch's {@code torch.nn.init}: each overwrites a tensor in place (outside
 * the graph, so parameters that require grad can be initialized) and returns it.
 *
 * <p>Why initialization matters: a layer y = Wx with n inputs and independent zero-mean weights of
 * variance σ² gives Var[y] = n·σ²·E[x²] — the second moment of its input, not its variance — and the
 * activation turns Var[y] into the next layer's E[x²] = factor·Var[y] (½ for ReLU, 1 for the identity).
 * Repeated over layers, anything but n·σ²·factor ≈ 1 makes activations and gradients shrink to zero or
 * blow up geometrically with depth. The Xavier and Kaiming schemes choose σ² to make that product 1, so
 * σ = gain/√n with the {@linkplain #calculateGain gain} factor^(−1/2).
 *
 * <p>Every random initializer draws from an explicit {@link Generator}, one draw per element in
 * row-major order (truncated normal: until accepted), so the same seed gives the same tensor.
 * Zero-element tensors are left as they are, as in PyTorch.
 */
public final class Init {
    /** Per element; past this many rejected draws the interval holds too little mass for rejection sampling. */
    static final int TRUNC_NORMAL_MAX_TRIES = 10_000;
    private static final double DEFAULT_LEAKY_RELU_SLOPE = 0.01;

    private Init() {}

    // ---------------------------------------------------------------- plain distributions

    /** Fills with draws from U(low, high): {@code low + (high − low)·u}, u uniform in [0, 1). */
    public static Tensor uniform(Tensor t, double low, double high, Generator gen) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("uniform: need finite low <= high, got low " + low + " and high " + high);
        }
        return fill(t, () -> low + (high - low) * gen.nextDouble());
    }

    /** Fills with draws from N(mean, std²): {@code mean + std·z}, z standard normal. */
    public static Tensor normal(Tensor t, double mean, double std, Generator gen) {
        checkNormal("normal", mean, std);
        return fill(t, () -> mean + std * gen.nextGaussian());
    }

    /** Sets every element to {@code value} (no randomness). */
    public static Tensor constant(Tensor t, double value) {
        return fill(t, () -> value);
    }

    /** Sets every element to 0: the usual start for biases. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Sets every element to 1: the usual start for normalization scales. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /**
     * Fills with draws from N(mean, std²) conditioned on landing in [a, b]. Note that a and b are
     * absolute values, not multiples of std (PyTorch's convention; its defaults are a = −2, b = 2).
     * Used where rare large initial weights hurt (e.g. transformers), since the plain normal's tails
     * are cut off.
     *
     * <p>Sampled by rejection: draw from N(mean, std²) until the value is in [a, b]. That is exact;
     * it is efficient when [a, b] holds a reasonable share of the mass, and after
     * {@value #TRUNC_NORMAL_MAX_TRIES} rejections for one element it gives up with an error instead
     * of looping (an interval far in the tail needs the inverse-CDF method, which jgrad lacks).
     */
    public static Tensor truncNormal(Tensor t, double mean, double std, double a, double b, Generator gen) {
        checkNormal("truncNormal", mean, std);
        if (!(a <= b)) {
            throw new IllegalArgumentException("truncNormal: need a <= b, got a " + a + " and b " + b);
        }
        return fill(t, () -> {
            for (int i = 0; i < TRUNC_NORMAL_MAX_TRIES; i++) {
                double z = mean + std * gen.nextGaussian();
                if (z >= a && z <= b) {
                    return z;
                }
            }
            throw new IllegalArgumentException("truncNormal: " + TRUNC_NORMAL_MAX_TRIES + " draws from N(" + mean + ", " + std
                    + "²) in a row fell outside [" + a + ", " + b + "]; the interval holds too little probability for rejection sampling");
        });
    }

    // ---------------------------------------------------------------- variance-preserving schemes

    /**
     * Xavier (Glorot) uniform: U(−bound, bound) with bound = gain·√(6 / (fan_in + fan_out)), so
     * the variance is gain²·2/(fan_in + fan_out). Glorot and Bengio (2010) balance the forward
     * (fan_in) and backward (fan_out) variance conditions by using their average; meant for
     * tanh/sigmoid-like activations (gain from {@link #calculateGain}).
     */
    public static Tensor xavierUniform(Tensor t, double gain, Generator gen) {
        if (t.numel() == 0) {
            return t;
        }
        double bound = Math.sqrt(3.0) * xavierStd(t, gain);
        return fill(t, () -> -bound + 2 * bound * gen.nextDouble());
    }

    /** Xavier (Glorot) normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, double gain, Generator gen) {
        if (t.numel() == 0) {
            return t;
        }
        double std = xavierStd(t, gain);
        return fill(t, () -> std * gen.nextGaussian());
    }

    private static double xavierStd(Tensor t, double gain) {
        Fans f = fans(t);
        return gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
    }

    /**
     * Kaiming (He) uniform: U(−bound, bound) with bound = gain·√(3 / fan), gain =
     * {@code calculateGain(nonlinearity, a)} and fan chosen by {@code mode}; the variance is
     * gain²/fan. He et al. (2015): a ReLU zeroes the negative half of a symmetric input, so it halves the
     * second moment E[x²] the next layer's variance is made of (the variance itself it cuts to
     * ½ − 1/(2π) ≈ 0.34 for a Gaussian), and the weights need variance 2/fan (gain √2) for deep ReLU nets
     * to keep their scale ({@code InitGainsTest}).
     *
     * @param a the negative slope of the leaky ReLU that follows (used only with {@code LEAKY_RELU};
     *          PyTorch's default is 0, giving gain √2)
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        if (t.numel() == 0) {
            return t;
        }
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return fill(t, () -> -bound + 2 * bound * gen.nextDouble());
    }

    /** Kaiming (He) normal: N(0, std²) with std = gain / √fan (see {@link #kaimingUniform}). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        if (t.numel() == 0) {
            return t;
        }
        double std = kaimingStd(t, a, mode, nonlinearity);
        return fill(t, () -> std * gen.nextGaussian());
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, a) / Math.sqrt(fans(t).get(mode));
    }

    // ---------------------------------------------------------------- gains and fans

    /**
     * The factor that undoes an activation's effect on the variance, for {@code LEAKY_RELU} with
     * PyTorch's default negative slope 0.01. See {@link #calculateGain(Nonlinearity, double)}.
     */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, DEFAULT_LEAKY_RELU_SLOPE);
    }

    /**
     * The recommended gain for {@code nonlinearity}: 1 for linear, convolution and sigmoid; 5/3 for
     * tanh; √2 for ReLU; √(2 / (1 + slope²)) for leaky ReLU with negative slope {@code param};
     * 3/4 for SELU, as PyTorch. That one is not for self-normalizing networks: PyTorch's documentation
     * says to use {@code LINEAR} (gain 1, weights of variance 1/n) for those, which keeps SELU's fixed
     * point (mean 0, variance 1), and warns that 3/4 gives that normalisation up for steadier gradients
     * in non-square layers. {@code param} is ignored except for {@code LEAKY_RELU}.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                if (!Double.isFinite(param)) {
                    throw new IllegalArgumentException("calculateGain: negative slope must be finite, got " + param);
                }
                yield Math.sqrt(2.0 / (1 + param * param));
            }
            case SELU -> 3.0 / 4.0;
        };
    }

    /** fan_in and fan_out of a weight of rank ≥ 2 (see {@link Fans}). */
    public static Fans fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fans: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape "
                    + Shape.str(t.shape()) + ")");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new Fans(t.size(1) * receptive, t.size(0) * receptive);
    }

    // ---------------------------------------------------------------- helpers

    private static void checkNormal(String op, double mean, double std) {
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
            throw new IllegalArgumentException(op + ": need a finite mean and a finite std >= 0, got mean " + mean + " and std " + std);
        }
    }

    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    private static Tensor fill(Tensor t, DoubleSupplier sample) {
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = sample.getAsDouble();
        }
        try (GradMode ignored = Autograd.noGrad()) {
            t.copyFrom(v);
        }
        return t;
    }
}
