/**
 * Optimizers as in {@code torch.optim}: the {@link dev.jgrad.optim.Optimizer} framework (parameter
 * groups, per-parameter state with PyTorch's names, skipping parameters without a gradient, the
 * chunked element sweep, traces, state dicts) and the optimizers themselves, each with a numbered
 * algorithm box in its Javadoc and an update loop that follows it line by line with {@code // (n)}
 * markers; options records with PyTorch's defaults and validation; gradient clipping.
 *
 * <p>May depend on: core ({@code dev.jgrad.tensor}, {@code dev.jgrad.autograd},
 * {@code dev.jgrad.kernel} for the vectorised float32 loops) and Jackson (state files); never on
 * {@code dev.jgrad.nn}: an optimizer sees a list of tensors, not a model.
 */
package dev.jgrad.optim;
