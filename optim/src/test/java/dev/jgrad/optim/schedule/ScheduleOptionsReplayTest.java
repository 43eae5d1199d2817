package dev.jgrad.optim.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.schedule.OneCycleLR.Anneal;
import dev.jgrad.optim.schedule.ReduceLROnPlateau.Mode;
import dev.jgrad.optim.schedule.ReduceLROnPlateau.ThresholdMode;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The schedules with non-default options, several parameter groups and hand-overs, against PyTorch 1.13
 * (recorded by {@code schedule/record_schedule_options.py}, float64): every group's rate and, for OneCycleLR,
 * its momentum or β₁, after construction and after every step; then the same runs saved and loaded midway.
 */
class ScheduleOptionsReplayTest {
    private static final double TOLERANCE = 1e-10;

    private static final ReduceLROnPlateau.Options PLATEAU = ReduceLROnPlateau.Options.defaults();

    /** One factory per recorded case, with the case's PyTorch keyword arguments spelled out in jgrad's terms. */
    private static final Map<String, Function<Optimizer<?>, LrScheduler<?>>> FACTORIES = Map.of(
            "OneCycleLR_linear_three_phase", o -> new OneCycleLR(o, OneCycleLR.Options.of(0.5, 20).withPctStart(0.25)
                    .withAnneal(Anneal.LINEAR).withThreePhase(true).withDivFactors(10, 100).withMomentumRange(0.8, 0.9)),
            "OneCycleLR_no_cycle_momentum_two_groups", o -> new OneCycleLR(o, OneCycleLR.Options.of(0.2, 12)
                    .withPctStart(0.5).withCycleMomentum(false)),
            "OneCycleLR_three_phase_adam", o -> new OneCycleLR(o, OneCycleLR.Options.of(0.01, 16).withThreePhase(true)
                    .withMomentumRange(0.7, 0.9)),
            "ReduceLROnPlateau_max_abs_cooldown_min_lr", o -> new ReduceLROnPlateau(o, PLATEAU.withMode(Mode.MAX)
                    .withFactor(0.5).withPatience(1).withThreshold(0.25, ThresholdMode.ABS).withCooldown(2).withMinLr(0.02)),
            "ReduceLROnPlateau_min_rel_eps_skip", o -> new ReduceLROnPlateau(o, new ReduceLROnPlateau.Options(Mode.MIN,
                    0.5, 0, 0.5, ThresholdMode.REL, 0, 0, 0.25)),
            "ReduceLROnPlateau_max_rel", o -> new ReduceLROnPlateau(o, PLATEAU.withMode(Mode.MAX).withFactor(0.25)
                    .withPatience(2).withThreshold(0.5, ThresholdMode.REL)),
            "ReduceLROnPlateau_min_abs_cooldown", o -> new ReduceLROnPlateau(o, PLATEAU.withFactor(0.5).withPatience(1)
                    .withThreshold(0.25, ThresholdMode.ABS).withCooldown(1)),
            "SequentialLR_linear_step_exponential_two_groups", o -> new SequentialLR(o, List.of(
                    new LinearLR(o, 0.2, 1.0, 4), new StepLR(o, 3, 0.5), new ExponentialLR(o, 0.9)), 4, 10),
            "SequentialLR_cosine_then_linear_decay", o -> new SequentialLR(o, List.of(
                    new CosineAnnealingLR(o, 5, 0.001), new LinearLR(o, 1.0, 0.1, 6)), 7));

