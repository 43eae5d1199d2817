package dev.jgrad;

import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's first example, verbatim, so the README cannot drift from what jgrad does. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndPrintsTheDocumentedGradients() {
        // --- README example start
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {0.5, -1, 2}, 3).requiresGrad(true);
        Tensor loss = x.mul(w).tanh().sum();   // L = Σ tanh(xᵢ·wᵢ)
        loss.backward();                       // reverse-mode: fills x.grad() and w.grad()
        System.out.println(loss);
        System.out.println(x.grad());          // ∂L/∂xᵢ = wᵢ·(1 − tanh²(xᵢ·wᵢ))
        System.out.println(w.grad());          // ∂L/∂wᵢ = xᵢ·(1 − tanh²(xᵢ·wᵢ))
        // --- README example end
        double[] xs = {1, 2, 3}, ws = {0.5, -1, 2};
        double[] gx = new double[3], gw = new double[3];
        double l = 0;
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(xs[i] * ws[i]);
            l += t;
            gx[i] = ws[i] * (1 - t * t);
            gw[i] = xs[i] * (1 - t * t);
        }
        assertEquals(l, loss.item(), 1e-15);
        assertArrayEquals(gx, x.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(gw, w.grad().toDoubleArray(), 1e-15);
        // The README shows this printed form; the values are the gx above, rounded.
        assertEquals("tensor([ 3.9322e-01, -7.0651e-02,  4.9153e-05], shape=[3], dtype=float64)", x.grad().toString());
    }
}
