package dev.jgrad.testing;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wrong backward is reported at the input element where it is wrong, as a multi-dimensional index
 * (found by mutation testing: nothing checked the index in the message).
 */
class GradCheckMismatchReportTest {

    /** y = x, with a backward that drops the gradient of one element. */
    private static Tensor identityWithABrokenElement(Tensor x, Tensor mask) {
        Tensor out = x.mul(1.0).detach();
        return Autograd.record("broken", out, List.of(x), Edge.of(x, g -> g.mul(mask)));
    }

    @Test
    void theMismatchNamesTheBrokenElementOfAMatrixInput() {
        for (int broken = 0; broken < 6; broken++) {
            double[] m = {1, 1, 1, 1, 1, 1};
            m[broken] = 0;
            Tensor mask = Tensor.of(m, 2, 3);
            Tensor x = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 2, 3).requiresGrad(true);
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GradCheck.check(in -> identityWithABrokenElement(in[0], mask), x));
            String expected = "element [" + broken / 3 + ", " + broken % 3 + "], output element " + broken + ":";
            assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
            assertTrue(e.getMessage().contains("analytic 0.0 vs numeric"), e.getMessage());
        }
    }

    @Test
    void aMismatchJustOutsideTheToleranceFailsAndJustInsidePasses() {
        // Backward scaled by (1 + s): the analytic derivative is 1 + s, the numeric one 1 (exact up to rounding).
        GradCheck.Tolerance tol = GradCheck.Tolerance.DEFAULT;
        double limit = tol.atol() + tol.rtol();
        for (double s : new double[] {0.5 * limit, 2 * limit}) {
            Tensor x = Tensor.of(new double[] {0.25}, 1).requiresGrad(true);
            GradCheck.Fn f = in -> Autograd.record("scaled", in[0].mul(1.0).detach(), List.of(in[0]),
                    Edge.of(in[0], g -> g.mul(1 + s)));
            if (s < limit) {
                GradCheck.check(f, x);
            } else {
                assertThrows(AssertionError.class, () -> GradCheck.check(f, x));
            }
        }
    }
}
