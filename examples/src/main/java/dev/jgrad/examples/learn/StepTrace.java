package dev.jgrad.examples.learn;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Every number an optimizer computes, step by step and element by element: runs SGD, Adam or AdamW
 * on a parameter θ, either with gradients you give or with the gradients of a {@link Surface}, and
 * records one {@link Row} per element per step.
 *
 * <pre>{@code
 * StepTrace trace = StepTrace.run(OptimizerConfig.defaults(Kind.ADAMW),
 *         new StepTrace.Gradients(new double[] {1.0}, List.of(new double[] {0.5}, new double[] {-0.2})));
 * trace.rows().forEach(System.out::println);   // t, g, m, v, m̂, v̂, denom, decay, update, θ
 * }</pre>
 *
 * <p>It listens through the optimizers' own trace ({@link Optimizer#trace}), so the numbers are the ones
 * the real update computes, not a re-implementation of it.
 */
public final class StepTrace {

    /**
     * One element after one step. Names follow the algorithm boxes (see {@link Boxes}); quantities
     * that the optimizer does not have are NaN (v, m̂, v̂ and denom for SGD, d for Adam, m for SGD
     * without momentum).
     *
     * @param t         the step (the optimizer's own count for Adam and AdamW)
     * @param element   index of the element in θ
     * @param g         the gradient as the update uses it: after maximize's sign and coupled decay's + λθ
     * @param m         Adam: the first moment m; SGD: the momentum buffer b
     * @param v         the second moment v (vMax with AMSGrad)
     * @param mHat      m / (1 − β₁ᵗ)
     * @param vHat      v / (1 − β₂ᵗ)
     * @param denom     √v̂ + ε
     * @param direction SGD's step direction d (θ moves by −γd)
     * @param decay     coupled: λθ added to g; decoupled: the amount taken off θ before the update
     * @param update    the amount the gradient step subtracts from θ: γ·m̂/(√v̂ + ε), or γd for SGD
     * @param theta     θ after the step
     */
    public record Row(long t, int element, double g, double m, double v, double mHat, double vHat, double denom,
                      double direction, double decay, double update, double theta) {}

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
            if (start.length == 0) throw new IllegalArgumentException("θ needs at least one element");
            if (grads.isEmpty()) throw new IllegalArgumentException("give at least one gradient");
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
            if (start.length != 2) throw new IllegalArgumentException("a start point has 2 coordinates, got " + start.length);
            if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            start = start.clone();
        }

        @Override
        public double[] start() {
            return start.clone();
        }
    }

    private final OptimizerConfig config;
    private final Source source;
    private final List<Row> rows;

    private StepTrace(OptimizerConfig config, Source source, List<Row> rows) {
        this.config = config;
        this.source = source;
        this.rows = Collections.unmodifiableList(rows);
    }

    /** Runs {@code config}'s optimizer for every step of {@code source} in float64 and records every element. */
    public static StepTrace run(OptimizerConfig config, Source source) {
        double[] start = source.start();
        int n = start.length;
        Tensor theta = Tensor.of(start, DType.FLOAT64, n).requiresGrad(true);
        Optimizer<?> opt = config.build(List.of(theta));
        List<Row> rows = new ArrayList<>();
        double[] before = new double[n];
        long[] step = {0};
        boolean sgd = config.kind() == OptimizerConfig.Kind.SGD;
        double lr = sgd ? config.sgd().lr() : config.adam().lr();
        double lambda = config.weightDecay();
        boolean coupled = config.decayMode() == dev.jgrad.optim.WeightDecay.COUPLED_L2;
        double multiplier = 1;   // no schedule here: η_t = 1
        // The optimizer's probe reports the box's numbers; the step count, and what the decay line did
        // (λθ added to g, or the amount taken off θ, from θ before the step) are the tracer's to add.
        opt.trace(r -> {
            if (r.index() < 0) {
                return;
            }
            int i = r.index();
            double decay = coupled ? lambda * before[i]
                    : before[i] - before[i] * (config.decayMode() == dev.jgrad.optim.WeightDecay.DECOUPLED
                    ? 1 - lr * lambda : 1 - multiplier * lambda);
            rows.add(sgd
                    ? new Row(step[0], i, r.get("g"), r.get("b"), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                            r.get("d"), decay, lr * r.get("d"), r.get("theta"))
                    : new Row(step[0], i, r.get("g"), r.get("m"), r.get("v"), r.get("mHat"), r.get("vHat"),
                            r.get("denom"), Double.NaN, decay, r.get("update"), r.get("theta")));
        });
        for (int t = 0; t < source.steps(); t++) {
            theta.copyTo(before);
            step[0] = t + 1;
            if (source instanceof Gradients given) {
                theta.setGrad(Tensor.of(given.grads().get(t), n));
            } else {
                opt.zeroGrad();
                ((OnSurface) source).surface().loss(theta).backward();
            }
            opt.step();
        }
        return new StepTrace(config, source, rows);
    }

    public OptimizerConfig config() {
        return config;
    }

    public Source source() {
        return source;
    }

    /** All rows, ordered by step, then element. */
    public List<Row> rows() {
        return rows;
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
