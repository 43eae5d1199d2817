package dev.jgrad.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernels for float32: a 6-row by 2-vector tile of C stays in registers while A and
 * B's panel stream past (12 accumulators + 2 B vectors + 1 broadcast fit the 16 registers
 * of AVX2; AVX-512 doubles the vector width and so the tile). Each element is one {@code fma} chain
 * over k, in k order, exactly like {@link GemmScalar}, so both give the same bits. (Lane-wise
 * {@code fma}, {@code max}, loads and stores are exact; a cross-lane reduction, whose order the API
 * leaves open, is never used.)
 *
 * <p>Two forms: A packed in MR-row panels, or A read in place from six row-major rows, which saves
 * packing A whenever its rows are contiguous. This class names {@code jdk.incubator.vector}; it is
 * loaded only after {@link Kernels#simd()} found the module.
 */
final class GemmSimdF {
    private GemmSimdF() {}

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    static final int MR = 6;
    static final int F_NR = 2 * FL;

    /** C[6×F_NR] (row stride ldc) = (load ? C : 0) + Σₚ a[p]·b[p], then max(·, 0) if relu; A packed,
     * B's row p at {@code b[bi + p·bStep]} (bStep = F_NR for a packed panel). */
    static void sgemm(int kc, float[] a, int ai, float[] b, int bi, int bStep, float[] c, int ci, int ldc,
                      boolean load, boolean relu) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z,
                c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, ci);
            c01 = FloatVector.fromArray(FS, c, ci + FL);
            c10 = FloatVector.fromArray(FS, c, ci + ldc);
            c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
            c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
            c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
            c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
            c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        }
        for (int p = 0; p < kc; p++, ai += MR, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
            FloatVector x = FloatVector.broadcast(FS, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (relu) {
            c00 = c00.lanewise(VectorOperators.MAX, z);
            c01 = c01.lanewise(VectorOperators.MAX, z);
            c10 = c10.lanewise(VectorOperators.MAX, z);
            c11 = c11.lanewise(VectorOperators.MAX, z);
            c20 = c20.lanewise(VectorOperators.MAX, z);
            c21 = c21.lanewise(VectorOperators.MAX, z);
            c30 = c30.lanewise(VectorOperators.MAX, z);
            c31 = c31.lanewise(VectorOperators.MAX, z);
            c40 = c40.lanewise(VectorOperators.MAX, z);
            c41 = c41.lanewise(VectorOperators.MAX, z);
            c50 = c50.lanewise(VectorOperators.MAX, z);
            c51 = c51.lanewise(VectorOperators.MAX, z);
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


    /** As {@link #sgemm}, reading the six rows of A in place: row r, step p is {@code a[ar + p]}. */
    static void sgemmRows(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                          float[] b, int bi, int bStep, float[] c, int ci, int ldc,
                          boolean load, boolean relu) {
        FloatVector z = FloatVector.zero(FS);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z,
                c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        if (load) {
            c00 = FloatVector.fromArray(FS, c, ci);
            c01 = FloatVector.fromArray(FS, c, ci + FL);
            c10 = FloatVector.fromArray(FS, c, ci + ldc);
            c11 = FloatVector.fromArray(FS, c, ci + ldc + FL);
            c20 = FloatVector.fromArray(FS, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, ci + 2 * ldc + FL);
            c30 = FloatVector.fromArray(FS, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, ci + 3 * ldc + FL);
            c40 = FloatVector.fromArray(FS, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, ci + 4 * ldc + FL);
            c50 = FloatVector.fromArray(FS, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, ci + 5 * ldc + FL);
        }
        for (int p = 0; p < kc; p++, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(FS, b, bi);
            FloatVector b1 = FloatVector.fromArray(FS, b, bi + FL);
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
        if (relu) {
            c00 = c00.lanewise(VectorOperators.MAX, z);
            c01 = c01.lanewise(VectorOperators.MAX, z);
            c10 = c10.lanewise(VectorOperators.MAX, z);
            c11 = c11.lanewise(VectorOperators.MAX, z);
            c20 = c20.lanewise(VectorOperators.MAX, z);
            c21 = c21.lanewise(VectorOperators.MAX, z);
            c30 = c30.lanewise(VectorOperators.MAX, z);
            c31 = c31.lanewise(VectorOperators.MAX, z);
            c40 = c40.lanewise(VectorOperators.MAX, z);
            c41 = c41.lanewise(VectorOperators.MAX, z);
            c50 = c50.lanewise(VectorOperators.MAX, z);
            c51 = c51.lanewise(VectorOperators.MAX, z);
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
}
