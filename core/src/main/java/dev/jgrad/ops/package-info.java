/**
 * Every differentiable op, written as forward plus local backward side by side, with the derivative
 * in the Javadoc: arithmetic with broadcasting, pointwise functions, matrix products and the fused
 * {@code linear}, reductions, softmax and its relatives, gather and index selection, and the
 * non-differentiable comparisons. Composite ops are built from the primitives, so their gradients
 * need no code; {@code sumTo} undoes broadcasting in a backward pass.
 *
 * <p>The op classes: {@link Arithmetic} (broadcasting arithmetic), {@link Functions} (pointwise functions),
 * {@link Gelu}, {@link MatMul} (matrix products) and {@link Affine} (the fused {@code linear}), {@link Reduce}
 * (reductions and {@code sumTo}), {@link Softmax} (log-sum-exp, softmax, log-softmax), {@link CrossEntropy}
 * (the fused loss's loops), {@link Indexing} (gather, index selection, comparisons) and {@link Views} (reshape,
 * transpose, slicing and the other rearrangements).
 *
 * <p>May depend on: {@code dev.jgrad.tensor}, {@code dev.jgrad.autograd} (to record the graph) and
 * {@code dev.jgrad.kernel} (for the loops). Math lives here; speed lives in the kernels.
 */
package dev.jgrad.ops;
