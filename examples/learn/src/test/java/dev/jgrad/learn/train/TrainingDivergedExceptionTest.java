package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A diverged epoch carries what it measured before it stopped, and the metrics file writes exactly that. */
final class TrainingDivergedExceptionTest {

    @Test
    void aDivergedEpochCarriesItsTimeAndRateAndNaNForWhatItNeverReached() {
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.linear()).withEpochs(3).withBatchSize(500)
                .withOptimizer(OptimizerSpec.of("SGD").withLr(0.05));
        Trainer trainer = new Trainer(MnistSource.bundled(), config);
        trainer.trainEpoch(TrainingListener.NONE);
        Tensor w = trainer.model().parameters().get(0);
        w.storage().f32()[3] = Float.POSITIVE_INFINITY;
        w.storage().bumpVersion();

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer.trainEpoch(TrainingListener.NONE));
        EpochMetrics m = e.measured();
        assertEquals(2, e.epoch());
        assertEquals(2, m.epoch());
        assertEquals(1, e.step());
        assertEquals(0.05, m.learningRate());
        assertTrue(m.trainSeconds() >= 0 && Double.isFinite(m.trainSeconds()), "trained for " + m.trainSeconds());
        for (double never : new double[] {m.trainLoss(), m.testLoss(), m.testAccuracy(), m.samplesPerSecond()}) {
            assertTrue(Double.isNaN(never), m.toString());
        }

        TrainingDivergedException hinted = e.withHint("try a smaller --lr");
        assertSame(e, hinted.getCause());
        assertEquals(m, hinted.measured());
        assertEquals(e.step(), hinted.step());
        assertTrue(hinted.getMessage().endsWith("; try a smaller --lr"), hinted.getMessage());

        String[] lines = MetricsFile.format(trainer.history(), hinted).split("\n");
        assertEquals(2, lines.length);
        assertEquals("{\"epoch\":2,\"train_loss\":null,\"test_loss\":null,\"test_accuracy\":null,\"train_seconds\":"
                + m.trainSeconds() + ",\"samples_per_second\":null,\"learning_rate\":0.05,\"diverged\":true,"
                + "\"step\":1}", lines[1]);
    }
}
