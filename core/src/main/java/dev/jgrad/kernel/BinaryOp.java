package dev.jgrad.kernel;

/** The pointwise functions of two arguments; comparisons return 1 for true and 0 for false. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, EQ, GT, LT, GE, LE;

    /** The scalar definition every fast path is tested against. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
        };
    }
}
