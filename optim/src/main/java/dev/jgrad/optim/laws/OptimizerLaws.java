package dev.jgrad.optim.laws;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.ShapedArray;

import java.util.Arrays;
import java.util.List;

/**
 * Laws for any optimizer, yours included, as property tests: each method runs a {@link Property} over random
 * shapes (rank 1 and 2), starting points and gradient sequences, and throws {@link AssertionError} with the
 * shrunk counterexample and its seed if the law fails. Call them from a JUnit test:
 *
 * <pre>{@code
 * OptimizerLaws.Factory rmsprop = params -> new MyRMSprop(params, new MyRMSprop.Options(0.01, 0.99, 1e-8, 0));
 * OptimizerLaws.zeroGradientsKeepThetaStill("MyRMSprop", rmsprop);
 * OptimizerLaws.nullGradientsChangeNothing("MyRMSprop", rmsprop);
 * OptimizerLaws.stateDictResumesBitIdentically("MyRMSprop", rmsprop);
 * }</pre>
 */
public final class OptimizerLaws {
    private OptimizerLaws() {}

    /** A fresh optimizer over {@code params}, configured as the law should see it. */
    @FunctionalInterface
    public interface Factory {
        Optimizer<?> create(List<Tensor> params);
    }

    /**
     * A starting point and the gradients of a few steps, all of one shape.
     *
     * @param theta0 the parameter's shape and initial values
     * @param grads  one gradient per step
     */
    public record Run(ShapedArray theta0, List<double[]> grads) {
        /** A new float64 leaf tensor holding θ₀. */
        public Tensor param() {
            return Tensor.of(theta0.data(), theta0.shape()).requiresGrad(true);
        }

        /** The gradient of step {@code step}, as a tensor of θ's shape. */
        public Tensor grad(int step) {
            return Tensor.of(grads.get(step), theta0.shape());
        }
    }

    /** θ₀ in [−3, 3] and 1 to 6 steps of gradients in [−10, 10], rank 1 or 2, up to 4 per dimension. */
    public static Gen<Run> runs() {
        return runs(Gens.doubles(-10, 10));
    }

    /** As {@link #runs()}, with gradient elements drawn from {@code elements}. */
    public static Gen<Run> runs(Gen<Double> elements) {
        return Gens.shapedArrays(Gens.shapes(1, 2, 4), -3, 3).flatMap(theta0 ->
                Gen.listOf(Gens.doubleArrays(theta0.shape(), elements), 1, 6).map(grads -> new Run(theta0, grads)));
    }

    /**
     * With every gradient zero, θ does not move: true of every rule whose step is a function of g alone
     * (configure the factory without weight decay; decoupled decay moves θ by design).
     */
    public static void zeroGradientsKeepThetaStill(String name, Factory factory) {
        Property.named(name + ": zero gradients keep θ still").forAll(runs(Gens.doubles(0, 0)), run -> {
            Tensor p = run.param();
            Optimizer<?> opt = factory.create(List.of(p));
            for (int k = 0; k < run.grads().size(); k++) {
                p.setGrad(run.grad(k));
                opt.step();
                check(sameNumbers(run.theta0().data(), p.toDoubleArray()),
                        "θ moved at step " + (k + 1) + ": " + Arrays.toString(p.toDoubleArray()));
            }
        });
    }

    /**
     * Equal as numbers: −0.0 equals 0.0. θ − γ·0 turns a −0.0 into +0.0 under IEEE rounding (in
     * PyTorch too), which is not a move; the generators' edge cases include −0.0, and found this.
     */
    static boolean sameNumbers(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] == b[i] || Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** A parameter whose gradient is null is skipped entirely: θ and its state are untouched, its step not counted. */
    public static void nullGradientsChangeNothing(String name, Factory factory) {
        Property.named(name + ": null gradients change nothing").forAll(runs(), run -> {
            Tensor p = run.param();
            Optimizer<?> opt = factory.create(List.of(p));
            p.setGrad(run.grad(0));
            opt.step();
            double[] theta = p.toDoubleArray();
            var state = opt.state(p).orElseThrow();
            p.setGrad(null);
            opt.step();
            opt.step();
            check(Arrays.equals(theta, p.toDoubleArray()), "θ moved without a gradient");
            check(state.equals(opt.state(p).orElseThrow()), "state changed without a gradient: " + state + " became "
                    + opt.state(p).orElseThrow());
        });
    }

    /**
     * Saving after k steps (through the JSON state file), loading into a fresh optimizer over a copy of θ and
     * continuing gives the same θ and state, bit for bit, as never stopping.
     */
    public static void stateDictResumesBitIdentically(String name, Factory factory) {
        Property.named(name + ": a saved state resumes bit for bit").forAll(runs(), Gens.ints(0, 5), (run, at) -> {
            int k = Math.min(at, run.grads().size() - 1);
            Tensor a = run.param();
            Optimizer<?> first = factory.create(List.of(a));
            for (int s = 0; s < k; s++) {
                a.setGrad(run.grad(s));
                first.step();
            }
            String saved = StateFiles.toJson(first.stateDict());
            Tensor b = Tensor.of(a.toDoubleArray(), run.theta0().shape()).requiresGrad(true);
            Optimizer<?> second = factory.create(List.of(b));
            second.loadStateDict(StateFiles.fromJson(saved, OptimizerState.class));
            for (int s = k; s < run.grads().size(); s++) {
                a.setGrad(run.grad(s));
                b.setGrad(run.grad(s));
                first.step();
                second.step();
            }
            check(Arrays.equals(a.toDoubleArray(), b.toDoubleArray()), "resumed θ differs: "
                    + Arrays.toString(a.toDoubleArray()) + " vs " + Arrays.toString(b.toDoubleArray()));
            check(StateFiles.toJson(first.stateDict()).equals(StateFiles.toJson(second.stateDict())), "resumed state differs");
        });
    }

    /**
     * Multiplying every gradient by {@code c} (a power of two, so the products are exact) leaves the trajectory
     * unchanged: the law of scale-free rules (Adam, RMSprop, Adagrad with ε = 0; Rprop; Lion). Configure ε = 0.
     */
    public static void gradientScaleDoesNotMatter(String name, Factory factory, double c) {
        Property.named(name + ": gradients scaled by " + c + " give the same θ")
                .forAll(runs(Gens.doublesAvoiding(-10, 10, new double[] {0}, 1e-3)), run -> {
                    Tensor a = run.param(), b = run.param();
                    Optimizer<?> plain = factory.create(List.of(a)), scaled = factory.create(List.of(b));
                    for (int k = 0; k < run.grads().size(); k++) {
                        a.setGrad(run.grad(k));
                        b.setGrad(run.grad(k).mul(c));
                        plain.step();
                        scaled.step();
                    }
                    check(Arrays.equals(a.toDoubleArray(), b.toDoubleArray()), "θ differs: "
                            + Arrays.toString(a.toDoubleArray()) + " vs " + Arrays.toString(b.toDoubleArray()));
                });
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
