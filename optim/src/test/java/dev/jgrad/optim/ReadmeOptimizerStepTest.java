package dev.jgrad.optim;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The README's first optimizer step, compiled and run from README.md itself. */
class ReadmeOptimizerStepTest {

    @Test
    void theFirstStepPrintsWhatTheReadmeShowsAndIsPlainGradientDescent() throws Exception {
        MarkdownDoc readme = MarkdownDoc.read("README.md");
        JavaSnippet.Result r = JavaSnippet.of(readme.block("first-step"))
                .imports("dev.jgrad.optim.SGD", "dev.jgrad.optim.SgdOptions", "dev.jgrad.tensor.Tensor", "java.util.List")
                .exposing("w")
                .run();
        assertEquals(readme.block("first-step-output"), r.stdout(), "README.md: what the first optimizer step prints");
        Tensor w = r.get("w", Tensor.class);
        // w ← w − lr·2w from (1, −2) with lr = 0.1, computed here independently of the optimizer
        assertArrayEquals(new double[] {1 - 0.1 * 2 * 1, -2 - 0.1 * 2 * -2}, w.toDoubleArray(), 0);
        assertNull(w.grad(), "zeroGrad sets the gradient to null");
    }
}
