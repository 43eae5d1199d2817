package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.optim.ParamState;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.jgrad.learn.train.TrainerTest.assertBitIdentical;
import static dev.jgrad.learn.train.TrainerTest.quick;
import static dev.jgrad.learn.train.TrainerTest.slice;
import static dev.jgrad.learn.train.TrainerTest.weights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SophiaG (with its Gauss–Newton–Bartlett estimates) and SOAP train the MNIST example, and resume bit for bit. */
class FrontierTrainingTest {
    private static MnistData small;

    @BeforeAll
    static void load() {
        MnistData bundled = MnistSource.bundled();
        small = new MnistData(slice(bundled.train(), 640), slice(bundled.test(), 300),
                "first 640 / 300 bundled digits");
    }

    /** 3 epochs of 13 steps: estimates after steps 10, 20, 30; bs is the batch (50); resuming is exact. */
    @Test
    void sophiaTakesItsHessianEstimateEveryTenStepsAndResumesBitIdentically(@TempDir Path dir) {
        TrainConfig config = quick().withOptimizer(OptimizerSpec.of("SophiaG").withLr(2e-3));
        Trainer straight = new Trainer(small, config);
        straight.train(TrainingListener.NONE);
        Object bs = straight.optimizer().stateDict().groups().get(0).options().get("bs");
        assertEquals(50.0, ((Number) bs).doubleValue());
        ParamState s = straight.optimizer().state(straight.model().parameters().get(0)).orElseThrow();
        double[] h = s.values("hessian");
        double sum = 0;
        for (double x : h) {
            assertTrue(x >= 0, "a Gauss–Newton estimate is never negative");
            sum += x;
        }
        assertTrue(sum > 0, "three estimates were folded in");
        assertTrue(straight.history().get(2).trainLoss() < straight.history().get(0).trainLoss());

        assertResumingAfterTwoEpochsIsBitIdentical(config, straight, dir);
    }

    /** SOAP with the 784-side left unrotated (max_precond_dim 100): learns, and resumes bit for bit. */
    @Test
    void soapTrainsAndResumesBitIdentically(@TempDir Path dir) {
        TrainConfig config = quick().withOptimizer(OptimizerSpec.of("SOAP").with("max_precond_dim", 100));
        Trainer straight = new Trainer(small, config);
        straight.train(TrainingListener.NONE);
        double accuracy = straight.history().get(2).testAccuracy();
        assertTrue(accuracy > 60, "accuracy " + accuracy);

        assertResumingAfterTwoEpochsIsBitIdentical(config, straight, dir);
    }

    /** Two epochs, a checkpoint, a resumed third epoch: the weights of {@code straight} (three epochs), bit for bit. */
    private static void assertResumingAfterTwoEpochsIsBitIdentical(TrainConfig config, Trainer straight, Path dir) {
        Trainer first = new Trainer(small, config.withEpochs(2));
        first.train(TrainingListener.NONE);
        first.saveCheckpoint(dir);
        Trainer resumed = new Trainer(small, config);
        resumed.resume(dir);
        resumed.train(TrainingListener.NONE);
        assertBitIdentical(weights(straight), weights(resumed));
    }

    /** Labels are drawn with the softmax's probabilities (20 000 draws: each frequency within 0.015). */
    @Test
    void sampledLabelsFollowTheModelsSoftmax() {
        double[] logits = {2, 0, -1, 1};
        double z = Math.exp(2) + 1 + Math.exp(-1) + Math.exp(1);
        int rows = 20_000;
        double[] batch = new double[rows * 4];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(logits, 0, batch, r * 4, 4);
        }
        int[] counts = new int[4];
        for (int c : GaussNewtonBartlett.sample(Tensor.of(batch, rows, 4), new Generator(3))) {
            counts[c]++;
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(Math.exp(logits[c]) / z, counts[c] / (double) rows, 0.015, "class " + c);
        }
    }
}
