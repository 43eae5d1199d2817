package dev.jgrad;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's first gradient, compiled and run from README.md itself, so the README cannot drift from jgrad. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndPrintsTheDocumentedGradients() throws Exception {
        MarkdownDoc readme = MarkdownDoc.read("README.md");
        JavaSnippet.Result r = JavaSnippet.of(readme.block("first-gradient"))
                .imports("dev.jgrad.tensor.Tensor")
                .exposing("x", "w", "loss")
                .run();
        assertEquals(readme.block("first-gradient-output"), r.stdout(), "README.md: what the first gradient prints");

        Tensor x = r.get("x", Tensor.class), w = r.get("w", Tensor.class), loss = r.get("loss", Tensor.class);
        double[] xs = x.toDoubleArray(), ws = w.toDoubleArray();
        double[] gx = new double[xs.length], gw = new double[xs.length];
        double l = 0;
        for (int i = 0; i < xs.length; i++) {
            double t = Math.tanh(xs[i] * ws[i]);
            l += t;
            gx[i] = ws[i] * (1 - t * t);
            gw[i] = xs[i] * (1 - t * t);
        }
        assertEquals(l, loss.item(), 1e-15);
        assertArrayEquals(gx, x.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(gw, w.grad().toDoubleArray(), 1e-15);
    }
}
