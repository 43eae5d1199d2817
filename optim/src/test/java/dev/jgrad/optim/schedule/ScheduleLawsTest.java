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
                    SGD opt = sgd(lr0);
                    EpochScheduler s = c.make().apply(opt);
                    for (int t = 0; t <= steps; t++) {
                        double expected = lr0 * c.closedForm().applyAsDouble(t);
                        double actual = opt.paramGroups().get(0).lr();
                        assertEquals(expected, actual, 1e-12 * lr0 + 1e-9 * Math.abs(expected), "t = " + t);
                        assertEquals(actual, s.getLastLr().get(0), 0.0);
                        assertEquals(t, s.lastEpoch());
                        // the closed form is what SequentialLR restarts a schedule from; it must be the same rate
                        assertEquals(expected, s.closedFormLrs()[0], 1e-12 * lr0 + 1e-9 * Math.abs(expected), "closed form, t = " + t);
                        s.step();
                    }
                });
    }

    /**
     * Loading a state makes the scheduler report exactly that state, base rates included: they come from the
     * saved run, not from the optimizer the scheduler was built on.
     */
    @Test
    void aLoadedStateIsTheSavedState() {
        Property.named("load(s.stateDict()).stateDict() == s.stateDict()")
                .forAll(CASES, Gens.doubles(1e-3, 1), Gens.ints(0, 30), (c, lr0, steps) -> {
                    EpochScheduler saved = c.make().apply(sgd(lr0));
                    for (int t = 0; t < steps; t++) {
                        saved.step();
                    }
                    EpochScheduler.State state = saved.stateDict();
                    EpochScheduler loaded = c.make().apply(sgd(2 * lr0 + 0.5));
                    loaded.loadStateDict(state);
                    EpochScheduler.State again = loaded.stateDict();
                    assertEquals(state.scheduler(), again.scheduler());
                    assertEquals(state.lastEpoch(), again.lastEpoch());
                    assertArrayEquals(state.baseLrs(), again.baseLrs());
                    assertArrayEquals(state.lastLr(), again.lastLr());
                    assertEquals(saved.getLastLr(), loaded.getLastLr());
                });
    }

    @Test
    void aStateWithNegativeStepCountIsRefused() {
        StepLR s = new StepLR(sgd(0.1), 2);
        EpochScheduler.State fresh = s.stateDict();
        assertEquals(0, fresh.lastEpoch());
        s.loadStateDict(fresh); // t = 0, right after construction, is a valid state
        var bad = new EpochScheduler.State("StepLR", -1, fresh.baseLrs(), fresh.lastLr());
        assertEquals("Invalid lastEpoch: -1 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(bad)).getMessage());
    }

    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true)), SgdOptions.of(lr));
    }
}
