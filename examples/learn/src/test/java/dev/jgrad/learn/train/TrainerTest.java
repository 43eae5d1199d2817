package dev.jgrad.learn.train;


import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Mode;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.engine.Trace;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    private static MnistData bundled;
    private static MnistData small;

    @BeforeAll
    static void load() {
        bundled = MnistSource.bundled();
        small = new MnistData(slice(bundled.train(), 640), slice(bundled.test(), 300), "first 640 / 300 bundled digits");
    }

    static Dataset slice(Dataset d, int n) {
        return new Dataset(Arrays.copyOf(d.images(), n * d.pixels()), Arrays.copyOf(d.labels(), n), n, d.rows(), d.cols());
    }

    /** A small, quick configuration: MLP 784-32-10, 3 epochs, batch 50 (so the last batch is partial). */
    static TrainConfig quick() {
        return TrainConfig.defaults().withModel(ModelSpec.mlp(32)).withEpochs(3).withBatchSize(50).withSeed(7);
    }

    static Map<String, float[]> weights(Trainer t) {
        Map<String, float[]> out = new LinkedHashMap<>();
        t.model().stateDict().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    static void assertBitIdentical(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> {
            int[] a = new int[v.length];
            int[] b = new int[v.length];
            float[] w = actual.get(k);
            for (int i = 0; i < v.length; i++) {
                a[i] = Float.floatToRawIntBits(v[i]);
                b[i] = Float.floatToRawIntBits(w[i]);
            }
            assertArrayEquals(a, b, "parameter " + k);
        });
    }

    @Test
    void oneEpochOnTheBundledDigitsIsFarAboveChance() {
        Trainer trainer = new Trainer(bundled, TrainConfig.defaults().withModel(ModelSpec.mlp(64)).withEpochs(1));
        Evaluation before = trainer.evaluate(bundled.test());
        List<EpochMetrics> metrics = trainer.train(TrainingListener.NONE);

        assertEquals(1, metrics.size());
        EpochMetrics m = metrics.get(0);
        assertEquals(1, m.epoch());
        assertTrue(before.accuracy() < 30, "untrained accuracy " + before.accuracy());
        assertTrue(m.testAccuracy() > 85, "accuracy after one epoch " + m.testAccuracy() + "% (chance is 10%)");
        assertTrue(m.testLoss() < before.loss() / 3, "test loss " + m.testLoss() + " vs " + before.loss() + " untrained");
        assertTrue(m.trainLoss() > 0 && m.trainSeconds() > 0 && m.samplesPerSecond() > 0);
        assertEquals(1e-3, m.learningRate());
        Evaluation after = trainer.evaluate(bundled.test());
        assertEquals(m.testAccuracy(), after.accuracy());
        assertEquals(2000, after.count());
    }

    @Test
    void theListenerHearsEveryStep() {
        int[] counts = new int[3];
        int[] lastSamples = new int[1];
        TrainingListener l = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int steps, int samples) {
                counts[0]++;
                assertEquals(13, steps);
                assertEquals(640, samples);
            }

            @Override
            public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss, long nanos) {
                counts[1]++;
                lastSamples[0] = samplesSoFar;
            }

            @Override
            public void epochFinished(EpochMetrics metrics) {
                counts[2]++;
            }
        };
        Trainer trainer = new Trainer(small, quick().withEpochs(2));
        assertEquals(13, trainer.stepsPerEpoch());
        trainer.train(l);
        assertArrayEquals(new int[] {2, 26, 2}, counts);
        assertEquals(640, lastSamples[0]);
        assertEquals(2, trainer.epochsDone());
        assertEquals(0, trainer.train(l).size(), "train() stops at the planned epochs");
    }

    /**
     * Training calls the model as {@code model.call(x)} (PyTorch's {@code model(x)}), so a forward hook
     * on the root module sees every training batch, the partial last one included, and the test
     * images in evaluation; a hook that replaces the output replaces it in the loss too.
     */
    @Test
    void aForwardHookOnTheRootModuleFiresInTrainingAndEvaluation() {
        Trainer trainer = new Trainer(small, quick().withEpochs(1));
        List<String> calls = new ArrayList<>();
        float[][] evalInput = new float[1][];
        trainer.model().registerForwardHook((module, input, output) -> {
            calls.add(module.mode() + " " + input.size(0));
            if (module.mode() == Mode.EVAL) {
                evalInput[0] = input.toFloatArray();
            }
            return output.mul(0);                     // zero logits: the loss is ln 10 whatever the weights
        });
        List<Double> losses = new ArrayList<>();
        EpochMetrics m = trainer.trainEpoch(new TrainingListener() {
            @Override
            public void stepLoss(int epoch, int step, double loss) {
                losses.add(loss);
            }
        });
        List<String> expected = new ArrayList<>(Collections.nCopies(12, "TRAIN 50"));
        expected.add("TRAIN 40");
        expected.add("EVAL 300");
        assertEquals(expected, calls);
        for (double loss : losses) {
            assertEquals(Math.log(10), loss, 1e-6);
        }
        assertEquals(Math.log(10), m.testLoss(), 1e-6);
        float[] testImages = new float[300 * small.test().pixels()];
        Batches.normalizeBatch(small.test(), null, 0, 300, testImages);
        assertArrayEquals(testImages, evalInput[0], "the evaluation batch is the test images, in order");
    }

    /** Muon trains the hidden matrix, AdamW the biases and the output layer; both step every batch; checkpoints refuse. */
    @Test
    void muonRunsAsTheRecipeMuonForTheHiddenMatrixAdamWForTheRest() {
        Trainer t = new Trainer(small, quick().withEpochs(1).withOptimizer(OptimizerSpec.of("Muon").withLr(0.02)));
        assertEquals(List.of("Muon", "AdamW"), t.optimizers().stream().map(Optimizer::name).toList());
        assertEquals(List.of(List.of(32, 784)), t.optimizers().get(0).paramGroups().get(0).params().stream()
                .map(p -> Arrays.stream(p.shape()).boxed().toList()).toList());
        assertEquals(3, t.optimizers().get(1).paramGroups().get(0).params().size());
        Map<String, float[]> before = weights(t);
        t.train(TrainingListener.NONE);
        Map<String, float[]> after = weights(t);
        before.forEach((k, v) -> assertFalse(Arrays.equals(v, after.get(k)), k + " was trained"));
        assertTrue(t.history().get(0).testAccuracy() > 50, "accuracy " + t.history().get(0).testAccuracy());
        assertThrows(IllegalStateException.class, () -> Checkpoint.save(Path.of("unused"), t));
    }

    @Test
    void theSameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        Trainer a = new Trainer(small, quick().withEpochs(1));
        Trainer b = new Trainer(small, quick().withEpochs(1));
        Trainer c = new Trainer(small, quick().withEpochs(1).withSeed(8));
        a.train(TrainingListener.NONE);
        b.train(TrainingListener.NONE);
        c.train(TrainingListener.NONE);
        assertBitIdentical(weights(a), weights(b));
        assertFalse(Arrays.equals(weights(a).get("0.weight"), weights(c).get("0.weight")));
        assertEquals(a.history().get(0).trainLoss(), b.history().get(0).trainLoss());
    }

    @ParameterizedTest
    @EnumSource(ScheduleSpec.Kind.class)
    void twoEpochsThenResumeForOneIsBitIdenticalToThreeStraight(ScheduleSpec.Kind schedule, @TempDir Path dir) {
        TrainConfig config = quick().withSchedule(new ScheduleSpec(schedule, 1, 0.5, 0));
        Trainer straight = new Trainer(small, config);
        straight.train(TrainingListener.NONE);

        Trainer first = new Trainer(small, config);
        first.trainEpoch(TrainingListener.NONE);
        first.trainEpoch(TrainingListener.NONE);
        first.saveCheckpoint(dir);

        Trainer resumed = new Trainer(small, config);
        resumed.resume(dir);
        assertEquals(2, resumed.epochsDone());
        assertEquals(first.learningRate(), resumed.learningRate());
        resumed.train(TrainingListener.NONE);

        assertEquals(3, resumed.epochsDone());
        assertBitIdentical(weights(straight), weights(resumed));
        assertEquals(straight.learningRate(), resumed.learningRate());
        for (int e = 0; e < 3; e++) {
            assertEquals(straight.history().get(e).trainLoss(), resumed.history().get(e).trainLoss());
            assertEquals(straight.history().get(e).testAccuracy(), resumed.history().get(e).testAccuracy());
        }
    }

    @Test
    void resumeIsBitIdenticalWithSgdMomentumToo(@TempDir Path dir) {
        TrainConfig config = quick().withOptimizer(OptimizerSpec.of("SGD").withLr(0.05)
                .with("momentum", 0.9).with("nesterov", true).withWeightDecay(1e-4));
        Trainer straight = new Trainer(small, config);
        straight.train(TrainingListener.NONE);
        Trainer first = new Trainer(small, config.withEpochs(2));
        first.train(TrainingListener.NONE);
        first.saveCheckpoint(dir);
        Trainer resumed = new Trainer(small, config);
        resumed.resume(dir);
        resumed.train(TrainingListener.NONE);
        assertBitIdentical(weights(straight), weights(resumed));
    }

    @Test
    void aCheckpointOfAnotherSetupIsRejectedAndNamesTheDifference(@TempDir Path dir) {
        Trainer t = new Trainer(small, quick().withEpochs(1));
        t.train(TrainingListener.NONE);
        t.saveCheckpoint(dir);

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Trainer(small, quick().withModel(ModelSpec.mlp(16))).resume(dir));
        assertTrue(e.getMessage().contains("model mlp-784-32-10 (this run: mlp-784-16-10)"), e.getMessage());
        e = assertThrows(CheckpointException.class,
                () -> new Trainer(small, quick().withOptimizer(OptimizerSpec.adamW().withLr(0.01))).resume(dir));
        assertTrue(e.getMessage().contains("optimizer AdamW(lr=0.001"), e.getMessage());
        e = assertThrows(CheckpointException.class,
                () -> new Trainer(small, quick().withBatchSize(64)).resume(dir));
        assertTrue(e.getMessage().contains("batch size 50 (this run: 64)"), e.getMessage());
        // Only the planned epochs may change.
        new Trainer(small, quick().withEpochs(9)).resume(dir);
    }

    @Test
    void savingAgainReplacesTheOldEpochFiles(@TempDir Path dir) throws Exception {
        Trainer t = new Trainer(small, quick().withSchedule(ScheduleSpec.of(ScheduleSpec.Kind.STEP)));
        t.trainEpoch(TrainingListener.NONE);
        t.saveCheckpoint(dir);
        t.trainEpoch(TrainingListener.NONE);
        t.saveCheckpoint(dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("checkpoint.json", "model-epoch-2.safetensors", "optimizer-epoch-2.json",
                    "optimizer-epoch-2.safetensors", "schedule-epoch-2.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void imagesOfAnotherSizeAreRejected() {
        Dataset tiny = new Dataset(new byte[4 * 100], new byte[4], 4, 10, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new MnistData(tiny, tiny, "10x10"), quick()));
        assertEquals("the images are 10x10 = 100 pixels but model mlp-784-32-10 takes 784 inputs", e.getMessage());
    }

    @Test
    void aModelFactoryCanBeAnyModule() {
        ModelFactory custom = new ModelFactory() {
            @Override
            public Module build(Generator gen) {
                return new Sequential(new Linear(784, 10, gen));
            }

            @Override
            public String id() {
                return "custom";
            }

            @Override
            public int inputs() {
                return 784;
            }
        };
        Trainer t = new Trainer(small, quick().withModel(custom).withEpochs(1));
        EpochMetrics m = t.trainEpoch(TrainingListener.NONE);
        assertTrue(m.testAccuracy() > 50, "accuracy " + m.testAccuracy());
        Tensor w = t.model().stateDict().get("0.weight");
        assertArrayEquals(new int[] {10, 784}, w.shape());
        assertNotEquals(0.0, m.trainLoss());
    }

    /** The loop a trace sees is the loop MNIST runs: a traced run's weights equal an untraced run's, bit for bit. */
    @Test
    void aTracedTrainingRunIsTheUntracedRunAndTheTraceSeesItsNumbers() {
        Trainer plain = new Trainer(small, quick().withEpochs(1));
        Trainer traced = new Trainer(small, quick().withEpochs(1));
        List<Trace.Row> rows = new ArrayList<>();
        traced.optimizer().trace(r -> {
            if (r.group() == 0 && r.param() == 0 && r.index() == 123) {
                rows.add(r);
            }
        });
        plain.train(TrainingListener.NONE);
        traced.train(TrainingListener.NONE);
        assertEquals(weights(plain).keySet(), weights(traced).keySet());
        weights(plain).forEach((k, v) -> assertArrayEquals(v, weights(traced).get(k), k));
        assertEquals(traced.stepsPerEpoch(), rows.size(), "one row per step for the chosen weight");
        float last = traced.optimizer().paramGroups().get(0).params().get(0).toFloatArray()[123];
        assertEquals(last, (float) rows.get(rows.size() - 1).get("theta"));
    }
}
