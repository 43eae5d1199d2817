/**
 * The tensor: {@link dev.jgrad.tensor.Tensor} (a {@link dev.jgrad.tensor.Storage} seen through an
 * offset, a shape and strides), its {@link dev.jgrad.tensor.DType} ({@code FLOAT32} by default,
 * {@code FLOAT64} end to end), views, factories, and the seeded {@link dev.jgrad.tensor.Generator}
 * behind every random tensor; {@link dev.jgrad.tensor.Shape} (shape arithmetic and broadcasting) and
 * {@link dev.jgrad.tensor.KeepDim} (a reduction's {@code keepdim}). {@code Tensor}'s methods are a facade: the math of each op lives in
 * {@code dev.jgrad.ops}, its loops in {@code dev.jgrad.kernel}.
 *
 * <p>May depend on: {@code dev.jgrad.ops}, {@code dev.jgrad.autograd}, {@code dev.jgrad.kernel}
 * (to forward to them); nothing outside core.
 */
package dev.jgrad.tensor;
