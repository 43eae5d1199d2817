package dev.jgrad.examples.mnist;

import dev.jgrad.nn.Module;
import dev.jgrad.tensor.Generator;

/**
 * Builds the model a {@link Trainer} trains. The model maps {@code [N, inputs]} float32 rows of
 * pixels in [0, 1] to {@code [N, 10]} logits.
 */
public interface ModelFactory {
    /** A freshly initialised model, drawing its initial weights from {@code gen}. */
    Module build(Generator gen);

    /**
     * Identifies the architecture, e.g. {@code mlp-784-500-10}; a checkpoint only loads into a
     * model whose factory has the same id.
     */
    String id();

    /** Number of input features (pixels) the model expects. */
    int inputs();
}
