package dev.jgrad.kernel;

/**
 * The Vector API fast path of one Adam or AdamW step for float32 parameters. The textbook loop (float64)
 * lives in {@code dev.jgrad.optim.AdamW} with the algorithm box, its float32 twin in
 * {@code dev.jgrad.optim.fast.AdamFloat32}; this runs the float32
 * loop's operations 16 lanes at a time: every line of the algorithm (numbered (2)–(8) there) rounded to
 * float, with the moment averages m and v (and AMSGrad's vMax) stored as float.
 *
 * <p>Why a kernel and not the optimizer's own loop: in float64 the update is bound by two
 * divisions and a square root per element (about 2 ns an element on this class of machine), which
 * made the optimizer 40% of a training step for the MNIST MLP. In float32 with the Vector API the
 * same operations run 16 lanes at a time. The scalar float32 loop ({@code AdamFloat32.scalar}) is the reference
 * this path is tested against (optim's AdamFloat32Test); it gives the same bits (lane-wise {@code fma}, division and
 * square root are correctly rounded, as {@link Math#fma} and {@link Math#sqrt} are).
 */
public final class AdamKernels {
    private AdamKernels() {}

    /**
     * The numbers that are the same for every element of one parameter in one step, rounded to
     * float where PyTorch rounds them (a Python scalar meets a float32 tensor as a float).
     *
     * @param shrink              AdamW's 1 − γλ (1 for Adam), line (3)
     * @param l2                  Adam's coupled λ (0 for AdamW), line (3)
     * @param maximize            negate g, line (2)
     * @param beta1               β₁, line (4)
     * @param oneMinusBeta1       1 − β₁, line (4)
     * @param beta2               β₂, line (5)
     * @param oneMinusBeta2       1 − β₂, line (5)
     * @param biasCorrection2Sqrt √(1 − β₂ᵗ), line (7)
     * @param eps                 ε, line (7)
     * @param stepSize            γ / (1 − β₁ᵗ), line (7)
     */
    public record Coefficients(float shrink, float l2, boolean maximize, float beta1, float oneMinusBeta1, float beta2,
                               float oneMinusBeta2, float biasCorrection2Sqrt, float eps, float stepSize) {}

    /** Whether {@link #step} can run: the fast path is on and the Vector API module is present. */
    public static boolean vectorized() {
        return Kernels.simd();
    }

    /**
     * Updates elements [from, to) with the Vector API: θ at {@code theta[thetaOff + i]}, g at
     * {@code grad[gradOff + i]}, m, v and vMax (null without AMSGrad) at index i. Only when {@link #vectorized()}.
     *
     * @return the first index not updated: whole vectors only, so the caller's scalar loop does the tail
     */
    public static int step(Coefficients c, float[] theta, int thetaOff, float[] grad, int gradOff,
                           float[] m, float[] v, float[] vMax, int from, int to) {
        return AdamSimd.step(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
    }
}
