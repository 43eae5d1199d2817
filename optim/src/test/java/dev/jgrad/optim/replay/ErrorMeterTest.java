package dev.jgrad.optim.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** What counts as how wrong: the rules {@link ErrorMeter}'s Javadoc states. */
class ErrorMeterTest {

    private static ErrorMeter meter(double actual, double expected) {
        ErrorMeter m = new ErrorMeter();
        m.compare(actual, expected);
        return m;
    }

    @Test
    void relativeAndAbsoluteErrorsKeepTheirMaximum() {
        ErrorMeter m = new ErrorMeter();
        m.compare(new double[] {1.5, -4.0}, new double[] {1.0, -4.5});
        assertEquals(0.5, m.maxRel(), 0.0);
        assertEquals(0.5, m.maxAbs(), 0.0);
        m.compare(2.0, 1.0);
        m.compare(10.0, 10.25);
        assertEquals(1.0, m.maxRel(), 0.0);
        assertEquals(1.0, m.maxAbs(), 0.0);
    }

    @Test
    void exactZerosInfinitiesAndNaNsAreNeverExcused() {
        assertEquals(0.0, meter(0.0, 0.0).maxRel());
        assertEquals(Double.POSITIVE_INFINITY, meter(1e-300, 0.0).maxRel(), "a recorded exact 0 must be met exactly");
        assertEquals(0.0, meter(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY).maxRel());
        assertEquals(0.0, meter(Double.NaN, Double.NaN).maxRel(), "NaN where PyTorch had NaN matches");
        assertEquals(Double.POSITIVE_INFINITY, meter(Double.NaN, 1.0).maxRel());
        assertEquals(Double.POSITIVE_INFINITY, meter(1.0, Double.NaN).maxAbs());
        ErrorMeter m = meter(1.0, 1.0);
        m.mismatch();
        assertEquals(Double.POSITIVE_INFINITY, m.maxRel());
        assertEquals(Double.POSITIVE_INFINITY, m.maxAbs());
    }
}
