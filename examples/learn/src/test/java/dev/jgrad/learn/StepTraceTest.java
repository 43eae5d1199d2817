package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The trace against the algorithm boxes, worked by hand: every expected value below is computed
 * with plain arithmetic following the box line by line, never by calling an optimizer.
 */
class StepTraceTest {
    /** Relative agreement: the optimizers fold the bias corrections as PyTorch does, so last bits may differ. */
    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    private static StepTrace.Gradients given(double theta0, double... grads) {
        return new StepTrace.Gradients(new double[] {theta0},
                Arrays.stream(grads).mapToObj(g -> new double[] {g}).toList());
    }

    @Test
    void adamWFirstThreeStepsMatchTheBoxWorkedByHand() {
        double lr = 0.1, lambda = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        StepTrace trace = StepTrace.run(OptimizerSpec.from("AdamW", new AdamOptions(lr, b1, b2, eps, lambda, false, false)),
                given(1.0, 0.5, -0.2, 0.4));
        List<StepTrace.Row> rows = trace.rows();
        assertEquals(3, rows.size());

        double theta = 1.0, m = 0, v = 0;
        double[] g = {0.5, -0.2, 0.4};
        for (int t = 1; t <= 3; t++) {
            StepTrace.Row r = rows.get(t - 1);
            assertEquals(t, r.t(), "(1) t ← t + 1");
            close(g[t - 1], r.g(), "(2) g is the given gradient: AdamW's decay does not enter it");
            double decay = lr * lambda * theta;                 // (3) the amount γλθ taken off θ
            theta = theta - decay;
            m = b1 * m + (1 - b1) * g[t - 1];                   // (4)
            v = b2 * v + (1 - b2) * g[t - 1] * g[t - 1];        // (5)
            double mHat = m / (1 - Math.pow(b1, t));            // (7)
            double vHat = v / (1 - Math.pow(b2, t));
            double denom = Math.sqrt(vHat) + eps;
            double update = lr * mHat / denom;                  // (8)
            theta = theta - update;
            close(decay, r.decay(), "decay at t=" + t);
            close(m, r.m(), "m at t=" + t);
            close(v, r.v(), "v at t=" + t);
            close(mHat, r.mHat(), "m̂ at t=" + t);
            close(vHat, r.vHat(), "v̂ at t=" + t);
            close(denom, r.denom(), "√v̂ + ε at t=" + t);
            close(update, r.update(), "update at t=" + t);
            close(theta, r.theta(), "θ at t=" + t);
            assertTrue(Double.isNaN(r.direction()), "d is SGD's");
        }
        // Step 1 in numbers: m₁ = 0.1·0.5 = 0.05, m̂₁ = 0.05/0.1 = 0.5 = g₁; v₁ = 0.001·0.25, v̂₁ = 0.25 = g₁²;
        // θ₁ = 1 − 0.01 − 0.1·0.5/(0.5 + 1e-8) ≈ 0.89.
        close(0.5, rows.get(0).mHat(), "m̂₁ = g₁");
        close(0.25, rows.get(0).vHat(), "v̂₁ = g₁²");
        assertEquals(0.89, rows.get(0).theta(), 1e-8);
    }

    @Test
    void atTheFirstStepMHatIsGAndVHatIsGSquaredForAnyGradient() {
        Property.forAll(Gens.doubles(-1e3, 1e3).filter(g -> Math.abs(g) > 1e-6), Gens.doubles(-10, 10), (g, theta) -> {
            StepTrace.Row r = StepTrace.run(OptimizerSpec.of("Adam"), given(theta, g)).rows().get(0);
            // m₁ = (1 − β₁)g and the correction divides by 1 − β₁¹: the same number, so m̂₁ = g.
            assertEquals(g, r.mHat(), 1e-14 * Math.abs(g));
            assertEquals(g * g, r.vHat(), 1e-13 * g * g);
            // So the first step is γ·g/(|g| + ε): γ in size, whatever the gradient's scale.
            assertEquals(1e-3 * g / (Math.abs(g) + 1e-8), r.update(), 1e-15);
        });
    }

