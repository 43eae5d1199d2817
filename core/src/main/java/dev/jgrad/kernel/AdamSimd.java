package dev.jgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * AdamW's float32 loop ({@code dev.jgrad.optim.fast.AdamFloat32}) with the Vector API, a vector of elements
 * per iteration; the caller's scalar
 * loop does the tail. Only the preferred species is used: a second float species in the JVM costs the
 * matrix micro-kernels their intrinsics (see BENCHMARKS.md). Loaded only after {@link Kernels#simd()}
 * found the module.
 */
final class AdamSimd {
    private AdamSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    static int step(AdamKernels.Coefficients c, float[] theta, int thetaOff, float[] grad, int gradOff,
                     float[] m, float[] v, float[] vMax, int from, int to) {
        float l2 = c.l2(), shrink = c.shrink(), beta1 = c.beta1(), oneMinusBeta1 = c.oneMinusBeta1();
        float beta2 = c.beta2(), oneMinusBeta2 = c.oneMinusBeta2(), bc2Sqrt = c.biasCorrection2Sqrt();
        float eps = c.eps(), stepSize = c.stepSize();
        boolean maximize = c.maximize();
        FloatVector l2v = FloatVector.broadcast(FS, l2), oneMinusBeta1v = FloatVector.broadcast(FS, oneMinusBeta1);
        int i = from;
        for (int end = from + FS.loopBound(to - from); i < end; i += FS.length()) {
            FloatVector g = FloatVector.fromArray(FS, grad, gradOff + i);
            if (maximize) {
                g = g.neg();                                                            // (2)
            }
            FloatVector th = FloatVector.fromArray(FS, theta, thetaOff + i);
            if (l2 != 0) {
                g = th.fma(l2v, g);                                                     // (3) Adam
            }
            th = th.mul(shrink);                                                        // (3) AdamW
            FloatVector mi = g.fma(oneMinusBeta1v, FloatVector.fromArray(FS, m, i).mul(beta1));               // (4)
            FloatVector vi = g.mul(oneMinusBeta2).fma(g, FloatVector.fromArray(FS, v, i).mul(beta2));        // (5)
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector vUsed = vi;
            if (vMax != null) {                                                         // (6)
                vUsed = FloatVector.fromArray(FS, vMax, i).max(vi);
                vUsed.intoArray(vMax, i);
            }
            FloatVector denom = vUsed.sqrt().div(bc2Sqrt).add(eps);                     // (7)
            th.sub(mi.mul(stepSize).div(denom)).intoArray(theta, thetaOff + i);         // (8)
        }
        return i;
    }
}
