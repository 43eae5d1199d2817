package dev.jgrad.optim;

import dev.jgrad.optim.engine.Kwargs;
/**
 * The hyper-parameters of one parameter group, as PyTorch keeps them in {@code param_groups[i]}: a record
 * per optimizer, whose components are PyTorch's keyword arguments in camelCase ({@code weightDecay} is
 * {@code weight_decay}; a tuple such as {@code betas} is the components {@code beta1, beta2}). That naming
 * is all a state dict, a replay file or the command line needs to read and write them ({@link Kwargs}).
 * Every optimizer has a learning rate, which is what schedules change.
 *
 * @param <O> the record type itself, so that {@link #withLr} keeps it
 */
public interface OptimizerOptions<O extends OptimizerOptions<O>> {

    /** The learning rate γ. */
    double lr();

    /** The same options with another learning rate, validated like the constructor. */
    default O withLr(double lr) {
        return Kwargs.with(this, "lr", lr);
    }
}
