/**
 * Loops over flat arrays: where speed lives, while the math lives in {@code dev.jgrad.ops}.
 *
 * <p>Every kernel has a scalar reference ({@link dev.jgrad.kernel.Gemm#reference},
 * {@link dev.jgrad.kernel.Pointwise}, {@link dev.jgrad.kernel.Reductions}); the fast paths
 * ({@link dev.jgrad.kernel.FastGemm}, the switch-free pointwise and sum loops, the
 * {@link dev.jgrad.kernel.Fused} kernels, the Vector API ReLU loops) are tested against it.
 * {@link dev.jgrad.kernel.KernelThreads#forRanges} spreads elementwise passes, such as an
 * optimizer step, over the same threads as the matrix products.
 *
 * <p>Switches, as system properties or at run time:
 * <ul>
 *   <li>{@code jgrad.kernels=fast|reference} ({@link dev.jgrad.kernel.Kernels#setMode}): the fast
 *       paths (default) or the reference loops.</li>
 *   <li>{@code jgrad.threads=N} ({@link dev.jgrad.kernel.KernelThreads#setThreads}): threads for
 *       matrix products, default the available processors. Results do not depend on it.</li>
 *   <li>{@code jgrad.simd=false} ({@link dev.jgrad.kernel.Kernels#setSimd}): scalar micro-kernels
 *       even when the Vector API is there (same results, bit for bit).</li>
 * </ul>
 *
 * <p>The SIMD micro-kernels use the incubating Vector API, which the JVM resolves only when asked:
 * {@code java --add-modules jdk.incubator.vector ...}. Without it the kernels print one line to
 * stderr and run their scalar micro-kernels.
 *
 * <p>May depend on: the JDK and {@code jdk.incubator.vector} only; kernels know arrays, not tensors.
 */
package dev.jgrad.kernel;
