/**
 * Tensors on disk in the safetensors format ({@link dev.jgrad.nn.io.SafeTensors}), readable by
 * PyTorch's {@code safetensors} package and back, and module checkpoints on top of it
 * ({@link dev.jgrad.nn.io.StateDicts}). A malformed file is a {@link dev.jgrad.nn.io.SafeTensorsException} naming
 * the source and the problem.
 *
 * <p>May depend on: {@code dev.jgrad.nn}, {@code dev.jgrad.tensor} and Jackson (the JSON header).
 */
package dev.jgrad.nn.io;
