package dev.jgrad.examples;

import org.junit.jupiter.api.Test;

import static dev.jgrad.examples.CliTest.assertUsageError;
import static dev.jgrad.examples.CliTest.jgrad;

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
}
