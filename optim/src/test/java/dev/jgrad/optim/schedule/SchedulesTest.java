package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SchedulesTest {

    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true)), SgdOptions.of(lr).withMomentum(0.9));
    }

    private static double lr(SGD opt) {
        return opt.paramGroups().get(0).lr();
    }

    /** Linear warm-up over 5 steps, then cosine from the base rate: each piece equals its closed form. */
    @Test
    void warmUpThenCosineFollowsBothClosedFormsAndRestartsAtTheBaseRate() {
        SGD opt = sgd(0.1);
        var warmup = new LinearLR(opt, 0.1, 1.0, 5);
        var cosine = new CosineAnnealingLR(opt, 10);
        var schedule = new SequentialLR(opt, List.of(warmup, cosine), 5);
        for (int t = 0; t < 40; t++) {
            double expected = t < 5
                    ? 0.1 * (0.1 + 0.9 * t / 5)
                    : 0.1 * (1 + Math.cos(Math.PI * (t - 5) / 10)) / 2;
            assertEquals(expected, lr(opt), 1e-12 * Math.max(expected, 1e-3), "t = " + t);
            assertEquals(lr(opt), schedule.getLastLr().get(0));
            schedule.step();
        }
        SGD again = sgd(0.1);
        var s2 = new SequentialLR(again, List.of(new LinearLR(again, 0.1, 1.0, 5), new CosineAnnealingLR(again, 10)), 5);
        for (int t = 0; t < 5; t++) {
            s2.step();
        }
        assertEquals(0.1, lr(again), 0.0, "the cosine starts from exactly the base rate at the milestone");
        assertEquals(5, s2.lastEpoch());
    }

    /** Found by ScheduleLawsTest: 1 + (0 − s)/s rounds below 0, which PyTorch would keep as a negative rate. */
    @Test
    void linearDecayToZeroEndsAtExactlyZero() {
        SGD opt = sgd(0.37758860521414195);
        var s = new LinearLR(opt, 0.917419726032078, 0.0, 9);
        for (int t = 0; t < 12; t++) {
            s.step();
        }
        assertEquals(0.0, lr(opt), 0.0);
        assertEquals(0.0, s.getLastLr().get(0), 0.0);
    }

    @Test
    void sequentialStateRoundTripContinuesBitIdentically() {
        SGD a = sgd(0.1);
        var sa = new SequentialLR(a, List.of(new LinearLR(a, 0.25, 1.0, 4), new ExponentialLR(a, 0.8)), 4);
        SGD b = sgd(0.1);
        var sb = new SequentialLR(b, List.of(new LinearLR(b, 0.25, 1.0, 4), new ExponentialLR(b, 0.8)), 4);
        for (int t = 0; t < 6; t++) {
            sa.step();
        }
        String opt = StateFiles.toJson(a.stateDict());
        String sched = StateFiles.toJson(sa.stateDict());
        b.loadStateDict(StateFiles.fromJson(opt, OptimizerState.class));
        sb.loadStateDict(StateFiles.fromJson(sched, SequentialLR.State.class));
        for (int t = 0; t < 10; t++) {
            sa.step();
            sb.step();
            assertEquals(lr(a), lr(b), 0.0);
        }
    }

    @Test
    void oneCycleCyclesAdamsBeta1OppositeToTheRate() {
        Adam opt = new Adam(List.of(Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true)), AdamOptions.defaults());
        var s = new OneCycleLR(opt, 0.01, 10);
        assertEquals(0.95, opt.paramGroups().get(0).options().beta1(), 1e-15);
        for (int t = 0; t < 2; t++) {
            s.step();                         // peak at t = 0.3·10 − 1 = 2
        }
        assertEquals(0.01, opt.paramGroups().get(0).lr(), 1e-15);
        assertEquals(0.85, opt.paramGroups().get(0).options().beta1(), 1e-15);
        assertEquals(0.999, opt.paramGroups().get(0).options().beta2());
        for (int t = 2; t < 10; t++) {
            s.step();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertEquals("Tried to step 11 times. The specified number of total steps is 10", e.getMessage());
    }

    @Test
    void plateauWaitsPatienceEpochsThenCutsAndCoolsDown() {
        SGD opt = sgd(1.0);
        var p = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.defaults().withPatience(1).withFactor(0.5)
                .withCooldown(2).withMinLr(0.2));
        double[] metrics = {5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
        // cut after 2 bad epochs (> patience 1), then 2 epochs of cooldown in which bad epochs do not count
        double[] lrAfter = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2};
        for (int i = 0; i < metrics.length; i++) {
            p.step(metrics[i]);
            assertEquals(lrAfter[i], lr(opt), 0.0, "after metric " + i);
        }
        var max = new ReduceLROnPlateau(sgd(1.0), ReduceLROnPlateau.Options.defaults()
                .withMode(ReduceLROnPlateau.Mode.MAX).withPatience(0));
        max.step(0.5);
        max.step(0.6);
        assertEquals(1.0, max.getLastLr().get(0));
        max.step(0.6);
        assertEquals(0.1, max.getLastLr().get(0), 1e-17);
    }

    @Test
    void plateauStateWithInfiniteBestSurvivesJson() {
        var p = new ReduceLROnPlateau(sgd(1.0));
        var state = StateFiles.fromJson(StateFiles.toJson(p.stateDict()), ReduceLROnPlateau.State.class);
        assertEquals(Double.POSITIVE_INFINITY, state.best());
    }

    @Test
    void badSettingsAreRejectedNamingTheParameterAndRange() {
        SGD opt = sgd(0.1);
        assertEquals("Invalid stepSize: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0)).getMessage());
        assertEquals("Invalid gamma: -0.5 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new ExponentialLR(opt, -0.5)).getMessage());
        assertEquals("Invalid tMax: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0)).getMessage());
        assertEquals("Invalid startFactor: 0.0 (must be in (0, 1])",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(opt, 0, 1, 5)).getMessage());
        assertEquals("Invalid endFactor: 1.5 (must be in [0, 1])",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(opt, 0.5, 1.5, 5)).getMessage());
        assertEquals("Invalid factor: 1.0 (must be in [0, 1))", assertThrows(IllegalArgumentException.class,
                () -> ReduceLROnPlateau.Options.defaults().withFactor(1.0)).getMessage());
        assertEquals("Invalid totalSteps: 0 (must be >= 1)",
                assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(opt, 0.1, 0)).getMessage());
        assertEquals("Invalid pctStart: 1.5 (must be in [0, 1])", assertThrows(IllegalArgumentException.class,
                () -> OneCycleLR.Options.of(0.1, 10).withPctStart(1.5)).getMessage());
        SGD other = sgd(0.1);
        var foreign = new StepLR(other, 3);
        var mine = new StepLR(opt, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt, List.of(mine, foreign), 3))
                .getMessage().contains("same optimizer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt, List.of(mine), 3))
                .getMessage().contains("one milestone fewer than schedulers"));
    }

    @Test
    void loadingAnotherSchedulersStateFails() {
        SGD opt = sgd(0.1);
        var step = new StepLR(opt, 3);
        var exp = new ExponentialLR(sgd(0.1), 0.9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> step.loadStateDict(exp.stateDict()));
        assertEquals("cannot load the state of a ExponentialLR into a StepLR", e.getMessage());
    }
}
