package dev.jgrad.learn.train;

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

    /**
     * The fewest images a training batch may hold, and the option that needs them (null if any batch will do):
     * BatchNorm1d normalises over the batch, and a batch of one image has no spread to normalise by.
     */
    default BatchNeed batchNeed() {
        return null;
    }

    /**
     * A model's need for larger training batches.
     *
     * @param minimum the fewest images per training batch
     * @param option  the option that makes the model need them, e.g. {@code --batch-norm}
     * @param reason  why, in PyTorch's words
     */
    record BatchNeed(int minimum, String option, String reason) {
    }
}
