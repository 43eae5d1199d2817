package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every number an optimizer computes, step by step and element by element: runs any registered optimizer
 * on a parameter θ, either with gradients you give or with the gradients of a {@link Surface}, and
 * records one {@link Row} per element per step.
 *
 * <pre>{@code
 * StepTrace trace = StepTrace.run(OptimizerSpec.of("AdamW"),
 *         new StepTrace.Gradients(new double[] {1.0}, List.of(new double[] {0.5}, new double[] {-0.2})));
 * trace.rows().forEach(System.out::println);   // t, g, m, v, m̂, v̂, denom, decay, update, θ
 * }</pre>
 *
 * <p>It listens through the optimizers' own trace ({@link Optimizer#trace}), so the numbers are the ones
 * the real update computes, not a re-implementation of it.
 */
public final class StepTrace {

    /**
     * One element after one step: the numbers the optimizer's update reported (its box's names, in its
     * order), plus, for SGD, Adam and AdamW, what the decay line did ({@code decay}) and for SGD the
     * update γd. Quantities the optimizer does not have are NaN.
     *
     * @param t       the step (the optimizer's own count for Adam and AdamW)
     * @param element index of the element in θ
     * @param values  name to value, in the order reported
     */
    public record Row(long t, int element, Map<String, Double> values) {
        public Row {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The value reported as {@code name}, NaN if none. */
        public double get(String name) {
            Double v = values.get(name);
            return v == null ? Double.NaN : v;
        }

        /** The gradient as the update uses it: after maximize's sign and coupled decay's + λθ. */
        public double g() {
            return get("g");
        }

        /** Adam: the first moment m; SGD: the momentum buffer b. */
        public double m() {
            return values.containsKey("m") ? get("m") : get("b");
        }

        /** The second moment the step divides by: v, or vMax with AMSGrad (the loop reports both then). */
        public double v() {
            return values.containsKey("vMax") ? get("vMax") : get("v");
        }

        public double mHat() {
            return get("mHat");
        }

        public double vHat() {
            return get("vHat");
        }

        /** √v̂ + ε. */
        public double denom() {
            return get("denom");
        }

        /** SGD's step direction d (θ moves by −γd). */
        public double direction() {
            return get("d");
        }

        /** Coupled: λθ added to g; decoupled: the amount taken off θ before the update. */
        public double decay() {
            return get("decay");
        }

        /** The amount the gradient step subtracts from θ. */
        public double update() {
            return get("update");
        }

        /** θ after the step. */
        public double theta() {
            return get("theta");
        }
    }

    /** Where the gradients come from. */
    public sealed interface Source permits Gradients, OnSurface {
        /** θ before the first step. */
        double[] start();

        int steps();
    }

    /**
     * Gradients given in advance: step t uses {@code grads.get(t − 1)}, whatever θ has become.
     *
     * @param start θ₀
     * @param grads one array per step, each as long as θ
     */
    public record Gradients(double[] start, List<double[]> grads) implements Source {
        public Gradients {
            start = start.clone();
            if (start.length == 0) {
                throw new IllegalArgumentException("θ needs at least one element");
            }
            if (grads.isEmpty()) {
                throw new IllegalArgumentException("give at least one gradient");
            }
            List<double[]> copy = new ArrayList<>();
            for (int i = 0; i < grads.size(); i++) {
                double[] g = grads.get(i);
                if (g.length != start.length) {
                    throw new IllegalArgumentException("gradient " + (i + 1) + " has " + g.length + " values but θ has "
                            + start.length + " elements");
                }
                copy.add(g.clone());
            }
            grads = Collections.unmodifiableList(copy);
        }

        @Override
        public double[] start() {
            return start.clone();
        }

        @Override
        public int steps() {
            return grads.size();
        }
    }

    /** Gradients of {@code surface} at the current θ = (x, y), computed by autograd before every step. */
    public record OnSurface(Surface surface, double[] start, int steps) implements Source {
        public OnSurface {
            Objects.requireNonNull(surface, "surface");
            if (start.length != 2) {
                throw new IllegalArgumentException("a start point has 2 coordinates, got " + start.length);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            start = start.clone();
        }

        @Override
        public double[] start() {
            return start.clone();
        }
    }

    private final OptimizerSpec config;
    private final Source source;
    private final List<Row> rows;
    private final List<Row> tensorRows;

    private StepTrace(OptimizerSpec config, Source source, List<Row> rows, List<Row> tensorRows) {
        this.config = config;
        this.source = source;
        this.rows = Collections.unmodifiableList(rows);
        this.tensorRows = Collections.unmodifiableList(tensorRows);
    }

