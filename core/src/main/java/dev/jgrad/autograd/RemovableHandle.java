package dev.jgrad.autograd;

/**
 * What registering a hook returns: {@link #remove()} takes the hook out again (removing twice does
 * nothing). Also {@link AutoCloseable}, so a hook can live for one try-with-resources block.
 */
public interface RemovableHandle extends AutoCloseable {
    void remove();

    @Override
    default void close() {
        remove();
    }
}
