package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Modules applied one after another; child {@code i} is registered under the name {@code "i"}, so
 * keys read {@code 0.weight}, {@code 2.bias}, exactly as for PyTorch's {@code nn.Sequential}.
 *
 * <p>A {@link Linear} directly followed by a {@link ReLU} runs as one op,
 * {@code Affine.linearRelu}: the same values as the two in turn, with the maximum taken as the
 * product is stored instead of in a second pass over a new tensor.
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) registerModule(Integer.toString(i), this.layers.get(i));
    }

    @Override
    public Tensor forward(Tensor x) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear linear && i + 1 < layers.size() && layers.get(i + 1) instanceof ReLU) {
                x = linear.forwardRelu(x);
                i++; // the ReLU is done
            } else {
                x = layers.get(i).forward(x);
            }
        }
        return x;
    }

    /** Layer {@code i}. */
    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return layers;
    }
}
