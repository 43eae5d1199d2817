package dev.jgrad.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernels for float64: a 6-row by 2-vector tile of C stays in registers while A and
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
final class GemmSimdD {
    private GemmSimdD() {}

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = DS.length();
    static final int MR = 6;
    static final int D_NR = 2 * DL;

    /** C[6×D_NR] (row stride ldc) = (load ? C : 0) + Σₚ a[p]·b[p], then max(·, 0) if relu; A packed,
     * B's row p at {@code b[bi + p·bStep]} (bStep = D_NR for a packed panel). */
    static void dgemm(int kc, double[] a, int ai, double[] b, int bi, int bStep, double[] c, int ci, int ldc,
                      boolean load, boolean relu) {
        DoubleVector z = DoubleVector.zero(DS);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z,
                c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, ci);
            c01 = DoubleVector.fromArray(DS, c, ci + DL);
            c10 = DoubleVector.fromArray(DS, c, ci + ldc);
            c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
            c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
            c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
            c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
            c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        }
        for (int p = 0; p < kc; p++, ai += MR, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bi + DL);
            DoubleVector x = DoubleVector.broadcast(DS, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(DS, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(DS, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(DS, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(DS, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(DS, a[ai + 5]);
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
        c01.intoArray(c, ci + DL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + DL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + DL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + DL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + DL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + DL);
    }

    /** As {@link #dgemm}, reading the six rows of A in place: row r, step p is {@code a[ar + p]}. */
    static void dgemmRows(int kc, double[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                          double[] b, int bi, int bStep, double[] c, int ci, int ldc,
                          boolean load, boolean relu) {
        DoubleVector z = DoubleVector.zero(DS);
        DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z,
                c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        if (load) {
            c00 = DoubleVector.fromArray(DS, c, ci);
            c01 = DoubleVector.fromArray(DS, c, ci + DL);
            c10 = DoubleVector.fromArray(DS, c, ci + ldc);
            c11 = DoubleVector.fromArray(DS, c, ci + ldc + DL);
            c20 = DoubleVector.fromArray(DS, c, ci + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, ci + 2 * ldc + DL);
            c30 = DoubleVector.fromArray(DS, c, ci + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, ci + 3 * ldc + DL);
            c40 = DoubleVector.fromArray(DS, c, ci + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, ci + 4 * ldc + DL);
            c50 = DoubleVector.fromArray(DS, c, ci + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, ci + 5 * ldc + DL);
        }
        for (int p = 0; p < kc; p++, bi += bStep) {
            DoubleVector b0 = DoubleVector.fromArray(DS, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(DS, b, bi + DL);
            DoubleVector x = DoubleVector.broadcast(DS, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(DS, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(DS, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(DS, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(DS, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(DS, a[a5 + p]);
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
        c01.intoArray(c, ci + DL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + DL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + DL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + DL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + DL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + DL);
    }
}
