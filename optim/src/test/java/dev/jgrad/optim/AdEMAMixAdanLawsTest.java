package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Laws of AdEMAMix and Adan, checked to hold for the authors' code: AdEMAMix with α = 0 is AdamW, and its β₃
 * warm-up grows the slow momentum's half-life linearly from β₁'s; Adan with β₂ = 0 and no decay is Adam with
 * betas (β₁, β₃), and every parameter's first gradient difference is zero.
 */
class AdEMAMixAdanLawsTest {

    /** m and v equal AdamW's bit for bit; θ to rounding (AdEMAMix computes θ − γ(u + λθ), AdamW θ(1 − γλ) − γu). */
    @Test
    void ademamixWithAlpha0IsAdamW() {
        Property.named("AdEMAMix(α = 0) = AdamW").forAll(OptimizerLaws.runs(), Gens.doubles(0, 0.2),
                Gens.doubles(0, 0.99),
                (run, lambda, beta1) -> {
                    Tensor a = run.param(), b = run.param();
                    var mix = new AdEMAMix(List.of(a), new AdEMAMix.Options(0.01, beta1, 0.999, 0.9999, 0, 5, 5, 1e-8,
                            lambda));
                    var adamw = new AdamW(List.of(b), new AdamOptions(0.01, beta1, 0.999, 1e-8, lambda, false, false));
                    for (int k = 0; k < run.grads().size(); k++) {
                        a.setGrad(run.grad(k));
                        b.setGrad(run.grad(k));
                        mix.step();
                        adamw.step();
                        ParamState sm = mix.state(a).orElseThrow(), sa = adamw.state(b).orElseThrow();
                        if (beta1 != 0) {
                            assertArrayEquals(sa.values("exp_avg"), sm.values("exp_avg_fast"), 0.0);
                        }
                        assertArrayEquals(sa.values("exp_avg_sq"), sm.values("exp_avg_sq"), 0.0);
                        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
                        for (int i = 0; i < x.length; i++) {
                            assertEquals(y[i], x[i], 1e-13 * (1 + Math.abs(y[i])),
                                    "step " + (k + 1) + ", element " + i);
                        }
                    }
                });
    }

    private static double halfLife(double beta) {
        return Math.log(0.5) / Math.log(beta + 1e-8) - 1;
    }

    /** Read from the slow momentum after one step from 0 (m₂ = (1 − β₃ₜ)g): h(β₃ₜ) = (1 − t/T)h(β₁) + (t/T)h(β₃). */
    @Test
    void ademamixBeta3WarmupGrowsTheHalfLifeLinearlyFromBeta1s() {
        Property.named("AdEMAMix: h(β₃ₜ) linear in t").forAll(Gens.ints(2, 50), Gens.doubles(0.5, 0.95),
                (warmup, beta1) -> {
            for (int t : IntStream.concat(IntStream.range(1, Math.min(warmup, 6)),
                    IntStream.of(warmup)).toArray()) {
                Tensor p = Tensor.of(new double[] {0.3}, 1).requiresGrad(true);
                var opt = new AdEMAMix(List.of(p), new AdEMAMix.Options(0.01, beta1, 0.999, 0.9999, 2, warmup, null,
                        1e-8, 0));
                for (int s = 1; s < t; s++) {       // t − 1 zero gradients: the slow momentum stays 0
                    p.setGrad(Tensor.of(new double[] {0}, 1));
                    opt.step();
                }
                p.setGrad(Tensor.of(new double[] {1}, 1));
                opt.step();
                double beta3t = 1 - opt.state(p).orElseThrow().values("exp_avg_slow")[0];
                double a = t / (double) warmup, expected = (1 - a) * halfLife(beta1) + a * halfLife(0.9999);
                double measured = Math.log(0.5) / Math.log(beta3t) - 1;   // h⁻¹ has no 1e-8: invert it exactly
                if (t < warmup) {
                    assertEquals(expected, measured, 1e-6 * expected, "t = " + t + " of " + warmup);
                } else {
                    assertEquals(0.9999, beta3t, 1e-15, "warm-up over: β₃ itself");
                }
            }
        });
    }

