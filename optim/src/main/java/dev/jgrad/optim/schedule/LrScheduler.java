package dev.jgrad.optim.schedule;

import java.util.List;

/**
 * Something that sets the learning rate of an optimizer's parameter groups between steps, as PyTorch's
 * schedulers assign {@code param_group['lr']}. Call it after {@code optimizer.step()}.
 *
 * <p>Its progress is a small record ({@code S}) for checkpoints: save it together with the optimizer's
 * state dict (which holds the groups' current learning rates) and load both to resume exactly.
 *
 * @param <S> the record that {@link #stateDict()} returns
 */
public sealed interface LrScheduler<S> permits EpochScheduler, SequentialLR, ReduceLROnPlateau {

    /** The learning rate of each group after the latest step (or construction). */
    List<Double> getLastLr();

    S stateDict();

    /** Restores progress saved by {@link #stateDict()} of a scheduler built the same way. */
    void loadStateDict(S state);
}
