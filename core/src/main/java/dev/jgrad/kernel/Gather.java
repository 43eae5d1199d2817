package dev.jgrad.kernel;

/**
 * Gather and its adjoint. For {@code dim = 1} on a matrix, gather reads
 * {@code out[i][j] = a[i][index[i][j]]}; scatter-add writes {@code grad[i][index[i][j]] += g[i][j]}.
 * {@code index} is dense in the output shape; the source keeps its own strides.
 */
public final class Gather {
    private Gather() {}

    public static void gather(float[] a, Strided sa, int dim, int[] index, int[] outShape, float[] out) {
        walk(sa, dim, outShape, (src, k, n, ia, sd) -> {
            for (int i = 0; i < n; i++) out[k + i] = a[src + i * ia + index[k + i] * sd];
        });
    }

    public static void gather(double[] a, Strided sa, int dim, int[] index, int[] outShape, double[] out) {
        walk(sa, dim, outShape, (src, k, n, ia, sd) -> {
            for (int i = 0; i < n; i++) out[k + i] = a[src + i * ia + index[k + i] * sd];
        });
    }

    public static void scatterAdd(float[] g, int[] index, int[] gShape, int dim, float[] target, Strided st) {
        walk(st, dim, gShape, (dst, k, n, it, sd) -> {
            for (int i = 0; i < n; i++) target[dst + i * it + index[k + i] * sd] += g[k + i];
        });
    }

    public static void scatterAdd(double[] g, int[] index, int[] gShape, int dim, double[] target, Strided st) {
        walk(st, dim, gShape, (dst, k, n, it, sd) -> {
            for (int i = 0; i < n; i++) target[dst + i * it + index[k + i] * sd] += g[k + i];
        });
    }

    @FunctionalInterface
    private interface Row {
        void row(int srcOffset, int denseOffset, int n, int srcInner, int dimStride);
    }

    private static void walk(Strided s, int dim, int[] shape, Row body) {
        // Stride 0 along dim: the walk lands on index 0 of dim, and the row adds index·stride itself.
        int[] strides = s.strides().clone();
        int dimStride = strides[dim];
        strides[dim] = 0;
        int[] dense = Strided.denseStrides(shape);
        int inner = Rows.inner(strides);
        Rows.forEach(shape, s.offset(), strides, 0, dense, 0, dense,
                (o0, o1, unused, n) -> body.row(o0, o1, n, inner, dimStride));
    }
}
