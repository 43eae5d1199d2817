package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jgrad.cli.CliTest.assertUsageError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jgrad lr-find}: its CSV and picture, the printed suggestion, and one-line errors for bad input. */
class LrFindCliTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheCsvAndThePictureAndPrintsASuggestionInsideTheRamp() throws IOException {
        Path png = tmp.resolve("sgd.png");
        CliTest.Run r = jgrad("lr-find", "--optimizer", "sgd", "--option", "momentum=0.9", "--steps", "40",
                "--hidden", "32", "--start-lr", "1e-5", "--end-lr", "1", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(png) > 5000);
        List<String> csv = Files.readAllLines(tmp.resolve("sgd.csv"));
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        double ratio = Math.pow(1 / 1e-5, 1 / 39.0);
        double previous = Double.NaN;
        for (String row : csv.subList(1, csv.size())) {
            double lr = Double.parseDouble(row.split(",")[1]);
            if (!Double.isNaN(previous)) {
                assertTrue(lr > previous);
                assertEquals(ratio, lr / previous, 1e-12 * ratio, row);
            }
            previous = lr;
        }
        assertEquals(1e-5, Double.parseDouble(csv.get(1).split(",")[1]));
        String line = r.out().lines().filter(l -> l.startsWith("Suggested lr: ")).findFirst().orElseThrow();
        double suggested = Double.parseDouble(line.substring("Suggested lr: ".length()).split(" ")[0]);
        assertTrue(suggested >= 1e-5 && suggested <= 1, line);
        assertTrue(r.out().contains("SGD(") && r.out().contains("momentum=0.9"), r.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        assertUsageError(jgrad("lr-find", "--start-lr", "1", "--end-lr", "0.1"), "--end-lr", "above --start-lr");
        assertUsageError(jgrad("lr-find", "--start-lr", "0.1", "--end-lr", "0.1"), "--end-lr");
        assertUsageError(jgrad("lr-find", "--start-lr", "0"), "--start-lr must be a finite number > 0");
        assertUsageError(jgrad("lr-find", "--steps", "1"), "--steps must be at least 2");
        assertUsageError(jgrad("lr-find", "--optimizer", "adamx"), "unknown optimizer 'adamx'", "AdamW");
        assertUsageError(jgrad("lr-find", "--option", "lr=0.1"), "--option lr", "--start-lr");
        assertUsageError(jgrad("lr-find", "--option", "momentum=0.9"), "--option", "momentum");
        assertUsageError(jgrad("lr-find", "--option", "momentum"), "KEY=VALUE");
        assertUsageError(jgrad("lr-find", "--optimizer", "lbfgs"), "--optimizer: LBFGS", "lr-find");
    }
}
