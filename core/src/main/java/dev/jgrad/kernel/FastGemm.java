package dev.jgrad.kernel;

/**
 * Blocked, packed, multi-threaded matrix products C = A·B (+ C), with the operand conventions of
 * {@link Gemm#reference}: A and B are read through arbitrary element strides, so Aᵀ·B and A·Bᵀ are
 * computed from the untransposed arrays. See {@link GemmJob} for the blocking and why the result
 * does not depend on the thread count.
 *
 * <p>When C is much narrower than a register tile (a 10-class output layer is 10 columns against
 * tiles of 32), most of each tile would be padding; such products are computed as Cᵀ = Bᵀ·Aᵀ,
 * which only relabels strides. The choice depends on the shape alone.
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
        int mr = simd ? GemmSimd.MR : GemmScalar.MR, nr = simd ? GemmSimd.F_NR : GemmScalar.NR;
        if (transposed(m, n, mr, nr)) {
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
        int mr = simd ? GemmSimd.MR : GemmScalar.MR, nr = simd ? GemmSimd.D_NR : GemmScalar.NR;
        if (transposed(m, n, mr, nr)) {
            new DgemmJob(n, m, k, simd, b, bOff, bCol, bRow, a, aOff, aCol, aRow, c, cOff, 1, ldc, acc, relu).run();
        } else {
            new DgemmJob(m, n, k, simd, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, 1, acc, relu).run();
        }
    }

    /** Whether tiles waste clearly less padding on Cᵀ than on C. */
    static boolean transposed(int m, int n, int mr, int nr) {
        return 4 * used(m, mr) * used(n, nr) < 3 * used(n, mr) * used(m, nr);
    }

    /** The fraction of tiles of size t that x fills. */
    private static double used(int x, int t) {
        return x == 0 ? 1 : (double) x / (((x + t - 1) / t) * t);
    }
}
