package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Laws of Schedule-Free AdamW and SGD, checked to hold for the authors' reference classes: x is the weighted
 * average of the z sequence (uniform with no warm-up, r = 0 and a constant γ); eval mode's parameters are x,
 * train mode's are y = βx + (1 − β)z; the step count and weight sum advance for the group even when a
 * parameter has no gradient.
 */
class ScheduleFreeLawsTest {

    /** Both optimizers, with the averaging options T, r, p and otherwise random-but-fixed options. */
    private static List<Function<List<Tensor>, ScheduleFreeOptimizer<?>>> both(int warmup, double r, double power) {
        return List.of(
                ps -> new AdamWScheduleFree(ps, new AdamWScheduleFree.Options(0.05, 0.9, 0.99, 1e-8, 0.1, warmup, r,
                        power, false, 0)),
                ps -> new SGDScheduleFree(ps, new SGDScheduleFree.Options(0.1, 0.8, 0.05, warmup, r, power)));
    }

    /** x after every step against Σ wᵢzᵢ / Σ wᵢ with wᵢ = iʳ·max(γ₁ … γᵢ)ᵖ, the z's read from the state. */
    private static void xIsTheWeightedAverageOfZ(OptimizerLaws.Run run, int warmup, double r, double power,
                                                 Function<List<Tensor>, ScheduleFreeOptimizer<?>> factory) {
        Tensor p = run.param();
        ScheduleFreeOptimizer<?> opt = factory.apply(List.of(p));
        int n = p.numel();
        double[] weighted = new double[n];
        double weightSum = 0, lrMax = -1, lr = opt.paramGroups().get(0).lr();
        for (int k = 0; k < run.grads().size(); k++) {
            p.setGrad(run.grad(k));
            opt.step();
            ParamState s = opt.state(p).orElseThrow();
            double lrT = lr * (k < warmup ? (k + 1.0) / warmup : 1);
            lrMax = Math.max(lrMax, lrT);
            double w = Math.pow(k + 1, r) * Math.pow(lrMax, power);
            weightSum += w;
            double[] z = s.values("z"), x = s.values("x");
            for (int i = 0; i < n; i++) {
                weighted[i] += w * z[i];
                double expected = weighted[i] / weightSum;
                assertEquals(expected, x[i], 1e-12 * (1 + Math.abs(expected)), "x at step " + (k + 1));
            }
            assertEquals(weightSum, opt.paramGroups().get(0).state().get("weight_sum"), 1e-15 * weightSum);
        }
    }

    @Test
    void xIsTheUniformMeanOfZWithoutWarmupAndWithR0() {
        for (var factory : both(0, 0, 2)) {
            Property.named("Schedule-Free: x = mean(z₁ … zₜ)").forAll(OptimizerLaws.runs(),
                    run -> xIsTheWeightedAverageOfZ(run, 0, 0, 2, factory));
        }
    }

    @Test
    void xIsTheWeightedAverageOfZWithWarmupAndPolynomialWeights() {
        Property.named("Schedule-Free: x = Σwz / Σw").forAll(OptimizerLaws.runs(), Gens.ints(0, 4), Gens.doubles(0, 2),
                (run, warmup, r) -> {
                    for (var factory : both(warmup, r, 2)) {
                        xIsTheWeightedAverageOfZ(run, warmup, r, 2, factory);
                    }
                });
    }

    /** eval() puts x in the parameter, train() puts y back, bit for bit; y = βx + (1 − β)z; step() refuses in eval. */
    @Test
    void evalModeHoldsXAndTrainModeHoldsY() {
        Property.named("Schedule-Free: eval ↦ x, train ↦ y").forAll(OptimizerLaws.runs(), run -> {
            for (var factory : both(2, 0, 2)) {
                Tensor p = run.param();
                ScheduleFreeOptimizer<?> opt = factory.apply(List.of(p));
                double beta = opt instanceof AdamWScheduleFree a ? a.defaults().beta1()
                        : ((SGDScheduleFree) opt).defaults().momentum();
                for (int k = 0; k < run.grads().size(); k++) {
                    p.setGrad(run.grad(k));
                    opt.step();
                    ParamState s = opt.state(p).orElseThrow();
                    double[] x = s.values("x"), y = s.values("y"), z = s.values("z");
                    assertArrayEquals(y, p.toDoubleArray(), 0.0, "train mode holds y");
                    for (int i = 0; i < y.length; i++) {
                        assertEquals(beta * x[i] + (1 - beta) * z[i], y[i], 1e-15 * (1 + Math.abs(y[i])));
                    }
                    opt.eval();
                    assertEquals(ScheduleFree.Mode.EVAL, opt.mode());
                    assertArrayEquals(x, p.toDoubleArray(), 0.0, "eval mode holds x");
                    assertThrows(IllegalStateException.class, opt::step);
                    opt.train();
                    assertArrayEquals(y, p.toDoubleArray(), 0.0, "train mode holds y again");
                }
            }
        });
    }

