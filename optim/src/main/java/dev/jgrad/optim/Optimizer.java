package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every optimizer shares: parameter groups, {@link #zeroGrad()}, a {@link #step()} that visits each
 * parameter with a gradient, per-parameter state, and the state dict that makes training resumable.
 * The families ({@link SGD}, {@link Adam}, {@link AdamW}) only supply the per-element update rule.
 *
 * <p>Each update works on θ and g as double[] arrays (for float64 parameters, their own storage; for
 * float32 ones, copies owned by the optimizer per parameter, so a dense step allocates nothing) and
 * θ is written back after the loop, which keeps the update loop a plain transcription of the algorithm.
 * A family may instead keep float32 state for float32 parameters and update them in float32, as
 * PyTorch does ({@link AdamFamily} does; {@link SGD} computes in float64 and rounds θ once when
 * writing it back, which agrees with PyTorch to float32 precision).
 *
 * <p>Speed: every element's update depends only on that element, so large parameters are swept in
 * chunks of {@link #CHUNK} elements spread over the kernel threads ({@link KernelThreads}), each
 * chunk updated in place (or, on the float64 path for a float32 parameter, converted to double,
 * updated and written back while it is in cache). The chunks are fixed by
 * the size alone, so the result is the same, bit for bit, for any thread count. A traced optimizer
 * runs its chunks in order on the calling thread, so the trace sees elements in order.
 *
 * @param <O> the family's hyper-parameter record
 * @param <S> the family's per-parameter state
 */
public abstract sealed class Optimizer<O extends OptimizerOptions<O>, S extends ParamState> permits SGD, AdamFamily {

    /**
     * The per-element part of one parameter's update: elements [from, to) of θ and g, each at its own
     * index; θ is updated in place. A family's {@link #update} computes what is the same for every
     * element, then returns this loop, which {@link #step()} runs over all the elements.
     */
    @FunctionalInterface
    interface ElementLoop {
        void run(double[] theta, double[] grad, int from, int to);
    }

    /** {@link ElementLoop} for a float32 parameter updated in float32: θ at thetaOff + i, g at gradOff + i. */
    @FunctionalInterface
    interface FloatLoop {
        void run(float[] theta, int thetaOff, float[] grad, int gradOff, int from, int to);
    }

    /** Elements per chunk of a step: 16 K doubles of θ and of g (256 KiB) stay in L2 while they are updated. */
    static final int CHUNK = 16_384;

    /**
     * A parameter's state plus its scratch copies of θ and g (for updating a float32 or strided
     * parameter in float64, allocated at the first such step); created at its first step with a gradient.
     */
    private static final class Slot<S> {
        final S state;
        private double[] theta;
        private double[] grad;

        Slot(S state) {
            this.state = state;
        }

        double[] theta(int numel) {
            if (theta == null) theta = new double[numel];
            return theta;
        }

        double[] grad(int numel) {
            if (grad == null) grad = new double[numel];
            return grad;
        }
    }

    private final String name;
    private final O defaults;
    private final List<ParamGroup<O>> groups = new ArrayList<>();
    private final Map<Tensor, Slot<S>> slots = new IdentityHashMap<>();

    Optimizer(String name, O defaults, List<ParamGroup<O>> groups) {
        this.name = name;
        this.defaults = java.util.Objects.requireNonNull(defaults, "defaults");
        if (groups.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (ParamGroup<O> g : groups) addParamGroup(g);
    }

    /** The new state of {@code param}, before its first step. */
    abstract S newState(Tensor param, O options);

    /** A loaded state (of this family's class, checked) made fit for {@code param}: a copy, converted if need be. */
    abstract S adopt(ParamState saved, Tensor param);

    /** The family's state class, to reject foreign state when loading. */
    abstract Class<S> stateClass();

    /** How weight decay acts: part of the optimizer's identity in a state dict. */
    public abstract WeightDecay weightDecay();

    /**
     * One step of the family's algorithm for one parameter of {@code numel} elements: updates the
     * per-parameter part of {@code state} (such as the step count) and returns the loop that updates
     * every element of θ (and the per-element state) from g.
     */
    abstract ElementLoop update(ParamGroup<O> group, S state, int numel, int groupIndex, int paramIndex);

    /**
     * For a float32 parameter, the loop that updates it in float32 (with float32 state), or null to
     * update it through {@link #update} in float64. Called instead of {@code update}, never both.
     */
    FloatLoop updateFloat32(ParamGroup<O> group, S state, int numel, int groupIndex, int paramIndex) {
        return null;
    }

    /** Whether a trace is attached, which then sees every element in order. */
    abstract boolean traced();

    /** Whether a trace can report {@code param}'s updates. */
    boolean traceable(Tensor param) {
        return true;
    }

    /** "SGD", "Adam" or "AdamW", as PyTorch's class names. */
    public final String name() {
        return name;
    }

    /** The options {@link #addParamGroup(List)} gives a new group. */
    public final O defaults() {
        return defaults;
    }

    /** The groups, in order (read-only list; each group's options can be changed). */
    public final List<ParamGroup<O>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Adds {@code params} as a new group with the {@link #defaults()}. */
    public final void addParamGroup(List<Tensor> params) {
        addParamGroup(new ParamGroup<>(params, defaults));
    }

    /**
     * Adds a group, e.g. to start training newly unfrozen layers.
     *
     * @throws IllegalArgumentException if one of its tensors is already optimized (by identity)
     */
    public final void addParamGroup(ParamGroup<O> group) {
        Map<Tensor, String> seen = new IdentityHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Tensor> ps = groups.get(gi).params();
            for (int pi = 0; pi < ps.size(); pi++) seen.put(ps.get(pi), "parameter " + pi + " of group " + gi);
        }
        List<Tensor> ps = group.params();
        for (int pi = 0; pi < ps.size(); pi++) {
            String where = seen.putIfAbsent(ps.get(pi), "parameter " + pi + " of the new group");
            if (where != null) {
                throw new IllegalArgumentException("some parameters appear in more than one parameter group: parameter "
                        + pi + " of the new group (shape " + Arrays.toString(ps.get(pi).shape()) + ") is already "
                        + where);
            }
        }
        groups.add(group);
    }

    /** Clears every parameter's gradient to null (PyTorch's {@code zero_grad(set_to_none=True)}, its default since 2.0). */
    public final void zeroGrad() {
        for (ParamGroup<O> g : groups) {
            for (Tensor p : g.params()) p.setGrad(null);
        }
    }

    /**
     * Updates every parameter that has a gradient. A parameter whose gradient is null is skipped
     * entirely: no decay, no state change, no step count.
     */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public final void step() {
        if (traced()) checkTraceable();
        try (var noGrad = Autograd.noGrad()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup<O> group = groups.get(gi);
                List<Tensor> ps = group.params();
                for (int pi = 0; pi < ps.size(); pi++) {
                    Tensor p = ps.get(pi);
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    Slot<S> slot = slots.get(p);
                    if (slot == null) {
                        slot = new Slot<>(newState(p, group.options()));
                        slots.put(p, slot);
                    }
                    // The parameter's dtype decides (its state has that dtype); a gradient of the
                    // other dtype is converted on the way in.
                    FloatLoop floatLoop = p.dtype() == DType.FLOAT32
                            ? updateFloat32(group, slot.state, p.numel(), gi, pi) : null;
                    if (floatLoop != null) sweep(p, grad, floatLoop);
                    else sweep(p, grad, slot, update(group, slot.state, p.numel(), gi, pi));
                }
            }
        }
    }

    /** Refuses, before anything changes, a traced step over a parameter the trace cannot follow. */
    private void checkTraceable() {
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Tensor> ps = groups.get(gi).params();
            for (int pi = 0; pi < ps.size(); pi++) {
                Tensor p = ps.get(pi);
                if (p.grad() != null && !traceable(p)) {
                    throw new IllegalStateException(name + " traces its float64 update only: parameter " + pi + " of group "
                            + gi + " is " + p.dtype() + " (trace float64 parameters, or remove the trace)");
                }
            }
        }
    }

    /** Runs a float32 {@code loop} over every element of θ = {@code p}, in place (via dense copies if strided). */
    private void sweep(Tensor p, Tensor grad, FloatLoop loop) {
        int n = p.numel();
        Tensor g = grad.dtype() != DType.FLOAT32 ? grad.to(DType.FLOAT32).contiguous()
                : grad.isContiguous() ? grad : grad.contiguous();
        Tensor theta = p.isContiguous() ? p : p.contiguous();
        float[] ps = theta.storage().f32(), gs = g.storage().f32();
        int po = theta.offset(), go = g.offset();
        // never traced: step() refuses a trace over parameters that take this path
        KernelThreads.forRanges(n, CHUNK, (from, to) -> loop.run(ps, po, gs, go, from, to));
        if (theta != p) p.copyFrom(theta);
        else p.storage().bumpVersion(); // written in place, as copyFrom would
    }

    /** Runs {@code loop} over every element of θ = {@code p} with gradient {@code grad}, and writes θ back. */
    private void sweep(Tensor p, Tensor grad, Slot<S> slot, ElementLoop loop) {
        int n = p.numel();
        boolean dense = p.isContiguous() && grad.isContiguous();
        int chunk = traced() ? Integer.MAX_VALUE : CHUNK;
        if (dense && p.dtype() == DType.FLOAT64 && grad.dtype() == DType.FLOAT64 && p.offset() == 0 && grad.offset() == 0) {
            double[] theta = p.storage().f64(), g = grad.storage().f64();
            KernelThreads.forRanges(n, chunk, (from, to) -> loop.run(theta, g, from, to));
        } else if (dense && p.dtype() == DType.FLOAT32 && grad.dtype() == DType.FLOAT32) {
            float[] ps = p.storage().f32(), gs = grad.storage().f32();
            int po = p.offset(), go = grad.offset();
            double[] theta = slot.theta(n), g = slot.grad(n);
            KernelThreads.forRanges(n, chunk, (from, to) -> {
                for (int i = from; i < to; i++) theta[i] = ps[po + i];
                for (int i = from; i < to; i++) g[i] = gs[go + i];
                loop.run(theta, g, from, to);
                for (int i = from; i < to; i++) ps[po + i] = (float) theta[i];
            });
        } else {
            double[] theta = slot.theta(n), g = slot.grad(n);
            p.copyTo(theta);
            grad.copyTo(g);
            loop.run(theta, g, 0, n);
            p.copyFrom(theta);
            return;
        }
        p.storage().bumpVersion(); // written in place, as copyFrom would
    }

    /** A copy of the state of {@code param}, empty before its first step (or if it is not optimized here). */
    public final Optional<S> state(Tensor param) {
        Slot<S> slot = slots.get(param);
        return slot == null ? Optional.empty() : Optional.of(stateClass().cast(slot.state.copy()));
    }

    /** A deep copy of everything needed to resume: per-group options and per-parameter state. */
    public final OptimizerState stateDict() {
        List<OptimizerState.Group> out = new ArrayList<>();
        for (ParamGroup<O> g : groups) {
            List<OptimizerState.Param> params = new ArrayList<>();
            for (Tensor p : g.params()) {
                Slot<S> slot = slots.get(p);
                params.add(new OptimizerState.Param(p.shape(), slot == null ? null : slot.state.copy()));
            }
            Double initialLr = g.initialLr().isPresent() ? g.initialLr().getAsDouble() : null;
            out.add(new OptimizerState.Group(g.options(), initialLr, params));
        }
        return new OptimizerState(name, weightDecay(), out);
    }

    /**
     * Restores options and state saved by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes, in the same order. Everything is checked before anything changes.
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    public final void loadStateDict(OptimizerState saved) {
        if (!saved.optimizer().equals(name) || saved.weightDecay() != weightDecay()) {
            throw new IllegalArgumentException("cannot load a state dict saved by " + saved.optimizer() + " (weight decay "
                    + saved.weightDecay() + ") into " + name + " (weight decay " + weightDecay() + ")");
        }
        if (saved.groups().size() != groups.size()) {
            throw new IllegalArgumentException("loaded state dict has " + saved.groups().size()
                    + " parameter groups, the optimizer has " + groups.size());
        }
        List<O> options = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            options.add(checkGroup(gi, saved.groups().get(gi)));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup<O> g = groups.get(gi);
            OptimizerState.Group sg = saved.groups().get(gi);
            g.setOptions(options.get(gi));
            if (sg.initialLr() != null) g.setInitialLr(sg.initialLr());
            for (int pi = 0; pi < g.params().size(); pi++) {
                Tensor p = g.params().get(pi);
                ParamState st = sg.params().get(pi).state();
                if (st == null) slots.remove(p);
                else slots.put(p, new Slot<>(adopt(st, p)));
            }
        }
    }

    private O checkGroup(int gi, OptimizerState.Group sg) {
        ParamGroup<O> g = groups.get(gi);
        if (sg.options() == null || sg.options().getClass() != defaults.getClass()) {
            throw new IllegalArgumentException("group " + gi + " of the loaded state dict has options of type "
                    + (sg.options() == null ? "null" : sg.options().getClass().getSimpleName()) + ", " + name
                    + " needs " + defaults.getClass().getSimpleName());
        }
        if (sg.params().size() != g.params().size()) {
            throw new IllegalArgumentException("group " + gi + " of the loaded state dict has " + sg.params().size()
                    + " parameters, the optimizer's group " + gi + " has " + g.params().size());
        }
        for (int pi = 0; pi < g.params().size(); pi++) {
            int[] shape = g.params().get(pi).shape();
            OptimizerState.Param sp = sg.params().get(pi);
            if (!Arrays.equals(sp.shape(), shape)) {
                throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has shape "
                        + Arrays.toString(sp.shape()) + " in the loaded state dict but " + Arrays.toString(shape)
                        + " in the optimizer");
            }
            ParamState st = sp.state();
            if (st == null) continue;
            if (!stateClass().isInstance(st)) {
                throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has state of type "
                        + st.getClass().getSimpleName() + ", " + name + " needs " + stateClass().getSimpleName());
            }
            int numel = g.params().get(pi).numel();
            if (st.numel() != numel) {
                throw new IllegalArgumentException("parameter " + pi + " of group " + gi + " has state for "
                        + st.numel() + " elements, the parameter has " + numel);
            }
        }
        @SuppressWarnings("unchecked") // same class as defaults, which is an O
        O o = (O) sg.options();
        return o;
    }
}
