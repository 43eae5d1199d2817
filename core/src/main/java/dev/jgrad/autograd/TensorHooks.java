package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Gradient hooks of tensors ({@link Tensor#registerHook}), kept outside {@link Tensor} so that a tensor
 * without hooks carries nothing. Backward asks {@link #any()} first: while no hook is registered
 * anywhere it is one read of a counter per tensor, and the table is never consulted.
 *
 * <p>The table is weak in its keys (a tensor's identity: Tensor does not override equals), so a
 * tensor that is no longer reachable takes its hooks with it.
 */
public final class TensorHooks {
    private static final Map<Tensor, List<UnaryOperator<Tensor>>> HOOKS = new WeakHashMap<>();
    private static final AtomicInteger REGISTERED = new AtomicInteger();

    private TensorHooks() {}

    /** Registers {@code hook} on {@code t}; called by {@link Tensor#registerHook}. */
    public static RemovableHandle register(Tensor t, UnaryOperator<Tensor> hook) {
        if (!t.requiresGrad()) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor of shape " + Shape.str(t.shape())
                    + " that does not require grad (call requiresGrad(true) first)");
        }
        Objects.requireNonNull(hook, "hook");
        synchronized (HOOKS) {
            HOOKS.computeIfAbsent(t, k -> new ArrayList<>()).add(hook);
        }
        REGISTERED.incrementAndGet();
        boolean[] removed = {false};
        return () -> {
            synchronized (HOOKS) {
                if (removed[0]) {
                    return;
                }
                removed[0] = true;
                List<UnaryOperator<Tensor>> list = HOOKS.get(t);
                if (list != null && list.remove(hook) && list.isEmpty()) {
                    HOOKS.remove(t);
                }
            }
            REGISTERED.decrementAndGet();
        };
    }

    /** Whether any tensor has a hook: the engine's zero-cost test. */
    static boolean any() {
        return REGISTERED.get() > 0;
    }

    /**
     * Runs {@code t}'s hooks in registration order on its gradient {@code g}; a hook returning null
     * leaves the gradient as it is. A replacement must have {@code t}'s shape and dtype.
     */
    static Tensor apply(Tensor t, Tensor g) {
        List<UnaryOperator<Tensor>> hooks;
        synchronized (HOOKS) {
            List<UnaryOperator<Tensor>> list = HOOKS.get(t);
            if (list == null) {
                return g;
            }
            hooks = List.copyOf(list);
        }
        for (UnaryOperator<Tensor> hook : hooks) {
            Tensor replaced = hook.apply(g);
            if (replaced == null) {
                continue;
            }
            if (!Arrays.equals(replaced.shape(), t.shape()) || replaced.dtype() != t.dtype()) {
                throw new IllegalStateException("hook: a hook on " + describe(t) + " returned a gradient "
                        + Shape.str(replaced.shape()) + " " + replaced.dtype() + "; it must return one of the tensor's "
                        + "shape and dtype, " + Shape.str(t.shape()) + " " + t.dtype() + " (or null to keep the gradient)");
            }
            g = replaced;
        }
        return g;
    }

    /** "the leaf tensor [2, 3]" or "the output of 'mul' [2, 3]". */
    static String describe(Tensor t) {
        return t.gradFn() == null ? "the leaf tensor " + Shape.str(t.shape())
                : "the output of '" + t.gradFn().op() + "' " + Shape.str(t.shape());
    }
}
