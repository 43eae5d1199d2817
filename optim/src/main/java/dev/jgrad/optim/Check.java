package dev.jgrad.optim;

/** Argument checks that name the parameter, its value and its valid range, in PyTorch's words. */
final class Check {
    private Check() {}

    /** {@code value >= 0}; NaN fails too, since every comparison with NaN is false. */
    static double nonNegative(String what, double value) {
        if (!(value >= 0)) throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= 0)");
        return value;
    }

    /** {@code 0 <= value < 1}. */
    static double unitInterval(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be in [0, 1))");
        }
        return value;
    }

    /** {@code 0 <= value <= 1} (Adadelta's rho may be 1). */
    static double closedUnitInterval(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be in [0, 1])");
        }
        return value;
    }
}
