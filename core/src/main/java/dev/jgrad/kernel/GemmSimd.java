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

    /** Lanes of one vector: a C at most this wide runs {@link #tileNarrow}. */
    static final int WIDTH = FL;
    /** Rows of {@link #tileInPlace}: 10 accumulators, two B vectors and a broadcast fit AVX2's 16 registers. */
    static final int ROWS = 5;
    /** Rows of {@link #tileNarrow}: eight independent fma chains cover two FMA units of four cycles' latency. */
    static final int NARROW_ROWS = 8;

    /**
     * C[5×NR] = (load ? C : 0) + Σₚ a(r, p)·b(p) with B's rows read where they are: a(r, p) at
     * {@code a[a_r + p]}, b(p) (NR floats) at {@code b[bi + p·bStep]}, row r of C at {@code c_r}.
     * For products too small or too thin for packing B to pay (the 10-class layer's weight gradient
     * gᵀ·h, its input gradient g·W with k = 10). The same fma chain per element as {@link #tile}. Two
     * C rows may be the same row (a block past the last row repeats it): they compute and store the
     * same bits. A's unit step lets the JIT take the bounds checks of its loads out of the loop;
     * B's loads, at a step known only at run time, keep theirs.
     */
    static void tileInPlace(int k, float[] a, int a0, int a1, int a2, int a3, int a4,
                            float[] b, int bi, int bStep, float[] c, int c0, int c1, int c2, int c3, int c4,
                            boolean load) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector s00 = load ? FloatVector.fromArray(FS, c, c0) : z;
        FloatVector s01 = load ? FloatVector.fromArray(FS, c, c0 + FL) : z;
        FloatVector s10 = load ? FloatVector.fromArray(FS, c, c1) : z;
        FloatVector s11 = load ? FloatVector.fromArray(FS, c, c1 + FL) : z;
        FloatVector s20 = load ? FloatVector.fromArray(FS, c, c2) : z;
        FloatVector s21 = load ? FloatVector.fromArray(FS, c, c2 + FL) : z;
        FloatVector s30 = load ? FloatVector.fromArray(FS, c, c3) : z;
        FloatVector s31 = load ? FloatVector.fromArray(FS, c, c3 + FL) : z;
        FloatVector s40 = load ? FloatVector.fromArray(FS, c, c4) : z;
        FloatVector s41 = load ? FloatVector.fromArray(FS, c, c4 + FL) : z;
        for (int p = 0, pb = bi; p < k; p++, pb += bStep) {
            FloatVector b0 = FloatVector.fromArray(FS, b, pb);
            FloatVector b1 = FloatVector.fromArray(FS, b, pb + FL);
            FloatVector x = FloatVector.broadcast(FS, a[a0 + p]);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            x = FloatVector.broadcast(FS, a[a1 + p]);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            x = FloatVector.broadcast(FS, a[a2 + p]);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            x = FloatVector.broadcast(FS, a[a3 + p]);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            x = FloatVector.broadcast(FS, a[a4 + p]);
            s40 = x.fma(b0, s40);
            s41 = x.fma(b1, s41);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + FL);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + FL);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + FL);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + FL);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + FL);
    }

    /**
     * C[8×FL] (row stride FL) = (load ? C : 0) + Σₚ a(r, p)·b(p): a C at most one vector wide (the
     * 10-class layer's forward x·Wᵀ), a(r, p) at {@code a[a_r + p]}, b(p) at {@code b[bi + p·FL]}
     * (B packed, zero-padded to a whole vector). One vector per row instead of {@link #tile}'s two,
     * which would leave three quarters of the lanes idle on a 10-wide C with 16-lane vectors.
     */
    static void tileNarrow(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                           float[] b, int bi, float[] c, int ci, boolean load) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector s0 = load ? FloatVector.fromArray(FS, c, ci) : z;
        FloatVector s1 = load ? FloatVector.fromArray(FS, c, ci + FL) : z;
        FloatVector s2 = load ? FloatVector.fromArray(FS, c, ci + 2 * FL) : z;
        FloatVector s3 = load ? FloatVector.fromArray(FS, c, ci + 3 * FL) : z;
        FloatVector s4 = load ? FloatVector.fromArray(FS, c, ci + 4 * FL) : z;
        FloatVector s5 = load ? FloatVector.fromArray(FS, c, ci + 5 * FL) : z;
        FloatVector s6 = load ? FloatVector.fromArray(FS, c, ci + 6 * FL) : z;
        FloatVector s7 = load ? FloatVector.fromArray(FS, c, ci + 7 * FL) : z;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.fromArray(FS, b, bi + p * FL);
            s0 = FloatVector.broadcast(FS, a[a0 + p]).fma(v, s0);
            s1 = FloatVector.broadcast(FS, a[a1 + p]).fma(v, s1);
            s2 = FloatVector.broadcast(FS, a[a2 + p]).fma(v, s2);
            s3 = FloatVector.broadcast(FS, a[a3 + p]).fma(v, s3);
            s4 = FloatVector.broadcast(FS, a[a4 + p]).fma(v, s4);
            s5 = FloatVector.broadcast(FS, a[a5 + p]).fma(v, s5);
            s6 = FloatVector.broadcast(FS, a[a6 + p]).fma(v, s6);
            s7 = FloatVector.broadcast(FS, a[a7 + p]).fma(v, s7);
        }
        s0.intoArray(c, ci);
        s1.intoArray(c, ci + FL);
        s2.intoArray(c, ci + 2 * FL);
        s3.intoArray(c, ci + 3 * FL);
        s4.intoArray(c, ci + 4 * FL);
        s5.intoArray(c, ci + 5 * FL);
        s6.intoArray(c, ci + 6 * FL);
        s7.intoArray(c, ci + 7 * FL);
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
