package dev.jgrad.learn.train;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;

import java.util.Locale;
import java.util.Objects;

/**
 * The two models of the MNIST example, as {@link ModelFactory}s. Both are {@link Sequential}s
 * without a {@code Flatten} (the trainer feeds rows of pixels), so their state-dict keys are those
 * of the PyTorch reference model {@code nn.Sequential(nn.Linear(784, H), nn.ReLU(), nn.Linear(H, 10))}:
 * {@code 0.weight, 0.bias, 2.weight, 2.bias}.
 *
 * @param kind {@link Kind#MLP} (784→hidden→10 with ReLU) or {@link Kind#LINEAR} (784→10)
 * @param inputs pixels per image
 * @param hidden width of the MLP's hidden layer (ignored by the linear model)
 * @param classes number of classes
 */
public record ModelSpec(Kind kind, int inputs, int hidden, int classes) implements ModelFactory {
    /** Which architecture. */
    public enum Kind {
        /** Two layers: Linear(inputs, hidden), ReLU, Linear(hidden, classes). */
        MLP,
        /** One layer, softmax regression: Linear(inputs, classes) ("SimpleNet"). */
        LINEAR;

        /** The command-line spelling: {@code mlp} or {@code linear}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Default hidden width of the MLP. */
    public static final int DEFAULT_HIDDEN = 500;

    /** Checks the sizes. */
    public ModelSpec {
        Objects.requireNonNull(kind, "kind");
        if (inputs <= 0 || classes <= 0 || (kind == Kind.MLP && hidden <= 0)) {
            throw new IllegalArgumentException("model sizes must be positive, got inputs=" + inputs + ", hidden="
                    + hidden + ", classes=" + classes);
        }
        if (kind == Kind.LINEAR) {
            hidden = 0;
        }
    }

    /** The default MNIST MLP, 784→500→10. */
    public static ModelSpec mlp(int hidden) {
        return new ModelSpec(Kind.MLP, 784, hidden, 10);
    }

    /** The linear MNIST model, 784→10. */
    public static ModelSpec linear() {
        return new ModelSpec(Kind.LINEAR, 784, 0, 10);
    }

    @Override
    public Module build(Generator gen) {
        return switch (kind) {
            case MLP -> new Sequential(new Linear(inputs, hidden, gen), new ReLU(), new Linear(hidden, classes, gen));
            case LINEAR -> new Sequential(new Linear(inputs, classes, gen));
        };
    }

    @Override
    public String id() {
        return kind == Kind.MLP ? "mlp-" + inputs + "-" + hidden + "-" + classes : "linear-" + inputs + "-" + classes;
    }
}
