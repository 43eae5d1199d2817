package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A schedule that is a function of the step count t (PyTorch's {@code last_epoch}): StepLR,
 * ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR.
 *
 * <p>Like PyTorch 1.13, most of them are written in "chainable" form: the new rate is computed from the
 * group's current rate (ηₜ = ηₜ₋₁·factor), not from t alone, so that a manual change of lr or another
 * schedule on the same optimizer carries through. Each class documents the closed form it equals when it
 * runs alone; the chainable form is what PyTorch computes, and what matches its recorded rates.
 *
 * <p>Construction performs PyTorch's initial step: t becomes 0 and the rate for t = 0 is applied
 * (for most schedules, the unchanged base rate). Each later {@link #step()} advances t by one.
 */
public abstract sealed class EpochScheduler implements LrScheduler<EpochScheduler.State>
        permits StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR {

    /**
     * Progress of an epoch-based schedule.
     *
     * @param scheduler the class name, checked when loading
     * @param lastEpoch t, the number of steps taken
     * @param baseLrs   each group's base (initial) learning rate
     * @param lastLr    each group's learning rate after the latest step
     */
    public record State(String scheduler, int lastEpoch, double[] baseLrs, double[] lastLr) {}

    final Optimizer<?> optimizer;
    final double[] baseLrs;
    int lastEpoch = -1;
    private double[] lastLr;

    /** Base rates are each group's {@code initialLr}, recorded from its lr if no schedule did so before. */
    EpochScheduler(Optimizer<?> optimizer) {
        this.optimizer = optimizer;
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup<?> g = groups.get(i);
            if (g.initialLr().isEmpty()) {
                g.setInitialLr(g.lr());
            }
            baseLrs[i] = g.initialLr().getAsDouble();
        }
    }

    /** The rate of each group at t = {@link #lastEpoch}, given the groups' current rates (chainable form). */
    abstract double[] chainedLrs();

    /** The closed form at t = {@link #lastEpoch}, from the base rates alone; what a restart at t = 0 uses. */
    abstract double[] closedFormLrs();

    /** Subclass constructors end with this, once their fields are set: t ← 0 and apply the rate for t = 0. */
    final void initialStep() {
        step();
    }

    /** Advances t by one and sets every group's learning rate for the new t. */
    public void step() {
        lastEpoch++;
        apply(chainedLrs());
    }

    /** Jumps to t = 0 using the closed form; {@link SequentialLR} does this when it hands over to this schedule. */
    final void restart() {
        lastEpoch = 0;
        apply(closedFormLrs());
    }

    private void apply(double[] lrs) {
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) {
            // A rate that should reach exactly 0 can land a few ulps below it: LinearLR decaying to
            // endFactor 0 multiplies by 1 + (0 − s)/s, which rounds to about −6e−17. PyTorch keeps that
            // negative rate (a tiny ascent step); jgrad's rates are never negative, so it becomes 0.
            lrs[i] = Math.max(lrs[i], 0.0);
            groups.get(i).setLr(lrs[i]);
        }
        lastLr = lrs;
    }

    /** Each group's current learning rate. */
    final double[] groupLrs() {
        return optimizer.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray();
    }

    /** t: how many times {@link #step()} was called since construction. */
    public final int lastEpoch() {
        return lastEpoch;
    }

    final Optimizer<?> optimizer() {
        return optimizer;
    }

    @Override
    public final List<Double> getLastLr() {
        return Collections.unmodifiableList(Arrays.stream(lastLr).boxed().toList());
    }

    @Override
    public final State stateDict() {
        return new State(getClass().getSimpleName(), lastEpoch, baseLrs.clone(), lastLr.clone());
    }

    @Override
    public final void loadStateDict(State state) {
        if (!getClass().getSimpleName().equals(state.scheduler())) {
            throw new IllegalArgumentException("cannot load the state of a " + state.scheduler() + " into a "
                    + getClass().getSimpleName());
        }
        if (state.baseLrs().length != baseLrs.length || state.lastLr().length != baseLrs.length) {
            throw new IllegalArgumentException("the saved " + state.scheduler() + " has " + state.baseLrs().length
                    + " parameter groups, this one has " + baseLrs.length);
        }
        if (state.lastEpoch() < 0) {
            throw new IllegalArgumentException("Invalid lastEpoch: " + state.lastEpoch() + " (must be >= 0)");
        }
        lastEpoch = state.lastEpoch();
        System.arraycopy(state.baseLrs(), 0, baseLrs, 0, baseLrs.length);
        lastLr = state.lastLr().clone();
    }

    static int atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= " + min + ")");
        }
        return value;
    }

    static double nonNegative(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= 0)");
        }
        return value;
    }
}
