package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.ShapedArray;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Laws of Prodigy, checked to hold for the authors' code: d never decreases, and once it has left d₀ it grows by at
 * most growth_rate per step (the step that leaves d₀ may jump further: the authors' line (9)); the first step is
 * Adam's at step size d₀γ and leaves d at d₀; d is one number shared by every group.
 */
class ProdigyLawsTest {

    /** Descends ½‖θ − c‖² for 40 steps (g = θ − c, so d has something to estimate), returning d after each step. */
    private static double[] descend(Prodigy opt, Tensor p, double[] c) {
        double[] ds = new double[41];
        ds[0] = opt.paramGroups().get(0).state().get("d");
        for (int k = 1; k <= 40; k++) {
            double[] theta = p.toDoubleArray(), g = new double[theta.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = theta[i] - c[i];
            }
            p.setGrad(Tensor.of(g, p.shape()));
            opt.step();
            ds[k] = opt.paramGroups().get(0).state().get("d");
        }
        return ds;
    }

    @Test
    void dNeverDecreasesAndGrowsByAtMostGrowthRateOnceItHasLeftD0() {
        AtomicInteger grew = new AtomicInteger(), jumped = new AtomicInteger();
        var points = Gens.shapedArrays(Gens.shapes(1, 2, 4), -3, 3);
        Property.named("Prodigy: d₀ ≤ d ↑, d ≤ growth·d").forAll(points, Gens.doubles(1, 1.5), Gens.doubles(1e-7, 1e-3),
                (ShapedArray theta0, Double growth, Double d0) -> {
                    Tensor p = Tensor.of(theta0.data(), theta0.shape()).requiresGrad(true);
                    var o = new Prodigy.Options(1.0, 0.9, 0.999, 1e-8, null, 0, true, false, false, d0, 1.0, growth, 1);
                    double[] c = new double[p.numel()];
                    Arrays.fill(c, 3.5);
                    double[] ds = descend(new Prodigy(List.of(p), o), p, c);
                    for (int k = 1; k < ds.length; k++) {
                        assertTrue(ds[k] >= ds[k - 1], "d decreased at step " + k + ": " + ds[k - 1] + " → " + ds[k]);
                        if (ds[k - 1] != d0) {
                            assertTrue(ds[k] <= growth * ds[k - 1], "d grew by " + ds[k] / ds[k - 1] + " > " + growth);
                            if (ds[k] > ds[k - 1]) {
                                grew.incrementAndGet();
                            }
                        } else if (ds[k] > growth * d0) {
                            jumped.incrementAndGet();
                        }
                    }
                });
        assertTrue(grew.get() > 0, "the property never saw d grow after leaving d₀");
        assertTrue(jumped.get() > 0, "the property never saw the step that leaves d₀ exceed growth_rate");
    }

    /**
     * At step 1, θ₀ − θ = 0 so d̂ = 0 and d stays d₀; θ moves by −d₀γ·m/(√v + d₀ε), m = d₀(1 − β₁)g,
     * v = d₀²(1 − β₂)g².
     */
    @Test
    void theFirstStepIsAdamsAtStepSizeD0AndLeavesD() {
        Property.named("Prodigy: step 1").forAll(OptimizerLaws.runs(), Gens.doubles(1e-7, 1e-2), (run, d0) -> {
            Tensor p = run.param();
            var o = new Prodigy.Options(0.7, 0.9, 0.999, 1e-8, null, 0, true, false, false, d0, 1.0,
                    Double.POSITIVE_INFINITY, 1);
            Prodigy opt = new Prodigy(List.of(p), o);
            p.setGrad(run.grad(0));
            opt.step();
            double[] theta0 = run.theta0().data(), g = run.grads().get(0), after = p.toDoubleArray();
            boolean moved = false;
            for (int i = 0; i < g.length; i++) {
                moved |= g[i] != 0;
            }
            if (!moved) {   // Σ|s| = 0: the authors' code takes no step at all
                assertArrayEquals(theta0, after, 0.0);
                assertEquals(0, opt.paramGroups().get(0).state().get("k"));
                return;
            }
            assertEquals(d0, opt.paramGroups().get(0).state().get("d"), 0.0);
            for (int i = 0; i < g.length; i++) {
                double m = d0 * 0.1 * g[i], v = d0 * d0 * 0.001 * g[i] * g[i];
                double expected = theta0[i] - d0 * 0.7 * m / (Math.sqrt(v) + d0 * 1e-8);
                assertEquals(expected, after[i], 1e-14 * (1 + Math.abs(expected)), "element " + i);
            }
        });
    }

    /** d is one number: two groups step exactly as one group holding both parameters. */
    @Test
    void dIsSharedByEveryGroup() {
        Tensor a = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor a1 = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b1 = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        var o = Prodigy.Options.DEFAULTS;
        var two = new Prodigy(o, List.of(new ParamGroup<>(List.of(a), o), new ParamGroup<>(List.of(b), o)));
        var one = new Prodigy(List.of(a1, b1), o);
        for (int k = 0; k < 30; k++) {
            for (Tensor[] pair : new Tensor[][] {{a, a1}, {b, b1}}) {
                double[] t = pair[0].toDoubleArray(), g = new double[t.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = t[i] - 4;
                }
                pair[0].setGrad(Tensor.of(g, t.length));
                pair[1].setGrad(Tensor.of(g, t.length));
            }
            two.step();
            one.step();
            assertArrayEquals(a1.toDoubleArray(), a.toDoubleArray(), 0.0);
            assertArrayEquals(b1.toDoubleArray(), b.toDoubleArray(), 0.0);
            assertEquals(two.paramGroups().get(0).state().get("d"), two.paramGroups().get(1).state().get("d"), 0.0);
        }
        assertTrue(one.paramGroups().get(0).state().get("d") > 1e-6, "d grew");
    }

    @Test
    void groupsWithDifferentNonZeroLearningRatesAreRefused() {
        Tensor a = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        var o = Prodigy.Options.DEFAULTS;
        var opt = new Prodigy(o, List.of(new ParamGroup<>(List.of(a), o), new ParamGroup<>(List.of(b), o.withLr(0.5))));
        a.setGrad(Tensor.of(new double[] {1}, 1));
        var e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("only supported for values of 0"), e.getMessage());
    }

    @Test
    void nullGradientsChangeNothingAndFloat32Works() {
        OptimizerLaws.stateDictResumesBitIdentically("Prodigy", ps -> new Prodigy(ps, new Prodigy.Options(1.0, 0.9,
                0.999, 1e-8, null, 0.1, true, true, false, 1e-3, 1.0, 1.5, 1)));
        OptimizerLaws.nullGradientsChangeNothing("Prodigy", ps -> new Prodigy(ps, new Prodigy.Options(1.0, 0.9, 0.999,
                1e-8, 0.99, 0.1, false, true, true, 1e-4, 1.0, 1.05, 1)));
        Tensor p64 = Tensor.of(new double[] {0.5, -1.5, 2}, 3).requiresGrad(true);
        Tensor p32 = p64.detach().to(DType.FLOAT32).requiresGrad(true);
        Prodigy o64 = new Prodigy(List.of(p64), Prodigy.Options.DEFAULTS), o32 = new Prodigy(List.of(p32),
                Prodigy.Options.DEFAULTS);
        for (int k = 0; k < 10; k++) {
            double[] g = {Math.cos(k), -0.5 * k, 1e-3};
            p64.setGrad(Tensor.of(g, 3));
            p32.setGrad(Tensor.of(g, 3).to(DType.FLOAT32));
            o64.step();
            o32.step();
            assertEquals(DType.FLOAT32, p32.dtype());
            // d is estimated from ⟨g, θ₀ − θ⟩ while θ has barely moved, where float32's rounding of θ shows most
            assertArrayEquals(p64.toDoubleArray(), p32.toDoubleArray(), 1e-4, "step " + (k + 1));
        }
    }

    @Test
    void optionsAreValidatedWithTheAuthorsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> Prodigy.Options.DEFAULTS.withLr(-1));
        assertEquals("Invalid learning rate: -1.0 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Prodigy.Options(1, 0.9, 0.999, 1e-8, null, 0, true,
                false, false, 0, 1, 2, 1));
        assertEquals("Invalid d0 value: 0.0 (must be > 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Prodigy.Options(1, 0.9, 0.999, 1e-8, null, 0, true,
                false, false, 1e-6, 1, 0.5, 1));
        assertEquals("Invalid growth_rate value: 0.5 (must be >= 1)", e.getMessage());
    }
}
