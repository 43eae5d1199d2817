package dev.jgrad.cli.learn;

import dev.jgrad.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Long commands show that they work, and an external program cannot hang one. Progress lines come
 * every 10 s; here every step may print one, so a short run shows them.
 */
final class LongCommandsTest {
    @TempDir
    Path tmp;

    private long interval;

    @BeforeEach
    void everyStepMayPrint() {
        interval = WorkProgress.intervalNanos;
        WorkProgress.intervalNanos = 0;
    }

    @AfterEach
    void restore() {
        WorkProgress.intervalNanos = interval;
    }

    private static String[] jgrad(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertProgress(String[] r, String line) {
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].lines().anyMatch(l -> l.startsWith(line)), "expected a line starting '" + line + "' in:\n" + r[2]);
        assertTrue(r[2].lines().allMatch(l -> l.matches("  [a-z-]+: [\\d,]+ of [\\d,]+ [a-z ]+ \\(\\d+%\\), about .* left")),
                r[2]);
    }

    @Test
    void lrFindShowsItsSteps() {
        assertProgress(jgrad("lr-find", "--steps", "20", "--hidden", "8", "--out", tmp.resolve("lr.png").toString()),
                "  lr-find: 1 of 20 steps (5%), about ");
    }

    @Test
    void sharpnessShowsItsSteps() {
        assertProgress(jgrad("sharpness", "--lrs", "0.1,0.3", "--steps", "4", "--every", "2", "--samples", "40",
                "--hidden", "8", "--iterations", "2", "--out", tmp.resolve("s.png").toString()),
                "  sharpness: 5 of 8 steps (63%)");
    }

    @Test
    void raceShowsItsTrainingSteps() {
        assertProgress(jgrad("race", "--optimizers", "sgd,adam", "--limit", "60", "--epochs", "1", "--hidden", "4",
                "--batch-size", "30", "--out", tmp.resolve("race").toString()), "  race: 3 of 6 training steps (50%)");
    }

    @Test
    void wdSweepShowsItsTrainingSteps() {
        assertProgress(jgrad("wd-sweep", "--lrs", "1e-3", "--wds", "0", "--limit", "60", "--epochs", "1",
                "--hidden", "4", "--batch-size", "30", "--jobs", "1", "--out", tmp.resolve("wd").toString()),
                "  wd-sweep: 3 of 4 training steps (75%)");
    }

    /** A renderer that never ends (here: one that sleeps) is stopped; the DOT file is there. */
    @Test
    void aRendererThatHangsIsStoppedAfterTheTimeout() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isExecutable(Path.of("/bin/sleep")));
        Path dot = Files.writeString(tmp.resolve("hang"), "#!/bin/sh\nexec /bin/sleep 60\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwx------"));
        Path out = tmp.resolve("g.dot");
        long start = System.nanoTime();
        String[] r = jgrad("graph", "--hidden", "8", "--batch-size", "4", "--out", out.toString(), "--dot",
                dot.toString(), "--dot-timeout", "1");
        assertEquals("2", r[0], r[2]);
        assertEquals(List.of("jgrad graph: " + dot + " took more than 1 s to render " + tmp.resolve("g.svg")
                + " and was stopped; the DOT file " + out + " is written (--dot-timeout SECONDS gives it longer)"),
                r[2].lines().toList());
        assertTrue(Files.size(out) > 0);
        assertTrue(System.nanoTime() - start < 30e9, "stopped within the timeout, not after the renderer's 60 s");
    }
}