    /** Runs {@code config}'s optimizer for every step of {@code source} in float64 and records every element. */
    public static StepTrace run(OptimizerSpec config, Source source) {
        return run(config, source, DType.FLOAT64);
    }

    /**
     * Runs {@code config}'s optimizer on a θ of {@code dtype} (float32: the float32 loop the MNIST example runs,
     * where the optimizer has one) and records every element.
     */
    public static StepTrace run(OptimizerSpec config, Source source, DType dtype) {
        return run(config, source, dtype, new int[] {source.start().length});
    }

    /**
     * As {@link #run(OptimizerSpec, Source, DType)} with θ (and every gradient) of {@code shape}, row-major: a
     * matrix for the rules that treat one (Muon, Adafactor's factored second moment).
     */
    public static StepTrace run(OptimizerSpec config, Source source, DType dtype, int[] shape) {
        double[] start = source.start();
        int n = start.length;
        int numel = 1;
        for (int d : shape) {
            numel *= d;
        }
        if (numel != n) {
            throw new IllegalArgumentException("a θ of shape " + Arrays.toString(shape) + " has " + numel
                    + " elements, not " + n);
        }
        Tensor theta = Tensor.of(start, dtype, shape).requiresGrad(true);
        Optimizer<?> opt = config.build(List.of(theta));
        List<Row> rows = new ArrayList<>();
        List<Row> tensorRows = new ArrayList<>();
        double[] before = new double[n];
        long[] step = {0};
        Decay decay = Decay.of(config);
        opt.trace(r -> {
            if (r.index() < 0) {   // the parameter's own numbers (t, ρₜ, trust ratio, factors' RMS, ...)
                Map<String, Double> values = new LinkedHashMap<>(r.values());
                values.remove("t");
                if (!values.isEmpty()) {
                    tensorRows.add(new Row(step[0], -1, values));
                }
                return;
            }
            Map<String, Double> values = new LinkedHashMap<>(r.values());
            decay.add(values, before[r.index()]);
            rows.add(new Row(step[0], r.index(), values));
        });
        for (int t = 0; t < source.steps(); t++) {
            theta.copyTo(before);
            step[0] = t + 1;
            if (source instanceof Gradients given) {
                theta.setGrad(Tensor.of(given.grads().get(t), dtype, shape));
            } else {
                opt.zeroGrad();
                ((OnSurface) source).surface().loss(theta).backward();
            }
            opt.step();
        }
        return new StepTrace(config, source, rows, tensorRows);
    }

    /**
     * The numbers a loop does not report as its own but its declared columns ask for: {@code decay}, what the
     * decay line did (λθ added to g when coupled, the amount taken off θ when decoupled, from θ before the step),
     * and {@code update}, γd, for a rule that reports its direction d but not the step (SGD).
     */
    private record Decay(boolean wanted, boolean wantsUpdate, double lr, double lambda, double shrink,
                         boolean coupled) {
        static Decay of(OptimizerSpec c) {
            OptimizerRegistry.Entry<?> entry = OptimizerRegistry.get(c.name());
            WeightDecay mode = c.decayMode();
            double lambda = c.weightDecay(), lr = c.lr();
            double shrink = mode == WeightDecay.DECOUPLED ? 1 - lr * lambda : 1 - lambda; // paper: η_t = 1 here
            boolean wanted = entry.columns().stream().anyMatch(col -> col.key().equals("decay"));
            boolean wantsUpdate = entry.columns().stream().anyMatch(col -> col.key().equals("update"));
            return new Decay(wanted, wantsUpdate, lr, lambda, shrink, mode == WeightDecay.COUPLED_L2);
        }

        void add(Map<String, Double> values, double before) {
            if (wanted && !values.containsKey("decay")) {
                values.put("decay", coupled ? lambda * before : before - before * shrink);
            }
            if (wantsUpdate && !values.containsKey("update") && values.containsKey("d")) {
                values.put("update", lr * values.get("d"));
            }
        }
    }

    public OptimizerSpec config() {
        return config;
    }

    public Source source() {
        return source;
    }

    /** All rows, ordered by step, then element. */
    public List<Row> rows() {
        return rows;
    }

    /** The numbers each step shares by the whole parameter (ρₜ, trust ratio, ...), one row per step; may be empty. */
    public List<Row> tensorRows() {
        return tensorRows;
    }

    /** The rows of the given elements only, in the same order. */
    public List<Row> rows(int[] elements) {
        int[] sorted = elements.clone();
        Arrays.sort(sorted);
        return rows.stream().filter(r -> Arrays.binarySearch(sorted, r.element()) >= 0).toList();
    }

    /** Number of elements of θ. */
    public int elements() {
        return source.start().length;
    }
}
