package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.ScheduleFree;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer and Schedule-Free's two sets of weights: it trains at y, evaluates at x (and says so in the accuracy it
 * reports), saves x as the checkpoint's weights with y in the optimizer's state, resumes at y and bit for bit.
 */
class ScheduleFreeTrainingTest {
    private static MnistData small;

    @BeforeAll
    static void load() {
        MnistData bundled = MnistSource.bundled();
        small = new MnistData(TrainerTest.slice(bundled.train(), 640), TrainerTest.slice(bundled.test(), 300), "small");
    }

    private static TrainConfig config() {
        return TrainerTest.quick().withOptimizer(OptimizerSpec.of("AdamWScheduleFree").withLr(0.01));
    }

    /** The optimizer's x and y for parameter {@code p}. */
    private static double[][] sequences(Trainer t, Tensor p) {
        ParamState s = t.optimizer().state(p).orElseThrow();
        return new double[][] {s.values("x"), s.values("y")};
    }

    @Test
    void trainsAtYEvaluatesAtXAndReportsTheAccuracyOfX() {
        Trainer t = new Trainer(small, config().withEpochs(1));
        EpochMetrics m = t.trainEpoch(TrainingListener.NONE);
        Tensor w = t.model().parameters().get(0);
        double[][] xy = sequences(t, w);
        assertEquals(ScheduleFree.Mode.TRAIN, ((ScheduleFree) t.optimizer()).mode());
        assertArrayEquals(toFloats(xy[1]), w.toFloatArray(), "after evaluating, the parameters hold y again");
        ((ScheduleFree) t.optimizer()).eval();
        assertArrayEquals(toFloats(xy[0]), w.toFloatArray(), "eval() puts x in");
        Evaluation atX = t.evaluate(small.test());
        assertEquals(m.testAccuracy(), atX.accuracy(), 0.0, "the epoch's reported accuracy is x's");
        assertTrue(m.testAccuracy() > 50, "x learned something: " + m.testAccuracy());
    }

    @Test
    void twoEpochsThenResumeForOneIsBitIdenticalToThreeStraight(@TempDir Path dir) throws Exception {
        Trainer straight = new Trainer(small, config());
        straight.train(TrainingListener.NONE);
        Trainer first = new Trainer(small, config().withEpochs(2));
        first.train(TrainingListener.NONE);
        first.saveCheckpoint(dir);
        Tensor w = first.model().namedParameters().get("0.weight");
        assertArrayEquals(toFloats(sequences(first, w)[1]), w.toFloatArray(), "after saving, training goes on at y");
        Path modelFile;
        try (var files = Files.list(dir)) {
            modelFile = files.filter(f -> f.getFileName().toString().startsWith("model-")).findFirst().orElseThrow();
        }
        Tensor savedWeight = SafeTensors.load(modelFile).tensors().get("0.weight");
        assertArrayEquals(toFloats(sequences(first, w)[0]), savedWeight.toFloatArray(),
                "the checkpoint's weights are x, the ones to use");
        Trainer resumed = new Trainer(small, config());
        resumed.resume(dir);
        assertEquals(ScheduleFree.Mode.TRAIN, ((ScheduleFree) resumed.optimizer()).mode(), "ready to train");
        assertArrayEquals(w.toFloatArray(), resumed.model().namedParameters().get("0.weight").toFloatArray(), "at y");
        resumed.train(TrainingListener.NONE);
        TrainerTest.assertBitIdentical(TrainerTest.weights(straight), TrainerTest.weights(resumed));
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
