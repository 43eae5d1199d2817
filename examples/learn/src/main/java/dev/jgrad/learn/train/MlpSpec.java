package dev.jgrad.learn.train;

import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An MLP of any depth ({@code --layers 784,256,256,10}): per hidden layer Linear, then BatchNorm1d
 * ({@code --batch-norm}), the activation, then Dropout ({@code --dropout P}, P above 0); the last Linear
 * gives the logits. With the defaults (ReLU, default init, no batch norm, no dropout) it builds the
 * very modules, in the same order and from the same random draws, as {@link ModelSpec}'s MLP, so
 * {@code --layers 784,500,10} trains bit for bit as the default run (tested), under the same id.
 *
 * @param sizes layer widths, first the pixels, last the classes
 * @param activation the hidden nonlinearity
 * @param init how the Linear layers start
 * @param dropout drop probability after each hidden activation, in [0, 1); 0 adds no layer
 * @param batchNorm {@link Norm#BATCH} puts a BatchNorm1d before each hidden activation
 */
public record MlpSpec(int[] sizes, Activation activation, InitScheme init, double dropout, Norm batchNorm)
        implements ModelFactory {
    /** Whether hidden layers are batch-normalised. */
    public enum Norm { NONE, BATCH }

    /** Checks the sizes and the dropout probability. */
    public MlpSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(batchNorm, "batchNorm");
        sizes = sizes.clone();
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("--layers needs at least two sizes, each >= 1 (e.g. 784,256,10), got "
                    + text(sizes));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
    }

    /** The default-flag MLP with these sizes: ReLU, default init, no dropout, no batch norm. */
    public static MlpSpec plain(int... sizes) {
        return new MlpSpec(sizes, Activation.RELU, InitScheme.DEFAULT, 0, Norm.NONE);
    }

    @Override
    public Module build(Generator gen) {
        // Dropout's masks get their own stream, split off only when there is dropout, so the
        // default model consumes exactly the draws it always did.
        Generator masks = dropout > 0 ? new Generator(gen.nextLong()) : null;
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            Linear linear = new Linear(sizes[i], sizes[i + 1], gen);
            init.apply(linear, activation, gen);
            layers.add(linear);
            if (i + 2 < sizes.length) { // a hidden layer
                if (batchNorm == Norm.BATCH) {
                    layers.add(new BatchNorm1d(sizes[i + 1]));
                }
                layers.add(activation.module());
                if (dropout > 0) {
                    layers.add(new Dropout(dropout, masks));
                }
            }
        }
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** {@code mlp-784-500-10} for the plain model (the id of {@link ModelSpec}'s MLP), with the options appended otherwise. */
    @Override
    public String id() {
        String base = "mlp-" + Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining("-"));
        if (activation != Activation.RELU) {
            base += "-" + activation;
        }
        if (init.kind() != InitScheme.Kind.DEFAULT) {
            base += "-init-" + init;
        }
        if (batchNorm == Norm.BATCH) {
            base += "-bn";
        }
        if (dropout > 0) {
            base += "-dropout-" + dropout;
        }
        return base;
    }

    /** With batch norm, two images per training batch (PyTorch refuses one: no variance to divide by). */
    @Override
    public BatchNeed batchNeed() {
        return batchNorm == Norm.BATCH ? new BatchNeed(2, "--batch-norm",
                "BatchNorm1d: Expected more than 1 value per channel when training") : null;
    }

    @Override
    public int inputs() {
        return sizes[0];
    }

    /** The widths, e.g. {@code 784,256,10}. */
    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    public static String text(int[] sizes) {
        return Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec m && Arrays.equals(sizes, m.sizes) && activation == m.activation
                && init.equals(m.init) && Double.compare(dropout, m.dropout) == 0 && batchNorm == m.batchNorm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sizes), activation, init, dropout, batchNorm);
    }

    @Override
    public String toString() {
        return id();
    }
}
