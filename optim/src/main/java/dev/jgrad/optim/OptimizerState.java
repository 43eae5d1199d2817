package dev.jgrad.optim;

import java.util.List;

/**
 * An optimizer's resumable state, as {@link Optimizer#stateDict()} returns it and {@link StateFiles}
 * writes it: which optimizer, then per group its options (including the current learning rate) and
 * per parameter its shape and state (null before its first step). Parameters are identified by
 * position, as in PyTorch, so the optimizer it is loaded into must list the same shapes in the same order.
 *
 * @param optimizer   "SGD", "Adam" or "AdamW"
 * @param weightDecay how that optimizer applies weight decay
 * @param groups      the parameter groups, in order
 */
public record OptimizerState(String optimizer, WeightDecay weightDecay, List<Group> groups) {

    public OptimizerState {
        groups = List.copyOf(groups);
    }

    /**
     * @param options   the group's hyper-parameters
     * @param initialLr the schedules' reference rate, or null if no schedule set one
     * @param params    the group's parameters, in order
     */
    public record Group(OptimizerOptions<?> options, Double initialLr, List<Param> params) {
        public Group {
            params = List.copyOf(params);
        }
    }

    /**
     * @param shape the parameter's shape, checked when loading
     * @param state its state, or null if it never had a gradient
     */
    public record Param(int[] shape, ParamState state) {
        public Param {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }
}