    /** With β₂ = 0 the difference momentum has no weight and n is the EMA of g²: Adam(β₁, β₃), bit for bit. */
    @Test
    void adanWithBeta2ZeroAndNoDecayIsAdamWithBetas1And3() {
        Property.named("Adan(β₂ = 0) = Adam(β₁, β₃)").forAll(OptimizerLaws.runs(), Gens.doubles(0, 0.99),
                Gens.doubles(0, 0.999), (run, beta1, beta3) -> {
                    Tensor a = run.param(), b = run.param();
                    var adan = new Adan(List.of(a), new Adan.Options(0.01, beta1, 0, beta3, 1e-8, 0, 0, false));
                    var adam = new Adam(List.of(b), new AdamOptions(0.01, beta1, beta3, 1e-8, 0, false, false));
                    for (int k = 0; k < run.grads().size(); k++) {
                        a.setGrad(run.grad(k));
                        b.setGrad(run.grad(k));
                        adan.step();
                        adam.step();
                        assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 0.0, "step " + (k + 1));
                    }
                });
    }

    /** The first difference g₁ − g_prev is 0 for every parameter, also one whose first gradient comes late. */
    @Test
    void adansFirstGradientDifferenceIsZero() {
        Property.named("Adan: Δ₁ = 0").forAll(OptimizerLaws.runs(), Gens.ints(0, 3), (run, late) -> {
            Tensor early = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true), p = run.param();
            var o = new Adan.Options(0.01, 0.98, 0.92, 0.99, 1e-8, 0.02, 0, false);
            var opt = new Adan(o, List.of(new ParamGroup<>(List.of(early), o), new ParamGroup<>(List.of(p), o)));
            for (int k = 0; k < late; k++) {
                early.setGrad(Tensor.of(new double[] {k, -k}, 2));
                opt.step();
            }
            p.setGrad(run.grad(0));
            opt.step();
            ParamState s = opt.state(p).orElseThrow();
            assertArrayEquals(new double[p.numel()], s.values("exp_avg_diff"), 0.0);
            double[] neg = s.values("neg_pre_grad"), g = run.grads().get(0);
            for (int i = 0; i < g.length; i++) {
                assertEquals(-g[i], neg[i], 0.0);
            }
            assertEquals(late + 1, opt.paramGroups().get(1).state().get("step"),
                    "the group ages with or without gradients");
        });
    }

    /** max_grad_norm scales every gradient by min(1, max/(‖g‖ + ε)) over all groups: a scaled copy of g steps alike. */
    @Test
    void adanClipsTheGlobalGradientNorm() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        var clipped = new Adan(List.of(a), new Adan.Options(0.01, 0.98, 0.92, 0.99, 1e-8, 0, 1.0, false));
        var plain = new Adan(List.of(b), new Adan.Options(0.01, 0.98, 0.92, 0.99, 1e-8, 0, 0, false));
        double[][] grads = {{3, 4}, {0.3, 0.4}, {-6, 8}};
        for (double[] g : grads) {
            double norm = Math.hypot(g[0], g[1]), c = Math.min(1, 1.0 / (norm + 1e-8));
            a.setGrad(Tensor.of(g, 2));
            b.setGrad(Tensor.of(new double[] {g[0] * c, g[1] * c}, 2));
            clipped.step();
            plain.step();
            assertArrayEquals(b.toDoubleArray(), a.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void nullGradientsChangeNothingAndFloat32Works() {
        OptimizerLaws.stateDictResumesBitIdentically("AdEMAMix", ps -> new AdEMAMix(ps, new AdEMAMix.Options(0.01, 0.9,
                0.999, 0.9999, 2, 3, 3, 1e-8, 0.1)));
        OptimizerLaws.stateDictResumesBitIdentically("Adan", ps -> new Adan(ps, new Adan.Options(0.01, 0.98, 0.92, 0.99,
                1e-8, 0.1, 1.0, false)));
        OptimizerLaws.nullGradientsChangeNothing("AdEMAMix", ps -> new AdEMAMix(ps, new AdEMAMix.Options(0.01, 0.9,
                0.999, 0.9999, 2, 10, 10, 1e-8, 0.1)));
        OptimizerLaws.nullGradientsChangeNothing("Adan", ps -> new Adan(ps, new Adan.Options(0.01, 0.98, 0.92, 0.99,
                1e-8, 0.1, 0, true)));
        List<OptimizerLaws.Factory> factories = List.of(ps -> new AdEMAMix(ps, AdEMAMix.Options.DEFAULTS),
                ps -> new Adan(ps, Adan.Options.DEFAULTS.withLr(0.01)));
        for (OptimizerLaws.Factory f : factories) {
            Tensor p64 = Tensor.of(new double[] {0.5, -1.5, 2}, 3).requiresGrad(true);
            Tensor p32 = p64.detach().to(DType.FLOAT32).requiresGrad(true);
            var o64 = f.create(List.of(p64));
            var o32 = f.create(List.of(p32));
            for (int k = 0; k < 8; k++) {
                double[] g = {Math.cos(k), -0.5 * k, 1e-3};
                p64.setGrad(Tensor.of(g, 3));
                p32.setGrad(Tensor.of(g, 3).to(DType.FLOAT32));
                o64.step();
                o32.step();
                assertEquals(DType.FLOAT32, p32.dtype());
                assertArrayEquals(p64.toDoubleArray(), p32.toDoubleArray(), 1e-5, o64.name() + " step " + (k + 1));
            }
        }
    }

    @Test
    void optionsAreValidatedWithTheAuthorsWords() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adan.Options(0.01, 0.98, 1.0, 0.99, 1e-8, 0, 0,
                false));
        assertEquals("Invalid beta parameter at index 1: 1.0 (must be in [0, 1))", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adan.Options(0.01, 0.98, 0.92, 0.99, 1e-8, 0, -1,
                false));
        assertEquals("Invalid Max grad norm: -1.0 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdEMAMix.Options(1e-3, 0.9, 0.999, 0.9999, -2, null,
                null, 1e-8, 0));
        assertEquals("Invalid alpha value: -2.0 (must be >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdEMAMix.Options(1e-3, 0.9, 0.999, 0.9999, 2, 0,
                null, 1e-8, 0));
        assertTrue(e.getMessage().startsWith("Invalid beta3_warmup value: 0"), e.getMessage());
    }
}
