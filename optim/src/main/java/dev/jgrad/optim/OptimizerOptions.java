package dev.jgrad.optim;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The hyper-parameters of one parameter group, as PyTorch keeps them in {@code param_groups[i]}.
 * Every family has its own record; all of them have a learning rate, which is what schedules change.
 *
 * @param <O> the record type itself, so that {@link #withLr} keeps it
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SgdOptions.class, name = "SGD"),
        @JsonSubTypes.Type(value = AdamOptions.class, name = "Adam")})
public sealed interface OptimizerOptions<O extends OptimizerOptions<O>> permits SgdOptions, AdamOptions {

    /** The learning rate γ. */
    double lr();

    /** The same options with another learning rate (validated like the constructor). */
    O withLr(double lr);
}
