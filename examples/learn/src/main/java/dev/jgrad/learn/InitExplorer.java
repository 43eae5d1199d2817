package dev.jgrad.learn;

import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.InitScheme;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The initialization explorer behind {@code jgrad init}: a deep MLP (784 → width → … → width → 10)
 * is initialized by one scheme, one batch of real digits goes forward and, through a cross-entropy
 * loss, back once; per hidden layer it keeps the activations and the weight gradient's spread.
 *
 * <p>The layers are run one by one here and their outputs kept directly (no module hooks), so what
 * is measured is exactly the tensor the next layer receives.
 */
public final class InitExplorer {
    /** tanh counts as saturated beyond this magnitude (its slope there is below 0.02). */
    static final double TANH_SATURATION = 0.99;

    private InitExplorer() {}

    /** What one run measures in hidden layer {@code layer} (1-based). */
    public record LayerStats(int layer, double mean, double std, double saturated, double gradStd, float[] activations) {}

    /** One run: a scheme with an activation, and its layers. */
    public record Run(Activation activation, InitScheme init, List<LayerStats> layers) {
        double[] stds() {
            return layers.stream().mapToDouble(LayerStats::std).toArray();
        }
    }

    /**
     * Runs {@code depth} hidden layers of {@code width} with {@code activation} from {@code init} on
     * the first {@code batch} images of {@code data}; weights are drawn from a generator seeded with {@code seed}.
     */
    public static Run run(Dataset data, int batch, int depth, int width, Activation activation, InitScheme init, long seed) {
        int n = Math.min(batch, data.count());
        float[] pixels = new float[n * data.pixels()];
        int[] labels = new int[n];
        Batches.normalizeBatch(data, null, 0, n, pixels);
        Batches.labelBatch(data, null, 0, n, labels);
        Generator gen = new Generator(seed);
        List<Linear> hidden = new ArrayList<>();
        List<Module> acts = new ArrayList<>();
        int in = data.pixels();
        for (int l = 0; l < depth; l++) {
            Linear lin = new Linear(in, width, gen);
            init.apply(lin, activation, gen);
            hidden.add(lin);
            acts.add(activation.module());
            in = width;
        }
        Linear head = new Linear(in, 10, gen);
        init.apply(head, activation, gen);

        Tensor h = Tensor.of(pixels, n, data.pixels());
        List<Tensor> outputs = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            h = acts.get(l).forward(hidden.get(l).forward(h));
            outputs.add(h);
        }
        new CrossEntropyLoss().apply(head.forward(h), labels).backward();

        List<LayerStats> stats = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            float[] a = outputs.get(l).toFloatArray();
            Tensor g = hidden.get(l).weight().grad();
            double gradStd = g == null ? 0 : std(g.toFloatArray());
            stats.add(new LayerStats(l + 1, mean(a), std(a), saturated(a, activation), gradStd, a));
        }
        return new Run(activation, init, stats);
    }

    /** The fraction of units at a flat part: |a| &gt; 0.99 for tanh, a ≈ 0 or 1 for sigmoid, a = 0 for relu (inactive). */
    static double saturated(float[] a, Activation activation) {
        long count = 0;
        for (float v : a) {
            boolean flat = switch (activation) {
                case TANH -> Math.abs(v) > TANH_SATURATION;
                case SIGMOID -> v < 1 - TANH_SATURATION || v > TANH_SATURATION;
                case RELU, GELU, LEAKY_RELU -> v <= 0;
            };
            if (flat) {
                count++;
            }
        }
        return (double) count / a.length;
    }

    static double mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s / a.length;
    }

    static double std(float[] a) {
        double m = mean(a);
        double s = 0;
        for (float v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / a.length);
    }

    /** One line per run and layer: activation,init,layer,mean,std,saturated,grad_std. */
    public static String csv(List<Run> runs) {
        StringBuilder s = new StringBuilder("activation,init,layer,activation_mean,activation_std,saturated_fraction,weight_grad_std\n");
        for (Run r : runs) {
            for (LayerStats l : r.layers()) {
                s.append(String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g,%.6g,%.6g%n", r.activation(), r.init(), l.layer(),
                        l.mean(), l.std(), l.saturated(), l.gradStd()));
            }
        }
        return s.toString();
    }

    /** The schemes {@code jgrad init} compares by default. */
    static List<InitScheme> defaultSchemes() {
        return Arrays.asList(InitScheme.parse("normal:0.01"), InitScheme.parse("normal:1"), InitScheme.parse("xavier"),
                InitScheme.parse("kaiming"), InitScheme.DEFAULT);
    }
}
