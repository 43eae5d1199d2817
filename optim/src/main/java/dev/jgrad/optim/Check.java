package dev.jgrad.optim;

/**
 * Argument checks that name the parameter, its value and its valid range, in PyTorch's words
 * ({@code Invalid learning rate: -0.1 (must be >= 0)}), for the constructor of an options record:
 *
 * <pre>{@code
 * public record Options(double lr, double beta1, double beta2, double beta3, double eps)
 *         implements OptimizerOptions<Options> {
 *     public Options {
 *         Check.nonNegative("learning rate", lr);
 *         Check.beta(0, beta1);
 *         Check.beta(1, beta2);
 *         Check.beta(2, beta3);
 *         Check.nonNegative("epsilon value", eps);
 *     }
 * }
 * }</pre>
 *
 * Every check fails on NaN too, since every comparison with NaN is false. Each returns the value it checked.
 */
public final class Check {
    private Check() {}

    /** {@code value >= 0}: {@code Invalid <what>: <value> (must be >= 0)}. */
    public static double nonNegative(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= 0)");
        }
        return value;
    }

    /** {@code value > 0}: {@code Invalid <what>: <value> (must be > 0)}. */
    public static double positive(String what, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be > 0)");
        }
        return value;
    }

    /** {@code 0 <= value < 1}: {@code Invalid <what>: <value> (must be in [0, 1))}. */
    public static double unitInterval(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be in [0, 1))");
        }
        return value;
    }

    /** {@code 0 <= value <= 1} (Adadelta's rho may be 1): {@code Invalid <what>: <value> (must be in [0, 1])}. */
    public static double closedUnitInterval(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be in [0, 1])");
        }
        return value;
    }

    /**
     * Entry {@code index} of PyTorch's {@code betas} tuple, {@code 0 <= beta < 1}:
     * {@code Invalid beta parameter at index 2: 1.0 (must be in [0, 1))}.
     */
    public static double beta(int index, double value) {
        return unitInterval("beta parameter at index " + index, value);
    }
}
