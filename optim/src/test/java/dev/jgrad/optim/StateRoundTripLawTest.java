package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Resuming from a saved state is indistinguishable from never having stopped. */
class StateRoundTripLawTest {

    @Test
    void kStepsSaveLoadIntoAFreshOptimizerContinueIsBitIdenticalToUninterrupted() {
        Gen<Double> lr = Gens.doubles(1e-4, 0.3), eps = Gens.doubles(1e-10, 1e-3), decay = Gens.doubles(0, 0.5);
        Gen<Function<Tensor, Optimizer<?>>> optimizers = Gen.choose(
                LawGens.sgdOptions(lr, decay).map(o -> p -> new SGD(List.of(p), o)),
                LawGens.adamOptions(lr, eps, decay).map(o -> p -> new Adam(List.of(p), o)),
                LawGens.adamOptions(lr, eps, decay).map(o -> p -> new AdamW(List.of(p), o)),
                LawGens.adamOptions(lr, eps, decay).map(o -> p -> new AdamW(List.of(p), o,
                        WeightDecay.DECOUPLED_SCHEDULE_ONLY)));
        Property.named("k steps, save, load, continue == uninterrupted, bit for bit")
                .forAll(LawGens.runs(), optimizers, Gens.ints(0, 6), (run, make, k) -> {
                    int split = Math.min(k, run.grads().size());
                    List<double[]> straight = LawGens.trajectory(run, make);

                    Tensor first = run.param();
                    Optimizer<?> before = make.apply(first);
                    for (int s = 0; s < split; s++) {
                        first.setGrad(run.grad(s));
                        before.step();
                    }
                    String saved = StateFiles.toJson(before.stateDict());
                    Tensor second = Tensor.of(first.toDoubleArray(), first.shape()).requiresGrad(true);
                    Optimizer<?> after = make.apply(second);
                    after.loadStateDict(StateFiles.fromJson(saved, OptimizerState.class));
                    for (int s = split; s < run.grads().size(); s++) {
                        second.setGrad(run.grad(s));
                        after.step();
                    }
                    assertArrayEquals(straight.get(straight.size() - 1), second.toDoubleArray());
                });
    }

    @Test
    void stateDictsSurviveJsonUnchanged() {
        Gen<Function<Tensor, Optimizer<?>>> optimizers = Gen.choose(
                LawGens.sgdOptions(Gens.doubles(0, 1), Gens.doubles(0, 1)).map(o -> p -> new SGD(List.of(p), o)),
                LawGens.adamOptions(Gens.doubles(0, 1), Gens.doubles(0, 1), Gens.doubles(0, 1))
                        .map(o -> p -> new AdamW(List.of(p), o)));
        Property.named("fromJson(toJson(state)) == state").forAll(LawGens.runs(), optimizers, (run, make) -> {
            Tensor p = run.param();
            Optimizer<?> opt = make.apply(p);
            for (int s = 0; s < run.grads().size(); s++) {
                p.setGrad(run.grad(s));
                opt.step();
            }
            String json = StateFiles.toJson(opt.stateDict());
            assertEquals(json, StateFiles.toJson(StateFiles.fromJson(json, OptimizerState.class)));
        });
    }
}