    /**
     * A state dict (per-group k, weight sum, γmax and mode included) resumes bit for bit; one saved in eval mode,
     * with the model's parameters holding x, resumes in eval mode and train() brings y back.
     */
    @Test
    void stateDictsResumeBitIdenticallyInEitherMode() {
        OptimizerLaws.stateDictResumesBitIdentically("AdamWScheduleFree", ps -> new AdamWScheduleFree(ps,
                new AdamWScheduleFree.Options(0.01, 0.9, 0.999, 1e-8, 0.1, 3, 1, 2, false, 0.9)));
        OptimizerLaws.stateDictResumesBitIdentically("SGDScheduleFree", ps -> new SGDScheduleFree(ps,
                new SGDScheduleFree.Options(0.1, 0.9, 0.1, 3, 1, 2)));
        for (var factory : both(2, 0, 2)) {
            Tensor p = Tensor.of(new double[] {1, -2, 0.5}, 3).requiresGrad(true);
            var opt = factory.apply(List.of(p));
            for (int k = 0; k < 4; k++) {
                p.setGrad(Tensor.of(new double[] {k, 1 - k, 0.25}, 3));
                opt.step();
            }
            opt.eval();
            String saved = StateFiles.toJson(opt.stateDict());
            Tensor q = Tensor.of(p.toDoubleArray(), 3).requiresGrad(true);   // the checkpoint's weights: x
            var resumed = factory.apply(List.of(q));
            resumed.loadStateDict(StateFiles.fromJson(saved, OptimizerState.class));
            assertEquals(ScheduleFree.Mode.EVAL, resumed.mode());
            resumed.train();
            opt.train();
            assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0, "train() puts y back after a resume");
            p.setGrad(Tensor.of(new double[] {1, 1, 1}, 3));
            q.setGrad(Tensor.of(new double[] {1, 1, 1}, 3));
            opt.step();
            resumed.step();
            assertArrayEquals(p.toDoubleArray(), q.toDoubleArray(), 0.0, "and the next step is the same");
        }
    }

    /** A parameter without a gradient keeps θ and state; its group's k and weight sum still advance. */
    @Test
    void nullGradientsChangeNoParameterButTheGroupAges() {
        OptimizerLaws.nullGradientsChangeNothing("AdamWScheduleFree", ps -> new AdamWScheduleFree(ps,
                new AdamWScheduleFree.Options(0.01, 0.9, 0.999, 1e-8, 0.1, 2, 1, 2, true, 0.9)));
        OptimizerLaws.nullGradientsChangeNothing("SGDScheduleFree", ps -> new SGDScheduleFree(ps,
                new SGDScheduleFree.Options(0.1, 0.9, 0.1, 2, 1, 2)));
        Tensor p = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        SGDScheduleFree opt = new SGDScheduleFree(List.of(p), SGDScheduleFree.Options.DEFAULTS);
        opt.step();
        opt.step();
        assertEquals(2, opt.paramGroups().get(0).state().get("k"));
        assertEquals(2, opt.paramGroups().get(0).state().get("weight_sum"), 0.0, "two weights of γᵖ = 1");
        assertTrue(opt.state(p).isEmpty());
    }

    /** Groups average independently: each has its own k and weight sum, and steps as it would alone. */
    @Test
    void groupsAverageIndependently() {
        Tensor a = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor a1 = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b1 = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        var oa = new AdamWScheduleFree.Options(0.01, 0.9, 0.999, 1e-8, 0, 3, 0, 2, false, 0);
        var ob = new AdamWScheduleFree.Options(0.05, 0.8, 0.99, 1e-8, 0.1, 0, 1, 1, true, 0.5);
        var together = new AdamWScheduleFree(oa, List.of(new ParamGroup<>(List.of(a), oa),
                new ParamGroup<>(List.of(b), ob)));
        var aloneA = new AdamWScheduleFree(List.of(a1), oa);
        var aloneB = new AdamWScheduleFree(List.of(b1), ob);
        for (int k = 0; k < 6; k++) {
            double g = Math.sin(k + 1);
            a.setGrad(Tensor.of(new double[] {g, -g}, 2));
            a1.setGrad(Tensor.of(new double[] {g, -g}, 2));
            b.setGrad(k == 2 ? null : Tensor.of(new double[] {2 * g}, 1));
            b1.setGrad(k == 2 ? null : Tensor.of(new double[] {2 * g}, 1));
            together.step();
            aloneA.step();
            aloneB.step();
            assertArrayEquals(a1.toDoubleArray(), a.toDoubleArray(), 0.0);
            assertArrayEquals(b1.toDoubleArray(), b.toDoubleArray(), 0.0);
        }
        assertEquals(aloneB.paramGroups().get(0).state(), together.paramGroups().get(1).state());
    }

    /** A float32 parameter steps like a float64 one, to float32 rounding. */
    @Test
    void float32ParametersFollowTheFloat64Run() {
        for (var factory : both(2, 0, 2)) {
            Tensor p64 = Tensor.of(new double[] {0.5, -1.5, 2}, 3).requiresGrad(true);
            Tensor p32 = p64.detach().to(DType.FLOAT32).requiresGrad(true);
            var o64 = factory.apply(List.of(p64));
            var o32 = factory.apply(List.of(p32));
            List<double[]> seen = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                double[] g = {Math.cos(k), -0.5 * k, 1e-3};
                p64.setGrad(Tensor.of(g, 3));
                p32.setGrad(Tensor.of(g, 3).to(DType.FLOAT32));
                o64.step();
                o32.step();
                seen.add(p32.toDoubleArray());
                assertEquals(DType.FLOAT32, p32.dtype());
                assertArrayEquals(p64.toDoubleArray(), p32.toDoubleArray(), 1e-5, "step " + (k + 1) + ": "
                        + Arrays.toString(p32.toDoubleArray()));
            }
            assertTrue(!Arrays.equals(seen.get(0), seen.get(seen.size() - 1)), "the float32 parameter moved");
        }
    }
}
