package org.example.consumer;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.loss.MSELoss;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** A user's model: a small MLP fitted to y = sin(x₁) + x₂² with AdamW, using only jgrad's public API. */
public final class TinyRegression {
    private TinyRegression() {
    }

    /** Trains for {@code steps} full-batch steps and returns the loss before every step and after the last. */
    public static List<Double> train(int steps, long seed) {
        Generator gen = new Generator(seed);
        Tensor x = Tensor.uniform(gen, -1, 1, DType.FLOAT32, 128, 2);
        double[] xs = x.toDoubleArray();
        double[] ys = new double[128];
        for (int i = 0; i < 128; i++) {
            ys[i] = Math.sin(xs[2 * i]) + xs[2 * i + 1] * xs[2 * i + 1];
        }
        Tensor y = Tensor.of(ys, 128, 1).to(DType.FLOAT32);

        Sequential model = new Sequential(new Linear(2, 16, gen), new ReLU(), new Linear(16, 1, gen));
        AdamW optimizer = new AdamW(model.parameters(), AdamOptions.adamWDefaults().withLr(0.01));
        MSELoss loss = new MSELoss();
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step <= steps; step++) {
            optimizer.zeroGrad();
            Tensor l = loss.apply(model.forward(x), y);
            losses.add(l.item());
            if (step < steps) {
                l.backward();
                optimizer.step();
            }
        }
        return losses;
    }
}
