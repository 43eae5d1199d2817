package dev.jgrad.nn;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** docs/nn.md's model example, compiled and run from the Markdown file (with its file in a temporary directory). */
class ReadmeNnExampleTest {

    @Test
    void documentedModelExampleRuns(@TempDir Path dir) throws Exception {
        MarkdownDoc doc = MarkdownDoc.read("docs/nn.md");
        JavaSnippet.Result r = JavaSnippet.of(doc.block("nn-model"))
                .imports("dev.jgrad.nn.*", "dev.jgrad.nn.io.StateDicts", "dev.jgrad.nn.loss.CrossEntropyLoss",
                        "dev.jgrad.tensor.Generator", "dev.jgrad.tensor.Tensor")
                .input("file", Path.class, dir.resolve("mlp.safetensors"))
                .exposing("model", "copy")
                .run();
        Sequential model = r.get("model", Sequential.class), copy = r.get("copy", Sequential.class);
        assertEquals(doc.block("nn-model-output") + "397510\n", r.stdout(),
                "docs/nn.md: the printed model (then its parameter count)");
        assertEquals(397_510, model.parameterCount());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
        for (String k : model.namedParameters().keySet()) {
            assertArrayEquals(model.namedParameters().get(k).toDoubleArray(), copy.namedParameters().get(k).toDoubleArray(), k);
            assertNotNull(model.namedParameters().get(k).grad(), k);
        }
    }
}
