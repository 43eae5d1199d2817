package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.schedule.EpochScheduler;
import dev.jgrad.optim.schedule.LinearLR;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** k steps, save, load into a fresh optimizer, continue: bit-identical to never stopping. */
class StateDictTest {
    private static final int[][] SHAPES = {{2, 3}, {4}, {1}};

    private static List<Tensor> params(long seed) {
        Generator gen = new Generator(seed);
        List<Tensor> out = new ArrayList<>();
        for (int[] s : SHAPES) {
            out.add(Tensor.normal(gen, 0, 1, DType.FLOAT64, s).requiresGrad(true));
        }
        return out;
    }

    private static List<Tensor> copies(List<Tensor> ps) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : ps) {
            out.add(Tensor.of(p.toDoubleArray(), p.shape()).requiresGrad(true));
        }
        return out;
    }

    /** Gradients for step k; the last parameter gets none on every third step. */
    private static void gradients(List<Tensor> ps, int k) {
        Generator gen = new Generator(1000 + k);
        for (int i = 0; i < ps.size(); i++) {
            Tensor p = ps.get(i);
            p.setGrad(i == ps.size() - 1 && k % 3 == 0 ? null : Tensor.normal(gen, 0, 1, DType.FLOAT64, p.shape()));
        }
    }

    private static List<double[]> values(List<Tensor> ps) {
        return ps.stream().map(Tensor::toDoubleArray).toList();
    }

    private static void roundTrip(String what, Function<List<Tensor>, Optimizer<?>> make) {
        int k = 7, n = 9;
        List<Tensor> straight = params(42);
        Optimizer<?> a = make.apply(straight);
        for (int s = 0; s < k + n; s++) {
            gradients(straight, s);
            a.step();
        }

        List<Tensor> first = params(42);
        Optimizer<?> b = make.apply(first);
        for (int s = 0; s < k; s++) {
            gradients(first, s);
            b.step();
        }
        String json = StateFiles.toJson(b.stateDict());
        List<Tensor> second = copies(first);
        Optimizer<?> c = make.apply(second);
        c.loadStateDict(StateFiles.fromJson(json, OptimizerState.class));
        for (int s = k; s < k + n; s++) {
            gradients(second, s);
            c.step();
        }
        List<double[]> expected = values(straight), actual = values(second);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + " param " + i);
        }
        assertEquals(StateFiles.toJson(a.stateDict()), StateFiles.toJson(c.stateDict()), what + " final state");
    }

    @Test
    void sgdWithMomentumResumesBitIdentically() {
        roundTrip("SGD", ps -> new SGD(ps, new SgdOptions(0.05, 0.9, 0.1, 0.01, false, false)));
        roundTrip("SGD nesterov", ps -> new SGD(ps, new SgdOptions(0.05, 0.9, 0, 0, true, true)));
    }

    @Test
    void adamAndAdamWResumeBitIdentically() {
        roundTrip("Adam amsgrad", ps -> new Adam(ps, AdamOptions.defaults().withLr(0.01).withAmsgrad(true)
                .withWeightDecay(0.1)));
        roundTrip("AdamW", ps -> new AdamW(ps, AdamOptions.adamWDefaults().withLr(0.01).withBetas(0.8, 0.9)));
        roundTrip("AdamW two groups", ps -> new AdamW(AdamOptions.adamWDefaults(), List.of(
                new ParamGroup<>(ps.subList(0, 2), AdamOptions.adamWDefaults().withLr(0.02)),
                new ParamGroup<>(ps.subList(2, 3), AdamOptions.adamWDefaults().withWeightDecay(0)))));
    }

    @Test
    void aScheduledPaperModeAdamWResumesWithItsScheduleBitIdentically() {
        List<Tensor> straight = params(7);
        AdamW a = new AdamW(straight, AdamOptions.adamWDefaults().withLr(0.05), WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        LinearLR sa = new LinearLR(a, 0.2, 1.0, 10);
        for (int s = 0; s < 12; s++) {
            gradients(straight, s);
            a.step();
            sa.step();
        }
        List<Tensor> first = params(7);
        AdamW b = new AdamW(first, AdamOptions.adamWDefaults().withLr(0.05), WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        LinearLR sb = new LinearLR(b, 0.2, 1.0, 10);
        for (int s = 0; s < 5; s++) {
            gradients(first, s);
            b.step();
            sb.step();
        }
        String opt = StateFiles.toJson(b.stateDict()), sched = StateFiles.toJson(sb.stateDict());
        List<Tensor> second = copies(first);
        AdamW c = new AdamW(second, AdamOptions.adamWDefaults().withLr(0.05), WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        LinearLR sc = new LinearLR(c, 0.2, 1.0, 10);
        c.loadStateDict(StateFiles.fromJson(opt, OptimizerState.class));
        sc.loadStateDict(StateFiles.fromJson(sched, EpochScheduler.State.class));
        for (int s = 5; s < 12; s++) {
            gradients(second, s);
            c.step();
            sc.step();
        }
        for (int i = 0; i < SHAPES.length; i++) {
            assertArrayEquals(straight.get(i).toDoubleArray(), second.get(i).toDoubleArray());
        }
    }

    @Test
    void filesAreWrittenAtomicallyAndReadBack(@TempDir Path dir) throws Exception {
        List<Tensor> ps = params(3);
        Adam opt = new Adam(ps, AdamOptions.defaults().withAmsgrad(true));
        gradients(ps, 1);
        opt.step();
        Path file = dir.resolve("optimizer.json");
        Files.writeString(file, "previous checkpoint");
        StateFiles.save(file, opt.stateDict());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
        OptimizerState back = StateFiles.load(file, OptimizerState.class);
        assertEquals(StateFiles.toJson(opt.stateDict()), StateFiles.toJson(back));
        Files.writeString(file, "{\"optimizer\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateFiles.load(file, OptimizerState.class));
        assertTrue(e.getMessage().startsWith(file + ": not a valid OptimizerState"), e.getMessage());
    }

    @Test
    void doublesSurviveJsonBitForBit() {
        Generator gen = new Generator(9);
        double[] m = new double[2000];
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 0.1 + 0.2, 1e-310,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.0E-3, 1.0E23, 9007199254740993.0};
        System.arraycopy(special, 0, m, 0, special.length);
        for (int i = special.length; i < m.length; i++) {
            m[i] = Double.longBitsToDouble(gen.nextLong());
        }
        ParamState st = new ParamState(DType.FLOAT64, m.length).set("step", 123456789L).put("exp_avg", m)
                .put("exp_avg_sq", m).put("max_exp_avg_sq", m);
        OptimizerState saved = new OptimizerState("Adam", WeightDecay.COUPLED_L2, List.of(new OptimizerState.Group(
                Map.of("lr", 0.001), null, List.of(new OptimizerState.Param(new int[] {m.length}, st)))));
        ParamState back = StateFiles.fromJson(StateFiles.toJson(saved), OptimizerState.class).groups().get(0).params()
                .get(0).state();
        assertEquals(123456789L, back.get("step"));
        for (int i = 0; i < m.length; i++) {
            // doubleToLongBits maps every NaN to one value: JSON keeps NaN, not its payload bits
            assertEquals(Double.doubleToLongBits(m[i]), Double.doubleToLongBits(back.values("exp_avg")[i]), "element " + i + " = " + m[i]);
        }
    }

    /** The state of an Adam over {@code ps} after one step. */
    private static OptimizerState afterOneAdamStep(List<Tensor> ps) {
        Adam a = new Adam(ps);
        gradients(ps, 1);
        a.step();
        return a.stateDict();
    }

    @Test
    void loadingIntoDifferentShapesFailsClearlyAndChangesNothing() {
        List<Tensor> ps = params(1);
        OptimizerState saved = afterOneAdamStep(ps);
        List<Tensor> other = List.of(Tensor.zeros(DType.FLOAT64, 3, 2).requiresGrad(true),
                Tensor.zeros(DType.FLOAT64, 4).requiresGrad(true), Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true));
        Adam b = new Adam(other, AdamOptions.defaults().withLr(0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(saved));
        assertEquals("parameter 0 of group 0 has shape [2, 3] in the loaded state dict but [3, 2] in the optimizer",
                e.getMessage());
        assertEquals(0.5, b.paramGroups().get(0).lr(), "nothing was loaded");
        assertTrue(b.state(other.get(1)).isEmpty());

        Adam fewer = new Adam(ps.subList(0, 2));
        assertEquals("group 0 of the loaded state dict has 3 parameters, the optimizer's group 0 has 2",
                assertThrows(IllegalArgumentException.class, () -> fewer.loadStateDict(saved)).getMessage());
    }

    @Test
    void aShortBufferIsRefusedWhenLoadedNotWhenStepped() {
        List<Tensor> ps = params(1);
        OptimizerState saved = afterOneAdamStep(ps);
        List<OptimizerState.Param> params = new ArrayList<>(saved.groups().get(0).params());
        ParamState shortened = params.get(0).state().copy().put("exp_avg", new double[5]);
        params.set(0, new OptimizerState.Param(params.get(0).shape(), shortened));
        OptimizerState edited = new OptimizerState("Adam", saved.weightDecay(), List.of(new OptimizerState.Group(
                saved.groups().get(0).options(), null, params)));
        Adam b = new Adam(copies(ps));
        assertEquals("parameter 0 of group 0 has 'exp_avg' of 5 values; Adam keeps 6 for it",
                assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(edited)).getMessage());
        assertTrue(b.state(b.paramGroups().get(0).params().get(0)).isEmpty(), "nothing was loaded");
    }

    @Test
    void loadingAnotherOptimizersStateFailsClearly() {
        List<Tensor> ps = params(1);
        Adam adam = new Adam(ps);
        gradients(ps, 1);
        adam.step();
        SGD sgd = new SGD(ps, SgdOptions.of(0.1));
        assertEquals("cannot load a state dict saved by Adam (weight decay COUPLED_L2) into SGD (weight decay COUPLED_L2)",
                assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict())).getMessage());
        AdamW adamW = new AdamW(ps);
        assertThrows(IllegalArgumentException.class, () -> adamW.loadStateDict(adam.stateDict()));
        AdamW paper = new AdamW(ps, AdamOptions.adamWDefaults(), WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        assertEquals("cannot load a state dict saved by AdamW (weight decay DECOUPLED) into AdamW (weight decay "
                        + "DECOUPLED_SCHEDULE_ONLY)",
                assertThrows(IllegalArgumentException.class, () -> paper.loadStateDict(adamW.stateDict())).getMessage());
        OptimizerState forged = new OptimizerState("Adam", WeightDecay.COUPLED_L2, List.of(new OptimizerState.Group(
                Map.of("momentum", 0.9), null, adam.stateDict().groups().get(0).params())));
        assertEquals("group 0 of the loaded state dict: unknown option 'momentum' for Adam (known: amsgrad, betas, eps, "
                        + "lr, maximize, weight_decay)",
                assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(forged)).getMessage());
    }
}
