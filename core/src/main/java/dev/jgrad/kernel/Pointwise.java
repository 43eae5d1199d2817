package dev.jgrad.kernel;

/**
 * Pointwise functions over strided operands: the scalar reference loops, or {@link FastPointwise}
 * in {@link Kernels.Mode#FAST} (the same results, bit for bit). Every output may itself be
 * strided, which is how in-place updates are expressed (output = input layout). Inputs arrive
 * already broadcast to the output shape (stride 0 on broadcast dimensions).
 */
public final class Pointwise {
    private Pointwise() {}

    public static void unary(UnaryOp op, double p, double q, float[] a, Strided sa, float[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.unary(op, p, q, a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = (float) op.apply(a[oa + i * ia], p, q);
                });
    }

    public static void unary(UnaryOp op, double p, double q, double[] a, Strided sa, double[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.unary(op, p, q, a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = op.apply(a[oa + i * ia], p, q);
                });
    }

    public static void binary(BinaryOp op, float[] a, Strided sa, float[] b, Strided sb, float[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.binary(op, a, sa, b, sb, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), ib = Rows.inner(sb.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), sb.offset(), sb.strides(), so.offset(), so.strides(),
                (oa, ob, oo, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = (float) op.apply(a[oa + i * ia], b[ob + i * ib]);
                });
    }

    public static void binary(BinaryOp op, double[] a, Strided sa, double[] b, Strided sb, double[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.binary(op, a, sa, b, sb, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), ib = Rows.inner(sb.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), sb.offset(), sb.strides(), so.offset(), so.strides(),
                (oa, ob, oo, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = op.apply(a[oa + i * ia], b[ob + i * ib]);
                });
    }

    /** Strided copy (also a dtype conversion when the arrays differ in type). */
    public static void copy(float[] a, Strided sa, float[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.copy(a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia];
                });
    }

    public static void copy(double[] a, Strided sa, double[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.copy(a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia];
                });
    }

    public static void copy(float[] a, Strided sa, double[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.copy(a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia];
                });
    }

    public static void copy(double[] a, Strided sa, float[] out, Strided so) {
        if (Kernels.fast()) {
            FastPointwise.copy(a, sa, out, so);
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> {
                    for (int i = 0; i < n; i++) out[oo + i * io] = (float) a[oa + i * ia];
                });
    }
}
