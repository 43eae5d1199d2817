/**
 * Neural-network building blocks: {@link dev.jgrad.nn.Module} trees with PyTorch-compatible
 * parameter names, in training or evaluation {@link dev.jgrad.nn.Mode}, whose weights
 * {@link dev.jgrad.nn.Parameter} makes; the layers {@link dev.jgrad.nn.Linear} (with or without a
 * {@link dev.jgrad.nn.Bias}), the activations {@link dev.jgrad.nn.ReLU}, {@link dev.jgrad.nn.LeakyReLU},
 * {@link dev.jgrad.nn.GELU} (in either {@link dev.jgrad.nn.GeluApproximation}), {@link dev.jgrad.nn.Sigmoid}
 * and {@link dev.jgrad.nn.Tanh}, the normalisations {@link dev.jgrad.nn.BatchNorm1d} and
 * {@link dev.jgrad.nn.LayerNorm} (each with or without an {@link dev.jgrad.nn.Affine} scale and shift),
 * {@link dev.jgrad.nn.Dropout}, {@link dev.jgrad.nn.Flatten} and {@link dev.jgrad.nn.Sequential}; and state
 * dicts, loaded with a {@link dev.jgrad.nn.Strictness} into a {@link dev.jgrad.nn.LoadReport} or refused with a
 * {@link dev.jgrad.nn.StateDictMismatchException}.
 * Losses live in {@code dev.jgrad.nn.loss}, initializers in {@code dev.jgrad.nn.init}, and the
 * safetensors file format in {@code dev.jgrad.nn.io}.
 *
 * <p>May depend on: core ({@code dev.jgrad.tensor}, {@code dev.jgrad.ops}, {@code dev.jgrad.autograd})
 * and its own subpackages; never on {@code dev.jgrad.optim}.
 */
package dev.jgrad.nn;
