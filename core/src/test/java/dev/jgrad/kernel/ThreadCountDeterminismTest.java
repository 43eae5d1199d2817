package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same weights, whatever the thread count: a small MLP trained through the public ops
 * (so through the multi-threaded kernels) ends bit-identical with 1 and 2 threads.
 */
class ThreadCountDeterminismTest {
    @AfterEach
    void restore() {
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    private static float[][] train(int threads) {
        KernelThreads.setThreads(threads);
        Generator g = new Generator(2026);
        int batch = 64, in = 100, hidden = 257, classes = 10;
        Tensor w1 = Tensor.randn(g, hidden, in).mul(0.1).detach().requiresGrad(true);
        Tensor b1 = Tensor.zeros(hidden).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, classes, hidden).mul(0.1).detach().requiresGrad(true);
        Tensor b2 = Tensor.zeros(classes).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        for (int step = 0; step < 5; step++) {
            Tensor x = Tensor.randn(g, batch, in);
            double[] labels = new double[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = g.nextInt(classes);
            }
            Tensor y = Tensor.of(labels, batch, 1);
            Tensor h = x.matmul(w1.t()).add(b1).relu();
            Tensor loss = h.matmul(w2.t()).add(b2).logSoftmax(1).gather(1, y).mean().neg();
            loss.backward();
            try (GradMode off = Autograd.noGrad()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad().mul(-0.1));
                    p.setGrad(null);
                }
            }
        }
        return new float[][] {w1.toFloatArray(), b1.toFloatArray(), w2.toFloatArray(), b2.toFloatArray()};
    }

    @Test
    void trainingGivesTheSameBitsWithOneAndTwoThreads() {
        float[][] one = train(1), two = train(2);
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], two[i], "parameter " + i);
        }
        // Training moved the weights, so the comparison is not between two untouched initialisations.
        assertNotEquals(0f, two[1][0]);
    }
}
