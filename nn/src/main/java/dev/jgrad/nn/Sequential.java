package dev.jgrad.nn;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Modules applied one after another; child {@code i} is registered under the name {@code "i"}, so
 * keys read {@code 0.weight}, {@code 2.bias}, exactly as for PyTorch's {@code nn.Sequential}.
 */
public final class Sequential extends Module {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    public Sequential(List<? extends Module> layers) {
        this.layers = List.copyOf(layers);
        for (int i = 0; i < this.layers.size(); i++) {
            registerModule(Integer.toString(i), this.layers.get(i));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module layer : layers) {
            x = layer.call(x);
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
