package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.jgrad.cli.CliTest.assertUsageError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jgrad init}: its files, and one-line errors for bad options. */
class InitCommandCliTest {
    @TempDir
    Path tmp;

    @Test
    void writesOnePngPerActivationAndTheCsv() throws IOException {
        CliTest.Run r = jgrad("init", "--depth", "3", "--width", "16", "--batch", "32", "--inits", "xavier,normal:0.01",
                "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(tmp.resolve("init-tanh.png")) > 1000);
        assertTrue(Files.size(tmp.resolve("init-relu.png")) > 1000);
        assertEquals(1 + 2 * 2 * 3, Files.readAllLines(tmp.resolve("init.csv")).size());
        assertTrue(r.out().contains("xavier"), r.out());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertUsageError(jgrad("init", "--depth", "0"), "--depth", "between 1 and 100");
        assertUsageError(jgrad("init", "--activations", "tanh,swish"), "--activations", "leaky_relu");
        assertUsageError(jgrad("init", "--inits", "he"), "--inits", "normal:STD");
    }
}
