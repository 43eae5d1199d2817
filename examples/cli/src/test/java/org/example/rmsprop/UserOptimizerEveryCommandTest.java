package org.example.rmsprop;

import dev.jgrad.cli.Main;
import dev.jgrad.optim.OptimizerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's optimizer (the page's MyRMSprop, in a package of its own) once registered is taken by name by every
 * command that trains or explains, like a built-in: mnist, race, lr-find, bench, explain. (How it gets
 * registered from its own jar, through the provider file and the relaunch, is UserOptimizerIT's part.)
 */
class UserOptimizerEveryCommandTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void register() {
        OptimizerRegistry.register("MyRMSprop", MyRMSprop.class, MyRMSprop.Options.class, MyRMSprop.Options.DEFAULTS,
                MyRMSprop::new);
    }

    @AfterAll
    static void unregister() {
        OptimizerRegistry.unregister("MyRMSprop");
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, String.join(" ", args) + "\n" + text + err.toString(StandardCharsets.UTF_8));
        return text;
    }

    @Test
    void mnistTrainsWithIt() {
        String out = run("mnist", "--bundled", "--model", "linear", "--epochs", "1", "--no-progress",
                "--optimizer", "myrmsprop", "--lr", "0.001");
        assertTrue(out.contains("MyRMSprop(lr=0.001"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("Epoch 1, Loss: ")), out);
    }

    @Test
    void theRaceRunsIt() throws Exception {
        run("race", "--optimizers", "myrmsprop", "--epochs", "1", "--limit", "400", "--hidden", "16",
                "--out", tmp.resolve("race").toString());
        try (var files = Files.list(tmp.resolve("race"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".csv")), "the race's table");
        }
    }

    @Test
    void lrFindSweepsIt() {
        run("lr-find", "--optimizer", "myrmsprop", "--steps", "20", "--hidden", "16",
                "--out", tmp.resolve("lr.png").toString());
        assertTrue(Files.isRegularFile(tmp.resolve("lr.csv")));
    }

    @Test
    void benchMeasuresIt() {
        String out = run("bench", "--optimizer", "myrmsprop", "--epochs", "1", "--steps", "5", "--warmup", "0",
                "--hidden", "16");
        assertTrue(out.contains("MyRMSprop"), out);
    }

    /** trajectories takes it by name as well: TrajectoriesTest.registeredOptimizersTakePartByName. */
    @Test
    void explainShowsIt() {
        assertTrue(run("explain", "--optimizer", "myrmsprop", "--grads", "1,2").startsWith("MyRMSprop("));
    }
}
