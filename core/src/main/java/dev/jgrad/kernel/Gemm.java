package dev.jgrad.kernel;

/**
 * Matrix product C = A·B (+ C) with arbitrary element strides for A and B, so transposed operands
 * (Linear's backward needs Aᵀ·B and A·Bᵀ) are read in place, never materialised.
 * {@link #reference} is the scalar definition; {@link FastGemm} is tested against it.
 */
public final class Gemm {
    private Gemm() {}

    /** Whether C's previous contents are kept (gradient accumulation) or overwritten. */
    public enum Output { OVERWRITE, ACCUMULATE }

    /** The product the ops use: {@link FastGemm} unless {@link Kernels#mode()} asks for the reference. */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRow, int aCol,
                            float[] b, int bOff, int bRow, int bCol,
                            float[] c, int cOff, Output mode) {
        if (Kernels.fast()) FastGemm.gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode);
        else reference(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode);
    }

    public static void gemm(int m, int n, int k,
                            double[] a, int aOff, int aRow, int aCol,
                            double[] b, int bOff, int bRow, int bCol,
                            double[] c, int cOff, Output mode) {
        if (Kernels.fast()) FastGemm.gemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode);
        else reference(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, mode);
    }

    /**
     * A is m×k with element (i, p) at {@code aOff + i·aRow + p·aCol}; B is k×n likewise; C is dense
     * m×n row-major at {@code cOff}.
     */
    public static void reference(int m, int n, int k,
                                 float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int bRow, int bCol,
                                 float[] c, int cOff, Output mode) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (mode == Output.OVERWRITE) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j * bCol];
            }
        }
    }

    public static void reference(int m, int n, int k,
                                 double[] a, int aOff, int aRow, int aCol,
                                 double[] b, int bOff, int bRow, int bCol,
                                 double[] c, int cOff, Output mode) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (mode == Output.OVERWRITE) java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * aRow + p * aCol];
                int bp = bOff + p * bRow;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j * bCol];
            }
        }
    }
}
