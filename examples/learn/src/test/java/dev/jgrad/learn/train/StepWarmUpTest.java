package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The warm-up trains a throwaway model beside the real one and changes none of its bits. */
class StepWarmUpTest {

    @Test
    void aRunWithTheWarmUpBesideItTrainsToTheSameBits() {
        MnistData bundled = MnistSource.bundled();
        MnistData data = new MnistData(TrainerTest.slice(bundled.train(), 1000), TrainerTest.slice(bundled.test(), 200),
                "first 1000 / 200 bundled digits");
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(48)).withEpochs(1).withBatchSize(64).withSeed(5);
        Trainer alone = new Trainer(data, config);
        EpochMetrics a = alone.trainEpoch(TrainingListener.NONE);
        Trainer beside = new Trainer(data, config);
        EpochMetrics b;
        // The real epoch runs while the warm-up trains on the other thread: shared state would show here.
        try (StepWarmUp warm = StepWarmUp.start(config)) {
            b = beside.trainEpoch(TrainingListener.NONE);
        }
        Map<String, float[]> one = TrainerTest.weights(alone), two = TrainerTest.weights(beside);
        TrainerTest.assertBitIdentical(one, two);
        assertEquals(a.trainLoss(), b.trainLoss(), 0.0);
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
    }
}
