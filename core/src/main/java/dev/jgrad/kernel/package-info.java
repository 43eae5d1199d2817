/**
 * Loops over flat arrays: where speed lives, while the math lives in {@code dev.jgrad.ops}.
 *
 * <p>One door: the ops call {@link dev.jgrad.kernel.Kernels#backend()}, a
 * {@link dev.jgrad.kernel.Backend}, chosen once per mode. {@code Backend} itself is the scalar
 * reference, the definition of every loop; the fast backend (package-private) overrides the float32
 * hot paths (blocked, multi-threaded matrix products with a Vector API micro-kernel that skips the
 * all-zero steps of a sparse operand, such as a batch of images, without changing a bit, and that
 * reads the operands of small or 10-wide products in place instead of packing them; switch-free
 * pointwise loops, ReLU) and is tested against it, bit for bit. float64, the correctness dtype, runs
 * the reference loops. {@link dev.jgrad.kernel.KernelThreads#forRanges} spreads elementwise passes,
 * such as an optimizer step, over the same threads as the matrix products;
 * {@link dev.jgrad.kernel.AdamKernels} is the optimizer's float32 Vector API step.
 *
 * <p>Switches, as system properties or at run time:
 * <ul>
 *   <li>{@code jgrad.kernels=fast|reference} ({@link dev.jgrad.kernel.Kernels#setMode}): the fast
 *       paths (default) or the reference loops.</li>
 *   <li>{@code jgrad.threads=N} ({@link dev.jgrad.kernel.KernelThreads#setThreads}): threads for
 *       matrix products, default the available processors. Results do not depend on it.</li>
 *   <li>{@code jgrad.skipZeros=true|false} (system property only): whether matrix products skip the
 *       steps where a sparse operand is all zeros. Results do not depend on it; it is there to
 *       compare speed.</li>
 * </ul>
 *
 * <p>The fast kernels use the incubating Vector API, which the JVM resolves only when asked:
 * {@code java --add-modules jdk.incubator.vector ...}. Without it the kernels print one line to
 * stderr and run the reference loops.
 *
 * <p>May depend on: the JDK and {@code jdk.incubator.vector} only; kernels know arrays, not tensors.
 */
package dev.jgrad.kernel;
