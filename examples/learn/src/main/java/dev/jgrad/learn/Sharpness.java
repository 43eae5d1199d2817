package dev.jgrad.learn;

import dev.jgrad.autograd.AllowUnused;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.CreateGraph;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.Graph;
import dev.jgrad.autograd.HigherOrder;
import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The "edge of stability" experiment (Cohen et al., ICLR 2021): train the MNIST MLP by full-batch
 * gradient descent (jgrad's SGD on one fixed batch of n images) and, every few steps, measure the
 * sharpness λ_max, the largest eigenvalue of the Hessian of the training loss with respect to all the
 * parameters. Gradient descent on a quadratic with curvature λ is stable only for λ &lt; 2/η; the
 * question the picture answers is what λ_max does during training relative to that line.
 *
 * <p>λ_max by power iteration on Hessian-vector products: v ← Hv/‖Hv‖, λ ≈ ⟨v, Hv⟩, each Hv the
 * gradient of ⟨∇L, v⟩ (the gradient's graph recorded once per measurement, {@link CreateGraph#YES},
 * then differentiated once per iteration). The Hessian itself (~10⁵ × 10⁵ entries) is never formed.
 * Power iteration finds the eigenvalue of largest magnitude; near a minimum of the loss that is the
 * top positive one. Each measurement starts from the previous vector, so few iterations suffice.
 *
 * @param samples    n, the training images (the first n of the data set), one batch
 * @param hidden     hidden units of the 784-H-10 ReLU MLP
 * @param steps      gradient-descent steps per learning rate
 * @param every      measure λ_max every this many steps (and at step 0)
 * @param iterations power iterations per measurement
 * @param seed       initialisation (the same network for every rate) and power-iteration start
 */
public record Sharpness(int samples, int hidden, int steps, int every, int iterations, long seed) {
    /** λ_max and the training loss at one step. */
    public record Point(int step, double sharpness, double loss) {}

    /** One learning rate's run. */
    public record Run(double lr, List<Point> points) {
        public Run {
            points = List.copyOf(points);
        }

        /** The stability threshold of gradient descent at this rate, 2/η. */
        public double threshold() {
            return 2 / lr;
        }
    }

    public Sharpness {
        Checks.atLeast(1, "samples", samples);
        Checks.atLeast(1, "hidden", hidden);
        Checks.atLeast(1, "steps", steps);
        Checks.atLeast(1, "every", every);
        Checks.atLeast(1, "iterations", iterations);
    }

    /** Trains one fresh network with rate {@code lr} and records λ_max along the way. */
    public Run run(Dataset train, double lr) {
        return run(train, lr, () -> { });
    }

    /** {@link #run(Dataset, double)}; {@code stepped} hears every gradient-descent step. */
    public Run run(Dataset train, double lr, Runnable stepped) {
        Objects.requireNonNull(train, "train");
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + lr);
        }
        int n = Math.min(samples, train.count());
        float[] pixels = new float[n * train.pixels()];
        int[] order = Batches.sequentialIndices(train.count());
        Batches.normalizeBatch(train, order, 0, n, pixels);
        int[] labels = new int[n];
        Batches.labelBatch(train, order, 0, n, labels);
        Tensor x = Tensor.of(pixels, n, train.pixels());
        Module model = ModelSpec.mlp(hidden).build(new Generator(seed));
        List<Tensor> params = model.parameters();
        SGD gd = new SGD(params, SgdOptions.of(lr));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        List<Tensor> v = randomUnit(params, new Generator(seed + 1));
        List<Point> points = new ArrayList<>();
        for (int step = 0; step <= steps; step++) {
            if (step % every == 0 || step == steps) {
                double[] lambda = new double[1];
                v = topEigenvector(model, loss, x, labels, params, v, step == 0 ? 2 * iterations : iterations, lambda);
                double l;
                try (var off = Autograd.noGrad()) {
                    l = loss.apply(model.forward(x), labels).item();
                }
                points.add(new Point(step, lambda[0], l));
                if (!Double.isFinite(l)) {
                    break;
                }
            }
            if (step == steps) {
                break;
            }
            gd.zeroGrad();
            loss.apply(model.forward(x), labels).backward();
            gd.step();
            stepped.run();
        }
        return new Run(lr, points);
    }

    /** Power iteration from {@code v}; returns the last vector and puts ⟨v, Hv⟩ into {@code lambda[0]}. */
    @SuppressWarnings("try") // the scope matters, not the variable
    static List<Tensor> topEigenvector(Module model, CrossEntropyLoss loss, Tensor x, int[] labels, List<Tensor> params,
                                       List<Tensor> v, int iterations, double[] lambda) {
        Tensor l;
        try (HigherOrder scope = Autograd.higherOrder()) {
            l = loss.apply(model.forward(x), labels);
        }
        List<Tensor> g = Autograd.grad(List.of(l), params, null, GradOptions.CREATE_GRAPH);
        GradOptions again = new GradOptions(CreateGraph.NO, Graph.RETAIN, AllowUnused.YES);
        for (int it = 0; it < iterations; it++) {
            List<Tensor> hv = Autograd.grad(g, params, v, again);
            double dot = 0, norm2 = 0;
            for (int k = 0; k < hv.size(); k++) {
                double[] a = v.get(k).toDoubleArray(), b = hv.get(k) == null ? new double[a.length] : hv.get(k).toDoubleArray();
                for (int i = 0; i < a.length; i++) {
                    dot += a[i] * b[i];
                    norm2 += b[i] * b[i];
                }
            }
            lambda[0] = dot;
            double norm = Math.sqrt(norm2);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                break;
            }
            List<Tensor> next = new ArrayList<>();
            for (int k = 0; k < hv.size(); k++) {
                Tensor h = hv.get(k) == null ? Tensor.zeros(v.get(k).dtype(), v.get(k).shape()) : hv.get(k);
                next.add(h.detach().div(norm));
            }
            v = next;
        }
        return v;
    }

    private static List<Tensor> randomUnit(List<Tensor> params, Generator gen) {
        List<Tensor> v = new ArrayList<>();
        double norm2 = 0;
        for (Tensor p : params) {
            Tensor r = Tensor.normal(gen, 0, 1, p.dtype(), p.shape());
            for (double d : r.toDoubleArray()) {
                norm2 += d * d;
            }
            v.add(r);
        }
        double norm = Math.sqrt(norm2);
        List<Tensor> out = new ArrayList<>();
        for (Tensor r : v) {
            out.add(r.div(norm));
        }
        return out;
    }
}
