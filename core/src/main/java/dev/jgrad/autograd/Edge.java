package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

/** An op's input together with the rule that turns the output's gradient into the input's. */
public record Edge(Tensor input, LocalGrad grad) {
    public static Edge of(Tensor input, LocalGrad grad) {
        return new Edge(input, grad);
    }
}
