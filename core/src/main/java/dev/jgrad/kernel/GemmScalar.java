package dev.jgrad.kernel;

/**
 * Scalar micro-kernels for JVMs without the Vector API. Same tile contract and the same arithmetic
 * as {@link GemmSimdF} and {@link GemmSimdD} (one {@code Math.fma} chain per element in k order),
 * so results agree bit for bit; the tile lives in a scratch array instead of registers. A is either
 * packed ({@code rowsA == null}: row r, step p at {@code a[ai + p·MR + r]}) or read in place
 * (row r, step p at {@code a[rowsA[r] + p]}).
 */
final class GemmScalar {
    private GemmScalar() {}

    static final int MR = 6;
    /** 16 columns: the j loop is long enough for the JIT's auto-vectoriser to take it. */
    static final int NR = 16;

    static void sgemm(int kc, float[] a, int ai, int[] rowsA, float[] b, int bi, float[] c, int ci, int ldc,
                      boolean load, boolean relu, float[] acc) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) acc[r * NR + j] = load ? c[ci + r * ldc + j] : 0f;
        }
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            for (int r = 0; r < MR; r++) {
                float x = rowsA == null ? a[ai + r] : a[rowsA[r] + p];
                int o = r * NR;
                for (int j = 0; j < NR; j++) acc[o + j] = Math.fma(x, b[bi + j], acc[o + j]);
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) {
                float v = acc[r * NR + j];
                c[ci + r * ldc + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    static void dgemm(int kc, double[] a, int ai, int[] rowsA, double[] b, int bi, double[] c, int ci, int ldc,
                      boolean load, boolean relu, double[] acc) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) acc[r * NR + j] = load ? c[ci + r * ldc + j] : 0.0;
        }
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            for (int r = 0; r < MR; r++) {
                double x = rowsA == null ? a[ai + r] : a[rowsA[r] + p];
                int o = r * NR;
                for (int j = 0; j < NR; j++) acc[o + j] = Math.fma(x, b[bi + j], acc[o + j]);
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) {
                double v = acc[r * NR + j];
                c[ci + r * ldc + j] = relu ? Math.max(v, 0.0) : v;
            }
        }
    }
}
