package dev.jgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 micro-kernel: a 6-row by 2-vector tile of C stays in registers while A and B's panel
 * stream past (12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers of AVX2; AVX-512
 * doubles the vector width and so the tile). Each element is one {@code fma} chain over k, in k
 * order, exactly like {@link Backend#gemm}, so both give the same bits. (Lane-wise {@code fma},
 * loads and stores are exact; a cross-lane reduction, whose order the API leaves open, is never used.)
 * This class names {@code jdk.incubator.vector}; it is loaded only after {@link Kernels#simd()}
 * found the module.
 */
final class GemmSimd {
    private GemmSimd() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    static final int MR = 6;
    static final int NR = 2 * FL;

    /**
     * C[6×NR] (row stride ldc) = (load ? C : 0) + Σₚ a(r, p)·b(p) with a(r, p) at {@code a[a_r + p]}
     * (a row of A in place or of a packed panel) and b(p), NR floats, at {@code b[bi + p·NR]} (a
     * packed panel of B). The constant steps let the JIT hoist the loads' bounds checks.
     */
    static void tile(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                     float[] b, int bi, float[] c, int ci, int ldc, boolean load) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = load ? FloatVector.fromArray(FS, c, ci) : z;
        FloatVector c01 = load ? FloatVector.fromArray(FS, c, ci + FL) : z;
        FloatVector c10 = load ? FloatVector.fromArray(FS, c, ci + ldc) : z;
        FloatVector c11 = load ? FloatVector.fromArray(FS, c, ci + ldc + FL) : z;
        FloatVector c20 = load ? FloatVector.fromArray(FS, c, ci + 2 * ldc) : z;
        FloatVector c21 = load ? FloatVector.fromArray(FS, c, ci + 2 * ldc + FL) : z;
        FloatVector c30 = load ? FloatVector.fromArray(FS, c, ci + 3 * ldc) : z;
        FloatVector c31 = load ? FloatVector.fromArray(FS, c, ci + 3 * ldc + FL) : z;
        FloatVector c40 = load ? FloatVector.fromArray(FS, c, ci + 4 * ldc) : z;
        FloatVector c41 = load ? FloatVector.fromArray(FS, c, ci + 4 * ldc + FL) : z;
        FloatVector c50 = load ? FloatVector.fromArray(FS, c, ci + 5 * ldc) : z;
        FloatVector c51 = load ? FloatVector.fromArray(FS, c, ci + 5 * ldc + FL) : z;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + p * NR + FL);
            FloatVector x = FloatVector.broadcast(FS, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
    }

    /**
     * {@link #tile} over only the {@code count} steps p listed at {@code steps[s0..]} (increasing),
     * A's listed steps compacted (row r's q-th at {@code a[a_r + q]}): each element is the same fma
     * chain with the steps where A's panel is all zeros left out. B's loads go through the list, so
     * their bounds checks stay in the loop; that is why a block runs this only when it skips enough
     * steps (see {@link GemmJob#STEP_LIST_COST}). A second copy of {@link #tile}'s body rather than
     * one method for both: with one method (steps null for dense) the dense steps ran at 2.3–2.4 ns
     * instead of 2.0 (1 thread, 6×32 tile, kc = 196, the two versions alternated).
     */
    static void tileSteps(int[] steps, int s0, int count, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                          float[] b, int bi, float[] c, int ci, int ldc, boolean load) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = load ? FloatVector.fromArray(FS, c, ci) : z;
        FloatVector c01 = load ? FloatVector.fromArray(FS, c, ci + FL) : z;
        FloatVector c10 = load ? FloatVector.fromArray(FS, c, ci + ldc) : z;
        FloatVector c11 = load ? FloatVector.fromArray(FS, c, ci + ldc + FL) : z;
        FloatVector c20 = load ? FloatVector.fromArray(FS, c, ci + 2 * ldc) : z;
        FloatVector c21 = load ? FloatVector.fromArray(FS, c, ci + 2 * ldc + FL) : z;
        FloatVector c30 = load ? FloatVector.fromArray(FS, c, ci + 3 * ldc) : z;
        FloatVector c31 = load ? FloatVector.fromArray(FS, c, ci + 3 * ldc + FL) : z;
        FloatVector c40 = load ? FloatVector.fromArray(FS, c, ci + 4 * ldc) : z;
        FloatVector c41 = load ? FloatVector.fromArray(FS, c, ci + 4 * ldc + FL) : z;
        FloatVector c50 = load ? FloatVector.fromArray(FS, c, ci + 5 * ldc) : z;
        FloatVector c51 = load ? FloatVector.fromArray(FS, c, ci + 5 * ldc + FL) : z;
        for (int q = 0; q < count; q++) {
            int p = steps[s0 + q];
            FloatVector b0 = FloatVector.fromArray(FS, b, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + p * NR + FL);
            FloatVector x = FloatVector.broadcast(FS, a[a0 + q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[a1 + q]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[a2 + q]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[a3 + q]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[a4 + q]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[a5 + q]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + FL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + FL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + FL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + FL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + FL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + FL);
    }

    /** Whether the 6×NR tile at {@code c[ci]} (row stride ldc) holds a zero (of either sign) or a NaN. */
    static boolean anyZero(float[] c, int ci, int ldc) {
        FloatVector m = FloatVector.fromArray(FS, c, ci).abs();
        for (int r = 0; r < MR; r++) {
            m = m.min(FloatVector.fromArray(FS, c, ci + r * ldc).abs()).min(FloatVector.fromArray(FS, c, ci + r * ldc + FL).abs());
        }
        float least = m.reduceLanes(VectorOperators.MIN);
        return !(least > 0f);
    }

    /** Whether {@code x[from, from + len)} holds no infinity and no NaN (0·x is then 0 for each). */
    static boolean allFinite(float[] x, int from, int len) {
        FloatVector s0 = FloatVector.zero(FS), s1 = s0;
        int i = from, end = from + len;
        for (; i + 2 * FL <= end; i += 2 * FL) {
            s0 = s0.add(FloatVector.fromArray(FS, x, i).mul(0f));
            s1 = s1.add(FloatVector.fromArray(FS, x, i + FL).mul(0f));
        }
        float tail = 0f;
        for (; i < end; i++) {
            tail += x[i] * 0f;
        }
        return s0.add(s1).reduceLanes(VectorOperators.ADD) + tail == 0f;
    }

    /**
     * {@code out[p]} = the largest |value| at step p over {@code lines} lines, line r's steps
     * contiguous from {@code x[base + r·lineStride]}, for p &lt; kc (an A panel, packed or in place).
     */
    static void stepMaxA(float[] x, int base, int lineStride, int lines, int kc, float[] out) {
        int p = 0;
        for (; p + FL <= kc; p += FL) {
            FloatVector v = FloatVector.fromArray(FS, x, base + p).abs();
            for (int r = 1; r < lines; r++) {
                v = v.max(FloatVector.fromArray(FS, x, base + r * lineStride + p).abs());
            }
            v.intoArray(out, p);
        }
        for (; p < kc; p++) {
            float v = Math.abs(x[base + p]);
            for (int r = 1; r < lines; r++) {
                v = Math.max(v, Math.abs(x[base + r * lineStride + p]));
            }
            out[p] = v;
        }
    }
}
