package dev.jgrad.kernel;

/**
 * The pointwise functions the kernel layer knows. Parameters ({@code p} and {@code q}) are passed
 * beside the op so that, e.g., {@code POW} with exponent 2 needs no extra enum constant.
 */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU,
    /** x^p. */
    POW,
    /** min(max(x, p), q). */
    CLAMP,
    /** 1 where p &le; x &le; q, else 0: the local derivative of {@code CLAMP}. */
    INSIDE,
    /** sign(x) in {-1, 0, 1}: the local derivative of {@code ABS}. */
    SIGN,
    /** x + p. */
    ADD_SCALAR,
    /** x · p. */
    MUL_SCALAR;

    /** The scalar definition every fast path is tested against. */
    public double apply(double x, double p, double q) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            // Two branches keep exp's argument non-positive, so neither overflows.
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case RELU -> x > 0 ? x : (x == x ? 0 : x);
            case POW -> Math.pow(x, p);
            case CLAMP -> Math.min(Math.max(x, p), q);
            case INSIDE -> (x >= p && x <= q) ? 1 : 0;
            case SIGN -> Math.signum(x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
        };
    }
}
