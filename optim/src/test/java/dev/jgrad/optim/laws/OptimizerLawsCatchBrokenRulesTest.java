package dev.jgrad.optim.laws;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.Probe;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public laws fail for rules that break them: a law that passes for every optimizer would prove nothing.
 * Each broken rule below is plain gradient descent with one defect, and each law must reject it with a
 * message naming what went wrong (while still accepting plain gradient descent, where the law applies).
 */
class OptimizerLawsCatchBrokenRulesTest {

    private static final SgdOptions RATE = SgdOptions.of(0.1);

    /** θ ← θ − γg, plus whatever {@link #extra} adds; keeps {@code step} as PyTorch's optimizers do. */
    private static class Broken extends Optimizer<SgdOptions> {
        /** A count of steps kept outside the state dict (a field), so a resume cannot restore it. */
        int hiddenSteps;

        Broken(String name, List<Tensor> params) {
            super(name, RATE, List.of(new ParamGroup<>(params, RATE)));
        }

        @Override
        protected void initState(ParamState state, SgdOptions options) {
            state.set("step", 0);
        }

        /** The defect, as a change to the step direction d = g: identity here. */
        double direction(double g) {
            return g;
        }

        @Override
        protected ElementLoop update(ParamGroup<SgdOptions> group, ParamState state, Probe probe) {
            state.increment("step");
            hiddenSteps++;
            double lr = group.options().lr();
            return (theta, grad, from, to) -> {
                for (int i = from; i < to; i++) {
                    theta[i] -= lr * direction(grad[i]);
                }
            };
        }

        /** Every parameter, with or without a gradient. */
        final void forEachParam(Consumer<Tensor> action) {
            for (ParamGroup<SgdOptions> g : paramGroups()) {
                g.params().forEach(action);
            }
        }
    }

    /** Moves by a constant 0.5 on top of the gradient step, so a zero gradient still moves θ. */
    private static final class Drifting extends Broken {
        Drifting(List<Tensor> params) {
            super("Drifting", params);
        }

        @Override
        double direction(double g) {
            return g + 0.5;
        }
    }

    /** Decays every parameter by half on every step, including parameters whose gradient is null. */
    private static final class DecaysWithoutGradient extends Broken {
        DecaysWithoutGradient(List<Tensor> params) {
            super("DecaysWithoutGradient", params);
        }

        @Override
        @SuppressWarnings("try")
        public void step() {
            super.step();
            try (var noGrad = Autograd.noGrad()) {
                forEachParam(p -> {
                    if (p.grad() == null) {
                        p.mulInPlace(0.5);
                    }
                });
            }
        }
    }

    /** Counts a step in the state of every parameter, including parameters whose gradient is null. */
    private static final class CountsWithoutGradient extends Broken {
        CountsWithoutGradient(List<Tensor> params) {
            super("CountsWithoutGradient", params);
        }

        @Override
        public void step() {
            super.step();
            forEachParam(p -> liveState(p, RATE).increment("step"));
        }
    }

    /** Shrinks its step with a step count it keeps in a field, which the state dict does not carry. */
    private static final class ForgetfulSchedule extends Broken {
        ForgetfulSchedule(List<Tensor> params) {
            super("ForgetfulSchedule", params);
        }

        @Override
        double direction(double g) {
            return g / hiddenSteps;
        }
    }

    /** Moves θ exactly as plain gradient descent, but its saved {@code step} comes from the unsaved field. */
    private static final class ForgetfulCounter extends Broken {
        ForgetfulCounter(List<Tensor> params) {
            super("ForgetfulCounter", params);
        }

        @Override
        protected ElementLoop update(ParamGroup<SgdOptions> group, ParamState state, Probe probe) {
            ElementLoop plain = super.update(group, state, probe);
            state.set("step", hiddenSteps);
            return plain;
        }
    }

    private static AssertionError violation(Runnable law) {
        return assertThrows(AssertionError.class, law::run);
    }

