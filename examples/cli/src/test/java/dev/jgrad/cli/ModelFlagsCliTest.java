package dev.jgrad.cli;

import org.junit.jupiter.api.Test;

import static dev.jgrad.cli.CliTest.assertUsageError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad {@code --layers/--activation/--init/--dropout} values: one line naming the option and its range, exit 2. */
class ModelFlagsCliTest {
    @Test
    void badModelFlagsAreOneLineUsageErrors() {
        assertUsageError(jgrad("mnist", "--bundled", "--layers", "700,10"), "--layers", "784", "10");
        assertUsageError(jgrad("mnist", "--bundled", "--layers", "784,32,9"), "--layers");
        assertUsageError(jgrad("mnist", "--bundled", "--activation", "swish"), "--activation", "gelu");
        assertUsageError(jgrad("mnist", "--bundled", "--init", "he"), "--init", "normal:STD");
        assertUsageError(jgrad("mnist", "--bundled", "--init", "normal:-1"), "--init", "STD > 0");
        assertUsageError(jgrad("mnist", "--bundled", "--dropout", "1"), "--dropout", "[0, 1)");
        assertUsageError(jgrad("mnist", "--bundled", "--model", "linear", "--batch-norm"), "--model linear");
    }

    /** Batch norm on a batch of one image: refused before the first step, naming the option (PyTorch's message). */
    @Test
    void batchNormWithABatchOfOneIsRefusedUpFront() {
        // 8000 bundled digits in batches of 7999 leave a last batch of 1; batches of 1 are all of one
        for (String batch : new String[] {"7999", "1"}) {
            CliTest.Run r = jgrad("mnist", "--bundled", "--batch-norm", "--batch-size", batch, "--no-progress");
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.errLines().size(), r.err());
            String line = r.errLines().get(0);
            assertTrue(line.contains("--batch-norm needs at least 2 images in every training batch"), line);
            assertTrue(line.contains("Expected more than 1 value per channel when training"), line);
            assertTrue(line.contains("--batch-size"), line);
            assertFalse(r.out().contains("Epoch 1"), "nothing trained: " + r.out());
        }
        assertTrue(jgrad("mnist", "--bundled", "--batch-norm", "--batch-size", "7999", "--no-progress")
                .errLines().get(0).contains("leave a last batch of 1"));
    }

    /** The memory estimate counts every layer --layers asks for. */
    @Test
    void deepLayersThatCannotFitAreRefusedUpFront() {
        CliTest.Run r = jgrad("mnist", "--bundled", "--layers", "784,200000,200000,10", "--no-progress");
        assertEquals(3, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("has 40,159,200,010 parameters"), r.err());
        assertTrue(r.err().contains("use a smaller --layers"), r.err());
        assertEquals("", r.out(), "refused before loading data");
    }
}
