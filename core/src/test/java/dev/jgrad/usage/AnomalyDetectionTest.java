package dev.jgrad.usage;

import dev.jgrad.autograd.AnomalyChecks;
import dev.jgrad.autograd.AnomalyException;
import dev.jgrad.autograd.AnomalyMode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anomaly detection as a user sees it. This test lives outside jgrad's library packages on purpose:
 * the creation site reported is the first stack frame outside them, which must be this file.
 */
class AnomalyDetectionTest {
    @Test
    void backwardNamesTheOpItsLineAndTheInputWhoseGradientWentBad() {
        Tensor x = Tensor.of(new double[] {4, 0}, 2).requiresGrad(true);
        try (AnomalyMode ignored = Autograd.detectAnomaly()) {
            Tensor y = x.sqrt().sum(); // ∂√x/∂x = 1/(2√x) is infinite at 0
            AnomalyException e = assertThrows(AnomalyException.class, y::backward);
            assertEquals("sqrt", e.op());
            assertTrue(e.site().startsWith("AnomalyDetectionTest.backwardNamesTheOpItsLineAndTheInputWhoseGradientWentBad("
                    + "AnomalyDetectionTest.java:"), e.site());
            assertEquals("anomaly: backward of 'sqrt' (created at " + e.site() + ") produced Inf in the gradient of input 0 "
                    + "of shape [2]; input shapes [2], output gradient [2] (finite)", e.getMessage());
        }
    }

    @Test
    void outsideTheScopeNothingIsCheckedOrRecorded() {
        Tensor x = Tensor.of(new double[] {4, 0}, 2).requiresGrad(true);
        Tensor y = x.sqrt();
        assertNull(y.gradFn().site());
        y.sum().backward();
        assertArrayEquals(new double[] {0.25, Double.POSITIVE_INFINITY}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void forwardChecksNameTheOpThatFirstProducedANaN() {
        Tensor x = Tensor.of(new double[] {-1, 1}, 2).requiresGrad(true);
        try (AnomalyMode ignored = Autograd.detectAnomaly(AnomalyChecks.FORWARD_AND_BACKWARD)) {
            Tensor ok = x.mul(2);
            AnomalyException e = assertThrows(AnomalyException.class, () -> ok.log());
            assertEquals("log", e.op());
            assertTrue(e.getMessage().startsWith("anomaly: forward of 'log' (created at AnomalyDetectionTest."), e.getMessage());
            assertTrue(e.getMessage().endsWith(") produced NaN in its output [2]; input shapes [2]"), e.getMessage());
        }
        x.mul(2).log(); // no scope, no check
    }
}
