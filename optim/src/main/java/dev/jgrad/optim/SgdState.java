package dev.jgrad.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SGD's memory of one parameter: the momentum buffer b, which does not exist until the first step
 * with momentum (PyTorch's {@code momentum_buffer}, None until then). SGD keeps no step count.
 */
public final class SgdState implements ParamState {
    private final int numel;
    double[] b;

    SgdState(int numel) {
        this.numel = numel;
    }

    @JsonCreator
    public SgdState(@JsonProperty("numel") int numel, @JsonProperty("momentumBuffer") double[] momentumBuffer) {
        if (momentumBuffer != null && momentumBuffer.length != numel) {
            throw new IllegalArgumentException("momentumBuffer has " + momentumBuffer.length + " values for "
                    + numel + " elements");
        }
        this.numel = numel;
        this.b = momentumBuffer == null ? null : momentumBuffer.clone();
    }

    @Override
    @JsonProperty("numel")
    public int numel() {
        return numel;
    }

    /** A copy of the momentum buffer b, or null before the first step with momentum. */
    @JsonProperty("momentumBuffer")
    public double[] momentumBuffer() {
        return b == null ? null : b.clone();
    }

    @Override
    public SgdState copy() {
        return new SgdState(numel, b);
    }
}
