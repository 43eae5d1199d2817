package dev.jgrad.optim.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Every schedule in the shared lr-schedules.json (PyTorch 1.13, float64), rate by rate. */
class ReferenceSchedulesTest {
    private static final double TOLERANCE = 1e-10;

    /** One driver per recorded schedule: build it, then advance it by one step (metric i for the plateau). */
    private interface Driver {
        void step(int i);
    }

    private static final Map<String, Function<SGD, Object>> FACTORIES = Map.of(
            "StepLR(step_size=7,gamma=0.5)", o -> new StepLR(o, 7, 0.5),
            "ExponentialLR(gamma=0.9)", o -> new ExponentialLR(o, 0.9),
            "CosineAnnealingLR(T_max=10,eta_min=0.01)", o -> new CosineAnnealingLR(o, 10, 0.01),
            "LinearLR(start_factor=0.1,end_factor=1.0,total_iters=5)", o -> new LinearLR(o, 0.1, 1.0, 5),
            "OneCycleLR(max_lr=1.0,total_steps=30)", o -> new OneCycleLR(o, 1.0, 30),
            "ReduceLROnPlateau(mode=min,factor=0.5,patience=2,threshold=1e-4)", o -> new ReduceLROnPlateau(o,
                    ReduceLROnPlateau.Options.defaults().withFactor(0.5).withPatience(2)
                            .withThreshold(1e-4, ReduceLROnPlateau.ThresholdMode.REL)));

    private static JsonNode schedules() throws Exception {
        try (InputStream in = ReferenceSchedulesTest.class.getResourceAsStream("/reference/lr-schedules.json")) {
            return new ObjectMapper().readTree(in).get("schedules");
        }
    }

    private static SGD optimizer(double lr) {
        return new SGD(List.of(Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true)), SgdOptions.of(lr));
    }

    private static Driver driver(Object scheduler, double[] metrics) {
        if (scheduler instanceof ReduceLROnPlateau p) {
            return i -> p.step(metrics[i]);
        }
        return i -> ((EpochScheduler) scheduler).step();
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n == null ? 0 : n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).doubleValue();
        }
        return out;
    }

    @Test
    void everyRecordedScheduleIsMatchedWithin1e10() throws Exception {
        JsonNode schedules = schedules();
        List<String> seen = new ArrayList<>();
        for (JsonNode s : schedules) {
            String name = s.get("name").textValue();
            assertTrue(FACTORIES.containsKey(name), "no driver for recorded schedule " + name);
            seen.add(name);
            double[] expected = doubles(s.get("lr_used_at_each_step"));
            double[] metrics = doubles(s.get("metrics"));
            SGD opt = optimizer(s.get("base_lr").doubleValue());
            Driver d = driver(FACTORIES.get(name).apply(opt), metrics);
            double maxRel = 0;
            for (int i = 0; i < expected.length; i++) {
                double lr = opt.paramGroups().get(0).lr();
                maxRel = Math.max(maxRel, Math.abs(lr - expected[i]) / Math.abs(expected[i]));
                d.step(i);
            }
            System.out.printf("%-66s max rel err %.2e%n", name, maxRel);
            assertTrue(maxRel <= TOLERANCE, name + ": max relative error " + maxRel);
        }
        assertEquals(FACTORIES.keySet().size(), seen.size(), "every driver is exercised by the reference file");
    }

    @Test
    void savingAndLoadingMidwayContinuesBitIdentically() throws Exception {
        for (JsonNode s : schedules()) {
            String name = s.get("name").textValue();
            double base = s.get("base_lr").doubleValue();
            double[] metrics = doubles(s.get("metrics"));
            int n = s.get("lr_used_at_each_step").size(), k = 11;

            SGD straight = optimizer(base);
            Driver d = driver(FACTORIES.get(name).apply(straight), metrics);
            double[] uninterrupted = new double[n];
            for (int i = 0; i < n; i++) {
                uninterrupted[i] = straight.paramGroups().get(0).lr();
                d.step(i);
            }

            SGD first = optimizer(base);
            Object sched1 = FACTORIES.get(name).apply(first);
            Driver d1 = driver(sched1, metrics);
            double[] resumed = new double[n];
            for (int i = 0; i < k; i++) {
                resumed[i] = first.paramGroups().get(0).lr();
                d1.step(i);
            }
            String optJson = StateFiles.toJson(first.stateDict());
            String schedJson = StateFiles.toJson(((LrScheduler<?>) sched1).stateDict());

            SGD second = optimizer(base);
            Object sched2 = FACTORIES.get(name).apply(second);
            second.loadStateDict(StateFiles.fromJson(optJson, OptimizerState.class));
            load(sched2, schedJson);
            assertEquals(((LrScheduler<?>) sched1).getLastLr(), ((LrScheduler<?>) sched2).getLastLr());
            Driver d2 = driver(sched2, metrics);
            for (int i = k; i < n; i++) {
                resumed[i] = second.paramGroups().get(0).lr();
                d2.step(i);
            }
            assertArrayEquals(uninterrupted, resumed, name);
        }
    }

    private static void load(Object scheduler, String json) {
        if (scheduler instanceof ReduceLROnPlateau p) {
            p.loadStateDict(StateFiles.fromJson(json, ReduceLROnPlateau.State.class));
        } else {
            ((EpochScheduler) scheduler).loadStateDict(StateFiles.fromJson(json, EpochScheduler.State.class));
        }
    }
}
