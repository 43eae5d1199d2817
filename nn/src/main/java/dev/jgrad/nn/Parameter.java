package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

/**
 * Makes parameters: leaf tensors that require grad.
 *
 * <p>jgrad's {@link Tensor} is final, so a parameter is not a subclass as in PyTorch but a plain
 * leaf tensor with {@code requiresGrad() == true}. That is deliberate: optimizers take
 * {@code List<Tensor>} and update exactly the tensors the module computes with.
 */
public final class Parameter {
    private Parameter() {}

    /**
     * {@code data} itself if it is a leaf (now requiring grad), else a leaf sharing its storage,
     * cut from the graph that produced it (like {@code nn.Parameter(t)}: a parameter has no history).
     */
    public static Tensor of(Tensor data) {
        Tensor leaf = data.isLeaf() ? data : data.detach();
        return leaf.requiresGrad(true);
    }
}
