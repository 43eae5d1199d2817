package dev.jgrad.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's optimizer in its own jar, as a user runs it: the consumer project's {@code Signum} (built by the invoker
 * before this test, with its provider file) next to the packaged {@code jgrad.jar} on the class path, through the
 * command line, including the relaunch of the worker JVM with the Vector API module.
 */
class UserOptimizerIT {
    private static final Path CONSUMER_JAR = Path.of("target", "it", "consumer", "target", "jgrad-consumer-1.0.jar");

    private static String[] jgrad(String... args) throws Exception {
        assertTrue(Files.isRegularFile(CONSUMER_JAR), CONSUMER_JAR + " was not built");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", CONSUMER_JAR + File.pathSeparator + Path.of("..", "target", "jgrad.jar"), "dev.jgrad.cli.Main"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("jgrad-it", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
            return new String[] {Integer.toString(p.exitValue()), out + Files.readString(err, StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).map(l -> "\n" + l)
                    .reduce("", String::concat)};
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void explainShowsTheUserOptimizersBoxAndLabelledColumns() throws Exception {
        String[] r = jgrad("explain", "--optimizer", "signum", "--lr", "0.5", "--grads", "1,-2");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].startsWith("Signum(lr=0.5, momentum=0.9, weight_decay=0) on 2 given gradients"), r[1]);
        assertTrue(r[1].contains("  (4) θ ← θ − γ·sign(m)\n"), "the box, from the jar alone:\n" + r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.trim().matches("t\\s+g \\(1,2\\)\\s+m \\(3\\)\\s+θ \\(4\\)")), r[1]);
    }

    @Test
    void replayRunsTheUserOptimizersReferenceFile() throws Exception {
        String[] r = jgrad("replay", Path.of("..", "..", "consumer", "src", "test", "resources", "signum",
                "signum-trajectories.json").toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("signum_weight_decay"), r[1]);
    }
}
