package dev.jgrad.optim;

/** Removes the hook it was returned for; closing twice is harmless. */
@FunctionalInterface
public interface HookHandle extends AutoCloseable {
    /** Removes the hook. */
    void remove();

    @Override
    default void close() {
        remove();
    }
}
