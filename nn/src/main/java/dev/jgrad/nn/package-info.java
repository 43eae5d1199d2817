/**
 * Neural-network building blocks: {@link dev.jgrad.nn.Module} trees with PyTorch-compatible
 * parameter names, the layers {@link dev.jgrad.nn.Linear}, {@link dev.jgrad.nn.ReLU},
 * {@link dev.jgrad.nn.Flatten} and {@link dev.jgrad.nn.Sequential}, and state dicts.
 * Losses live in {@code dev.jgrad.nn.loss}, initializers in {@code dev.jgrad.nn.init}, and the
 * safetensors file format in {@code dev.jgrad.nn.io}.
 *
 * <p>May depend on: core ({@code dev.jgrad.tensor}, {@code dev.jgrad.ops}, {@code dev.jgrad.autograd})
 * and its own subpackages; never on {@code dev.jgrad.optim}.
 */
package dev.jgrad.nn;
