package dev.jgrad.autograd;

/**
 * The scope in which graphs are built to be differentiated more than once ({@link Autograd#higherOrder}).
 * An op with a fused backward that is not made of ops (the fused cross-entropy) records its composite,
 * twice-differentiable form instead while it is open. Per thread; scopes nest.
 */
public final class HigherOrder implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ON = ThreadLocal.withInitial(() -> new boolean[1]);
    private final boolean previous;

    HigherOrder() {
        boolean[] on = ON.get();
        previous = on[0];
        on[0] = true;
    }

    static boolean isOn() {
        return ON.get()[0];
    }

    @Override
    public void close() {
        ON.get()[0] = previous;
    }
}
