package dev.jgrad.nn;

import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A building block of a model: it owns parameters and child modules under names and maps an input
 * tensor to an output tensor.
 *
 * <p>Names follow PyTorch's {@code state_dict} keys: a parameter {@code weight} of the child
 * {@code 0} is {@code 0.weight}, so checkpoints line up key for key with a PyTorch model of the same
 * structure. Iteration order is registration order everywhere (parameters before children at each
 * level), which makes {@link #parameters()} a stable list an optimizer can index into.
 *
 * <p>Subclasses register what they own in their constructor with {@link #registerParameter} and
 * {@link #registerModule}, and implement {@link #forward}.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private Mode mode = Mode.TRAIN;
    private String path = "";

    private List<ForwardPreHook> preHooks;  // null while none is registered: call() is then forward()
    private List<ForwardHook> forwardHooks;

    /** Computes this module's output. Hooks do not run: {@link #call} runs them around this. */
    public abstract Tensor forward(Tensor input);

    /** Sees (or replaces, by returning non-null) a module's input before {@link #forward}. */
    @FunctionalInterface
    public interface ForwardPreHook {
        Tensor apply(Module module, Tensor input);
    }

    /** Sees (or replaces, by returning non-null) a module's output after {@link #forward}. */
    @FunctionalInterface
    public interface ForwardHook {
        Tensor apply(Module module, Tensor input, Tensor output);
    }

    /**
     * {@link #forward} with the hooks around it, in registration order (PyTorch's {@code module(x)}):
     * forward-pre hooks may replace the input, forward hooks the output. Containers call their
     * children this way. With no hook registered it is exactly {@code forward(input)}.
     */
    public final Tensor call(Tensor input) {
        if (preHooks == null && forwardHooks == null) {
            return forward(input);
        }
        if (preHooks != null) {
            for (ForwardPreHook h : List.copyOf(preHooks)) {
                Tensor replaced = h.apply(this, input);
                if (replaced != null) {
                    input = replaced;
                }
            }
        }
        Tensor output = forward(input);
        if (forwardHooks != null) {
            for (ForwardHook h : List.copyOf(forwardHooks)) {
                Tensor replaced = h.apply(this, input, output);
                if (replaced != null) {
                    output = replaced;
                }
            }
        }
        return output;
    }

    /** Registers a hook that runs before each {@link #call}; the handle removes it. */
    public final RemovableHandle registerForwardPreHook(ForwardPreHook hook) {
        Objects.requireNonNull(hook, "hook");
        if (preHooks == null) {
            preHooks = new ArrayList<>();
        }
        preHooks.add(hook);
        return () -> {
            if (preHooks != null && preHooks.remove(hook) && preHooks.isEmpty()) {
                preHooks = null;
            }
        };
    }

    /** Registers a hook that runs after each {@link #call}; the handle removes it. */
    public final RemovableHandle registerForwardHook(ForwardHook hook) {
        Objects.requireNonNull(hook, "hook");
        if (forwardHooks == null) {
            forwardHooks = new ArrayList<>();
        }
        forwardHooks.add(hook);
        return () -> {
            if (forwardHooks != null && forwardHooks.remove(hook) && forwardHooks.isEmpty()) {
                forwardHooks = null;
            }
        };
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code value} as parameter {@code name} and returns the parameter tensor (see
     * {@link Parameter#of}); the module should compute with the returned tensor.
     */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkNewName(name);
        Tensor p = Parameter.of(Objects.requireNonNull(value, "registerParameter: value must not be null"));
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers {@code value} as buffer {@code name}: state that is saved and loaded with the
     * parameters (PyTorch's {@code register_buffer}, e.g. batch norm's running statistics) but is
     * not a parameter, so no optimizer sees it. Returns {@code value}; the module updates it in place.
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkNewName(name);
        buffers.put(name, Objects.requireNonNull(value, "registerBuffer: value must not be null"));
        return value;
    }

    /** Registers {@code child} under {@code name} and returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkNewName(name);
        Objects.requireNonNull(child, "registerModule: module must not be null");
        if (child == this) {
            throw new IllegalArgumentException("registerModule: a module cannot contain itself");
        }
        children.put(name, child);
        ((Module) child).assignPath(qualify(path, name));
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module attribute name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || children.containsKey(name) || buffers.containsKey(name)) {
            throw new IllegalArgumentException("module already has an attribute named '" + name + "'");
        }
    }

    /** Re-roots the names used in messages when this module (and so its subtree) gets a parent. */
    private void assignPath(String newPath) {
        path = newPath;
        children.forEach((name, child) -> child.assignPath(qualify(newPath, name)));
    }

    static String qualify(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * Where this module sits in the model it was last added to ({@code "0"}, {@code "encoder.2"}),
     * or {@code ""} for a root. Used to name the layer in error messages.
     */
    public final String path() {
        return path;
    }

    // ---------------------------------------------------------------- traversal

    /**
     * Every parameter of this module and its descendants under its PyTorch key. A tensor shared by
     * several layers appears once, under its first key (PyTorch's {@code named_parameters}).
     */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        allParameters().forEach((k, p) -> {
            if (seen.add(p)) {
                out.put(k, p);
            }
        });
        return out;
    }

    /** Every key, shared tensors under each of their keys: what a state dict holds. */
    final Map<String, Tensor> allParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    /** Parameters and buffers under their keys, each module's parameters then its buffers (PyTorch's order). */
    final Map<String, Tensor> allState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((name, p) -> out.put(qualify(prefix, name), p));
        buffers.forEach((name, b) -> out.put(qualify(prefix, name), b));
        children.forEach((name, child) -> child.collectState(qualify(prefix, name), out));
    }

    private void collectParameters(String prefix, Map<String, Tensor> out) {
        parameters.forEach((name, p) -> out.put(qualify(prefix, name), p));
        children.forEach((name, child) -> child.collectParameters(qualify(prefix, name), out));
    }

    /**
     * The parameter tensors themselves (leaves that require grad), in {@link #namedParameters()}
     * order, each once: the list an optimizer takes.
     */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** This module's own parameters (not its children's), by local name. */
    public final Map<String, Tensor> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The direct children, by local name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module (under {@code ""}) and all descendants, depth-first, under their qualified names. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((name, child) -> child.collectModules(qualify(prefix, name), out));
    }

    /** Calls {@code fn} on every descendant, then on this module (PyTorch's order), and returns this. */
    public final Module apply(Consumer<? super Module> fn) {
        for (Module child : children.values()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Total number of parameter elements, shared parameters counted once. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    // ---------------------------------------------------------------- mode and gradients

    public final Mode mode() {
        return mode;
    }

    /** Sets the mode of this module and all descendants; returns this. */
    public final Module setMode(Mode newMode) {
        Objects.requireNonNull(newMode, "mode");
        apply(m -> m.mode = newMode);
        return this;
    }

    public final Module train() {
        return setMode(Mode.TRAIN);
    }

    public final Module eval() {
        return setMode(Mode.EVAL);
    }

    /**
     * Clears every parameter's gradient (sets it to null, PyTorch's default {@code set_to_none}),
     * so the next backward writes fresh gradients instead of adding to stale ones.
     */
    public final void zeroGrad() {
        for (Tensor p : parameters()) {
            p.setGrad(null);
        }
    }

    // ---------------------------------------------------------------- state dicts

    /**
     * The parameters and buffers under their PyTorch keys, detached: the values share storage with the model
     * (as PyTorch's {@code state_dict}), so save them before training on if a snapshot is meant.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        allState().forEach((k, p) -> out.put(k, p.detach()));
        return out;
    }

    /**
     * Copies values from {@code state} into the parameters with the same keys (converting dtype if
     * needed). Keys are compared in full: a parameter without a value is missing, a value without a
     * parameter is unexpected, and a value of another shape is a mismatch.
     *
     * @return what did not match; with {@link Strictness#STRICT} it is always clean, because any
     *         problem throws {@link StateDictMismatchException} (listing all of them) before
     *         anything is copied
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, Strictness strictness) {
        return StateDictLoading.load(this, state, strictness);
    }

    // ---------------------------------------------------------------- printing

    /** What goes inside the parentheses when printing this module, e.g. layer sizes. */
    protected String extraRepr() {
        return "";
    }

    /** The module's tree as PyTorch prints it, with parameter counts. */
    @Override
    public String toString() {
        return ModuleFormat.format(this);
    }
}
