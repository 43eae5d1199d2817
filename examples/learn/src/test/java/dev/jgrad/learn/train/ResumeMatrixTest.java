package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.engine.StateFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.jgrad.learn.train.TrainerTest.assertBitIdentical;
import static dev.jgrad.learn.train.TrainerTest.slice;
import static dev.jgrad.learn.train.TrainerTest.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every option a checkpointed run can have resumes bit for bit: three epochs straight give the weights,
 * optimizer state and history of one epoch, save, resume, one epoch, save, resume, one epoch. The matrix:
 * every registered optimizer a mini-batch run can step (LBFGS needs a closure; Muon steps two optimizers
 * and is refused with --checkpoint), every schedule, dropout, batch norm, and all of them together.
 */
class ResumeMatrixTest {
    private static MnistData data;

    @BeforeAll
    static void load() {
        MnistData bundled = MnistSource.bundled();
        // 120 images in batches of 50: three steps an epoch, the last one partial.
        data = new MnistData(slice(bundled.train(), 120), slice(bundled.test(), 40), "first 120 / 40 bundled digits");
    }

    private static TrainConfig base() {
        return TrainConfig.defaults().withModel(MlpSpec.plain(784, 8, 10)).withEpochs(3).withBatchSize(50).withSeed(11);
    }

    static List<TrainConfig> optimizers() {
        List<TrainConfig> out = new ArrayList<>();
        for (String name : OptimizerRegistry.names()) {
            // SOAP leaves the 784-long side unrotated (the authors' max_precond_dim): its first eigenbasis is then
            // 8 × 8, not 784 × 784 (7 of this class's 10 s), and every kind of its state is still resumed.
            OptimizerSpec spec = name.equals("SOAP") ? OptimizerSpec.of(name).with("max_precond_dim", 64)
                    : OptimizerSpec.of(name);
            if (!spec.requiresClosure() && !name.equals("Muon")) {
                out.add(base().withOptimizer(spec));
            }
        }
        return out;
    }

    static List<TrainConfig> options() {
        MlpSpec dropout = new MlpSpec(new int[] {784, 8, 8, 10}, Activation.RELU, InitScheme.DEFAULT, 0.3,
                MlpSpec.Norm.NONE);
        MlpSpec batchNorm = new MlpSpec(new int[] {784, 8, 10}, Activation.TANH, InitScheme.DEFAULT, 0,
                MlpSpec.Norm.BATCH);
        MlpSpec both = new MlpSpec(new int[] {784, 8, 10}, Activation.GELU, InitScheme.DEFAULT, 0.5,
                MlpSpec.Norm.BATCH);
        return List.of(
                base().withSchedule(new ScheduleSpec(ScheduleSpec.Kind.STEP, 1, 0.5, 1)),
                base().withSchedule(ScheduleSpec.of(ScheduleSpec.Kind.COSINE)),
                base().withSchedule(new ScheduleSpec(ScheduleSpec.Kind.PLATEAU, 2, 0.5, 0)),
                base().withModel(dropout),
                base().withModel(batchNorm).withOptimizer(OptimizerSpec.of("SGD").with("momentum", 0.9)),
                base().withModel(both).withOptimizer(OptimizerSpec.of("NAdam"))
                        .withSchedule(ScheduleSpec.of(ScheduleSpec.Kind.COSINE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizerResumesBitForBit(TrainConfig config, @TempDir Path dir) {
        assertResumesExactly(config, dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void everyScheduleDropoutAndBatchNormResumeBitForBit(TrainConfig config, @TempDir Path dir) {
        assertResumesExactly(config, dir);
    }

    @Test
    void dropoutsGeneratorIsPartOfTheCheckpoint(@TempDir Path dir) {
        // What went wrong before: the masks of epoch 2 were drawn from the stream's start again.
        TrainConfig config = options().get(3);
        Trainer t = new Trainer(data, config);
        t.trainEpoch(TrainingListener.NONE);
        long[] masks = t.dropoutGenerators().get(0).state();
        t.saveCheckpoint(dir);
        Trainer resumed = new Trainer(data, config);
        assertFalse(Arrays.equals(masks, resumed.dropoutGenerators().get(0).state()));
        resumed.resume(dir);
        assertEquals(Arrays.toString(masks),
                Arrays.toString(resumed.dropoutGenerators().get(0).state()));
    }

    private static void assertResumesExactly(TrainConfig config, Path dir) {
        Trainer straight = new Trainer(data, config);
        straight.train(TrainingListener.NONE);

        Trainer run = new Trainer(data, config);
        for (int epoch = 1; epoch <= 3; epoch++) {
            if (epoch > 1) {
                run = new Trainer(data, config);
                run.resume(dir);
            }
            run.trainEpoch(TrainingListener.NONE);
            run.saveCheckpoint(dir);
        }
        assertBitIdentical(weights(straight), weights(run));
        assertEquals(StateFiles.toJson(straight.optimizer().stateDict()),
                StateFiles.toJson(run.optimizer().stateDict()));
        assertEquals(straight.schedule().stateJson(), run.schedule().stateJson());
        for (int i = 0; i < 3; i++) {
            EpochMetrics a = straight.history().get(i);
            EpochMetrics b = run.history().get(i);
            assertEquals(List.of(a.trainLoss(), a.testLoss(), a.testAccuracy(), a.learningRate()),
                    List.of(b.trainLoss(), b.testLoss(), b.testAccuracy(), b.learningRate()), "epoch " + (i + 1));
        }
    }
}
