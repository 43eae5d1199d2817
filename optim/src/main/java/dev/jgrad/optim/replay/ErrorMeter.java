package dev.jgrad.optim.replay;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The largest relative and absolute differences seen so far, and where the first value beyond the tolerance
 * was. Relative error is |a − e| / |e|; where the expected value is exactly 0 it is 0 if the actual value is 0
 * too and infinite otherwise, so an exact zero is never excused. Any NaN that is not matched by a NaN counts
 * as infinitely wrong.
 */
final class ErrorMeter {
    private final double tolerance;
    private double maxRel;
    private double maxAbs;
    private CaseResult.Failure first;

    /** A meter that reports the first value beyond {@link TrajectoryReplay#TOLERANCE}. */
    ErrorMeter() {
        this(TrajectoryReplay.TOLERANCE);
    }

    ErrorMeter(double tolerance) {
        this.tolerance = tolerance;
    }

    void compare(double actual, double expected) {
        compare("a value", actual, expected);
    }

    /** Compares one number; {@code where} names it should it be the first beyond the tolerance. */
    void compare(String where, double actual, double expected) {
        double rel = measure(actual, expected);
        if (first == null && !(rel <= tolerance)) {
            first = difference(where, actual, expected, rel);
        }
    }

    void compare(double[] actual, double[] expected) {
        compare(i -> "element " + i, actual, expected);
    }

    /** Compares element by element; {@code where} names element i should it be the first beyond the tolerance. */
    void compare(IntFunction<String> where, double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            double rel = measure(actual[i], expected[i]);
            if (first == null && !(rel <= tolerance)) {
                first = difference(where.apply(i), actual[i], expected[i], rel);
            }
        }
    }

    /** Marks the case failed, e.g. when a recorded state entry has no counterpart. */
    void mismatch() {
        mismatch("a value", "not comparable");
    }

    /** Marks the case failed at {@code where}, for the reason {@code what}. */
    void mismatch(String where, String what) {
        maxAbs = maxRel = Double.POSITIVE_INFINITY;
        if (first == null) {
            first = new CaseResult.Failure(where, what);
        }
    }

    double maxRel() {
        return maxRel;
    }

    double maxAbs() {
        return maxAbs;
    }

    /** The first value beyond the tolerance, or null if there was none. */
    CaseResult.Failure firstFailure() {
        return first;
    }

    private double measure(double actual, double expected) {
        double abs, rel;
        if (Double.isNaN(actual) || Double.isNaN(expected)) {
            abs = rel = Double.isNaN(actual) && Double.isNaN(expected) ? 0 : Double.POSITIVE_INFINITY;
        } else if (actual == expected) {
            abs = rel = 0; // also equal infinities, whose difference would be NaN
        } else {
            abs = Math.abs(actual - expected);
            rel = expected == 0 ? Double.POSITIVE_INFINITY : abs / Math.abs(expected);
        }
        maxAbs = Math.max(maxAbs, abs);
        maxRel = Math.max(maxRel, rel);
        return rel;
    }

    private static CaseResult.Failure difference(String where, double actual, double expected, double rel) {
        return new CaseResult.Failure(where, "jgrad " + actual + ", recorded " + expected + " (relative error "
                + String.format(Locale.ROOT, "%.2e", rel) + ")");
    }
}