    private static JsonNode cases() throws Exception {
        try (InputStream in = ScheduleOptionsReplayTest.class.getResourceAsStream("/schedule/schedule-options.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    /** The recorded optimizer, built as PyTorch's keyword arguments say: one group per recorded rate (β₂ 0.99 for Adam). */
    private static Optimizer<?> optimizer(JsonNode c) {
        String kind = c.get("optimizer").textValue();
        double coefficient = c.get("momentum_or_beta1").doubleValue(), lr0 = c.get("group_lrs").get(0).doubleValue();
        Map<String, Object> kwargs = kind.equals("SGD") ? Map.of("lr", lr0, "momentum", coefficient)
                : Map.of("lr", lr0, "betas", List.of(coefficient, 0.99));
        List<List<Tensor>> groups = new ArrayList<>();
        List<Map<String, Object>> overrides = new ArrayList<>();
        for (JsonNode lr : c.get("group_lrs")) {
            groups.add(List.of(Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true)));
            overrides.add(Map.of("lr", lr.doubleValue()));
        }
        return OptimizerRegistry.get(kind).create(kwargs, groups, overrides);
    }

    private static double momentum(ParamGroup<?> g) {
        OptimizerOptions<?> o = g.options();
        return o instanceof AdamOptions a ? a.beta1() : ((SgdOptions) o).momentum();
    }

    private static void step(LrScheduler<?> s, JsonNode c, int i) {
        if (s instanceof ReduceLROnPlateau p) {
            p.step(c.get("metrics").get(i).doubleValue());
        } else if (s instanceof SequentialLR q) {
            q.step();
        } else {
            ((EpochScheduler) s).step();
        }
    }

    /** Compares every group's lr and momentum with the recording after step {@code t}; returns the largest relative error. */
    private static double compare(String name, Optimizer<?> opt, LrScheduler<?> s, JsonNode c, int t) {
        JsonNode lrs = c.get("lr_after_each_step").get(t), moms = c.get("momentum_after_each_step").get(t);
        List<? extends ParamGroup<?>> groups = opt.paramGroups();
        assertEquals(lrs.size(), groups.size());
        double worst = 0;
        for (int g = 0; g < groups.size(); g++) {
            double expected = lrs.get(g).doubleValue(), actual = groups.get(g).lr();
            double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
            assertTrue(expected == actual || err <= TOLERANCE,
                    name + ", t = " + t + ", group " + g + ": lr " + actual + ", PyTorch " + expected);
            assertEquals(actual, s.getLastLr().get(g), 0.0, name + ": getLastLr() is the groups' rate");
            double m = momentum(groups.get(g)), mExpected = moms.get(g).doubleValue();
            assertEquals(mExpected, m, TOLERANCE * Math.abs(mExpected), name + ", t = " + t + ", group " + g + ": momentum");
            worst = Math.max(worst, err);
        }
        return worst;
    }

    @Test
    void everyRecordedCaseIsMatchedWithin1e10() throws Exception {
        int seen = 0;
        for (JsonNode c : cases()) {
            String name = c.get("name").textValue();
            assertTrue(FACTORIES.containsKey(name), "no factory for recorded case " + name);
            Optimizer<?> opt = optimizer(c);
            LrScheduler<?> s = FACTORIES.get(name).apply(opt);
            double worst = compare(name, opt, s, c, 0);
            for (int i = 0; i < c.get("steps").intValue(); i++) {
                step(s, c, i);
                worst = Math.max(worst, compare(name, opt, s, c, i + 1));
            }
            System.out.printf("%-50s max rel err %.2e%n", name, worst);
            seen++;
        }
        assertEquals(FACTORIES.size(), seen, "every factory is exercised by the recording");
    }

    /** Saved midway through JSON, loaded into a fresh optimizer and scheduler, each run goes on as recorded. */
    @Test
    void everyCaseResumedMidwayStillMatches() throws Exception {
        for (JsonNode c : cases()) {
            String name = c.get("name").textValue();
            int steps = c.get("steps").intValue(), k = steps / 2;
            Optimizer<?> first = optimizer(c);
            LrScheduler<?> s1 = FACTORIES.get(name).apply(first);
            for (int i = 0; i < k; i++) {
                step(s1, c, i);
            }
            String optJson = StateFiles.toJson(first.stateDict());
            String schedJson = StateFiles.toJson(s1.stateDict());

            Optimizer<?> second = optimizer(c);
            LrScheduler<?> s2 = FACTORIES.get(name).apply(second);
            second.loadStateDict(StateFiles.fromJson(optJson, OptimizerState.class));
            load(s2, schedJson);
            compare(name + " (resumed)", second, s2, c, k);
            for (int i = k; i < steps; i++) {
                step(s2, c, i);
                compare(name + " (resumed)", second, s2, c, i + 1);
            }
        }
    }

    private static void load(LrScheduler<?> s, String json) {
        if (s instanceof ReduceLROnPlateau p) {
            p.loadStateDict(StateFiles.fromJson(json, ReduceLROnPlateau.State.class));
        } else if (s instanceof SequentialLR q) {
            q.loadStateDict(StateFiles.fromJson(json, SequentialLR.State.class));
        } else {
            ((EpochScheduler) s).loadStateDict(StateFiles.fromJson(json, EpochScheduler.State.class));
        }
    }
}