    @Test
    void adamsCoupledDecayEntersTheGradientAtLineThree() {
        double lr = 0.01, lambda = 0.5, theta0 = 2.0, g0 = 0.3;
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr).withWeightDecay(lambda)),
                given(theta0, g0)).rows().get(0);
        double g = g0 + lambda * theta0;                     // (3) g ← g + λθ = 1.3
        close(lambda * theta0, r.decay(), "decay λθ");
        close(g, r.g(), "g after (3)");
        close(0.1 * g, r.m(), "(4) m₁ = (1 − β₁)g");
        close(0.001 * g * g, r.v(), "(5) v₁ = (1 − β₂)g²");
        close(theta0 - lr * g / (Math.abs(g) + 1e-8), r.theta(), "(8) θ₁ = θ₀ − γ·g/(|g| + ε)");
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSoFar() {
        double b2 = 0.999;
        List<StepTrace.Row> rows = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults().withAmsgrad(true)),
                given(1.0, 1.0, 0.0)).rows();
        double v1 = (1 - b2) * 1.0, v2 = b2 * v1;            // (5): v shrinks when g = 0
        close(v1, rows.get(1 - 1).v(), "vMax₁ = v₁");
        close(Math.max(v1, v2), rows.get(1).v(), "(6) vMax₂ = max(vMax₁, v₂) = v₁");
        close(v1 / (1 - b2 * b2), rows.get(1).vHat(), "v̂₂ uses vMax");
    }

    @Test
    void paperDecayShrinksByLambdaNotByLrTimesLambda() {
        double lr = 0.1, lambda = 0.01;
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("AdamW", AdamOptions.defaults().withLr(lr).withWeightDecay(lambda))
                .withPaperDecay(true), given(3.0, 1.0)).rows().get(0);
        close(lambda * 3.0, r.decay(), "(3) paper: θ ← θ − η_tλθ with η_t = 1");
    }

    @Test
    void sgdWithMomentumMatchesTheBoxWorkedByHand() {
        double lr = 0.1, mu = 0.9, tau = 0.2, lambda = 0.05;
        StepTrace trace = StepTrace.run(OptimizerSpec.from("SGD", new SgdOptions(lr, mu, tau, lambda, false, false)),
                given(1.0, 0.5, -1.0, 2.0));
        double theta = 1.0, b = 0;
        double[] grads = {0.5, -1.0, 2.0};
        for (int t = 1; t <= 3; t++) {
            StepTrace.Row r = trace.rows().get(t - 1);
            double g = grads[t - 1] + lambda * theta;        // (2) g ← g + λθ
            b = t == 1 ? g : mu * b + (1 - tau) * g;         // (4) first step b ← g, no dampening; (5) later
            double d = b;                                    // (6) without Nesterov, d ← b
            assertEquals(t, r.t());
            close(lambda * theta, r.decay(), "decay λθ at t=" + t);
            theta = theta - lr * d;                          // (7)
            close(g, r.g(), "g at t=" + t);
            close(b, r.m(), "b at t=" + t);
            close(d, r.direction(), "d at t=" + t);
            close(lr * d, r.update(), "update γd at t=" + t);
            close(theta, r.theta(), "θ at t=" + t);
            assertTrue(Double.isNaN(r.v()) && Double.isNaN(r.mHat()), "SGD has no second moment");
        }
    }

    @Test
    void nesterovStepsAlongGPlusMuTimesTheBuffer() {
        double lr = 0.1, mu = 0.9;
        List<StepTrace.Row> rows = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(lr).withMomentum(mu).withNesterov(true)),
                given(0.0, 1.0, 1.0)).rows();
        double b1 = 1.0, b2 = mu * b1 + 1.0;                 // (4), (5) with τ = 0
        close(1.0 + mu * b1, rows.get(0).direction(), "(6) d₁ = g + μb₁");
        close(1.0 + mu * b2, rows.get(1).direction(), "(6) d₂ = g + μb₂");
        close(-lr * (1.0 + mu * b1) - lr * (1.0 + mu * b2), rows.get(1).theta(), "θ₂");
    }

    @Test
    void plainSgdHasNoMomentumBuffer() {
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(0.5)), given(1.0, 2.0)).rows().get(0);
        assertTrue(Double.isNaN(r.m()));
        close(2.0, r.direction(), "(3) d ← g");
        close(0.0, r.theta(), "θ₁ = 1 − 0.5·2");
    }

    @Test
    void maximizeFlipsTheGradientsSign() {
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(0.5).withMaximize(true)), given(1.0, 2.0))
                .rows().get(0);
        close(-2.0, r.g(), "(1) g ← −g");
        close(2.0, r.theta(), "θ₁ = 1 + 0.5·2");
    }

    @Test
    void onASurfaceTheGradientComesFromAutograd() {
        double x = -1.2, y = 1.0;
        StepTrace trace = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(1e-3)),
                new StepTrace.OnSurface(Surface.ROSENBROCK, new double[] {x, y}, 2));
        // ∂f/∂x = −2(1 − x) − 400x(y − x²), ∂f/∂y = 200(y − x²)
        close(-2 * (1 - x) - 400 * x * (y - x * x), trace.rows().get(0).g(), "∂f/∂x");
        close(200 * (y - x * x), trace.rows().get(1).g(), "∂f/∂y");
        assertEquals(4, trace.rows().size());
        assertEquals(List.of(0, 1), trace.rows(new int[] {1, 0}).stream().limit(2).map(StepTrace.Row::element).toList());
        assertEquals(2, trace.rows(new int[] {1}).size());
    }

    @Test
    void gradientsMustMatchTheParametersSize() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new StepTrace.Gradients(new double[] {1, 2}, List.of(new double[] {1, 2}, new double[] {3})));
        assertEquals("gradient 2 has 1 values but θ has 2 elements", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StepTrace.Gradients(new double[] {1}, List.of()));
    }
}
