package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the two Schedule-Free optimizers share: lines (a)–(e) of their boxes (the averaging weights, once per
 * group and step) and the train/eval switch. Each subclass's file holds its box and its loop.
 *
 * @param <O> the optimizer's options record
 */
public abstract sealed class ScheduleFreeOptimizer<O extends OptimizerOptions<O>> extends Optimizer<O> implements ScheduleFree
        permits AdamWScheduleFree, SGDScheduleFree {

    /**
     * This step's numbers for one group.
     *
     * @param lr γₜ, the learning rate after warm-up
     * @param c  c_{t+1}, the weight of the new z in the average x
     */
    record Step(double lr, double c) {}

    /** The options lines (a)–(e) read: γ, T, r and p. */
    record Weighting(double lr, int warmupSteps, double r, double weightLrPower) {}

    private final Map<ParamGroup<O>, ParamState> groupStates = new IdentityHashMap<>();
    private final Map<ParamGroup<O>, Step> thisStep = new IdentityHashMap<>();
    private Mode mode = Mode.TRAIN;

    ScheduleFreeOptimizer(String name, O defaults, List<ParamGroup<O>> groups) {
        super(name, defaults, groups);
    }

    /** γ, T, r and p of {@code options}. */
    abstract Weighting weighting(O options);

    /** The group-level numbers (k, weight_sum, lr_max, scheduled_lr) of group {@code index}, a copy. */
    public final ParamState groupState(int index) {
        return group(paramGroups().get(index)).copy();
    }

    final ParamState group(ParamGroup<O> g) {   // the authors' names and starting values
        return groupStates.computeIfAbsent(g, k -> new ParamState(DType.FLOAT64, 0).set("k", 0).set("weight_sum", 0.0)
                .set("lr_max", -1.0).set("scheduled_lr", 0.0));
    }

    /** Lines (a)–(e) for {@code g} in the step under way. */
    final Step thisStep(ParamGroup<O> g) {
        return thisStep.get(g);
    }

    /**
     * Advances every group's step count and weight sum, whether or not any of its parameters has a gradient (as
     * the authors' code does), then runs the loop over the parameters.
     *
     * @throws IllegalStateException in eval mode, as the authors' code refuses
     */
    @Override
    public final void step() {
        if (mode != Mode.TRAIN) {
            throw new IllegalStateException(name() + " was not in train mode when step() was called: the parameters"
                    + " hold x, the average. Call optimizer.train() before training steps and optimizer.eval() before"
                    + " evaluating.");
        }
        for (ParamGroup<O> g : paramGroups()) {
            Weighting w = weighting(g.options());
            ParamState s = group(g);
            double k = s.get("k");
            double sched = k < w.warmupSteps() ? (k + 1) / w.warmupSteps() : 1.0;          // (a) linear warm-up
            double lrT = w.lr() * sched;
            double lrMax = Math.max(lrT, s.get("lr_max"));                                  // (b)
            double weight = Math.pow(k + 1, w.r()) * Math.pow(lrMax, w.weightLrPower());    // (c) wₜ = t^r·γmax^p
            double weightSum = s.get("weight_sum") + weight;                                // (d)
            double c = weightSum == 0 ? 0 : weight / weightSum;                             // (e) c = wₜ / Σw
            s.set("scheduled_lr", lrT).set("lr_max", lrMax).set("weight_sum", weightSum).set("k", k + 1);
            thisStep.put(g, new Step(lrT, c));
        }
        super.step();
    }

    @Override
    public final void train() {
        if (mode != Mode.TRAIN) load("y");
        mode = Mode.TRAIN;
    }

    @Override
    public final void eval() {
        if (mode != Mode.EVAL) load("x");
        mode = Mode.EVAL;
    }

    @Override
    public final Mode mode() {
        return mode;
    }

    /** Copies state buffer {@code which} ("x" or "y") into every parameter that has one. */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    private void load(String which) {
        try (var noGrad = Autograd.noGrad()) {
            for (ParamGroup<O> g : paramGroups()) {
                for (Tensor p : g.params()) {
                    state(p).filter(s -> s.has(which)).ifPresent(s -> p.copyFrom(s.values(which)));
                }
            }
        }
    }

    /** Declares z, x and y at a parameter's first step (they start at θ, which only the loop sees); true if new. */
    static boolean declareSequences(ParamState state) {
        boolean first = !state.has("z");
        if (first) {
            state.zeros("z").zeros("x").zeros("y");
        }
        return first;
    }
}
