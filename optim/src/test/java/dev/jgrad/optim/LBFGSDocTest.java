package dev.jgrad.optim;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/optimizers/lbfgs.md's closure example, compiled and run from the page; it prints what the page shows. */
class LBFGSDocTest {

    @Test
    void theClosureExamplePrintsWhatThePageShows() throws Exception {
        MarkdownDoc page = MarkdownDoc.read("docs/optimizers/lbfgs.md");
        JavaSnippet.Result r = JavaSnippet.of(page.block("lbfgs-closure"))
                .imports("dev.jgrad.optim.LBFGS", "dev.jgrad.optim.Optimizer", "dev.jgrad.tensor.Tensor", "java.util.List")
                .exposing("theta")
                .run();
        assertEquals(page.block("lbfgs-closure-output"), r.stdout());
        double[] theta = r.get("theta", Tensor.class).toDoubleArray();
        assertEquals(1, theta[0], 1e-4, "Rosenbrock's minimum");
        assertEquals(1, theta[1], 1e-4);
    }
}
