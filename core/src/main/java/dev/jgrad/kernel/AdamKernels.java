package dev.jgrad.kernel;

/**
 * The per-element part of one Adam or AdamW step for float32 parameters, computed in float32 as
 * PyTorch computes them: every line of the algorithm ({@code dev.jgrad.optim.AdamFamily} numbers
 * them (2)–(8)) rounded to float, with the moment averages m and v (and AMSGrad's vMax) stored as
 * float. The float64 form, which the reference trajectories check bit for bit, is the loop in
 * {@code AdamFamily}; this is the same sequence of operations on floats, statement for statement.
 *
 * <p>Why a kernel and not the optimizer's own loop: in float64 the update is bound by two
 * divisions and a square root per element (about 2 ns an element on this class of machine), which
 * made the optimizer 40% of a training step for the MNIST MLP. In float32 with the Vector API the
 * same operations run 16 lanes at a time. {@link #scalar} is the reference every fast path is
 * tested against; the Vector API loop gives the same bits (lane-wise {@code fma}, division and
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

    /**
     * Updates elements [from, to): θ at {@code theta[thetaOff + i]}, g at {@code grad[gradOff + i]},
     * m, v and vMax (null without AMSGrad) at index i.
     */
    public static void step(Coefficients c, float[] theta, int thetaOff, float[] grad, int gradOff,
                            float[] m, float[] v, float[] vMax, int from, int to) {
        if (Kernels.fast() && Kernels.simd()) AdamSimd.step(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
        else scalar(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
    }

    /** The reference loop: one element at a time, each line of the algorithm rounded to float. */
    static void scalar(Coefficients c, float[] theta, int thetaOff, float[] grad, int gradOff,
                       float[] m, float[] v, float[] vMax, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = c.maximize() ? -grad[gradOff + i] : grad[gradOff + i];          // (2)
            float th = theta[thetaOff + i];
            if (c.l2() != 0) g = Math.fma(c.l2(), th, g);                               // (3) Adam:  g ← g + λθ
            th = th * c.shrink();                                                       // (3) AdamW: θ ← θ·(1 − γλ)
            m[i] = Math.fma(c.oneMinusBeta1(), g, c.beta1() * m[i]);                    // (4) m ← β₁m + (1 − β₁)g
            v[i] = Math.fma(c.oneMinusBeta2() * g, g, c.beta2() * v[i]);                // (5) v ← β₂v + (1 − β₂)g²
            float vUsed = v[i];
            if (vMax != null) vUsed = vMax[i] = Math.max(vMax[i], v[i]);                // (6)
            float denom = (float) Math.sqrt(vUsed) / c.biasCorrection2Sqrt() + c.eps(); // (7) √v̂ + ε
            theta[thetaOff + i] = th - c.stepSize() * m[i] / denom;                     // (8) θ ← θ − γ·m̂ / (√v̂ + ε)
        }
    }
}
