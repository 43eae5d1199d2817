package dev.jgrad.cli.mnist;

import dev.jgrad.cli.InsufficientMemoryException;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.StepWarmUp;
import dev.jgrad.learn.train.TrainConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap estimate names the option whose share does not fit, and the warm-up never trains on more
 * than {@link StepWarmUp#MAX_BATCH} images, whatever {@code --batch-size} says.
 */
final class RunLimitsTest {
    private static final long HEAP = Runtime.getRuntime().maxMemory();

    /** An MLP whose weights, gradients and Adam state take about a quarter of the heap. */
    private static TrainConfig quarterHeapModel() {
        int hidden = (int) Math.min(Integer.MAX_VALUE, HEAP / 4 / (16L * 795));
        return TrainConfig.defaults().withModel(ModelSpec.mlp(hidden));
    }

    @Test
    void aBatchWhoseActivationsDoNotFitNamesBatchSizeAndHowManyImagesFit() {
        TrainConfig c = quarterHeapModel();
        String m = assertThrows(InsufficientMemoryException.class, () -> RunLimits.check(c, 8000, "--hidden"))
                .getMessage();
        assertTrue(m.contains("training in batches of 8,000 needs about"), m);
        assertTrue(m.matches(".*use a smaller --batch-size \\(about [\\d,]+ images fit\\) or give Java more heap.*"), m);
        assertDoesNotThrow(() -> RunLimits.check(c, 64, "--hidden"));
    }

    @Test
    void aModelThatDoesNotFitAloneNamesTheWidthOption() {
        TrainConfig c = TrainConfig.defaults().withModel(ModelSpec.mlp((int) Math.min(Integer.MAX_VALUE,
                HEAP / (16L * 795) + 1000)));
        String m = assertThrows(InsufficientMemoryException.class, () -> RunLimits.check(c, 1, "--layers"))
                .getMessage();
        assertTrue(m.contains("use a smaller --layers or give Java more heap"), m);
    }

    @Test
    void theWarmUpBatchIsCapped() {
        assertEquals(StepWarmUp.MAX_BATCH, StepWarmUp.batch(TrainConfig.defaults().withBatchSize(500_000)));
        assertEquals(64, StepWarmUp.batch(TrainConfig.defaults()));
    }
}
