package dev.jgrad.examples.mnist;

import dev.jgrad.examples.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mnist --detect-anomaly}: a run that goes non-finite stops at the first bad gradient with exit 4 and one line. */
class DetectAnomalyFlagTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aDivergingRunNamesTheOpAndItsLine() {
        String[] r = run("mnist", "--bundled", "--model", "linear", "--optimizer", "sgd", "--lr", "1e300", "--epochs", "1",
                "--no-progress", "--detect-anomaly");
        assertEquals("4", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].matches("(?s)jgrad mnist: training diverged in epoch 1, step \\d+: anomaly: .*"), r[2]);
        assertTrue(r[2].contains("(created at Trainer."), r[2]);
        assertTrue(r[2].contains("(found by --detect-anomaly; try a lower --lr)"), r[2]);
        assertFalse(r[2].contains("\tat "), r[2]);
    }

    @Test
    void aHealthyRunIsUnchangedByTheFlag() {
        String[] plain = run("mnist", "--bundled", "--model", "linear", "--epochs", "1", "--no-progress");
        String[] checked = run("mnist", "--bundled", "--model", "linear", "--epochs", "1", "--no-progress", "--detect-anomaly");
        assertEquals("0", checked[0], checked[2]);
        assertEquals(lossLine(plain[1]), lossLine(checked[1]));
    }

    private static String lossLine(String out) {
        return out.lines().filter(l -> l.startsWith("Epoch 1, Loss: ")).findFirst().orElseThrow().replaceAll(" \\(.*", "");
    }
}
