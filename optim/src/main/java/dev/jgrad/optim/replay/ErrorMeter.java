package dev.jgrad.optim.replay;

/**
 * The largest relative and absolute differences seen so far. Relative error is |a − e| / |e|; where
 * the expected value is exactly 0 it is 0 if the actual value is 0 too and infinite otherwise, so an
 * exact zero is never excused. Any NaN that is not matched by a NaN counts as infinitely wrong.
 */
final class ErrorMeter {
    private double maxRel;
    private double maxAbs;

    void compare(double actual, double expected) {
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
    }

    void compare(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) compare(actual[i], expected[i]);
    }

    /** Marks the case failed, e.g. when a recorded state entry has no counterpart. */
    void mismatch() {
        maxAbs = maxRel = Double.POSITIVE_INFINITY;
    }

    double maxRel() {
        return maxRel;
    }

    double maxAbs() {
        return maxAbs;
    }
}
