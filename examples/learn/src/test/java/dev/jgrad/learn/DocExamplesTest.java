package dev.jgrad.learn;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The Java examples of docs/learning-tools.md and docs/cli.md, compiled and run from the Markdown files. */
class DocExamplesTest {

    @Test
    void theStepTraceExamplePrintsTheTracedAdamWSteps() throws Exception {
        JavaSnippet.Result r = JavaSnippet.of(MarkdownDoc.read("docs/learning-tools.md").block("step-trace"))
                .imports("dev.jgrad.learn.StepTrace", "dev.jgrad.learn.train.OptimizerSpec",
                        "dev.jgrad.optim.AdamOptions", "java.util.List")
                .exposing("trace")
                .run();
        List<StepTrace.Row> rows = r.get("trace", StepTrace.class).rows();
        assertEquals(2, rows.size());
        // Step 1 of the worked example in the same page: m̂₁ = g₁ = 0.5, θ₁ = 1 − γλθ₀ − γ·g₁/(|g₁| + ε) ≈ 0.89.
        assertEquals(0.5, rows.get(0).mHat(), 1e-12);
        assertEquals(1 - 0.1 * 0.1 - 0.1 * 0.5 / (0.5 + 1e-8), rows.get(0).theta(), 1e-12);
        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r.stdout());
        assertTrue(lines.get(0).startsWith("1: m̂ = 0.5"), lines.get(0));
    }

    @Test
    void theTrainerExampleTrainsAndSavesACheckpoint(@TempDir Path dir) throws Exception {
        JavaSnippet.Result r = JavaSnippet.of(MarkdownDoc.read("docs/cli.md").block("trainer"))
                .imports("dev.jgrad.learn.data.*", "dev.jgrad.learn.train.*")
                .input("dir", Path.class, dir)
                .run();
        List<String> lines = r.stdout().lines().toList();
        assertEquals(3, lines.size(), r.stdout());
        assertTrue(lines.get(2).matches("epoch 3: loss \\d\\.\\d{4}, test accuracy \\d+\\.\\d{2}%"), lines.get(2));
        assertTrue(Files.isRegularFile(dir.resolve("checkpoint.json")), "the checkpoint's manifest");
    }
}
