package dev.jgrad.optim.schedule;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs schedules one after another, switching at the given milestones, as
 * {@code torch.optim.lr_scheduler.SequentialLR}; the usual use is a warm-up followed by a decay:
 * <pre>{@code
 * var warmup = new LinearLR(optimizer, 0.1, 1.0, 5);
 * var cosine = new CosineAnnealingLR(optimizer, 95);
 * var schedule = new SequentialLR(optimizer, List.of(warmup, cosine), 5);
 * }</pre>
 * Schedule k governs steps milestone[k−1] ≤ t &lt; milestone[k]. At its milestone a schedule starts over
 * at its own t = 0 from its closed form, i.e. from the base rate: above, the cosine begins at exactly
 * η₀ on step 5, wherever the warm-up ended. The schedules' own construction-time steps are undone, so
 * at t = 0 the rate is the first schedule's rate for its t = 0.
 */
public final class SequentialLR implements LrScheduler<SequentialLR.State> {

    /**
     * @param lastEpoch the overall step count
     * @param lastLr    each group's learning rate after the latest step
     * @param children  the schedules' own progress, in order
     */
    public record State(int lastEpoch, double[] lastLr, List<EpochScheduler.State> children) {}

    private final List<EpochScheduler> schedulers;
    private final int[] milestones;
    private int lastEpoch;
    private List<Double> lastLr;

    /**
     * @param schedulers at least one, all on {@code optimizer}
     * @param milestones one fewer than schedulers, strictly increasing and positive
     */
    public SequentialLR(Optimizer<?> optimizer, List<? extends EpochScheduler> schedulers, int... milestones) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("SequentialLR expects at least one scheduler");
        }
        for (int k = 0; k < schedulers.size(); k++) {
            if (schedulers.get(k).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR expects all schedulers to belong to the same optimizer, "
                        + "but scheduler " + k + " (" + schedulers.get(k).getClass().getSimpleName()
                        + ") belongs to another one");
            }
        }
        if (milestones.length != schedulers.size() - 1) {
            throw new IllegalArgumentException("SequentialLR expects one milestone fewer than schedulers, got "
                    + schedulers.size() + " schedulers and " + milestones.length + " milestones");
        }
        for (int k = 0; k < milestones.length; k++) {
            if (milestones[k] <= (k == 0 ? 0 : milestones[k - 1])) {
                throw new IllegalArgumentException("SequentialLR milestones must be positive and strictly increasing, got "
                        + Arrays.toString(milestones));
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        // Every schedule already applied its own t = 0 when it was built; undo that and start over with the first.
        for (ParamGroup<?> g : optimizer.paramGroups()) {
            g.setLr(g.initialLr().orElse(g.lr()));
        }
        for (EpochScheduler s : this.schedulers) {
            s.lastEpoch--;
        }
        this.schedulers.get(0).initialStep();
        lastLr = this.schedulers.get(0).getLastLr();
    }

    /** Advances t and lets the schedule whose interval contains t set the rate. */
    public void step() {
        lastEpoch++;
        int k = active(lastEpoch);
        EpochScheduler s = schedulers.get(k);
        if (k > 0 && milestones[k - 1] == lastEpoch) {
            s.restart();
        } else {
            s.step();
        }
        lastLr = s.getLastLr();
    }

    /** Index of the schedule for step t: the number of milestones ≤ t. */
    private int active(int t) {
        int k = 0;
        while (k < milestones.length && milestones[k] <= t) {
            k++;
        }
        return k;
    }

    public int lastEpoch() {
        return lastEpoch;
    }

    @Override
    public List<Double> getLastLr() {
        return lastLr;
    }

    @Override
    public State stateDict() {
        List<EpochScheduler.State> children = new ArrayList<>();
        for (EpochScheduler s : schedulers) {
            children.add(s.stateDict());
        }
        return new State(lastEpoch, lastLr.stream().mapToDouble(Double::doubleValue).toArray(), children);
    }

    @Override
    public void loadStateDict(State state) {
        if (state.children().size() != schedulers.size()) {
            throw new IllegalArgumentException("the saved SequentialLR has " + state.children().size()
                    + " schedulers, this one has " + schedulers.size());
        }
        for (int k = 0; k < schedulers.size(); k++) {
            schedulers.get(k).loadStateDict(state.children().get(k));
        }
        lastEpoch = state.lastEpoch();
        lastLr = Arrays.stream(state.lastLr()).boxed().toList();
    }
}