    @Test
    void zeroGradientsKeepThetaStillRejectsADriftingRule() {
        AssertionError e = violation(() -> OptimizerLaws.zeroGradientsKeepThetaStill("Drifting", Drifting::new));
        assertTrue(e.getMessage().contains("Drifting: zero gradients keep θ still"), e.getMessage());
        assertTrue(e.getMessage().contains("θ moved at step 1"), e.getMessage());
        OptimizerLaws.zeroGradientsKeepThetaStill("SGD", ps -> new SGD(ps, RATE));
    }

    @Test
    void nullGradientsChangeNothingRejectsARuleThatMovesOrCountsWithoutAGradient() {
        AssertionError moved = violation(() -> OptimizerLaws.nullGradientsChangeNothing("Decays",
                DecaysWithoutGradient::new));
        assertTrue(moved.getMessage().contains("θ moved without a gradient"), moved.getMessage());
        AssertionError counted = violation(() -> OptimizerLaws.nullGradientsChangeNothing("Counts",
                CountsWithoutGradient::new));
        assertTrue(counted.getMessage().contains("state changed without a gradient"), counted.getMessage());
        OptimizerLaws.nullGradientsChangeNothing("SGD", ps -> new SGD(ps, RATE.withMomentum(0.9)));
    }

    @Test
    void stateDictResumesBitIdenticallyRejectsStateKeptOutsideTheStateDict() {
        AssertionError theta = violation(() -> OptimizerLaws.stateDictResumesBitIdentically("Schedule",
                ForgetfulSchedule::new));
        assertTrue(theta.getMessage().contains("resumed θ differs"), theta.getMessage());
        AssertionError state = violation(() -> OptimizerLaws.stateDictResumesBitIdentically("Counter",
                ForgetfulCounter::new));
        assertTrue(state.getMessage().contains("resumed state differs"), state.getMessage());
        OptimizerLaws.stateDictResumesBitIdentically("SGD", ps -> new SGD(ps, RATE.withMomentum(0.9)));
    }

    @Test
    void gradientScaleDoesNotMatterRejectsPlainGradientDescent() {
        AssertionError e = violation(() -> OptimizerLaws.gradientScaleDoesNotMatter("SGD", ps -> new SGD(ps, RATE), 4));
        assertTrue(e.getMessage().contains("SGD: gradients scaled by 4.0 give the same θ"), e.getMessage());
        assertTrue(e.getMessage().contains("θ differs"), e.getMessage());
        OptimizerLaws.gradientScaleDoesNotMatter("SGD, scale 1", ps -> new SGD(ps, RATE), 1);
    }

    /** What the laws draw: shapes of rank 1 or 2 up to 4 per dimension, θ₀ in [−3, 3], 1 to 6 steps in range. */
    @Test
    void runsStayInTheDocumentedRanges() {
        Property.named("OptimizerLaws.runs() within its documented ranges").forAll(OptimizerLaws.runs(), run -> {
            int[] shape = run.theta0().shape();
            assertTrue(shape.length >= 1 && shape.length <= 2, Arrays.toString(shape));
            assertTrue(Arrays.stream(shape).allMatch(d -> d >= 1 && d <= 4), Arrays.toString(shape));
            assertTrue(Arrays.stream(run.theta0().data()).allMatch(x -> x >= -3 && x <= 3));
            assertTrue(run.grads().size() >= 1 && run.grads().size() <= 6, "steps: " + run.grads().size());
            for (int k = 0; k < run.grads().size(); k++) {
                assertTrue(Arrays.stream(run.grads().get(k)).allMatch(g -> g >= -10 && g <= 10));
                Tensor g = run.grad(k);
                assertArrayEquals(shape, g.shape());
                assertArrayEquals(run.grads().get(k), g.toDoubleArray(), 0);
            }
            Tensor p = run.param();
            assertTrue(p.requiresGrad());
            assertArrayEquals(shape, p.shape());
            assertArrayEquals(run.theta0().data(), p.toDoubleArray(), 0);
            assertEquals(run.theta0().data().length, p.numel());
        });
    }
}
