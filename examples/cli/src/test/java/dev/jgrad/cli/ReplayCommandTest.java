package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReplayCommandTest {
    @TempDir
    Path tmp;

    /** Plain SGD, lr 0.1, from θ = 1 with gradients 0.5 and -1: θ = 0.95, then 1.05. */
    static String sgdCase(String optimizer, double second) {
        return """
                {"generator": "by hand", "open_loop": [{"name": "sgd_by_hand", "optimizer": "%s",
                  "options": {"lr": 0.1}, "theta0": [1.0], "grads": [[0.5], [-1.0]],
                  "expected_after_each_step": [[0.95], [%s]]}]}
                """.formatted(optimizer, Double.toString(second));
    }

    Path file(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aMatchingTrajectoryPassesWithExitZero() throws Exception {
        CliTest.Run r = CliTest.jgrad("replay", file("ok.json", sgdCase("SGD", 1.05)).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sgd_by_hand"), r.out());
        assertTrue(r.out().contains("1 cases: 1 passed, 0 failed"), r.out());
    }

    @Test
    void aCaseBeyondTheToleranceExitsOne() throws Exception {
        CliTest.Run r = CliTest.jgrad("replay", file("off.json", sgdCase("SGD", 1.0500001)).toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("FAIL"), r.out());
        assertTrue(r.out().contains("1 cases: 0 passed, 1 failed"), r.out());
    }

    @Test
    void malformedFilesAndUnknownOptimizersExitTwoWithOneLine() throws Exception {
        CliTest.assertOneLineError(CliTest.jgrad("replay", file("bad.json", "{\"open_loop\": [").toString()),
                "bad.json", "not valid JSON");
        CliTest.assertOneLineError(
                CliTest.jgrad("replay", file("unknown.json", sgdCase("NoSuchOptimizer", 1.05)).toString()),
                "unknown.json", "unknown optimizer 'NoSuchOptimizer'");
        CliTest.assertOneLineError(CliTest.jgrad("replay", tmp.resolve("missing.json").toString()), "missing.json");
    }

    @Test
    void thePyTorchReferenceTrajectoriesPass() {
        // The optim module's copy of the recorded PyTorch trajectories; tests run in the examples directory.
        Path reference = Path.of("..", "..", "optim", "src", "test", "resources", "reference", "optim-trajectories.json");
        assumeTrue(Files.isRegularFile(reference), "the optim module's reference file is next to this module");
        CliTest.Run r = CliTest.jgrad("replay", reference.toString(), reference.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(2, r.out().lines().filter(l -> l.endsWith(" 0 failed")).count(), r.out());
    }

    /** Every optimizer of the shelf, LBFGS's closed loops with their closure counts included, as a user runs it. */
    @Test
    void theWholeShelfReplaysWithExitZero() {
        Path zoo = Path.of("..", "..", "optim", "src", "test", "resources", "reference", "optim-zoo-trajectories.json");
        assertTrue(Files.isRegularFile(zoo), "the optim module's reference file is next to this module");
        CliTest.Run r = CliTest.jgrad("replay", zoo.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rosen_lbfgs_wolfe"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\d+ cases: (\\d+) passed, 0 failed")), r.out());
    }
}
