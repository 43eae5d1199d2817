/**
 * Losses with PyTorch's definitions and defaults: {@link dev.jgrad.nn.loss.CrossEntropyLoss}
 * (fused log-softmax and NLL, label smoothing, ignore index), {@link dev.jgrad.nn.loss.NLLLoss}
 * and {@link dev.jgrad.nn.loss.MSELoss}, each with a {@link dev.jgrad.nn.loss.Reduction}.
 *
 * <p>May depend on: core only.
 */
package dev.jgrad.nn.loss;
