package dev.jgrad.learn.train;

import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same seed, bit-identical weights with 1 and with 2 kernel threads, through the real Trainer: the
 * fused Linear op, ReLU, the fused loss, backward and the AdamW step. The model is sized so that
 * each threaded path really runs on two threads: the first layer's products (64·784·48 ≈ 2.4 M
 * multiply-adds) are above the matrix kernels' threshold, and its 784·48 = 37 632 weights make three
 * optimizer chunks.
 */
class ThreadDeterminismTest {

    @Test
    void oneAndTwoThreadsTrainToTheSameBits() {
        MnistData bundled = MnistSource.bundled();
        MnistData data = new MnistData(TrainerTest.slice(bundled.train(), 1000), TrainerTest.slice(bundled.test(), 200),
                "first 1000 / 200 bundled digits");
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(48)).withEpochs(1).withBatchSize(64).withSeed(3);
        int before = KernelThreads.threads();
        try {
            Map<String, float[]> one = train(data, config, 1);
            Map<String, float[]> two = train(data, config, 2);
            TrainerTest.assertBitIdentical(one, two);
            assertEquals(784 * 48, one.get("0.weight").length);
            assertTrue(784 * 48 > 2 * 16_384, "the optimizer step splits the first layer into several chunks");
        } finally {
            KernelThreads.setThreads(before);
        }
    }

    private static Map<String, float[]> train(MnistData data, TrainConfig config, int threads) {
        KernelThreads.setThreads(threads);
        Trainer trainer = new Trainer(data, config);
        trainer.train(TrainingListener.NONE);
        return TrainerTest.weights(trainer);
    }
}
