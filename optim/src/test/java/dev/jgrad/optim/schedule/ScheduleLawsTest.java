package dev.jgrad.optim.schedule;

import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Each schedule's chainable computation equals the closed form its Javadoc gives. */
class ScheduleLawsTest {

    /** A schedule to build on an optimizer and the closed form ηₜ = η₀·factor(t) it should follow. */
    private record Case(String name, Function<SGD, EpochScheduler> make, DoubleUnaryOperator closedForm) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Gen<Case> CASES = Gen.choose(
            Gen.zip(Gens.ints(1, 10), Gens.doubles(0.05, 1), (size, gamma) -> new Case(
                    "StepLR(" + size + ", " + gamma + ")", o -> new StepLR(o, size, gamma),
                    t -> Math.pow(gamma, Math.floor(t / size)))),
            Gens.doubles(0.5, 1).map(gamma -> new Case("ExponentialLR(" + gamma + ")",
                    o -> new ExponentialLR(o, gamma), t -> Math.pow(gamma, t))),
            Gen.zip(Gens.ints(1, 20), Gens.doubles(0, 0.5), (tMax, minFraction) -> new Case(
                    "CosineAnnealingLR(" + tMax + ", η_min = " + minFraction + "·η₀)",
                    o -> new CosineAnnealingLR(o, tMax, minFraction * o.paramGroups().get(0).lr()),
                    t -> minFraction + (1 - minFraction) * (1 + Math.cos(Math.PI * t / tMax)) / 2)),
            Gen.zip(Gen.zip(Gens.doubles(0.01, 1), Gens.doubles(0, 1)), Gens.ints(1, 10), (f, total) -> new Case(
                    "LinearLR(" + f.first() + ", " + f.second() + ", " + total + ")",
                    o -> new LinearLR(o, f.first(), f.second(), total),
                    t -> f.first() + (f.second() - f.first()) * Math.min(total, t) / total)));

    @Test
    void chainableRatesEqualTheClosedForm() {
        Property.named("ηₜ (chainable) == η₀·closed form(t)")
                .forAll(CASES, Gens.doubles(1e-3, 1), Gens.ints(1, 60), (c, lr0, steps) -> {
                    SGD opt = new SGD(List.of(Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true)), SgdOptions.of(lr0));
                    EpochScheduler s = c.make().apply(opt);
                    for (int t = 0; t <= steps; t++) {
                        double expected = lr0 * c.closedForm().applyAsDouble(t);
                        double actual = opt.paramGroups().get(0).lr();
                        assertEquals(expected, actual, 1e-12 * lr0 + 1e-9 * Math.abs(expected), "t = " + t);
                        assertEquals(actual, s.getLastLr().get(0), 0.0);
                        s.step();
                    }
                });
    }
}
