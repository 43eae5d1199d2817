package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.ShapedArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Generators and helpers shared by the law tests: random parameters, gradient sequences and options. */
final class LawGens {
    private LawGens() {}

    /**
     * A starting point and the gradients of a few steps, all of one shape.
     *
     * @param theta0 the parameter's shape and initial values
     * @param grads  one gradient per step
     */
    record Run(ShapedArray theta0, List<double[]> grads) {
        Tensor param() {
            return Tensor.of(theta0.data(), theta0.shape()).requiresGrad(true);
        }

        Tensor grad(int step) {
            return Tensor.of(grads.get(step), theta0.shape());
        }
    }

    /** Shapes of rank 1 or 2 with up to 4 elements per dimension. */
    static Gen<int[]> shapes() {
        return Gens.shapes(1, 2, 4);
    }

    /** θ₀ in [−3, 3] and 1 to 6 steps of gradients drawn from {@code elements}. */
    static Gen<Run> runs(Gen<Double> elements) {
        return Gens.shapedArrays(shapes(), -3, 3).flatMap(theta0 ->
                Gen.listOf(Gens.doubleArrays(theta0.shape(), elements), 1, 6).map(grads -> new Run(theta0, grads)));
    }

    static Gen<Run> runs() {
        return runs(Gens.doubles(-2, 2));
    }

    /** Gradients bounded away from 0 (|g| ≥ 1e-3), where Adam's ε-free update is well defined. */
    static Gen<Run> runsAwayFromZero() {
        return runs(Gens.doublesAvoiding(-2, 2, new double[] {0}, 1e-3));
    }

    /** Adam options with the given ranges for lr, ε and λ and any betas, AMSGrad and maximize. */
    static Gen<AdamOptions> adamOptions(Gen<Double> lr, Gen<Double> eps, Gen<Double> weightDecay) {
        var rates = Gen.zip(lr, Gens.doubles(0, 0.99), Gens.doubles(0, 0.999));
        var rest = Gen.zip(eps, weightDecay, Gen.zip(Gens.booleans(), Gens.booleans()));
        return Gen.zip(rates, rest, (a, b) -> new AdamOptions(a.first(), a.second(), a.third(), b.first(), b.second(),
                b.third().first(), b.third().second()));
    }

    /** SGD options with the given lr and λ ranges, any momentum (Nesterov only where allowed) and maximize. */
    static Gen<SgdOptions> sgdOptions(Gen<Double> lr, Gen<Double> weightDecay) {
        var rates = Gen.zip(lr, Gens.doubles(0, 0.95), Gens.doubles(0, 0.5));
        var flags = Gen.zip(weightDecay, Gens.booleans(), Gens.booleans());
        return Gen.zip(rates, flags, (a, b) -> {
            boolean nesterov = b.second() && a.second() > 0;
            return new SgdOptions(a.first(), a.second(), nesterov ? 0 : a.third(), b.first(), nesterov, b.third());
        });
    }

    /** Runs {@code opt} over the run's gradients and returns θ after every step. */
    static List<double[]> trajectory(Run run, Function<Tensor, Optimizer<?>> make) {
        Tensor p = run.param();
        Optimizer<?> opt = make.apply(p);
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < run.grads().size(); k++) {
            p.setGrad(run.grad(k));
            opt.step();
            out.add(p.toDoubleArray());
        }
        return out;
    }
}
