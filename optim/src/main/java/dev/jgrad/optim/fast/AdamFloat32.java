package dev.jgrad.optim.fast;

import dev.jgrad.kernel.AdamKernels;
import dev.jgrad.optim.Optimizer.FloatLoop;
import dev.jgrad.optim.Probe;

/**
 * AdamW's (and Adam's) loop for float32 parameters, kept apart from the float64 reference loop in
 * {@link dev.jgrad.optim.AdamW}: the same lines, with float32 m and v and every result rounded to float, which is
 * what PyTorch does for float32 parameters; the loop's constants are rounded to float as PyTorch rounds a Python
 * scalar that meets a float32 tensor.
 *
 * <p>Untraced, whole vectors run through {@link AdamKernels} (16 lanes at a time, Vector API) and the tail through
 * the scalar loop; traced, the scalar loop runs alone so that every number can be reported. The two give the same
 * bits (tested on odd lengths and subnormal g² and v). Why it pays: the update of the MNIST model's 397 510 float32
 * parameters fell from 0.75 to 0.14 ms (BENCHMARKS.md, performance round 2).
 */
public final class AdamFloat32 {
    private AdamFloat32() {}

    /**
     * The loop over θ and g for one parameter: the kernel when {@code probe} is off and the Vector API is present,
     * else {@link #scalar}.
     *
     * @param c               the step's coefficients, already rounded to float
     * @param biasCorrection1 1 − β₁ᵗ, for the reported m̂
     * @param biasCorrection2 1 − β₂ᵗ, for the reported v̂
     * @param m               exp_avg, updated in place
     * @param v               exp_avg_sq, updated in place
     * @param vMax            max_exp_avg_sq with AMSGrad, else null
     */
    public static FloatLoop loop(AdamKernels.Coefficients c, float biasCorrection1, float biasCorrection2, float[] m,
                                 float[] v, float[] vMax, Probe probe) {
        FloatLoop scalar = scalar(c, biasCorrection1, biasCorrection2, m, v, vMax, probe);
        if (!probe.off() || !AdamKernels.vectorized()) {
            return scalar;
        }
        return (theta, thetaOff, grad, gradOff, from, to) -> {       // whole vectors, same bits
            int done = AdamKernels.step(c, theta, thetaOff, grad, gradOff, m, v, vMax, from, to);
            scalar.run(theta, thetaOff, grad, gradOff, done, to);    // the tail
        };
    }

    /** The scalar float32 loop, line for line as AdamW's float64 one: the reference the kernel is tested against. */
    public static FloatLoop scalar(AdamKernels.Coefficients c, float biasCorrection1, float biasCorrection2, float[] m,
                                   float[] v, float[] vMax, Probe probe) {
        return (theta, thetaOff, grad, gradOff, from, to) -> {
            for (int i = from; i < to; i++) {
                float g = c.maximize() ? -grad[gradOff + i] : grad[gradOff + i];            // (2)
                float th = theta[thetaOff + i];
                if (c.l2() != 0) {
                    g = Math.fma(c.l2(), th, g);                                              // (3) Adam:  g ← g + λθ
                }
                th = th * c.shrink();                                                         // (3) AdamW: θ·(1 − γλ)
                m[i] = Math.fma(c.oneMinusBeta1(), g, c.beta1() * m[i]);                      // (4)
                v[i] = Math.fma(c.oneMinusBeta2() * g, g, c.beta2() * v[i]);                  // (5)
                float vUsed = v[i];
                if (vMax != null) {
                    vUsed = vMax[i] = Math.max(vMax[i], v[i]);                                // (6)
                }
                float denom = (float) Math.sqrt(vUsed) / c.biasCorrection2Sqrt() + c.eps();   // (8) √v̂ + ε
                float update = c.stepSize() * m[i] / denom;                                   //     γ·m̂ / (√v̂ + ε)
                theta[thetaOff + i] = th - update;                                            // (8)
                probe.put("g", g).put("m", m[i]).put("v", v[i]).put("mHat", m[i] / biasCorrection1)
                        .put("vHat", vUsed / biasCorrection2).put("denom", denom).put("update", update)
                        .put("theta", theta[thetaOff + i]);
                if (vMax != null) {
                    probe.put("vMax", vUsed);
                }
            }
        };
    }
}
