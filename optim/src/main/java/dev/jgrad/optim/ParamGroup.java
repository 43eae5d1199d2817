package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Parameters that share hyper-parameters, like one entry of PyTorch's {@code optimizer.param_groups}.
 * The options are mutable as a whole (records are replaced, never edited), because schedules change
 * the learning rate between steps exactly as PyTorch's schedulers assign {@code group['lr']}.
 *
 * @param <O> the optimizer family's options record
 */
public final class ParamGroup<O extends OptimizerOptions<O>> {
    private final List<Tensor> params;
    private final ParamState state = ParamState.group();
    private O options;
    private double initialLr = Double.NaN;

    /**
     * @throws IllegalArgumentException if {@code params} is empty or holds a non-leaf tensor (its value is
     *                                  computed from others, so updating it in place would be meaningless)
     */
    public ParamGroup(List<Tensor> params, O options) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Tensor (parameter " + i + ", made by '"
                        + p.gradFn().op() + "')");
            }
        }
        this.params = List.copyOf(params);
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The tensors, in the order the optimizer visits them (and the state dict lists them). */
    public List<Tensor> params() {
        return params;
    }

    /**
     * The group's own state, live (not a copy), as PyTorch keeps it in {@code param_groups[i]}: what a rule
     * remembers per group rather than per parameter (Prodigy's {@code d}, Adan's step count). The optimizer
     * declares it in {@link Optimizer#initGroupState} and updates it in {@link Optimizer#updateGroup}; state
     * dicts save and load it. Empty for rules that keep none. A group belongs to one optimizer.
     */
    public ParamState state() {
        return state;
    }

    /** The group's hyper-parameters. */
    public O options() {
        return options;
    }

    /** Replaces the group's hyper-parameters (validated by their record's constructor). */
    public void setOptions(O options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The group's learning rate. */
    public double lr() {
        return options.lr();
    }

    /** What a schedule does each step; validated like the options constructor. */
    public void setLr(double lr) {
        options = options.withLr(lr);
    }

    /**
     * The learning rate the first schedule found here ({@code group['initial_lr']} in PyTorch); the
     * schedules' base rates, and the reference for AdamW's schedule multiplier η = lr / initialLr.
     * Empty until a schedule is attached.
     */
    public OptionalDouble initialLr() {
        return Double.isNaN(initialLr) ? OptionalDouble.empty() : OptionalDouble.of(initialLr);
    }

    /** Sets {@link #initialLr()} unconditionally (OneCycleLR does; other schedules only fill it in once). */
    public void setInitialLr(double initialLr) {
        this.initialLr = Check.nonNegative("initial learning rate", initialLr);
    }

    /** η_t = lr / initialLr, or 1 when no schedule has recorded an initial rate (or it is 0). */
    double scheduleMultiplier() {
        return Double.isNaN(initialLr) || initialLr == 0 ? 1.0 : options.lr() / initialLr;
    }
}
