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

class SharpnessCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesThePictureAndTheCsv() throws IOException {
        Path png = tmp.resolve("pics/sharp.png");
        CliTest.Run r = jgrad("sharpness", "--lrs", "0.1,0.3", "--steps", "4", "--every", "2", "--samples", "40",
                "--hidden", "6", "--iterations", "3", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(png) > 1000);
        List<String> csv = Files.readAllLines(tmp.resolve("pics/sharp.csv"));
        assertEquals("lr,two_over_lr,step,loss,sharpness", csv.get(0));
        assertEquals(7, csv.size(), csv.toString()); // steps 0, 2, 4 for each of the two rates
        assertTrue(csv.get(1).startsWith("0.1,20.0,0,"), csv.get(1));
    }

    @Test
    void refusesBadOptions() {
        assertUsageError(jgrad("sharpness", "--lrs", "0.1"), "--lrs needs at least two rates to compare");
        assertUsageError(jgrad("sharpness", "--lrs", "0.1,-1"), "--lrs: every rate must be a finite number > 0, got -1.0");
        assertUsageError(jgrad("sharpness", "--every", "0"), "--every must be >= 1, got 0");
    }
}
