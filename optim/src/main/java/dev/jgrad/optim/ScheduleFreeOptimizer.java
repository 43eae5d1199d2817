package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * What the two Schedule-Free optimizers share: lines (1)–(5) of their boxes (the averaging weights, once per
 * group and step, in the group's state with the authors' names) and the train/eval switch. Each subclass's file
 * holds its box and its loop.
 *
 * @param <O> the optimizer's options record
 */
public abstract sealed class ScheduleFreeOptimizer<O extends OptimizerOptions<O>> extends Optimizer<O>
        implements ScheduleFree permits AdamWScheduleFree, SGDScheduleFree {

    /** The options lines (1)–(5) read: γ, T, r and p. */
    record Weighting(double lr, int warmupSteps, double r, double weightLrPower) {}

    /** c_{t+1} of the group being stepped: set by {@link #updateGroup}, read by the subclass's loop. */
    private double c;

    ScheduleFreeOptimizer(String name, O defaults, List<ParamGroup<O>> groups) {
        super(name, defaults, groups);
    }

    /** γ, T, r and p of {@code options}. */
    abstract Weighting weighting(O options);

    @Override
    protected final void initGroupState(ParamState group, O options) {   // the authors' names and starting values
        group.set("k", 0).set("weight_sum", 0.0).set("lr_max", -1.0).set("scheduled_lr", 0.0).set("train_mode", 1);
    }

    /** Lines (1)–(5): run for every group and step, whether or not any of its parameters has a gradient. */
    @Override
    protected final void updateGroup(ParamGroup<O> group, List<ParamState> states, Probe probe) {
        Weighting w = weighting(group.options());
        ParamState s = group.state();
        double k = s.get("k");
        double sched = k < w.warmupSteps() ? (k + 1) / w.warmupSteps() : 1.0;          // (1) linear warm-up
        double lrT = w.lr() * sched;
        double lrMax = Math.max(lrT, s.get("lr_max"));                                  // (2)
        double weight = Math.pow(k + 1, w.r()) * Math.pow(lrMax, w.weightLrPower());    // (3) wₜ = t^r·γmax^p
        double weightSum = s.get("weight_sum") + weight;                                // (4)
        c = weightSum == 0 ? 0 : weight / weightSum;                                    // (5) c = wₜ / Σw
        s.set("scheduled_lr", lrT).set("lr_max", lrMax).set("weight_sum", weightSum).set("k", k + 1);
        probe.put("lr_t", lrT).put("c", c).put("weight_sum", weightSum);
    }

    /** γₜ of the group being stepped. */
    static double lrT(ParamGroup<?> group) {
        return group.state().get("scheduled_lr");
    }

    /** c_{t+1} of the group being stepped. */
    final double c() {
        return c;
    }

    /**
     * Steps in train mode.
     *
     * @throws IllegalStateException in eval mode (the parameters hold x), as the authors' code refuses
     */
    @Override
    public final void step() {
        if (mode() != Mode.TRAIN) {
            throw new IllegalStateException(name() + " was not in train mode when step() was called: the parameters"
                    + " hold x, the average. Call optimizer.train() before training steps and optimizer.eval() before"
                    + " evaluating.");
        }
        super.step();
    }

    @Override
    public final void train() {
        if (mode() != Mode.TRAIN) {
            switchTo(Mode.TRAIN, "y");
        }
    }

    @Override
    public final void eval() {
        if (mode() != Mode.EVAL) {
            switchTo(Mode.EVAL, "x");
        }
    }

    /** Which sequence the parameters hold: the authors keep it per group ({@code train_mode}); it is saved. */
    @Override
    public final Mode mode() {
        return paramGroups().get(0).state().get("train_mode") != 0 ? Mode.TRAIN : Mode.EVAL;
    }

    /** Copies state buffer {@code which} ("x" or "y") into every parameter that has one. */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    private void switchTo(Mode mode, String which) {
        try (var noGrad = Autograd.noGrad()) {
            for (ParamGroup<O> g : paramGroups()) {
                for (Tensor p : g.params()) {
                    state(p).filter(s -> s.has(which)).ifPresent(s -> p.copyFrom(s.values(which)));
                }
                g.state().set("train_mode", mode == Mode.TRAIN ? 1 : 0);
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
