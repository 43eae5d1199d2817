package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.optim.engine.Hooks;
import dev.jgrad.optim.engine.OptimizerStates;
import dev.jgrad.optim.engine.Sweep;
import dev.jgrad.optim.engine.Trace;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every optimizer shares, in PyTorch's shape: parameter groups, {@link #zeroGrad()}, a {@link #step()}
 * that visits each parameter with a gradient, per-parameter and per-group state, and the state dict that makes
 * training resumable. An optimizer (built in, or your own in your own package) supplies only its rule.
 *
 * <h2>The contract</h2>
 * Per parameter, in the order {@link #step()} calls them:
 * <ol>
 * <li>{@link #initState(ParamState, OptimizerOptions) initState(state, options)} (required): declares what the
 *     rule remembers per parameter, with PyTorch's names ({@link ParamState}); buffers start at zero. Called at a
 *     parameter's first step with a gradient, and again on a scratch state when a state dict is loaded, to check
 *     that the loaded one has every buffer declared here: so it uses only its arguments.</li>
 * <li>{@link #initFromGradient initFromGradient(state, options, grad)} (optional): right after
 *     {@code initState}, with a dense float64 copy of that first gradient, for state that starts from
 *     g₁ (Adan's {@code neg_pre_grad ← −g₁}) instead of zero: no {@code t == 1} special case in the loop.
 *     Declare the buffer in {@code initState} (zeros) and fill it here.</li>
 * <li>{@link #update update(group, state, probe)} (required): the numbers that are the same for every element of
 *     one step (t, bias corrections, ...), then the per-element loop over θ and g in float64, which the framework
 *     runs (chunked over the kernel threads unless {@link #coupling()} says {@link Coupling#PER_TENSOR}).</li>
 * <li>{@link #updateFloat32} (optional): the same loop in float32 for float32 parameters (then
 *     {@link #stateDtype} says the state is float32 too). Speed belongs there or in a kernel, never in the
 *     float64 reference loop.</li>
 * </ol>
 * Per group:
 * <ol>
 * <li>{@link #initGroupState initGroupState(groupState, options)} (optional): declares what the rule remembers
 *     per group ({@link ParamGroup#state()}: Prodigy's {@code d}, a per-group step count, weight sums), when the
 *     group is added (also from the constructor, so it uses only its arguments). State dicts save and load it
 *     next to the group's options.</li>
 * <li>{@link #updateGroup updateGroup(group, states, probe)} (optional): once per group and step, before
 *     the group's parameters are updated, with the states of the parameters that have a gradient (null for
 *     the others, already initialised): a pass over the whole group (Prodigy's estimate of d, Adan's
 *     {@code group['step'] += 1}). {@code update} then reads {@code group.state()}.</li>
 * </ol>
 * Validation belongs to the options record's constructor, with {@link Check}'s PyTorch-worded messages.
 * Numbers a tool such as {@code explain} should show are reported with {@code probe.put(name, value)}, under
 * the box's names; an untraced step passes {@link Probe#OFF}, which costs nothing.
 *
 * <p>Everything else is the framework's ({@code dev.jgrad.optim.engine}): skipping null gradients, the no-grad
 * scope, chunking over the kernel threads with the same bits for any thread count, dtype conversion, version
 * bumps, state dicts and traces. A rule joins the command-line tools by its {@link OptimizerRegistry.Entry}:
 * built-ins in {@link OptimizerRegistry}, your own through an {@link OptimizerProvider} named in your jar's
 * {@code META-INF/services/dev.jgrad.optim.OptimizerProvider}. {@code docs/optimizers/write-your-own.md} writes
 * RMSprop this way in about thirty lines.
 *
 * @param <O> the optimizer's hyper-parameter record
 */
public abstract class Optimizer<O extends OptimizerOptions<O>> {

    /** Elements [from, to) of θ and g, updated in place; the loop {@link #update} returns. */
    @FunctionalInterface
    public interface ElementLoop {
        void run(double[] theta, double[] grad, int from, int to);
    }

    /** {@link ElementLoop} in float32: θ at {@code thetaOff + i}, g at {@code gradOff + i}. */
    @FunctionalInterface
    public interface FloatLoop {
        void run(float[] theta, int thetaOff, float[] grad, int gradOff, int from, int to);
    }

    /** Re-evaluates the model for optimizers that need it (LBFGS): clears grads, computes the loss, backward. */
    @FunctionalInterface
    public interface Closure {
        double evaluate();
    }

    private final String name;
    private final O defaults;
    private final List<ParamGroup<O>> groups = new ArrayList<>();
    private final Map<Tensor, ParamState> states = new IdentityHashMap<>();
    private final Hooks<Optimizer<O>> preHooks = new Hooks<>(), postHooks = new Hooks<>();
    private final Sweep sweep = new Sweep();
    private Trace trace;

    /** {@code name} as PyTorch's class name; {@code defaults} are for {@link #addParamGroup(List)}. */
    protected Optimizer(String name, O defaults, List<ParamGroup<O>> groups) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        for (ParamGroup<O> g : groups) {
            addParamGroup(g);
        }
    }

    /**
     * Declares the state of a parameter at its first step with a gradient (buffers start at zero); also called on a
     * scratch state to check a loaded state dict, so it reads nothing but its arguments.
     */
    protected abstract void initState(ParamState state, O options);

    /**
     * Fills state that starts from the first gradient rather than from zero, right after {@link #initState} and
     * before the first {@link #update}: {@code grad} is a dense float64 copy of the parameter's gradient (row-major,
     * {@code maximize} not applied). Does nothing unless overridden.
     */
    protected void initFromGradient(ParamState state, O options, double[] grad) {
    }

    /**
     * Declares the state of {@code group} as a whole ({@link ParamGroup#state()}), when the group is added to the
     * optimizer (also from the constructor: read nothing but the arguments). Does nothing unless overridden.
     */
    protected void initGroupState(ParamState groupState, O options) {
    }

    /**
     * Once per group and step, before the group's parameters are updated: what the rule computes over the whole
     * group (its step count, Prodigy's d). {@code states.get(i)} is the state of {@code group.params().get(i)} if
     * that parameter has a gradient this step (created already), else null. Numbers reported to {@code probe} are
     * the group's (a trace row with parameter −1). Does nothing unless overridden.
     */
    protected void updateGroup(ParamGroup<O> group, List<ParamState> states, Probe probe) {
    }

    /**
     * One step of the rule for one parameter: updates its per-parameter state (such as the step count),
     * computes what is the same for every element, and returns the loop over the elements.
     */
    protected abstract ElementLoop update(ParamGroup<O> group, ParamState state, Probe probe);

    /** The float32 loop, called instead of {@link #update} when {@link #stateDtype} gives FLOAT32. */
    protected FloatLoop updateFloat32(ParamGroup<O> group, ParamState state, Probe probe) {
        throw new UnsupportedOperationException(name + " has no float32 loop: stateDtype must return FLOAT64");
    }

    /** The dtype the rule computes in for {@code param}: FLOAT64 unless the optimizer has a float32 loop. */
    protected DType stateDtype(Tensor param) {
        return DType.FLOAT64;
    }

    /** How the rule's elements depend on each other; {@link Coupling#PER_TENSOR} disables chunking. */
    protected Coupling coupling() {
        return Coupling.ELEMENTWISE;
    }

    /**
     * Whether {@link #step()} alone cannot work because the rule re-evaluates the loss within a step (LBFGS): then
     * only {@link #step(Closure)} does. False for every rule that needs one gradient per step.
     */
    public boolean requiresClosure() {
        return false;
    }

    /** How weight decay acts; saved in the state dict. Coupled L2 (g ← g + λθ) unless the rule says otherwise. */
    public WeightDecay weightDecay() {
        return WeightDecay.COUPLED_L2;
    }

    /**
     * Updates every parameter that has a gradient. A parameter whose gradient is null is skipped
     * entirely: no decay, no state change, no step count.
     */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public void step() {
        beforeStep();
        sweep.begin(coupling(), trace);
        try (var noGrad = Autograd.noGrad()) {
            for (int gi = 0; gi < groups.size(); gi++) {
                ParamGroup<O> group = groups.get(gi);
                List<ParamState> live = new ArrayList<>(group.params().size());
                for (Tensor p : group.params()) {
                    live.add(p.grad() == null ? null : states.computeIfAbsent(p, k -> newState(k, group.options())));
                }
                updateGroup(group, Collections.unmodifiableList(live), sweep.groupProbe(gi));
                sweep.endGroup();
                for (int pi = 0; pi < group.params().size(); pi++) {
                    Tensor p = group.params().get(pi);
                    ParamState s = live.get(pi);
                    if (s == null) {
                        continue;
                    }
                    Probe probe = sweep.probe(gi, pi);
                    if (s.dtype() == DType.FLOAT32) {
                        sweep.run(p, p.grad(), updateFloat32(group, s, probe));
                    } else {
                        sweep.run(p, p.grad(), update(group, s, probe));
                    }
                }
            }
        }
        afterStep();
    }

    /** Runs the step pre-hooks; an optimizer that overrides {@link #step(Closure)} calls it first. */
    protected final void beforeStep() {
        preHooks.run(this);
    }

    /** Runs the step post-hooks; an optimizer that overrides {@link #step(Closure)} calls it last. */
    protected final void afterStep() {
        postHooks.run(this);
    }

    /** PyTorch's {@code step(closure)}: evaluates the closure with gradients on, steps, returns the loss. */
    public double step(Closure closure) {
        double loss = closure.evaluate();
        step();
        return loss;
    }

    /**
     * The live state of {@code param}, declared by {@link #initState} with {@code options} on first use: for
     * optimizers that drive their own step (LBFGS keeps its whole memory in its first parameter's state).
     */
    protected final ParamState liveState(Tensor param, O options) {
        return states.computeIfAbsent(param, k -> newState(k, options));
    }

    private ParamState newState(Tensor p, O options) {
        ParamState s = declaredState(p, options);
        if (p.grad() != null) {
            double[] g = new double[p.numel()];
            p.grad().copyTo(g);
            initFromGradient(s, options, g);
        }
        return s;
    }

    private ParamState declaredState(Tensor p, O options) {
        ParamState s = new ParamState(stateDtype(p), p.shape());
        initState(s, options);
        return s;
    }

    /** Reports every number of every update to {@code trace} (null turns it off); traced steps run the scalar loops. */
    public final void trace(Trace trace) {
        this.trace = trace;
    }

    /** Runs {@code hook} before every step; close the handle to remove it. */
    public final RemovableHandle registerStepPreHook(Consumer<? super Optimizer<O>> hook) {
        return preHooks.add(hook);
    }

    /** Runs {@code hook} after every step; close the handle to remove it. */
    public final RemovableHandle registerStepPostHook(Consumer<? super Optimizer<O>> hook) {
        return postHooks.add(hook);
    }

    /** PyTorch's class name: "SGD", "Adam", "AdamW", ... */
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

    /** Adds a group, e.g. to train newly unfrozen layers; refuses a tensor that is already optimized. */
    public final void addParamGroup(ParamGroup<O> group) {
        OptimizerStates.checkDisjoint(groups, group);
        initGroupState(group.state(), group.options());
        groups.add(group);
    }

    /** Clears every parameter's gradient to null (PyTorch's {@code zero_grad(set_to_none=True)}, its default since 2.0). */
    public final void zeroGrad() {
        for (ParamGroup<O> g : groups) {
            for (Tensor p : g.params()) {
                p.setGrad(null);
            }
        }
    }

    /** A copy of the state of {@code param}, empty before its first step (or if it is not optimized here). */
    public final Optional<ParamState> state(Tensor param) {
        ParamState s = states.get(param);
        return s == null ? Optional.empty() : Optional.of(s.copy());
    }

    /** A deep copy of everything needed to resume: per-group options and per-parameter state. */
    public final OptimizerState stateDict() {
        return OptimizerStates.save(name, weightDecay(), groups, states);
    }

    /**
     * Restores what {@link #stateDict()} saved from an optimizer of the same kind over parameters of the same
     * shapes in the same order. Everything is checked before anything changes.
     *
     * @throws IllegalArgumentException naming the first mismatch
     */
    public final void loadStateDict(OptimizerState saved) {
        OptimizerStates.load(saved, new Declared(), groups, states);
        sweep.clear();
    }

    /** What this optimizer declares, for checking a state dict before loading it. */
    private final class Declared implements OptimizerStates.Declared<O> {
        @Override
        public String name() {
            return name;
        }

        @Override
        public WeightDecay weightDecay() {
            return Optimizer.this.weightDecay();
        }

        @Override
        @SuppressWarnings("unchecked") // the defaults' own record class
        public Class<O> optionsType() {
            return (Class<O>) defaults.getClass();
        }

        @Override
        public ParamState paramState(Tensor param, O options) {
            return declaredState(param, options);
        }

        @Override
        public ParamState groupState(O options) {
            ParamState s = ParamState.group();
            initGroupState(s, options);
            return s;
        }
    }
}
