package dev.jgrad.nn;

import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.nn.loss.MSELoss;
import dev.jgrad.nn.loss.NLLLoss;
import dev.jgrad.nn.loss.Reduction;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every module and loss against finite differences (float64), over random shapes and options drawn
 * from a fixed-seed generator; a failure names the trial's seed so it can be replayed alone.
 */
class GradCheckTest {
    private static final int TRIALS = 25;

    private static void forAll(String what, Consumer<Generator> check) {
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = what.hashCode() * 1000L + trial;
            try {
                check.accept(new Generator(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(what + " failed for seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static int[] shape(Generator g, int rank, int max) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) s[d] = 1 + g.nextInt(max);
        return s;
    }

    private static Tensor input(Generator g, int... shape) {
        return Tensor.normal(g, 0, 1, DType.FLOAT64, shape).requiresGrad(true);
    }

    /** Leading batch dimensions (none, one or two) followed by {@code last}. */
    private static int[] batched(Generator g, int last) {
        int[] lead = shape(g, g.nextInt(3), 3);
        int[] s = java.util.Arrays.copyOf(lead, lead.length + 1);
        s[lead.length] = last;
        return s;
    }

    @Test
    void linear() {
        forAll("linear", g -> {
            int in = 1 + g.nextInt(4), out = 1 + g.nextInt(4);
            Linear lin = new Linear(in, out, g.nextInt(2) == 0 ? Bias.WITH : Bias.WITHOUT, DType.FLOAT64, g);
            List<Tensor> inputs = new ArrayList<>(List.of(input(g, batched(g, in))));
            inputs.addAll(lin.parameters());
            GradCheck.check(xs -> lin.forward(xs[0]), inputs.toArray(new Tensor[0]));
        });
    }

    @Test
    @SuppressWarnings("try")
    void relu() {
        forAll("relu", g -> {
            Tensor x = input(g, shape(g, 1 + g.nextInt(3), 4));
            // Keep away from the kink at 0, where finite differences straddle two slopes.
            try (var ng = dev.jgrad.autograd.Autograd.noGrad()) {
                double[] v = x.toDoubleArray();
                for (int i = 0; i < v.length; i++) if (Math.abs(v[i]) < 0.1) v[i] = v[i] < 0 ? -0.5 : 0.5;
                x.copyFrom(v);
            }
            GradCheck.check(xs -> new ReLU().forward(xs[0]), x);
        });
    }

    @Test
    void flatten() {
        forAll("flatten", g -> {
            int rank = 1 + g.nextInt(4);
            Tensor x = input(g, shape(g, rank, 3));
            int start = g.nextInt(rank), end = start + g.nextInt(rank - start);
            Flatten f = new Flatten(start, end - rank);
            GradCheck.check(xs -> f.forward(xs[0]), x);
        });
    }

    @Test
    void sequentialMlp() {
        forAll("mlp", g -> {
            int in = 1 + g.nextInt(4), hidden = 1 + g.nextInt(4), out = 1 + g.nextInt(3);
            Sequential mlp = new Sequential(new Linear(in, hidden, Bias.WITH, DType.FLOAT64, g), new ReLU(),
                    new Linear(hidden, out, Bias.WITH, DType.FLOAT64, g));
            List<Tensor> inputs = new ArrayList<>(List.of(input(g, 1 + g.nextInt(3), in)));
            inputs.addAll(mlp.parameters());
            GradCheck.check(xs -> mlp.forward(xs[0]).tanh(), inputs.toArray(new Tensor[0]));
        });
    }

    @Test
    void crossEntropy() {
        forAll("crossEntropy", g -> {
            int n = 1 + g.nextInt(4), c = 1 + g.nextInt(5);
            boolean batched = g.nextInt(4) != 0;
            Tensor logits = batched ? input(g, n, c) : input(g, c);
            int[] y = targets(g, batched ? n : 1, c, -1);
            double[] smoothing = {0, 0.1, 0.5, 1};
            CrossEntropyLoss ce = new CrossEntropyLoss(Reduction.values()[g.nextInt(3)], -1, smoothing[g.nextInt(4)]);
            if (ce.reduction() == Reduction.MEAN && java.util.Arrays.stream(y).allMatch(t -> t == -1)) y[0] = 0;
            int[] target = y;
            GradCheck.check(xs -> ce.apply(xs[0], target), logits);
        });
    }

    @Test
    void nll() {
        forAll("nll", g -> {
            int n = 1 + g.nextInt(4), c = 1 + g.nextInt(5);
            Tensor logProbs = input(g, n, c);
            int[] y = targets(g, n, c, 7);
            NLLLoss nll = new NLLLoss(Reduction.values()[g.nextInt(3)], 7);
            if (nll.reduction() == Reduction.MEAN && java.util.Arrays.stream(y).allMatch(t -> t == 7)) y[0] = 0;
            GradCheck.check(xs -> nll.apply(xs[0], y), logProbs);
        });
    }

    @Test
    void mse() {
        forAll("mse", g -> {
            int[] s = shape(g, g.nextInt(4), 3);
            MSELoss mse = new MSELoss(Reduction.values()[g.nextInt(3)]);
            GradCheck.check(xs -> mse.apply(xs[0], xs[1]), input(g, s), input(g, s));
        });
    }

    /** Class indices in [0, c), about one in four replaced by {@code ignore}. */
    private static int[] targets(Generator g, int n, int c, int ignore) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = g.nextInt(4) == 0 ? ignore : g.nextInt(c);
        return y;
    }
}
