package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SophiaG's laws: the clip bounds every step by γ, whatever the Hessian estimate; without one: signed momentum. */
class SophiaLawsTest {

    /**
     * |θₜ₊₁ − (1 − γλ)θₜ| ≤ γ for every coordinate and step, with Hessian estimates of any size (zero, tiny, huge)
     * fed at random steps, and any ρ, B, β and λ: the clip min(|m|/(ρBh + ε), 1) is at most 1.
     */
    @Test
    void everyCoordinateMovesByAtMostTheLearningRateAfterTheDecay() {
        Property.named("SophiaG: |θₜ₊₁ − (1 − γλ)θₜ| ≤ γ").tries(200)
                .forAll(OptimizerLaws.runs(), Gens.ints(0, 1 << 20), Gens.doubles(1e-4, 0.5), (run, seed, lr) -> {
                    Generator gen = new Generator(seed);
                    var o = new SophiaG.Options(lr, gen.nextDouble() * 0.99, gen.nextDouble() * 0.99,
                            Math.pow(10, -3 + 4 * gen.nextDouble()), gen.nextDouble(), false, 1 + gen.nextInt(10000));
                    Tensor p = run.param();
                    SophiaG opt = new SophiaG(List.of(p), o);
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] before = p.toDoubleArray();
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] after = p.toDoubleArray();
                        for (int i = 0; i < after.length; i++) {
                            double decayed = before[i] * (1 - lr * o.weightDecay());
                            assertTrue(Math.abs(after[i] - decayed) <= lr + Math.ulp(Math.abs(decayed) + lr),
                                    "coordinate " + i + " moved by " + Math.abs(after[i] - decayed) + " > γ = " + lr);
                        }
                        if (gen.nextInt(2) == 0) {   // a Hessian estimate of any scale, as the estimator's gradient
                            double scale = Math.pow(10, -12 + 16 * gen.nextDouble());
                            double[] h = new double[p.numel()];
                            for (int i = 0; i < h.length; i++) {
                                h[i] = gen.nextInt(4) == 0 ? 0 : gen.nextGaussian() * scale;
                            }
                            p.setGrad(Tensor.of(h, p.shape()));
                            opt.updateHessian();
                        }
                    }
                });
    }

    /**
     * With no Hessian estimate yet (h = 0) the ratio |m|/10⁻¹⁵ clips to 1 wherever m ≠ 0: SophiaG is signed momentum,
     * every such coordinate moves by exactly γ after the decay (to θ's rounding).
     */
    @Test
    void withoutAHessianEstimateItIsSignedMomentum() {
        Property.named("SophiaG, h = 0: |Δθ| = γ")
                .forAll(OptimizerLaws.runs(Gens.doublesAvoiding(-10, 10, new double[] {0}, 1e-3)),
                        Gens.doubles(1e-4, 0.1), (run, lr) -> {
                    Tensor p = run.param();
                    SophiaG opt = new SophiaG(List.of(p), SophiaG.Options.DEFAULTS.withLr(lr));
                    double[] m = new double[p.numel()];
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] before = p.toDoubleArray(), g = run.grads().get(k);
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] after = p.toDoubleArray();
                        for (int i = 0; i < after.length; i++) {
                            m[i] = m[i] * 0.965 + (1 - 0.965) * g[i];
                            double decayed = before[i] * (1 - lr * 0.1);
                            double expected = m[i] == 0 ? decayed : decayed - lr * Math.signum(m[i]);
                            assertEquals(expected, after[i], 2 * Math.ulp(Math.abs(decayed) + lr), "step " + (k + 1));
                        }
                    }
                });
    }

    /** Where the estimate is large enough that the clip is inactive, the step is Newton's: γ·m/(ρBh + ε) &lt; γ. */
    @Test
    void whereTheClipIsInactiveTheStepIsNewtons() {
        Property.named("SophiaG: unclipped step = γm/(ρBh + ε)").forAll(OptimizerLaws.runs(), run -> {
            Tensor p = run.param();
            var o = new SophiaG.Options(0.01, 0.9, 0.5, 0.04, 0, false, 5120);
            SophiaG opt = new SophiaG(List.of(p), o);
            double[] big = new double[p.numel()];
            Arrays.fill(big, 3);   // h = 0.5·9 = 4.5; ρB·h = 921.6 ≫ |m| ≤ 10
            p.setGrad(Tensor.of(big, p.shape()));
            opt.updateHessian();
            double[] before = p.toDoubleArray(), g = run.grads().get(0);
            p.setGrad(run.grad(0));
            opt.step();
            double[] after = p.toDoubleArray();
            for (int i = 0; i < after.length; i++) {
                double m = 0.1 * g[i], newton = 0.01 * m / (0.04 * 5120 * 4.5 + 1e-15);
                assertEquals(before[i] - newton, after[i], 1e-15 * (1 + Math.abs(before[i])));
                assertTrue(Math.abs(newton) < 0.01);
            }
        });
    }

    @Test
    void savedStatesResumeAndNullGradientsChangeNothing() {
        OptimizerLaws.stateDictResumesBitIdentically("SophiaG", ps -> new SophiaG(ps,
                new SophiaG.Options(0.01, 0.9, 0.95, 0.1, 0.05, false, 100)));
        OptimizerLaws.nullGradientsChangeNothing("SophiaG",
                ps -> new SophiaG(ps, SophiaG.Options.DEFAULTS.withLr(0.01)));
    }

    /** update_hessian skips parameters without a gradient and creates a state not there yet, as the authors'. */
    @Test
    void updateHessianCreatesStateAndSkipsNullGradients() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        SophiaG opt = new SophiaG(List.of(a, b), SophiaG.Options.DEFAULTS);
        a.setGrad(Tensor.of(new double[] {2, -4}, 2));
        opt.updateHessian();
        ParamState s = opt.state(a).orElseThrow();
        assertEquals(0, s.get("step"));
        assertEquals((1 - 0.99) * 2 * 2, s.values("hessian")[0]);
        assertEquals((1 - 0.99) * -4 * -4, s.values("hessian")[1]);
        assertTrue(opt.state(b).isEmpty());
        assertEquals(1, a.toDoubleArray()[0]);   // θ does not move
    }

    /** Two groups with their own lr; the second's gradient absent on a step; float32 parameters track float64. */
    @Test
    void groupsAndFloat32Parameters() {
        double[] t0 = {0.5, -1.25, 2}, g = {0.3, -0.2, 0.1};
        Tensor a = Tensor.of(t0, 3).requiresGrad(true), b = Tensor.of(t0, 3).requiresGrad(true);
        Tensor f = Tensor.of(t0, 3).to(DType.FLOAT32).requiresGrad(true);
        var slow = new SophiaG.Options(0.01, 0.9, 0.99, 0.04, 0.1, false, 10);
        SophiaG opt = new SophiaG(slow, List.of(new ParamGroup<>(List.of(a), slow),
                new ParamGroup<>(List.of(b), slow.withLr(0.02))));
        SophiaG single = new SophiaG(List.of(f), slow);
        for (int k = 0; k < 4; k++) {
            a.setGrad(Tensor.of(g, 3));
            b.setGrad(k == 1 ? null : Tensor.of(g, 3));
            f.setGrad(Tensor.of(g, 3).to(DType.FLOAT32));
            opt.step();
            single.step();
        }
        assertEquals(4, opt.state(a).orElseThrow().get("step"));
        assertEquals(3, opt.state(b).orElseThrow().get("step"));
        assertEquals(DType.FLOAT32, f.dtype());
        for (int i = 0; i < 3; i++) {
            assertEquals(a.toDoubleArray()[i], f.toDoubleArray()[i], 1e-6);
            assertTrue(Math.abs(b.toDoubleArray()[i] - t0[i]) > Math.abs(a.toDoubleArray()[i] - t0[i]) * 1.2);
        }
    }

    @Test
    void invalidOptionsAreRefusedInTheAuthorsWords() {
        assertEquals("Invalid learning rate: -1.0 (must be >= 0)", assertThrows(IllegalArgumentException.class,
                () -> SophiaG.Options.DEFAULTS.withLr(-1)).getMessage());
        assertEquals("Invalid beta parameter at index 1: 1.0 (must be in [0, 1))",
                assertThrows(IllegalArgumentException.class,
                        () -> new SophiaG.Options(1e-4, 0.9, 1, 0.04, 0.1, false, 5120)).getMessage());
        assertEquals("Invalid rho parameter: -0.1 (must be >= 0)", assertThrows(IllegalArgumentException.class,
                () -> new SophiaG.Options(1e-4, 0.9, 0.99, -0.1, 0.1, false, 5120)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SophiaG.Options(1e-4, 0.9, 0.99, 0.04, 0.1, false, 0)).getMessage()
                .startsWith("Invalid bs: 0.0"));
    }
}
