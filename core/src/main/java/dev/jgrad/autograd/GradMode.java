package dev.jgrad.autograd;

/**
 * Whether ops record themselves in the graph, per thread. {@link Autograd#noGrad()} turns recording
 * off for a try-with-resources block and restores the previous setting on close, so scopes nest.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean previous;

    GradMode(boolean enabled) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enabled;
    }

    static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    @Override
    public void close() {
        ENABLED.get()[0] = previous;
    }
}
