package dev.jgrad.optim;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What an optimizer remembers about one parameter between steps (PyTorch's {@code optimizer.state[p]}),
 * as a typed object per family instead of a string-keyed map.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SgdState.class, name = "SGD"),
        @JsonSubTypes.Type(value = AdamState.class, name = "Adam")})
public sealed interface ParamState permits SgdState, AdamState {

    /** Number of elements of the parameter this state belongs to. */
    int numel();

    /** A deep copy (state dicts never share arrays with a live optimizer). */
    ParamState copy();
}
