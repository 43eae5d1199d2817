package dev.jgrad.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's resumable state, shaped like PyTorch's {@code optimizer.state_dict()}: which optimizer,
 * then per group its options as keyword arguments (including the current learning rate) and per
 * parameter its shape and {@link ParamState} (null before its first step). Parameters are identified by
 * position, as in PyTorch, so the optimizer it is loaded into must list the same shapes in the same
 * order. {@link dev.jgrad.optim.engine.StateFiles} writes it as JSON.
 *
 * @param optimizer   PyTorch's class name, e.g. "AdamW"
 * @param weightDecay how that optimizer applies weight decay
 * @param groups      the parameter groups, in order
 */
public record OptimizerState(String optimizer, WeightDecay weightDecay, List<Group> groups) {

    public OptimizerState {
        groups = List.copyOf(groups);
    }

    /**
     * @param options   the group's hyper-parameters as keyword arguments ({@code lr}, {@code betas}, ...)
     * @param initialLr the schedules' reference rate, or null if no schedule set one
     * @param params    the group's parameters, in order
     * @param state     the group's own state ({@link ParamGroup#state()}: Prodigy's {@code d}, a per-group step
     *                  count), empty for optimizers that keep none
     */
    public record Group(Map<String, Object> options, Double initialLr, List<Param> params, ParamState state) {
        public Group {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            params = List.copyOf(params);
            state = state == null ? ParamState.group() : state.copy();
        }

        /** A group without state of its own (every optimizer that keeps state per parameter only). */
        public Group(Map<String, Object> options, Double initialLr, List<Param> params) {
            this(options, initialLr, params, null);
        }

        @Override
        public ParamState state() {
            return state.copy();
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
