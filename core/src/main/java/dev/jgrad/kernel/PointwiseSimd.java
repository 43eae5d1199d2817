package dev.jgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for float32 ReLU and its backward. The JIT does not vectorise these itself when
 * the arrays are read at offsets ({@code Math.max} and the comparison stay scalar, about 1 ns an
 * element; the backward's branch on random signs is mispredicted half the time: 95 µs per call on
 * 64×500 with the branch, 3 µs here), and a Linear layer's activations are large: 256×500 of them
 * per step. Lane-wise {@code max} is {@code Math.max}, and compare-and-blend keeps or zeroes g, so
 * the results are the scalar loops' bits. Loaded only after {@link Kernels#simd()} found the module.
 */
final class PointwiseSimd {
    private PointwiseSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    /** out[oo + i] = max(a[oa + i], 0) for i in [0, n). */
    static void relu(float[] a, int oa, float[] out, int oo, int n) {
        int i = 0;
        for (int end = FS.loopBound(n); i < end; i += FS.length()) {
            FloatVector.fromArray(FS, a, oa + i).max(0f).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = Math.max(a[oa + i], 0f);
        }
    }

    /** dst[dOff + i] = y[yOff + i] &gt; 0 ? g[gOff + i] : 0 for i in [0, n). */
    static void reluBackward(int n, float[] g, int gOff, float[] y, int yOff, float[] dst, int dOff) {
        FloatVector zero = FloatVector.zero(FS);
        int i = 0;
        for (int end = FS.loopBound(n); i < end; i += FS.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(FS, y, yOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(FS, g, gOff + i), positive).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) {
            dst[dOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0f;
        }
    }
}
