package dev.jgrad.kernel;

/**
 * Pointwise loops without a per-element {@code switch}: the op is chosen once per row, and rows with
 * unit stride (or a broadcast scalar operand) run as plain counted loops the JIT vectorises. Three
 * dense operands of one shape are walked as one long row. Results are bit-identical to
 * {@link Pointwise}'s reference loops: for float inputs, +, −, ·, / computed in float round exactly
 * as the reference's double arithmetic rounded back to float (double carries more than 2·24 + 2
 * bits), and the other ops are the same expressions.
 */
final class FastPointwise {
    private FastPointwise() {}

    static void binary(BinaryOp op, float[] a, Strided sa, float[] b, Strided sb, float[] out, Strided so) {
        if (dense(sa) && dense(sb) && dense(so)) {
            row(op, a, sa.offset(), 1, b, sb.offset(), 1, out, so.offset(), 1, so.size());
            return;
        }
        int ia = Rows.inner(sa.strides()), ib = Rows.inner(sb.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), sb.offset(), sb.strides(), so.offset(), so.strides(),
                (oa, ob, oo, n) -> row(op, a, oa, ia, b, ob, ib, out, oo, io, n));
    }

    static void binary(BinaryOp op, double[] a, Strided sa, double[] b, Strided sb, double[] out, Strided so) {
        if (dense(sa) && dense(sb) && dense(so)) {
            row(op, a, sa.offset(), 1, b, sb.offset(), 1, out, so.offset(), 1, so.size());
            return;
        }
        int ia = Rows.inner(sa.strides()), ib = Rows.inner(sb.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), sb.offset(), sb.strides(), so.offset(), so.strides(),
                (oa, ob, oo, n) -> row(op, a, oa, ia, b, ob, ib, out, oo, io, n));
    }

    private static void row(BinaryOp op, float[] a, int oa, int ia, float[] b, int ob, int ib,
                            float[] out, int oo, int io, int n) {
        if (ia == 1 && ib == 1 && io == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] + b[ob + i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] - b[ob + i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] * b[ob + i]; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] / b[ob + i]; }
                case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], b[ob + i]); }
                default -> generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
            }
        } else if (ia == 1 && ib == 0 && io == 1) {
            float s = b[ob];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] / s; }
                case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], s); }
                case GT -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] > s ? 1f : 0f; }
                default -> generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
            }
        } else {
            generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
        }
    }

    private static void generic(BinaryOp op, float[] a, int oa, int ia, float[] b, int ob, int ib,
                                float[] out, int oo, int io, int n) {
        for (int i = 0; i < n; i++) out[oo + i * io] = (float) op.apply(a[oa + i * ia], b[ob + i * ib]);
    }

    private static void row(BinaryOp op, double[] a, int oa, int ia, double[] b, int ob, int ib,
                            double[] out, int oo, int io, int n) {
        if (ia == 1 && ib == 1 && io == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] + b[ob + i]; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] - b[ob + i]; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] * b[ob + i]; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] / b[ob + i]; }
                case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], b[ob + i]); }
                default -> generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
            }
        } else if (ia == 1 && ib == 0 && io == 1) {
            double s = b[ob];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] / s; }
                case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], s); }
                case GT -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] > s ? 1.0 : 0.0; }
                default -> generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
            }
        } else {
            generic(op, a, oa, ia, b, ob, ib, out, oo, io, n);
        }
    }

    private static void generic(BinaryOp op, double[] a, int oa, int ia, double[] b, int ob, int ib,
                                double[] out, int oo, int io, int n) {
        for (int i = 0; i < n; i++) out[oo + i * io] = op.apply(a[oa + i * ia], b[ob + i * ib]);
    }

    static void unary(UnaryOp op, double p, double q, float[] a, Strided sa, float[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            row(op, p, q, a, sa.offset(), 1, out, so.offset(), 1, so.size());
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> row(op, p, q, a, oa, ia, out, oo, io, n));
    }

    static void unary(UnaryOp op, double p, double q, double[] a, Strided sa, double[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            row(op, p, q, a, sa.offset(), 1, out, so.offset(), 1, so.size());
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> row(op, p, q, a, oa, ia, out, oo, io, n));
    }

    /**
     * The cheap ops get unit-stride loops; max(x, 0) is exactly UnaryOp.RELU (NaN stays NaN, −0 and
     * +0 give +0) and, unlike the reference's nested condition, vectorises. The rest (exp, log, …)
     * cost far more than the dispatch and run the reference expression.
     */
    private static void row(UnaryOp op, double p, double q, float[] a, int oa, int ia, float[] out, int oo, int io, int n) {
        if (ia == 1 && io == 1) {
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++) out[oo + i] = -a[oa + i]; return; }
                case RELU -> {
                    if (Kernels.simd()) PointwiseSimd.relu(a, oa, out, oo, n);
                    else for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], 0f);
                    return;
                }
                case MUL_SCALAR -> { for (int i = 0; i < n; i++) out[oo + i] = (float) (a[oa + i] * p); return; }
                case ADD_SCALAR -> { for (int i = 0; i < n; i++) out[oo + i] = (float) (a[oa + i] + p); return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) out[oo + i * io] = (float) op.apply(a[oa + i * ia], p, q);
    }

    private static void row(UnaryOp op, double p, double q, double[] a, int oa, int ia, double[] out, int oo, int io, int n) {
        if (ia == 1 && io == 1) {
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++) out[oo + i] = -a[oa + i]; return; }
                case RELU -> {
                    if (Kernels.simd()) PointwiseSimd.relu(a, oa, out, oo, n);
                    else for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[oa + i], 0.0);
                    return;
                }
                case MUL_SCALAR -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] * p; return; }
                case ADD_SCALAR -> { for (int i = 0; i < n; i++) out[oo + i] = a[oa + i] + p; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) out[oo + i * io] = op.apply(a[oa + i * ia], p, q);
    }

    /** Same-type copies: one arraycopy when both are dense, one per row when rows are contiguous. */
    static void copy(float[] a, Strided sa, float[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            System.arraycopy(a, sa.offset(), out, so.offset(), so.size());
            return;
        }
        if (transposing2d(sa, so)) {
            int[] sh = so.shape(), as = sa.strides(), os = so.strides();
            int rows = sh[0], cols = sh[1];
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                for (int j0 = 0; j0 < cols; j0 += TILE) {
                    for (int i = i0; i < Math.min(rows, i0 + TILE); i++) {
                        int src = sa.offset() + i * as[0], dst = so.offset() + i * os[0];
                        for (int j = j0; j < Math.min(cols, j0 + TILE); j++) out[dst + j] = a[src + j * as[1]];
                    }
                }
            }
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(), (oa, oo, unused, n) -> {
            if (ia == 1 && io == 1) System.arraycopy(a, oa, out, oo, n);
            else for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia];
        });
    }

    static void copy(double[] a, Strided sa, double[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            System.arraycopy(a, sa.offset(), out, so.offset(), so.size());
            return;
        }
        if (transposing2d(sa, so)) {
            int[] sh = so.shape(), as = sa.strides(), os = so.strides();
            int rows = sh[0], cols = sh[1];
            for (int i0 = 0; i0 < rows; i0 += TILE) {
                for (int j0 = 0; j0 < cols; j0 += TILE) {
                    for (int i = i0; i < Math.min(rows, i0 + TILE); i++) {
                        int src = sa.offset() + i * as[0], dst = so.offset() + i * os[0];
                        for (int j = j0; j < Math.min(cols, j0 + TILE); j++) out[dst + j] = a[src + j * as[1]];
                    }
                }
            }
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(), (oa, oo, unused, n) -> {
            if (ia == 1 && io == 1) System.arraycopy(a, oa, out, oo, n);
            else for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia];
        });
    }

    /** Converting copies: one loop when both are dense (the optimizers' float ↔ double round trip). */
    static void copy(float[] a, Strided sa, double[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            int oa = sa.offset(), oo = so.offset(), n = so.size();
            for (int i = 0; i < n; i++) out[oo + i] = a[oa + i];
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> { for (int i = 0; i < n; i++) out[oo + i * io] = a[oa + i * ia]; });
    }

    static void copy(double[] a, Strided sa, float[] out, Strided so) {
        if (dense(sa) && dense(so)) {
            int oa = sa.offset(), oo = so.offset(), n = so.size();
            for (int i = 0; i < n; i++) out[oo + i] = (float) a[oa + i];
            return;
        }
        int ia = Rows.inner(sa.strides()), io = Rows.inner(so.strides());
        Rows.forEach(so.shape(), sa.offset(), sa.strides(), so.offset(), so.strides(), 0, so.strides(),
                (oa, oo, unused, n) -> { for (int i = 0; i < n; i++) out[oo + i * io] = (float) a[oa + i * ia]; });
    }

    /** Tile edge of a transposing copy: 16 source rows of 16 elements stay in L1 between uses. */
    private static final int TILE = 16;

    /**
     * A 2-D copy from a source read across its rows (inner stride ≠ 1, e.g. the gradient of a
     * transposed weight) into rows of unit stride. Copied tile by tile, so each source cache line is
     * used for all its elements while still cached, instead of once per output row.
     */
    static boolean transposing2d(Strided sa, Strided so) {
        int[] as = sa.strides(), os = so.strides();
        return so.shape().length == 2 && os[1] == 1 && as[1] != 1 && as[1] != 0 && Math.abs(as[0]) < Math.abs(as[1]);
    }

    /** Row-major with no gaps (any offset): the whole operand is one row. */
    static boolean dense(Strided s) {
        int[] shape = s.shape(), st = s.strides();
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && st[d] != expect) return false;
            expect *= shape[d];
        }
        return true;
    }
}
