package dev.jgrad.cli.mnist;

import dev.jgrad.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** SGD at lr 1e300 makes the weights infinite in its first step: that step is named, with the rate. */
    @Test
    void aDivergingRunNamesTheStepThatMadeTheWeightsNonFinite() {
        String[] r = run("mnist", "--bundled", "--model", "linear", "--optimizer", "sgd", "--lr", "1e300", "--epochs", "1",
                "--no-progress", "--detect-anomaly");
        assertEquals("4", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertEquals("jgrad mnist: training diverged at epoch 1, step 1 of 125: the SGD step made parameter 0.weight "
                + "non-finite from finite weights and gradients (found by --detect-anomaly); try a lower --lr (this run: "
                + "1e+300)\n", r[2]);
        assertFalse(r[2].contains("or --detect-anomaly to find"), "it is on already: " + r[2]);
        assertFalse(r[2].contains("\tat "), r[2]);
    }

    /**
     * With eps 0, AdamW's first step divides 0 by 0 for every weight of a pixel that is 0 in every image
     * (MNIST's border): the weights go NaN although every gradient was finite. The step is named, not the
     * cross-entropy whose backward first sees the NaN; and --metrics gets its diverged line, as the docs say.
     */
    @Test
    void adamsZeroOverZeroIsBlamedOnTheStepAndTheMetricsSayDiverged(@TempDir Path tmp) throws Exception {
        Path metrics = tmp.resolve("m.jsonl");
        String[] r = run("mnist", "--bundled", "--hidden", "16", "--eps", "0", "--epochs", "1", "--no-progress",
                "--detect-anomaly", "--metrics", metrics.toString());
        assertEquals("4", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith("jgrad mnist: training diverged at epoch 1, step 1 of 125: the AdamW step made "
                + "parameter 0.weight non-finite from finite weights and gradients (found by --detect-anomaly); with "
                + "eps 0 its update is 0/0 for a weight whose gradients have all been 0"), r[2]);
        assertFalse(r[2].contains("crossEntropy"), r[2]);
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"epoch\":1,") && lines.get(0).contains("\"diverged\":true"), lines.get(0));
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
