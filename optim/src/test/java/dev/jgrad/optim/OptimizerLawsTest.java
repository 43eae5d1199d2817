package dev.jgrad.optim;

import dev.jgrad.optim.LawGens.Run;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.jgrad.optim.LawGens.adamOptions;
import static dev.jgrad.optim.LawGens.runs;
import static dev.jgrad.optim.LawGens.sgdOptions;
import static dev.jgrad.optim.LawGens.trajectory;
import static org.junit.jupiter.api.Assertions.*;

/** Laws that pin down what the optimizers compute, each checked on random parameters, gradients and options. */
class OptimizerLawsTest {
    private static final Gen<Double> LR = Gens.doubles(1e-4, 0.3);
    private static final Gen<Double> EPS = Gens.doubles(1e-10, 1e-3);
    private static final Gen<Double> DECAY = Gens.doubles(0, 0.5);

    private static void sameTrajectory(List<double[]> expected, List<double[]> actual) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k), actual.get(k), "step " + (k + 1));
        }
    }

    private static void closeTrajectory(List<double[]> expected, List<double[]> actual, double tolerance) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k), actual.get(k), tolerance, "step " + (k + 1));
        }
    }

    /**
     * Equal element by element as numbers, so −0.0 equals 0.0: θ − γ·0 turns a −0.0 into +0.0 under IEEE
     * rounding (PyTorch alike), which is no move. The generators' −0.0 edge case found this.
     */
    private static void assertSameNumbers(double[] expected, double[] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(expected[i] == actual[i], message + ": element " + i + " is " + actual[i] + ", not " + expected[i]);
        }
    }

    @Test
    void adamWWithWeightDecayZeroEqualsAdamWithWeightDecayZero() {
        Property.named("AdamW(λ = 0) == Adam(λ = 0), bit for bit")
                .forAll(runs(), adamOptions(LR, EPS, Gen.constant(0.0)), (run, o) -> sameTrajectory(
                        trajectory(run, p -> new Adam(List.of(p), o)),
                        trajectory(run, p -> new AdamW(List.of(p), o))));
    }

    @Test
    void withZeroGradientsAdamWShrinksThetaByExactlyOneMinusLrLambdaPerStep() {
        Gen<Integer> steps = Gens.ints(1, 8);
        Property.named("g = 0  ⇒  θₜ = θₜ₋₁·(1 − γλ) exactly")
                .forAll(Gens.shapedArrays(LawGens.shapes(), -3, 3), adamOptions(LR, EPS, DECAY), steps, (theta0, o, n) -> {
                    Tensor p = Tensor.of(theta0.data(), theta0.shape()).requiresGrad(true);
                    AdamW opt = new AdamW(List.of(p), o);
                    double[] expected = theta0.data();
                    for (int t = 0; t < n; t++) {
                        p.setGrad(Tensor.zeros(p.dtype(), p.shape()));
                        opt.step();
                        for (int i = 0; i < expected.length; i++) {
                            expected[i] = expected[i] * (1 - o.lr() * o.weightDecay());
                        }
                        assertSameNumbers(expected, p.toDoubleArray(), "step " + (t + 1));
                    }
                });
    }

    @Test
    void adamsFirstStepIsMinusLrTimesGOverAbsGPlusEps() {
        // θ₀ = 0 so that θ₁ is the step itself, free of cancellation; bias correction makes m̂₁ = g, v̂₁ = g².
        Gen<double[]> grads = Gens.doubleArrays(LawGens.shapes(), -2, 2);
        Property.named("θ₁ − θ₀ = −γ·g / (|g| + ε) elementwise")
                .forAll(grads, adamOptions(LR, EPS, Gen.constant(0.0)), (g, o) -> {
                    Tensor p = Tensor.zeros(DType.FLOAT64, g.length).requiresGrad(true);
                    Adam opt = new Adam(List.of(p), o);
                    p.setGrad(Tensor.of(g, g.length));
                    opt.step();
                    double[] step = p.toDoubleArray();
                    for (int i = 0; i < g.length; i++) {
                        double gi = o.maximize() ? -g[i] : g[i];
                        double expected = -o.lr() * gi / (Math.abs(gi) + o.eps());
                        assertEquals(expected, step[i], 1e-13 * Math.abs(expected), "element " + i + ", g = " + g[i]);
                    }
                });
    }

    @Test
    void adamsUpdateIsInvariantToScalingGradientsByAPositiveConstantWhenEpsIsZero() {
        Gen<Double> scale = Gens.doubles(1e-3, 1e3);
        Property.named("ε = 0  ⇒  Adam(c·g) = Adam(g) for c > 0")
                .forAll(LawGens.runsAwayFromZero(), adamOptions(Gens.doubles(1e-4, 0.1), Gen.constant(0.0),
                        Gen.constant(0.0)), scale, (run, o, c) -> {
                    Run scaled = new Run(run.theta0(), run.grads().stream().map(g -> times(c, g)).toList());
                    closeTrajectory(trajectory(run, p -> new Adam(List.of(p), o)),
                            trajectory(scaled, p -> new Adam(List.of(p), o)), 1e-10);
                });
    }

    @Test
    void adamsUpdateIsExactlyInvariantToScalingGradientsByAPowerOfTwoWhenEpsIsZero() {
        // Scaling by 2ᵏ is exact in floating point, so here the law holds bit for bit.
        Property.named("ε = 0  ⇒  Adam(2ᵏ·g) = Adam(g) exactly")
                .forAll(LawGens.runsAwayFromZero(), adamOptions(LR, Gen.constant(0.0), Gen.constant(0.0)),
                        Gens.ints(-20, 20), (run, o, k) -> {
                    double c = Math.scalb(1.0, k);
                    Run scaled = new Run(run.theta0(), run.grads().stream().map(g -> times(c, g)).toList());
                    sameTrajectory(trajectory(run, p -> new Adam(List.of(p), o)),
                            trajectory(scaled, p -> new Adam(List.of(p), o)));
                });
    }

    @Test
    void lrZeroLeavesParametersUnchanged() {
        Gen<Function<Tensor, Optimizer<?>>> optimizers = Gen.choose(
                sgdOptions(Gen.constant(0.0), DECAY).map(o -> p -> new SGD(List.of(p), o)),
                adamOptions(Gen.constant(0.0), EPS, DECAY).map(o -> p -> new Adam(List.of(p), o)),
                adamOptions(Gen.constant(0.0), EPS, DECAY).map(o -> p -> new AdamW(List.of(p), o)));
        Property.named("γ = 0  ⇒  θ unchanged (SGD, Adam, AdamW)").forAll(runs(), optimizers, (run, make) -> {
            for (double[] theta : trajectory(run, make)) {
                assertSameNumbers(run.theta0().data(), theta, "θ moved");
            }
        });
    }

    @Test
    void adamsCoupledL2EqualsAdamOnTheLossPlusHalfLambdaThetaSquaredWithAutogradGradients() {
        // θ starts at 0 in the last coordinate, where f's gradient is 1 − c: a centre c next to 1 (an edge
        // case of the generator) cancels it to ~1e-16, all rounding, and Adam's normalised step
        // γ·g/(|g| + ε) (β₂ = 0) turns the two sides' different roundings of g into 1e-10 differences.
        // Found by -Djgrad.pbt.tries=1000; the centres keep 1e-3 away from 1.
        Gen<double[]> centres = Gens.doubleArrays(new int[] {4}, Gens.doublesAvoiding(-2, 2, new double[] {1}, 1e-3));
        // Maximize negates g before λθ is added, so the decay pulls θ towards 0 either way: when
        // maximizing, the equivalent objective is f − (λ/2)‖θ‖².
        Property.named("Adam(λ) on f == Adam(0) on f + (λ/2)‖θ‖² (f − (λ/2)‖θ‖² when maximizing)")
                .forAll(centres, adamOptions(LR, Gens.doubles(1e-8, 1e-3), Gens.doubles(1e-3, 0.5)), Gens.ints(1, 8),
                        (c, o, steps) -> {
                    Tensor centre = Tensor.of(c, 4);
                    Function<Tensor, Tensor> f = t -> t.sub(centre).pow(2).mul(0.5).sum().add(t.tanh().sum());
                    double halfLambda = (o.maximize() ? -0.5 : 0.5) * o.weightDecay();
                    double[] coupled = descend(new double[] {0.5, -1, 2, 0}, p -> new Adam(List.of(p), o), f, steps);
                    double[] penalised = descend(new double[] {0.5, -1, 2, 0},
                            p -> new Adam(List.of(p), o.withWeightDecay(0)),
                            t -> f.apply(t).add(t.pow(2).sum().mul(halfLambda)), steps);
                    assertArrayEquals(coupled, penalised, 1e-10);
                });
    }

    @Test
    void sgdWithMomentumZeroIsPlainGradientDescent() {
        Property.named("μ = 0  ⇒  θₜ = θₜ₋₁ − γg")
                .forAll(runs(), LR, Gens.doubles(0, 0.5), (run, lr, dampening) -> {
                    Tensor p = run.param();
                    SGD opt = new SGD(List.of(p), SgdOptions.of(lr).withDampening(dampening));
                    double[] theta = run.theta0().data();
                    for (int k = 0; k < run.grads().size(); k++) {
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] actual = p.toDoubleArray();
                        for (int i = 0; i < theta.length; i++) {
                            double step = lr * run.grads().get(k)[i];
                            theta[i] = theta[i] - step;
                            double ulp = Math.ulp(Math.max(Math.abs(theta[i]), Math.abs(step)));
                            assertEquals(theta[i], actual[i], 2 * ulp, "step " + (k + 1) + ", element " + i);
                            theta[i] = actual[i];
                        }
                    }
                    assertFalse(opt.state(p).orElseThrow().has("momentum_buffer"), "no momentum, no buffer");
                });
    }

    @Test
    void maximizingFEqualsMinimizingMinusF() {
        Gen<Function<Boolean, Function<Tensor, Optimizer<?>>>> optimizers = Gen.choose(
                sgdOptions(LR, DECAY).map(o -> max -> p -> new SGD(List.of(p), o.withMaximize(max))),
                adamOptions(LR, EPS, DECAY).map(o -> max -> p -> new Adam(List.of(p), o.withMaximize(max))),
                adamOptions(LR, EPS, DECAY).map(o -> max -> p -> new AdamW(List.of(p), o.withMaximize(max))));
        // θ starts at 0 in the last coordinate, where f's gradient is 1 − c: a centre c next to 1 (an edge
        // case of the generator) cancels it to ~1e-16, all rounding, and Adam's normalised step
        // γ·g/(|g| + ε) (β₂ = 0) turns the two sides' different roundings of g into 1e-10 differences.
        // Found by -Djgrad.pbt.tries=1000; the centres keep 1e-3 away from 1.
        Gen<double[]> centres = Gens.doubleArrays(new int[] {4}, Gens.doublesAvoiding(-2, 2, new double[] {1}, 1e-3));
        Property.named("maximize(f) == minimize(−f), bit for bit")
                .forAll(centres, optimizers, Gens.ints(1, 8), (c, make, steps) -> {
                    Tensor centre = Tensor.of(c, 4);
                    Function<Tensor, Tensor> f = t -> t.sub(centre).pow(2).mul(-0.5).sum().add(t.tanh().sum());
                    assertArrayEquals(descend(new double[] {0.5, -1, 2, 0}, make.apply(true), f, steps),
                            descend(new double[] {0.5, -1, 2, 0}, make.apply(false), t -> f.apply(t).neg(), steps));
                });
    }

    /** {@code steps} steps of an optimizer on {@code loss}, with gradients from autograd. */
    private static double[] descend(double[] start, Function<Tensor, Optimizer<?>> make, Function<Tensor, Tensor> loss,
                                    int steps) {
        Tensor p = Tensor.of(start, start.length).requiresGrad(true);
        Optimizer<?> opt = make.apply(p);
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            loss.apply(p).backward();
            opt.step();
        }
        return p.toDoubleArray();
    }

    private static double[] times(double c, double[] g) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = c * g[i];
        }
        return out;
    }
}
