/**
 * Losses with PyTorch's definitions and defaults, each a {@link dev.jgrad.nn.loss.Loss} with a
 * {@link dev.jgrad.nn.loss.Reduction}: {@link dev.jgrad.nn.loss.CrossEntropyLoss} (fused log-softmax and NLL,
 * label smoothing, ignore index), {@link dev.jgrad.nn.loss.NLLLoss}, {@link dev.jgrad.nn.loss.MSELoss}, and the
 * binary cross-entropies {@link dev.jgrad.nn.loss.BCELoss} (on probabilities) and
 * {@link dev.jgrad.nn.loss.BCEWithLogitsLoss} (on logits, stable for any logit).
 *
 * <p>May depend on: core only.
 */
package dev.jgrad.nn.loss;
