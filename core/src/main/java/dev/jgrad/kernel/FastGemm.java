package dev.jgrad.kernel;

/**
 * Blocked, packed, multi-threaded matrix products C = A·B (+ C), with the operand conventions of
 * {@link Gemm#reference}: A and B are read through arbitrary element strides, so Aᵀ·B and A·Bᵀ are
 * computed from the untransposed arrays. See {@link GemmJob} for the blocking and why the result
 * does not depend on the thread count.
 *
 * <p>Every product can also be computed as Cᵀ = Bᵀ·Aᵀ, which only relabels strides. That pays
 * when it moves the transposing part of packing to the smaller operand (x·Wᵀ in a Linear layer
 * packs the batch instead of the weights) or when C is much narrower than a register tile. The
 * choice depends on the shape and strides alone, never on the thread count.
 */
public final class FastGemm {
    private FastGemm() {}

    /** As {@link Gemm#reference}: C dense m×n at {@code cOff}. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRow, int aCol,
                            float[] b, int bOff, int bRow, int bCol,
                            float[] c, int cOff, Gemm.Output mode) {
        gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, n, mode, false);
    }

    public static void gemm(int m, int n, int k,
                            double[] a, int aOff, int aRow, int aCol,
                            double[] b, int bOff, int bRow, int bCol,
                            double[] c, int cOff, Gemm.Output mode) {
        gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, n, mode, false);
    }

    /**
     * The general form: C has row stride {@code ldc}, and with {@code relu} every element of the
     * finished C is replaced by max(c, 0) as it is stored (a fused Linear + ReLU).
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRow, int aCol,
                            float[] b, int bOff, int bRow, int bCol,
                            float[] c, int cOff, int ldc, Gemm.Output mode, boolean relu) {
        boolean simd = Kernels.simd(), acc = mode == Gemm.Output.ACCUMULATE;
        int mr = simd ? GemmSimdF.MR : GemmScalar.MR, nr = simd ? GemmSimdF.F_NR : GemmScalar.NR;
        if (transposed(m, n, k, aRow, aCol, bRow, bCol, mr, nr)) {
            new SgemmJob(n, m, k, simd, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, ldc, acc, relu).run();
        } else {
            new SgemmJob(m, n, k, simd, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, 1, acc, relu).run();
        }
    }

    public static void gemm(int m, int n, int k,
                            double[] a, int aOff, int aRow, int aCol,
                            double[] b, int bOff, int bRow, int bCol,
                            double[] c, int cOff, int ldc, Gemm.Output mode, boolean relu) {
        boolean simd = Kernels.simd(), acc = mode == Gemm.Output.ACCUMULATE;
        int mr = simd ? GemmSimdD.MR : GemmScalar.MR, nr = simd ? GemmSimdD.D_NR : GemmScalar.NR;
        if (transposed(m, n, k, aRow, aCol, bRow, bCol, mr, nr)) {
            new DgemmJob(n, m, k, simd, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, ldc, acc, relu).run();
        } else {
            new DgemmJob(m, n, k, simd, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, 1, acc, relu).run();
        }
    }

    /** Whether Cᵀ = Bᵀ·Aᵀ is estimated clearly cheaper than C = A·B. */
    static boolean transposed(int m, int n, int k, int aRow, int aCol, int bRow, int bCol, int mr, int nr) {
        return cost(n, m, k, bCol, bRow, aCol, aRow, mr, nr) < 0.9 * cost(m, n, k, aRow, aCol, bRow, bCol, mr, nr);
    }

    /**
     * Estimated cycles: padded multiply-adds at NR lanes per cycle, plus packing, where copying a
     * contiguous run costs a quarter of gathering element by element (what transposing takes).
     * A with contiguous rows is read in place and costs nothing to pack. Gathering B is weighted
     * twice as much again: with a weight of 1, a Linear layer's x·Wᵀ at batch 256 (256×784 by
     * (500×784)ᵀ) transposed all of W on every call, at 175–180 GFLOP/s on 2 threads; packing the
     * batch instead, as Cᵀ = W·xᵀ, ran at 196–200 (batch 64 and 128 and the weight gradient
     * unchanged).
     */
    static double cost(int m, int n, int k, int aRow, int aCol, int bRow, int bCol, int mr, int nr) {
        double tiles = (double) ((m + mr - 1) / mr * mr) * ((n + nr - 1) / nr * nr) * k / nr;
        double packB = (double) k * n * (bCol == 1 ? 0.25 : 2);
        double packA = aCol == 1 ? 0 : (double) m * k * (aRow == 1 ? 0.25 : 1);
        return tiles + packA + packB;
    }
}
